"""Tables that stay in their file bytes until something reads them.

nettui writes its database one record per line (``store.serialize``): ``{``, then for each
table a header line ``"name": {``, its records as ``  "id": {...}`` lines in ascending id
order, and ``}``. orjson never writes a raw newline inside a value, so in such a file a line
that starts with a quote is always a table header. Cutting the file there lets
``nettui upcoming`` parse people and plans without touching 100,000 conversations, and lets a
new conversation be appended to bytes that were never parsed.

A file in any other layout (plain TinyDB, hand-formatted) is parsed whole, as before.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import orjson

LAYOUT = 1  # meta["1"]["layout"]: this file was written by nettui's line serializer
RECORD = b'\n  "'


class Pending:
    """A table still in file bytes, plus records appended since the file was read."""

    __slots__ = ("appended", "last_id", "raw", "start", "stop", "verified")

    def __init__(self, raw: bytes, start: int, stop: int) -> None:
        self.raw, self.start, self.stop = raw, start, stop  # its value is raw[start:stop]
        self.appended: list[tuple[str, dict[str, Any], bytes]] = []  # (doc id, doc, line)
        self.last_id = self._last_id()
        self.verified = False

    @property
    def empty_in_file(self) -> bool:
        return self.stop - self.start <= 2  # "{}"

    def _last_id(self) -> int:
        if self.empty_in_file:
            return 0
        at = self.raw.rfind(RECORD, self.start, self.stop) + len(RECORD)
        return int(self.raw[at : self.raw.index(b'"', at)])

    def next_id(self) -> int:
        return self.last_id + 1

    def append(self, doc: dict[str, Any], key: str | None = None) -> str:
        """Add a record after the last one (``key`` must be larger than every id so far)."""
        key = key or str(self.next_id())
        line = RECORD + key.encode() + b'": ' + orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)
        self.appended.append((key, doc, line))
        self.last_id = int(key)
        return key

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

    def verify(self, pause: Callable[[], None] | None = None, chunk: int = 1 << 20) -> bool:
        """Whether the bytes are valid records, parsed ~1 MB at a time and thrown away, with
        ``pause`` between pieces (a background check lets the UI thread run)."""
        if self.verified or self.empty_in_file:
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
        self.verified = True
        return True

    def parse(self) -> dict[str, Any]:
        table = orjson.loads(memoryview(self.raw)[self.start : self.stop])
        for key, doc, _ in self.appended:
            table[key] = doc
        return table


def split(raw: bytes) -> dict[str, Pending] | None:
    """Each table of a file nettui wrote, still in bytes, by name; None for any other layout."""
    if not (raw.startswith(b'{\n"') and raw.endswith(b"\n}\n")):
        return None
    return _split_by_toc(raw) or _split_by_scan(raw)


def _split_by_toc(raw: bytes) -> dict[str, Pending] | None:
    """Cut the file where meta's table of contents says (no scan of 30 MB); None if it does
    not match the bytes exactly."""
    head = b'{\n"meta": {\n  "'
    if not raw.startswith(head):
        return None
    start, stop = len(head) - 5, raw.find(b"\n}", len(head)) + 2
    try:
        toc = orjson.loads(raw[start:stop])["1"]["toc"]
        entries = [(str(name), int(size)) for name, size in toc]
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return None
    tables = {"meta": Pending(raw, start, stop)}
    at = stop
    for name, size in entries:
        header = b",\n" + orjson.dumps(name) + b": "
        begin = at + len(header)
        at = begin + size
        if raw[begin - len(header) : begin] != header or not _is_table(raw, begin, at):
            return None
        tables[name] = Pending(raw, begin, at)
    return tables if at == len(raw) - 3 else None


def _is_table(raw: bytes, start: int, stop: int) -> bool:
    if stop - start == 2:
        return raw[start:stop] == b"{}"
    return raw[start : start + 5] == b'{\n  "' and raw[stop - 2 : stop] == b"\n}"


def _split_by_scan(raw: bytes) -> dict[str, Pending] | None:
    """Cut the file at every line that starts with a quote (a table header)."""
    heads: list[int] = []
    at = raw.find(b'\n"')
    while at >= 0:
        heads.append(at)
        at = raw.find(b'\n"', at + 2)
    tables: dict[str, Pending] = {}
    for index, head in enumerate(heads):
        colon = raw.find(b'": ', head + 2)
        if colon < 0:
            return None
        try:
            name = orjson.loads(raw[head + 1 : colon + 1])
        except orjson.JSONDecodeError:
            return None
        last = index + 1 == len(heads)
        stop = len(raw) - 3 if last else heads[index + 1] - 1
        if not last and raw[stop : stop + 1] != b",":
            return None
        start = colon + 3
        if not isinstance(name, str) or not _is_table(raw, start, stop):
            return None
        tables[name] = Pending(raw, start, stop)
    return tables


class LazyTables(dict):  # type: ignore[type-arg]
    """Tables by name, where a :class:`Pending` table is parsed the first time it is read.

    Reads through ``[]``, ``get``, ``items``, ``values``, ``setdefault`` and ``pop`` always
    see parsed tables; :meth:`pending` and :meth:`raw_items` see what is still in bytes.
    """

    def __init__(self, tables: dict[str, Any], parse_table: Callable[[str, Pending], dict[str, Any]]) -> None:
        super().__init__(tables)
        self._parse_table = parse_table
        self._lock = threading.Lock()

    def __getitem__(self, name: str) -> Any:
        value = dict.__getitem__(self, name)
        if type(value) is Pending:
            with self._lock:
                value = dict.__getitem__(self, name)
                if type(value) is Pending:
                    value = self._parse_table(name, value)
                    dict.__setitem__(self, name, value)
        return value

    def get(self, name: str, default: Any = None) -> Any:
        return self[name] if name in self else default  # noqa: SIM401 (dict.get would skip parsing)

    def items(self) -> list[tuple[str, Any]]:  # type: ignore[override]
        return [(name, self[name]) for name in list(self)]

    def values(self) -> list[Any]:  # type: ignore[override]
        return [self[name] for name in list(self)]

    def setdefault(self, name: str, default: Any = None) -> Any:
        if name not in self:
            dict.__setitem__(self, name, default)
        return self[name]

    def pop(self, name: str, *default: Any) -> Any:
        if name in self:
            self[name]
        return dict.pop(self, name, *default)

    def copy(self) -> dict[str, Any]:
        return dict(self.items())

    def pending(self, name: str) -> Pending | None:
        value = dict.get(self, name)
        return value if type(value) is Pending else None

    def raw_items(self) -> list[tuple[str, Any]]:
        return list(dict.items(self))
