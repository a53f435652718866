"""The file layout nettui writes, and tables that stay in their file bytes until read.

A database file is plain TinyDB JSON written one record per line: ``{``, then for each table a
header line ``"name": {``, its records as ``  "id": {...}`` lines in ascending id order, and
``}``. ``meta`` comes first; its record ``"1"`` holds the table of contents: for every other
table its size in bytes, its version (see ``state``) and a CRC-32 of its records. orjson never
writes a raw newline inside a value, so a line that starts with a quote is always a table
header. Cutting the file where the contents say lets ``nettui upcoming`` parse people and plans
without touching 100,000 conversations, and lets a new conversation be appended to bytes that
were never parsed. The checksum tells bytes nettui wrote from bytes edited by hand.

A file in any other layout (plain TinyDB, hand-formatted) is parsed whole.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Any, NamedTuple

import orjson

LAYOUT = 1  # meta["1"]["layout"]: this file was written by nettui's line serializer
RECORD = b'\n  "'


class TocEntry(NamedTuple):
    """One table in meta's table of contents."""

    name: str
    size: int
    version: str | None = None  # older files list only name and size
    crc: int | None = None

    @classmethod
    def read(cls, entry: Any) -> TocEntry:
        name, size, *rest = entry
        version = rest[0] if rest and isinstance(rest[0], str) else None
        crc = rest[1] if len(rest) > 1 and isinstance(rest[1], int) else None
        return cls(str(name), int(size), version, crc)


class Pending:
    """A table still in file bytes, plus records appended since the file was read.

    Its records region is the bytes between the table's ``{`` and its closing ``\\n}``;
    ``crc`` is the CRC-32 of that region as it would be written now (None until known).
    """

    __slots__ = ("appended", "crc", "last_id", "raw", "start", "stop", "verified")

    def __init__(self, raw: bytes, start: int, stop: int, crc: int | None = None) -> None:
        self.raw, self.start, self.stop = raw, start, stop  # its value is raw[start:stop]
        self.appended: list[tuple[str, dict[str, Any], bytes]] = []  # (doc id, doc, line)
        self.last_id = self._last_id()
        self.crc = crc
        self.verified = False

    @property
    def empty_in_file(self) -> bool:
        return self.stop - self.start <= 2  # "{}"

    def _last_id(self) -> int:
        if self.empty_in_file:
            return 0
        at = self.raw.rfind(RECORD, self.start, self.stop) + len(RECORD)
        return int(self.raw[at : self.raw.index(b'"', at)])

    def _region(self) -> memoryview:
        view = memoryview(self.raw)
        return view[0:0] if self.empty_in_file else view[self.start + 1 : self.stop - 2]

    def append(self, doc: dict[str, Any], key: str) -> None:
        """Add a record after the last one (``key`` is larger than every id so far)."""
        line = RECORD + key.encode() + b'": ' + orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)
        if self.crc is not None:
            self.crc = zlib.crc32(line if self.empty_in_file and not self.appended else b"," + line, self.crc)
        self.appended.append((key, doc, line))
        self.last_id = int(key)

    def size(self) -> int:
        """Bytes of the table as it would be written now."""
        return self.stop - self.start + sum(len(line) + 1 for _, _, line in self.appended)

    def appended_doc(self, key: str) -> dict[str, Any] | None:
        return next((doc for k, doc, _ in self.appended if k == key), None)

    def chunks(self) -> list[bytes | memoryview]:
        """The table's JSON value as file bytes."""
        lines = [line for _, _, line in self.appended]
        if self.empty_in_file:
            return [b"{" + b",".join(lines) + b"\n}"] if lines else [b"{}"]
        view = memoryview(self.raw)
        if not lines:
            return [view[self.start : self.stop]]
        return [view[self.start : self.stop - 2], b"," + b",".join(lines) + b"\n}"]

    def actual_crc(self) -> int:
        """The CRC-32 of the records as they are now (~9 ms per 30 MB)."""
        crc = zlib.crc32(self._region())
        for index, (_, _, line) in enumerate(self.appended):
            crc = zlib.crc32(line if self.empty_in_file and index == 0 else b"," + line, crc)
        return crc

    def lines_containing(self, needle: bytes) -> list[bytes]:
        """Raw record lines (``"id": {...}``) whose bytes contain ``needle``."""
        raw, found = self.raw, []
        at = raw.find(needle, self.start, self.stop)
        while at >= 0:
            start = raw.rfind(b"\n", self.start, at) + 3  # past "\n  "
            end = raw.find(b"\n", at, self.stop)
            end = end if end == self.stop - 2 else end - 1  # drop the "," before the next line
            found.append(raw[start:end])
            at = raw.find(needle, end + 1, self.stop)
        found.extend(line[3:] for _, _, line in self.appended if needle in line)
        return found

    def records_valid(self, pause: Callable[[], None] | None = None, chunk: int = 1 << 20) -> bool:
        """Whether the bytes are valid records, parsed ~1 MB at a time and thrown away, with
        ``pause`` between pieces (a background check lets the UI thread run). Only needed when
        the checksum is unknown or does not match."""
        if self.empty_in_file:
            return True
        raw, at, end = self.raw, self.start + 1, self.stop - 2
        while at < end:
            cut = raw.find(b',\n  "', min(at + chunk, end), end)
            cut = end if cut < 0 else cut
            try:
                piece = orjson.loads(b"{" + raw[at:cut] + b"}")
            except orjson.JSONDecodeError:
                return False
            if not all(type(doc) is dict for doc in piece.values()):
                return False
            at = cut + 1
            if pause is not None:
                pause()
        return True

    def parse(self) -> dict[str, Any]:
        table = orjson.loads(memoryview(self.raw)[self.start : self.stop])
        for key, doc, _ in self.appended:
            table[key] = doc
        return table


def records_crc(whole: bytes) -> int:
    """The CRC-32 of a serialized table's records region (``whole`` is ``{...}``)."""
    return 0 if len(whole) <= 2 else zlib.crc32(memoryview(whole)[1:-2])


class Cut(NamedTuple):
    """A file in nettui's layout cut into tables: meta's first record and the rest in bytes."""

    meta: dict[str, Any]
    tables: dict[str, Pending]
    toc: dict[str, TocEntry]


def split(raw: bytes) -> Cut | None:
    """A file nettui wrote, cut into tables; None for any other layout."""
    if not (raw.startswith(b'{\n"meta": {\n  "') and raw.endswith(b"\n}\n")):
        return None
    start = len(b'{\n"meta": ')
    stop = raw.find(b"\n}", start) + 2
    try:
        meta = orjson.loads(raw[start:stop])
        first = meta["1"]
        if not isinstance(first, dict) or first.get("layout") != LAYOUT:
            return None
        entries = [TocEntry.read(entry) for entry in first.get("toc", ())]
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return None
    try:
        tables = _split_by_toc(raw, stop, entries)
        if tables is not None:
            return Cut(first, tables, {e.name: e for e in entries})
        tables = _split_by_scan(raw, stop)
    except ValueError:  # a record key that is no number: not as nettui writes it, read whole
        return None
    return None if tables is None else Cut(first, tables, {})


def _split_by_toc(raw: bytes, at: int, entries: list[TocEntry]) -> dict[str, Pending] | None:
    """Cut where the table of contents says (no scan of 30 MB); None if it does not match the
    bytes exactly (a hand edit that changed a size)."""
    tables = {}
    for entry in entries:
        header = b",\n" + orjson.dumps(entry.name) + b": "
        begin = at + len(header)
        at = begin + entry.size
        if raw[begin - len(header) : begin] != header or not _is_table(raw, begin, at):
            return None
        tables[entry.name] = Pending(raw, begin, at, entry.crc)
    return tables if at == len(raw) - 3 else None


def _is_table(raw: bytes, start: int, stop: int) -> bool:
    if stop - start == 2:
        return raw[start:stop] == b"{}"
    return raw[start : start + 5] == b'{\n  "' and raw[stop - 2 : stop] == b"\n}"


def _split_by_scan(raw: bytes, after_meta: int) -> dict[str, Pending] | None:
    """Cut at every line that starts with a quote (a table header)."""
    heads: list[int] = []
    at = raw.find(b'\n"', after_meta)
    while at >= 0:
        heads.append(at)
        at = raw.find(b'\n"', at + 2)
    tables: dict[str, Pending] = {}
    for index, head in enumerate(heads):
        colon = raw.find(b'": ', head + 2)
        if colon < 0 or raw[head - 1 : head] != b",":
            return None
        try:
            name = orjson.loads(raw[head + 1 : colon + 1])
        except orjson.JSONDecodeError:
            return None
        last = index + 1 == len(heads)
        stop = len(raw) - 3 if last else heads[index + 1] - 1
        start = colon + 3
        if not isinstance(name, str) or not _is_table(raw, start, stop):
            return None
        tables[name] = Pending(raw, start, stop)
    return tables
