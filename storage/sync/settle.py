"""What a record-by-record merge cannot know, put right on the merged tables:

* a person forgotten on either machine stays forgotten: their tombstone (an id, nothing else)
  is kept, and every trace of them that the other machine still had is scrubbed;
* a person deleted on one machine while the other logged a conversation with them (or planned
  one) comes back, with a note in their conflict list, so no conversation points at nobody;
* last talked and channel counts are recounted from the merged conversations.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import MemoryStorage

from nettui.storage.maintenance.scrub import scrub
from nettui.storage.sync.merge import DELETED, Doc, Merged, Tables, recency, with_note

_REFERENCES = {"conversations": ("person", "with"), "plans": ("person",), "follow_ups": ("person",)}


def settle(merged: Merged, sides: Iterable[Tables | None]) -> None:
    tables = merged.tables
    forgotten = {doc.get("id") for doc in tables.get("forgotten", {}).values()}
    if forgotten and forgotten & _mentioned(tables):
        _scrub(tables, forgotten)
    _bring_back(merged, [side for side in sides if side is not None])
    _recount(tables)


def _mentioned(tables: dict[str, dict[str, Doc]]) -> set[str]:
    """Every person id the people, conversations, plans, follow-ups and intros name."""
    found = {doc.get("id") for doc in tables.get("people", {}).values()}
    found |= {doc.get("introduced_by") for doc in tables.get("people", {}).values()}
    for doc in tables.get("intros", {}).values():
        found |= {doc.get("introducer"), *doc.get("people", ())}
    return found | _referenced(tables)


def _referenced(tables: dict[str, dict[str, Doc]]) -> set[str]:
    found: set[Any] = set()
    for name, fields in _REFERENCES.items():
        for doc in tables.get(name, {}).values():
            for field in fields:
                value = doc.get(field)
                found |= set(value) if isinstance(value, list) else {value}
    found.discard(None)
    return found


def _scrub(tables: dict[str, dict[str, Doc]], forgotten: set[Any]) -> None:
    memory = TinyDB(storage=MemoryStorage)
    memory.storage.write(orjson.loads(orjson.dumps(tables)))  # scrub edits records in place
    for person_id in forgotten:
        if isinstance(person_id, str):
            scrub(memory, person_id)
    tables.clear()
    tables.update(memory.storage.read() or {})


def _bring_back(merged: Merged, sides: list[Tables]) -> None:
    """People deleted on one side whom the merged records still name come back."""
    people = merged.tables.setdefault("people", {})
    present = {doc.get("id") for doc in people.values()}
    gone = {doc.get("id") for side in sides for doc in _people(side)} - present
    missing = _referenced(merged.tables) & gone if gone else set()
    if not missing:
        return
    top = max((int(key) for key in people), default=0)
    for person_id in sorted(missing):
        versions = [doc for side in sides for doc in _people(side) if doc.get("id") == person_id]
        if not versions:
            continue  # never known on either side: left as it was written
        top += 1
        people[str(top)] = with_note(max(versions, key=recency), DELETED)


def _people(side: Tables) -> Iterable[Doc]:
    return side.get("people", {}).values()


def _recount(tables: dict[str, dict[str, Doc]]) -> None:
    """Last talked and channel counts from the conversations, as logging keeps them."""
    last: dict[str, str] = {}
    counts: dict[str, dict[str, int]] = {}
    for talk in tables.get("conversations", {}).values():
        day, channel = talk.get("date"), talk.get("channel", "other")
        for person_id in (talk.get("person"), *talk.get("with", ())):
            if not isinstance(person_id, str):
                continue
            if isinstance(day, str) and day > last.get(person_id, ""):
                last[person_id] = day
            per = counts.setdefault(person_id, {})
            per[channel] = per.get(channel, 0) + 1
    people = tables.get("people", {})
    for key, doc in people.items():
        person_id = doc.get("id")
        fresh = {k: v for k, v in doc.items() if k not in ("last_talked", "channel_counts")}
        if person_id in last:
            fresh["last_talked"] = last[person_id]
        if counts.get(person_id):
            fresh["channel_counts"] = counts[person_id]
        if fresh != doc:
            people[key] = fresh  # a new record: the sides' own records are never changed
