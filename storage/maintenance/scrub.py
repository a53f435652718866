"""Removing every trace of one person from raw TinyDB tables (the database and its backups).

Tables that change are replaced by new dicts, never edited in place, so cached views notice.
"""

from __future__ import annotations

from typing import Any

from nettui.storage.engine.reading import Tables


def _replace(tables: Tables, name: str, table: dict[str, dict[str, Any]]) -> None:
    if table != tables.get(name, {}):
        tables[name] = table


def scrub(tables: Tables, person_id: str) -> bool:
    """Remove the person, their one-on-one conversations, plans, follow-ups and introductions;
    take them out of shared conversations and of "introduced by". True if anything changed."""
    before = {name: tables.get(name) for name in tables}
    people = tables.get("people", {})
    _replace(tables, "people", {
        key: ({**doc, "introduced_by": None} if doc.get("introduced_by") == person_id else doc)
        for key, doc in people.items() if doc.get("id") != person_id
    })  # fmt: skip
    conversations: dict[str, dict[str, Any]] = {}
    for key, doc in tables.get("conversations", {}).items():
        present = [doc.get("person"), *doc.get("with", [])]
        if person_id not in present:
            conversations[key] = doc
            continue
        others = [p for p in present if p != person_id]
        if not others:
            continue
        conversations[key] = {**doc, "person": others[0], "with": others[1:]}
    _replace(tables, "conversations", conversations)
    for name in ("plans", "follow_ups"):
        kept = {key: doc for key, doc in tables.get(name, {}).items() if doc.get("person") != person_id}
        _replace(tables, name, kept)
    _replace(tables, "intros", {
        key: doc for key, doc in tables.get("intros", {}).items()
        if person_id != doc.get("introducer") and person_id not in doc.get("people", [])
    })  # fmt: skip
    return any(tables.get(name) is not table for name, table in before.items())
