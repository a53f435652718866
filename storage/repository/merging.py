"""Two records of one person become one: everything that points at OTHER points at KEEP."""

from __future__ import annotations

from typing import Any

from tinydb import Query

from nettui.storage import clock
from nettui.storage.domain.models import Model, Person
from nettui.storage.repository.conversations import ConversationRecords

Q = Query()
SCALARS = ("company", "role", "city", "how_met", "working_on", "story", "how_i_can_help", "linkedin_url",
           "vcard_uid", "birthday", "connected_on", "every", "introduced_by", "source")  # fmt: skip
LISTS = ("emails", "phones", "tags", "communities")


class MergingRecords(ConversationRecords):
    def dismiss_conflicts(self, person_id: str) -> int:
        """Clear what a sync set aside (``conflicts``) on the person and on their conversations,
        plans and follow-ups, as stored now; how many notes were cleared."""
        with self.transaction():
            person = self.person(person_id)
            related: list[tuple[str, Model]] = [("people", person)]
            related += [("conversations", talk) for talk in self.conversations_with(person_id)]
            related += [("plans", plan) for plan in self.plans(all_=True) if plan.person == person_id]
            related += [
                ("follow_ups", item) for item in self.follow_ups(all_=True) if item.person == person_id
            ]
            cleared = 0
            for table, model in related:
                notes = model.conflicts  # type: ignore[attr-defined]
                if notes:
                    cleared += len(notes)
                    self._update_fields(table, type(model), model.id, {"conflicts": []})  # type: ignore[attr-defined]
        return cleared

    def merge_people(self, keep_id: str, other_id: str) -> tuple[Person, list[str]]:
        """Fill KEEP's empty fields from OTHER, keep OTHER's differing values in KEEP's notes,
        move conversations, plans, follow-ups, introductions and communities to KEEP, and
        remove OTHER; the merged person and the differing values."""
        with self.transaction() as tiny:
            keep, other = self.person(keep_id), self.person(other_id)
            changes: dict[str, Any] = {}
            differing: list[str] = []
            for field in SCALARS:
                mine, theirs = getattr(keep, field), getattr(other, field)
                if theirs in (None, "") or theirs == mine or (field == "introduced_by" and theirs == keep.id):
                    continue
                if mine in (None, ""):
                    changes[field] = theirs
                else:
                    differing.append(f"{field.replace('_', ' ')}: {theirs}")
            for field in LISTS:
                merged = _union(getattr(keep, field), getattr(other, field))
                if merged != getattr(keep, field):
                    changes[field] = merged
            if other.job_changes:
                changes["job_changes"] = sorted(
                    [*keep.job_changes, *other.job_changes], key=lambda c: str(c.get("date"))
                )
            notes = [keep.notes, other.notes if other.notes != keep.notes else ""]
            if differing:
                notes.append(
                    f"Merged from {other.name} on {clock.today().isoformat()}: " + "; ".join(differing)
                )
            joined = "\n".join(n for n in notes if n)
            if joined != keep.notes:
                changes["notes"] = joined
            self.update_person(keep.id, changes)
            self._repoint(tiny, keep.id, other.id)
            tiny.table("people").update(
                lambda d: d.update(introduced_by=keep.id, updated=clock.stamp()), Q.introduced_by == other.id
            )
            _, doc_ids = self._table("people", Person)
            tiny.table("people").remove(doc_ids=[doc_ids[other.id]])
            self._tombstones(tiny, [other.id])
            self._recount({keep.id})
        return self.person(keep.id), differing

    def _repoint(self, tiny: Any, keep: str, other: str) -> None:
        """Every conversation, plan, follow-up and introduction of OTHER now names KEEP."""
        now = clock.stamp()

        def talk(doc: dict[str, Any]) -> None:
            doc["updated"] = now
            present = [keep if p == other else p for p in (doc["person"], *doc.get("with", []))]
            present = list(dict.fromkeys(present))
            doc["person"] = present[0]
            if present[1:]:
                doc["with"] = present[1:]
            else:
                doc.pop("with", None)

        tiny.table("conversations").update(talk, (Q.person == other) | Q["with"].any([other]))
        for name in ("plans", "follow_ups"):
            tiny.table(name).update({"person": keep, "updated": now}, Q.person == other)

        def intro(doc: dict[str, Any]) -> None:
            doc["updated"] = now
            if doc.get("introducer") == other:
                doc["introducer"] = keep
            doc["people"] = [keep if p == other else p for p in doc.get("people", [])]

        tiny.table("intros").update(intro, (Q.introducer == other) | Q.people.any([other]))


def _union(mine: list[str], theirs: list[str]) -> list[str]:
    """Mine, then theirs not already there (e-mails and tags compared without case)."""
    merged, seen = list(mine), {v.casefold() for v in mine}
    for value in theirs:
        if value.casefold() not in seen:
            seen.add(value.casefold())
            merged.append(value)
    return merged
