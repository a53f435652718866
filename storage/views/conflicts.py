"""What two machines changed differently, as the person's page shows it until dismissed: for
the person and for their conversations, plans and follow-ups, the value a merge kept and the
one it set aside (``sync.merge``), or that a record deleted on one machine was kept."""

from __future__ import annotations

import dataclasses
from typing import Any

from nettui.storage.domain.models import Conversation, FollowUp, Model, Person, Plan
from nettui.storage.repository import Repository

_LABELS = {"how_i_can_help": "how I can help", "with": "who else was there", "emails": "e-mail addresses"}


@dataclasses.dataclass(frozen=True)
class Differed:
    record: str  # person, conversation, plan, follow-up
    record_id: str
    what: str  # which record, in words: "" for the person
    field: str  # "" when the record was deleted on one machine and kept
    kept: Any
    other: Any
    day: str  # when the other value was set (YYYY-MM-DD), or ""

    @property
    def deleted(self) -> bool:
        return not self.field

    def sentence(self) -> str:
        where = f"{self.what}: " if self.what else ""
        if self.deleted and not self.what:
            return (
                "This person was deleted on one machine while they were changed or talked with on "
                "another: kept (what was deleted with them stays deleted)."
            )
        if self.deleted:
            what = self.what[0].upper() + self.what[1:]
            return f"{what} was deleted on one machine and changed on another: kept."
        label = _LABELS.get(self.field, self.field.replace("_", " "))
        when = f" (set {self.day})" if self.day else ""
        return f"{where}{label} is {quoted(self.kept)}; the other machine had {quoted(self.other)}{when}."

    def to_json(self) -> dict[str, Any]:
        return {
            "record": self.record,
            "id": self.record_id,
            "field": self.field or None,
            "kept": self.kept,
            "other": self.other,
            "deleted": self.deleted,
            "date": self.day or None,
            "text": self.sentence(),
        }


def quoted(value: Any) -> str:
    """A value as the notes show it: text in quotes, a list joined, nothing as "empty"."""
    if value is None or value == "" or value == []:
        return "empty"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return f"“{value}”" if isinstance(value, str) else str(value)


def _notes(record: str, model: Model, what: str) -> list[Differed]:
    found = []
    stored = model.to_doc()
    for note in getattr(model, "conflicts", []):
        if note.get("kind") == "deleted":
            found.append(Differed(record, model.id, what, "", None, None, ""))  # type: ignore[attr-defined]
            continue
        field = str(note.get("field", ""))
        if not field:
            continue
        day = str(note.get("updated") or "")[:10]
        kept = stored.get(field)
        found.append(Differed(record, model.id, what, field, kept, note.get("value"), day))  # type: ignore[attr-defined]
    return found


def _talk(talk: Conversation) -> str:
    return f"the {talk.channel} of {talk.date.isoformat()}"


def _plan(plan: Plan) -> str:
    return f"the {plan.channel} planned for {plan.date.isoformat()}"


def _promise(item: FollowUp) -> str:
    return f"the promise “{item.text}”"


def differed(repo: Repository, person: Person) -> list[Differed]:
    """Everything about ``person`` that two machines changed differently, person first."""
    found = _notes("person", person, "")
    for talk in repo.conversations_with(person.id):
        found += _notes("conversation", talk, _talk(talk))
    for plan in repo.plans(all_=True):
        if plan.person == person.id:
            found += _notes("plan", plan, _plan(plan))
    for item in repo.follow_ups(all_=True):
        if item.person == person.id:
            found += _notes("follow-up", item, _promise(item))
    return found
