"""Writing the file layout (see ``layout``): ``meta`` first with its table of contents, then the
tables by name, one record per line in ascending id order, keys sorted inside each record.

Still plain TinyDB JSON; a changed record shows as one changed line in a diff. Records that did
not change since the last write are not serialized again (``TableCache``), and a table still in
file bytes is copied as it is.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

import orjson

from nettui.storage.engine.layout import LAYOUT, Pending, TocEntry, records_crc

if TYPE_CHECKING:
    from nettui.storage.engine.state import State

META = "meta"


class TableCache:
    """Serialized records of one parsed table, and the table joined, until it changes."""

    __slots__ = ("crc", "lines", "table", "whole")

    def __init__(self, table: dict[str, Any]) -> None:
        self.table = table
        self.lines: dict[str, bytes] = {}
        self.whole: bytes | None = None
        self.crc: int | None = None

    def forget(self, key: str | None) -> None:
        self.whole = None
        self.crc = None
        if key is None:
            self.lines.clear()
        else:
            self.lines.pop(key, None)

    def joined(self) -> bytes:
        if self.whole is None:
            dumps, option, known = orjson.dumps, orjson.OPT_SORT_KEYS, self.lines
            lines = []
            for key, doc in self.table.items():
                line = known.get(key)
                if line is None:
                    line = known[key] = b"\n  " + dumps(key) + b": " + dumps(doc, option=option)
                lines.append(line)
            self.whole = b"{" + b",".join(lines) + b"\n}" if lines else b"{}"
        return self.whole

    def records_crc(self) -> int:
        if self.crc is None:
            self.crc = records_crc(self.joined())
        return self.crc


def table_bytes(value: dict[str, Any]) -> bytes:
    """One table's JSON value in the layout (no cache)."""
    ascending(value)
    dumps, option = orjson.dumps, orjson.OPT_SORT_KEYS
    lines = [b"\n  " + dumps(key) + b": " + dumps(doc, option=option) for key, doc in value.items()]
    return b"{" + b",".join(lines) + b"\n}" if lines else b"{}"


def _chunks(state: State, name: str, value: Any) -> tuple[list[bytes | memoryview], int]:
    """A table's bytes as pieces, and the CRC-32 of its records."""
    if type(value) is Pending:
        if value.crc is None:
            value.crc = value.actual_crc()
        return value.chunks(), value.crc
    entry = state.lines.get(name)
    if entry is None or entry.table is not value:
        ascending(value)
        entry = state.lines[name] = TableCache(value)
    return [entry.joined()], entry.records_crc()


def serialize_state(state: State, engine_record: dict[str, Any]) -> list[bytes | memoryview]:
    """The whole file as pieces (written with writev, never joined): meta's first record is
    ``engine_record`` plus the layout mark and the table of contents."""
    bodies: dict[str, list[bytes | memoryview]] = {}
    toc: list[TocEntry] = []
    for name, value in sorted(state.items_raw()):
        if name == META:
            continue
        chunks, crc = _chunks(state, name, value)
        bodies[name] = chunks
        toc.append(TocEntry(name, sum(len(part) for part in chunks), state.version_of(name), crc))
    record = {**engine_record, "layout": LAYOUT, "toc": [list(entry) for entry in toc]}
    parts: list[bytes | memoryview] = [b'{\n"meta": ' + table_bytes({"1": record})]
    for name, chunks in bodies.items():
        parts.append(b",\n" + orjson.dumps(name) + b": ")
        parts.extend(chunks)
    parts.append(b"\n}\n")
    return parts


def serialize_tables(
    tables: dict[str, dict[str, Any]], engine_record: dict[str, Any], versions: dict[str, str] | None = None
) -> bytes:
    """Plain tables (a backup being scrubbed) as file bytes, in the same layout."""
    from nettui.storage.engine.state import State

    version = str(engine_record.get("version", ""))
    state = State(dict(tables), version, dict(versions or {}), own_layout=False, parse=lambda n, p: p.parse())
    return b"".join(serialize_state(state, engine_record))


def ascending(table: dict[str, Any]) -> None:
    """Put records in ascending id order (the layout's promise) if a caller built them out of it."""
    keys = list(table)
    try:
        numbers = [int(key) for key in keys]
    except ValueError:
        return
    if any(a >= b for a, b in itertools.pairwise(numbers)):
        ordered = sorted(table.items(), key=lambda item: int(item[0]))
        table.clear()
        table.update(ordered)
