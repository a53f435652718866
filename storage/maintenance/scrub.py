"""Removing every trace of one person through TinyDB's Table API, from the database (inside
a transaction) or from a backup opened as an in-memory TinyDB."""

from __future__ import annotations

from typing import Any

from tinydb import Query, TinyDB

from nettui.storage.domain.models import TOMBSTONES

Q = Query()


def scrub(tiny: TinyDB, person_id: str) -> bool:
    """Remove the person, their one-on-one conversations, plans, follow-ups and introductions;
    take them out of shared conversations and of "introduced by". True if anything changed."""
    changed = False
    people = tiny.table("people")
    changed |= bool(people.remove(Q.id == person_id))

    def unlink(doc: dict[str, Any]) -> None:
        doc.pop("introduced_by", None)

    changed |= bool(people.update(unlink, Q.introduced_by == person_id))
    talks = tiny.table("conversations")
    present = (Q.person == person_id) | Q["with"].any([person_id])
    alone, shared = [], {}
    for doc in talks.search(present):
        others = [p for p in (doc.get("person"), *doc.get("with", [])) if p != person_id]
        if others:
            shared[doc.doc_id] = others
        else:
            alone.append(doc.doc_id)
    changed |= bool(talks.remove(doc_ids=alone))
    for doc_id, others in shared.items():

        def without(doc: dict[str, Any], others: list[str] = others) -> None:
            doc["person"] = others[0]
            if others[1:]:
                doc["with"] = others[1:]
            else:
                doc.pop("with", None)

        changed |= bool(talks.update(without, doc_ids=[doc_id]))
    for name in ("plans", "follow_ups"):
        changed |= bool(tiny.table(name).remove(Q.person == person_id))
    intros = tiny.table("intros")
    changed |= bool(intros.remove((Q.introducer == person_id) | Q.people.any([person_id])))
    changed |= bool(tiny.table(TOMBSTONES).remove(Q.id == person_id))  # a deletion's tombstone of them
    return changed
