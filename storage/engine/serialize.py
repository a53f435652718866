"""The file layout nettui writes: ``meta`` first with the size of every table, then the
tables by name, one record per line in ascending id order, keys sorted. Plain TinyDB JSON
that diffs well and that a reader can cut into tables without scanning it."""

from __future__ import annotations

import itertools
from typing import Any

import orjson

from nettui.storage.engine.layout import LazyTables, Pending
from nettui.storage.engine.reading import Tables


def serialize_chunks(
    tables: Tables,
    cache: dict[str, TableCache] | None = None,
    sizes: dict[str, int] | None = None,
    *,
    toc: bool = False,
) -> list[bytes | memoryview]:
    """Stable, diff-friendly file bytes, as a list of pieces: ``meta`` first, then the tables by
    name, one record per line in ascending document-id order, keys sorted inside each record.

    Still plain TinyDB JSON; a changed record shows as one changed line in a diff. With a
    ``cache`` (the store's), records that did not change since the last write are not
    serialized again, and a table that did not change is not even joined again. ``sizes``
    receives each table's size in bytes; with ``toc``, meta's first record lists the size of
    every other table, so a reader can cut the file without scanning it.
    """
    items = tables.raw_items() if isinstance(tables, LazyTables) else list(tables.items())
    bodies = {name: _table_chunks(name, table, cache) for name, table in sorted(items) if name != "meta"}
    meta = dict(items).get("meta")
    if toc and isinstance(meta, dict) and isinstance(meta.get("1"), dict):
        meta["1"]["toc"] = [[name, sum(len(part) for part in chunks)] for name, chunks in bodies.items()]
    if meta is not None:
        bodies = {"meta": _table_chunks("meta", meta, None), **bodies}
    parts: list[bytes | memoryview] = [b"{"]
    for index, (name, chunks) in enumerate(bodies.items()):
        parts.append((b",\n" if index else b"\n") + orjson.dumps(name) + b": ")
        parts.extend(chunks)
        if sizes is not None:
            sizes[name] = sum(len(part) for part in chunks)
    parts.append(b"\n}\n")
    return parts


def _table_chunks(name: str, table: Any, cache: dict[str, TableCache] | None) -> list[bytes | memoryview]:
    if type(table) is Pending:
        return table.chunks()
    if cache is None or name == "meta":
        _ascending(table)
        dumps, option = orjson.dumps, orjson.OPT_SORT_KEYS
        lines = [b"\n  " + dumps(key) + b": " + dumps(doc, option=option) for key, doc in table.items()]
        return [b"{" + b",".join(lines) + b"\n}" if lines else b"{}"]
    entry = cache.get(name)
    if entry is None or entry.table is not table:
        _ascending(table)
        entry = cache[name] = TableCache(table)
    return [entry.joined()]


def serialize(tables: Tables) -> bytes:
    """The whole file as one bytes object (exports, backups, tests)."""
    return b"".join(serialize_chunks(tables))


def _ascending(table: dict[str, Any]) -> None:
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


class TableCache:
    """Serialized records of one parsed table, and the table joined, until it changes."""

    __slots__ = ("lines", "table", "whole")

    def __init__(self, table: dict[str, Any]) -> None:
        self.table = table
        self.lines: dict[str, bytes] = {}
        self.whole: bytes | None = None

    def forget(self, key: str | None) -> None:
        self.whole = None
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
