"""Two copies of a database merged record by record, three ways (against the copy both came
from) or two ways (no common copy: a Syncthing or Dropbox conflict copy, an old backup).

Records are matched by their ``id``, never by TinyDB's doc id; a table's one record without an
id (settings) is matched by its doc id and merged key by key; records of a table without ids
(the hashes of people deleted) are matched by their content. For each record:

* added on one side: kept; deleted on one side and unchanged on the other: deleted; deleted on
  one side and changed on the other: kept, with a note in its conflict list. Deleted means
  deleted through nettui, which leaves a tombstone (``removed``: the id and when): a record
  merely missing on one side (a backup restored there, an older copy) is kept. With no common
  copy, a tombstone later than the record's last change deletes it;
* changed on both: field by field. A field changed on one side takes that side. Lists (e-mails,
  tags, people present) merge as sets: what either side added is kept, what either removed is
  gone. A field changed on both to different values takes the later change (the records'
  ``updated`` stamps; equal stamps: the larger value, so both machines choose alike), and the
  other value goes into the record's ``conflicts`` list.

Every rule is symmetric, so merging a into b and b into a give the same records, and merging
a copy in twice changes nothing. Derived fields are left to ``settle``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import orjson

from nettui.storage.domain.models import DERIVED, TOMBSTONES

Doc = dict[str, Any]
Table = Mapping[str, Doc]
Tables = Mapping[str, Table]

_MISSING: Any = object()
STAMP, CONFLICTS = "updated", "conflicts"
_OWN = frozenset({STAMP, CONFLICTS})  # merged by rules of their own
UNNOTED = frozenset({"identity_salt"})  # a setting each machine made up: the later one, quietly
DELETED = {"kind": "deleted"}  # the conflict note of a record deleted on one side, changed on the other


@dataclasses.dataclass
class Merged:
    """The merged tables, and what the merge had to decide."""

    tables: dict[str, dict[str, Doc]]
    deleted: tuple[dict[str, str], dict[str, str]] = dataclasses.field(
        default_factory=lambda: ({}, {})
    )  # id → when: ours, theirs
    conflicts: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)  # table, id, field


def when(doc: Doc) -> str:
    """A record's last edit as sortable text (``updated``, else ``created``; seconds-only
    stamps read as .000)."""
    stamp = doc.get(STAMP) or doc.get("created") or ""
    if not isinstance(stamp, str):
        return ""
    return stamp[:-1] + ".000Z" if stamp.endswith("Z") and "." not in stamp else stamp


def _bytes(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def recency(doc: Doc) -> tuple[str, bytes]:
    """What orders two versions of a record: the later edit; equal stamps, the larger bytes
    (both machines choose alike)."""
    return when(doc), _bytes(doc)


def _newer(ours: Doc, theirs: Doc, field: str) -> bool:
    """Whether ours holds the later value of ``field``: the later edit; equal stamps, the
    larger value (both machines choose alike, and the choice stands when merged again)."""
    return (when(ours), _bytes(ours.get(field))) >= (when(theirs), _bytes(theirs.get(field)))


def merge_sets(base: Any, first: list[Any], second: list[Any]) -> list[Any]:
    """Two changed lists merged as sets: an item is kept if on both sides, or added on one
    (not in ``base``); what either side removed is gone. ``first``'s order, then ``second``'s
    additions."""
    was = {_bytes(v) for v in base} if isinstance(base, list) else set()
    one, two = {_bytes(v) for v in first}, {_bytes(v) for v in second}
    keep = (one & two) | (one - was) | (two - was)
    merged, seen = [], set()
    for value in (*first, *second):
        key = _bytes(value)
        if key in keep and key not in seen:
            seen.add(key)
            merged.append(value)
    return merged


def merge_fields(base: Doc, ours: Doc, theirs: Doc) -> tuple[Doc, list[str]]:
    """One record changed on both sides, field by field; the fields that conflicted."""
    merged: Doc = {}
    notes: list[Doc] = []
    for field in sorted((ours.keys() | theirs.keys()) - _OWN):
        was, mine, yours = base.get(field, _MISSING), ours.get(field, _MISSING), theirs.get(field, _MISSING)
        if mine == yours or yours == was:
            value = mine
        elif mine == was:
            value = yours
        else:
            later, earlier = (ours, theirs) if _newer(ours, theirs, field) else (theirs, ours)
            value = later.get(field, _MISSING)
            if field in DERIVED or field in UNNOTED:
                pass  # recounted afterwards (``settle``), or nobody's to choose
            elif isinstance(mine, list) and isinstance(yours, list):
                value = merge_sets(was, later[field], earlier[field])
            else:
                lost = earlier.get(field, _MISSING)
                notes.append(
                    {"field": field, "value": None if lost is _MISSING else lost, STAMP: when(earlier)}
                )
        if value is not _MISSING:
            merged[field] = value
    kept = merge_sets(base.get(CONFLICTS, []), ours.get(CONFLICTS, []), theirs.get(CONFLICTS, []))
    kept += [note for note in notes if note not in kept]
    if kept:
        merged[CONFLICTS] = sorted(kept, key=_bytes)
    stamps = [d[STAMP] for d in (ours, theirs) if isinstance(d.get(STAMP), str)]
    if stamps:
        merged[STAMP] = max(stamps, key=lambda stamp: when({STAMP: stamp}))
    return merged, [note["field"] for note in notes]


def with_note(doc: Doc, note: Doc) -> Doc:
    notes = list(doc.get(CONFLICTS, []))
    if note not in notes:
        notes.append(note)
    return {**doc, CONFLICTS: sorted(notes, key=_bytes)}


SINGLETONS = frozenset({"settings"})  # one record, merged key by key


def _index(name: str, table: Table) -> tuple[dict[str, Doc], dict[str, str]]:
    """Records by identity (their id; the doc id in a one-record table; else their content),
    and each one's doc id by identity."""
    if name in SINGLETONS:
        return {f"#{key}": doc for key, doc in table.items()}, {f"#{key}": key for key in table}
    docs: dict[str, Doc] = {}
    doc_ids: dict[str, str] = {}
    for key, doc in table.items():
        record_id = doc.get("id")
        if type(record_id) is not str:
            return _by_content(table)
        docs[record_id] = doc
        doc_ids[record_id] = key
    return docs, doc_ids


def _by_content(table: Table) -> tuple[dict[str, Doc], dict[str, str]]:
    docs = {"=" + _bytes(doc).decode(): doc for doc in table.values()}
    doc_ids = {"=" + _bytes(doc).decode(): key for key, doc in table.items()}
    return docs, doc_ids


def identities(name: str, table: Table) -> dict[str, Doc]:
    """A table's records by identity (see ``_index``)."""
    return _index(name, table)[0]


def merge_table(name: str, base: Table | None, ours: Table, theirs: Table, merged: Merged) -> dict[str, Doc]:
    """One table merged; records of ours keep their doc ids, the others follow after them."""
    if ours == theirs:
        return dict(ours)  # what the rules give, record by record, at once
    was = identities(name, base) if base is not None else {}
    mine, own_ids = _index(name, ours)
    yours, _ = _index(name, theirs)
    based = base is not None
    numbered: dict[int, Doc] = {}
    added: list[Doc] = []
    for key in [*mine, *(k for k in yours if k not in mine)]:
        one, two = mine.get(key), yours.get(key)
        doc = one if one is two or one == two else _record(name, key, was.get(key), one, two, merged, based)
        if doc is None:
            continue
        own = own_ids.get(key, "")
        if own.isdigit() and int(own) not in numbered:
            numbered[int(own)] = doc
        else:
            added.append(doc)
    top = max(numbered, default=0)
    numbered.update((top + offset, doc) for offset, doc in enumerate(added, start=1))
    return {str(number): numbered[number] for number in sorted(numbered)}


def _record(
    name: str, key: str, was: Doc | None, mine: Doc | None, yours: Doc | None, merged: Merged, based: bool
) -> Doc | None:
    if mine is None or yours is None:
        kept = yours if mine is None else mine
        gone = merged.deleted[0 if mine is None else 1].get(key)
        if gone is None:
            return kept  # added on one side; or absent on the other without being deleted there
        if based and was is not None:
            if kept == was:
                return None  # deleted on one side, unchanged on the other
        elif when(kept) <= gone:
            return None  # no common copy: deleted after its last change
        return with_note(kept, DELETED)
    if name == TOMBSTONES:
        return max(mine, yours, key=_bytes)  # deleted on both: either stamp, the same on both sides
    if was is not None and mine == was:
        return yours
    if was is not None and yours == was:
        return mine
    doc, fields = merge_fields(was or {}, mine, yours)
    merged.conflicts += [(name, key, field) for field in fields]
    return doc


def _deletions(side: Tables) -> dict[str, str]:
    """When each record this side deleted was deleted (its tombstones)."""
    found: dict[str, str] = {}
    for doc in side.get(TOMBSTONES, {}).values():
        if isinstance(doc.get("id"), str):
            found[doc["id"]] = str(doc.get("at") or "")
    return found


def merge(base: Tables | None, ours: Tables, theirs: Tables) -> Merged:
    """Every table merged (``base`` None: no common copy)."""
    merged = Merged({}, deleted=(_deletions(ours), _deletions(theirs)))
    for name in sorted(ours.keys() | theirs.keys()):
        was = None if base is None else base.get(name, {})
        merged.tables[name] = merge_table(name, was, ours.get(name, {}), theirs.get(name, {}), merged)
    return merged
