"""One version of the database in memory, and the one notion of change: the version.

Every committed change gets a fresh version id. The database's version is the id of the last
change it holds; each table's version is the id of the last change that touched it. Both are
written into the file (meta's table of contents) and into every journal line, so every process
that reads the same bytes sees the same versions: a cache, a rollup or the dashboard's screen
is current exactly when the version it was made from is the version now. A file nettui did not
write in its own layout gets versions named after the file (inode, size, time); a table whose
bytes no longer match the checksum nettui wrote (a hand edit) gets a new version when checked.

Tables are parsed (documents by doc id) or still in file bytes (``layout.Pending``); only this
module and the engine's adapter look inside.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator
from typing import Any

from nettui.storage.engine.layout import Pending
from nettui.storage.engine.serialize import TableCache

Doc = dict[str, Any]
Table = dict[str, Doc]


def new_version() -> str:
    return os.urandom(8).hex()


def changed_fields(before: Doc, after: Doc) -> set[str]:
    return {k for k in before.keys() | after.keys() if before.get(k, _MISSING) != after.get(k, _MISSING)}


_MISSING = object()


@dataclasses.dataclass
class Changes:
    """What one transaction changed, for the journal, the serializer and the rollups."""

    keys: dict[str, set[str] | None] = dataclasses.field(default_factory=dict)  # None: whole table
    inserted: dict[str, list[Doc]] = dataclasses.field(default_factory=dict)
    rewritten: set[str] = dataclasses.field(default_factory=set)  # changed other than by inserts
    everything: bool = False  # tables were dropped or replaced wholesale
    full_write: bool = False  # write the whole file even when journaling
    # fields changed in documents that existed before, by (table, doc id); None: the whole
    # document (added, replaced or removed). A journal line then carries only those fields,
    # so a hand edit of any other field survives the fold.
    fields: dict[tuple[str, str], set[str] | None] = dataclasses.field(default_factory=dict)
    # each changed document as it was before the transaction (None: it did not exist), to undo
    before: dict[tuple[str, str], Doc | None] = dataclasses.field(default_factory=dict)

    def patch(self, name: str, key: str) -> set[str] | None:
        """The fields of an existing document this transaction changed; None: the whole one."""
        return self.fields.get((name, key))

    def __bool__(self) -> bool:
        return bool(self.keys) or self.everything or self.full_write

    def only_inserted(self, name: str) -> bool:
        return not self.everything and name not in self.rewritten


class State:
    """The tables of one version of the database."""

    def __init__(
        self,
        tables: dict[str, Table | Pending],
        version: str,
        versions: dict[str, str],
        *,
        own_layout: bool,
        parse: Callable[[str, Pending], Table],
    ) -> None:
        self._tables = tables
        self.version = version
        self.versions = versions
        self.own_layout = own_layout  # read from nettui's layout, so it can be journaled onto
        # the version the file's journal continues: this version in nettui's layout; in another
        # layout (the file reformatted by hand), the version its meta record still names
        self.journal_base = version
        # tables whose contents nettui did not write (edited by hand, another layout): the
        # repository checks their records before anything is written next to them
        self.untrusted: set[str] = set()
        self.schema_from: int | None = None  # set when migrated in memory from an older schema
        self.lines: dict[str, TableCache] = {}  # serialized records of parsed tables
        self._parse = parse
        self._next_ids: dict[str, int] = {}
        self.changes: Changes | None = None  # set inside a transaction

    # -- reading ----------------------------------------------------------------------------

    def names(self) -> list[str]:
        return list(self._tables)

    def has(self, name: str) -> bool:
        return name in self._tables

    def pending(self, name: str) -> Pending | None:
        value = self._tables.get(name)
        return value if type(value) is Pending else None

    def raw(self, name: str) -> Table | Pending | None:
        return self._tables.get(name)

    def items_raw(self) -> list[tuple[str, Table | Pending]]:
        return list(self._tables.items())

    def table(self, name: str) -> Table:
        """The parsed table (parsed now if it is still in file bytes); {} if missing."""
        value = self._tables.get(name)
        if value is None:
            return {}
        if type(value) is Pending:
            self.settle(name, value)
            parsed = self._parse(name, value)
            self._tables[name] = parsed
            return parsed
        return value  # type: ignore[return-value]

    def settle(self, name: str, pending: Pending) -> bool:
        """Compare a table in file bytes with the checksum nettui wrote for it. A table edited
        by hand since gets a version named after its new contents (the same in every process
        that reads it), so nothing derived from the old contents is trusted. False when the
        checksum was unknown or did not match: then the bytes must be checked as JSON."""
        if pending.verified:
            return True
        actual = pending.actual_crc()
        matched = pending.crc == actual
        if pending.crc is not None and not matched:
            self.versions[name] = f"edited:{actual:08x}"
        if not matched:
            self.untrusted.add(name)
        pending.crc = actual
        pending.verified = True
        return matched

    def version_of(self, name: str) -> str:
        return self.versions.get(name) or f"{self.version}:{name}"

    def adopt(self, name: str, table: Table) -> None:
        """Set a table without noting a change (loading, migrating, replaying a journal)."""
        self._tables[name] = table
        self.lines.pop(name, None)

    # -- the one id allocator -----------------------------------------------------------------

    def next_id(self, name: str) -> int:
        """A document id never used in the table: one past the largest."""
        known = self._next_ids.get(name)
        if known is None:
            value = self._tables.get(name)
            if type(value) is Pending:
                known = value.last_id + 1
            else:
                known = max(map(int, value), default=0) + 1 if value else 1
        self._next_ids[name] = known + 1
        return known

    # -- changing ---------------------------------------------------------------------------

    def _noted(
        self, name: str, key: str | None, inserted: Doc | None = None, fields: set[str] | None = None
    ) -> None:
        changes = self.changes
        if changes is None:
            raise RuntimeError("writes must happen inside a transaction")
        if key is not None:
            spot = (name, key)
            if fields is None or (spot in changes.fields and changes.fields[spot] is None):
                changes.fields[spot] = None
            else:
                changes.fields[spot] = changes.fields.get(spot, set()) | fields
        self.versions[name] = new_version()
        if inserted is not None:
            changes.inserted.setdefault(name, []).append(inserted)
            if key is not None:
                changes.before.setdefault((name, key), None)
        else:
            changes.rewritten.add(name)
        keys = changes.keys.setdefault(name, set())
        if key is None:
            changes.keys[name] = None
        elif keys is not None:
            keys.add(key)
        cache = self.lines.get(name)
        if cache is not None:
            cache.forget(key)

    def contains(self, name: str, key: str) -> bool:
        value = self._tables.get(name)
        if type(value) is Pending and int(key) > value.last_id:
            return False
        return key in self.table(name)

    def put(self, name: str, key: str, doc: Doc) -> None:
        """Insert or replace one document; a new one in a table still in bytes is appended."""
        value = self._tables.get(name)
        if value is None:
            value = self._tables[name] = {}
        if type(value) is Pending and int(key) > value.last_id:
            value.append(doc, key)
            self._next_ids[name] = max(self._next_ids.get(name, 0), int(key) + 1)
            self._noted(name, key, inserted=doc)
            return
        table = self.table(name)
        old = table.get(key)
        table[key] = doc
        if old is None and int(key) >= self._next_ids.get(name, 0):
            self._next_ids[name] = int(key) + 1
        if old is None:
            self._noted(name, key, inserted=doc)
        else:
            if self.changes is not None:
                self.changes.before.setdefault((name, key), old)
            self._noted(name, key, fields=changed_fields(old, doc))

    def touched(self, name: str, key: str, before: Doc) -> None:
        """A parsed document was changed in place (``before``: a copy from before)."""
        if self.changes is not None:
            self.changes.before.setdefault((name, key), before)
        self._noted(name, key, fields=changed_fields(before, self.table(name)[key]))

    def delete(self, name: str, key: str) -> None:
        old = self.table(name).pop(key)
        if self.changes is not None:
            self.changes.before.setdefault((name, key), old)
        self._noted(name, key)

    def clear(self, name: str) -> None:
        self._tables[name] = {}
        self._noted(name, None)

    def drop(self, name: str) -> None:
        if name in self._tables:
            del self._tables[name]
            self.lines.pop(name, None)
            self.versions.pop(name, None)
            assert self.changes is not None
            self.changes.everything = True

    def begin(self) -> Changes:
        self.changes = Changes()
        return self.changes

    def end(self) -> None:
        self.changes = None

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)
