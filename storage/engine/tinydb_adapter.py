"""TinyDB over nettui's store: the one place where nettui goes around TinyDB.

TinyDB is used at its documented extension points: a ``Storage`` (``read`` and ``write`` of
the whole database) and its ``Table`` API for every write (insert, insert_multiple, update,
upsert, remove, truncate, drop_table) and for queries. Two private methods of TinyDB's
``Table`` are replaced, and nothing else:

* ``_update_table(updater)``: TinyDB copies the whole table twice per write (to int keys and
  back to str keys), ~80 ms per insert with 100,000 conversations, then hands the whole
  database to ``Storage.write``. Here the updater gets a live view of the stored table with int
  keys; a document it adds to a table still in file bytes is appended without parsing the
  table, and only documents whose content really changed are noted (TinyDB's updaters change
  documents in place, so each one handed out is compared with its serialized form after).
* ``_get_next_id()``: TinyDB caches the next id in each Table object, which goes stale when
  another process writes the file. Here the store's state allocates every id (one allocator).

``tests/storage/test_tinydb_contract.py`` fails loudly if a TinyDB upgrade renames either
method, changes how they are called, or adds a write path that bypasses ``_update_table``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from nettui.storage.engine.state import State

_SORT = orjson.OPT_SORT_KEYS


class _TablesView(MutableMapping[str, Any]):
    """What ``Storage.read`` returns: the user's tables by name, parsed when first read."""

    def __init__(self, state: State, hidden: frozenset[str]) -> None:
        self._state = state
        self._hidden = hidden
        self.dropped: set[str] = set()

    def _names(self) -> list[str]:
        return [n for n in self._state.names() if n not in self._hidden and n not in self.dropped]

    def __getitem__(self, name: str) -> Any:
        if name in self._hidden or name in self.dropped or not self._state.has(name):
            raise KeyError(name)
        return self._state.table(name)

    def __setitem__(self, name: str, value: Any) -> None:
        raise TypeError("tables change through the Table API")

    def __delitem__(self, name: str) -> None:
        if name not in self._names():
            raise KeyError(name)
        self.dropped.add(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())


class _DocumentsView(MutableMapping[int, Any]):
    """One table as TinyDB's updaters see it: int doc ids over the stored str-keyed table."""

    def __init__(self, state: State, name: str) -> None:
        self._state = state
        self._name = name
        self._handed_out: dict[str, bytes] = {}  # doc id → serialized before the updater ran

    def __contains__(self, doc_id: object) -> bool:
        return self._state.contains(self._name, str(doc_id))

    def __getitem__(self, doc_id: int) -> Any:
        key = str(doc_id)
        doc = self._state.table(self._name)[key]
        if key not in self._handed_out:
            self._handed_out[key] = orjson.dumps(doc, option=_SORT)
        return doc

    def __setitem__(self, doc_id: int, doc: Any) -> None:
        key = str(doc_id)
        self._handed_out.pop(key, None)
        self._state.put(self._name, key, doc)

    def __delitem__(self, doc_id: int) -> None:
        key = str(doc_id)
        self._handed_out.pop(key, None)
        self._state.delete(self._name, key)

    def __iter__(self) -> Iterator[int]:
        return (int(key) for key in list(self._state.table(self._name)))

    def __len__(self) -> int:
        return len(self._state.table(self._name))

    def clear(self) -> None:
        self._handed_out.clear()
        self._state.clear(self._name)

    def close(self) -> None:
        """Note the documents the updater changed in place."""
        if not self._handed_out:
            return
        table = self._state.table(self._name)
        for key, before in self._handed_out.items():
            doc = table.get(key)
            if doc is not None and orjson.dumps(doc, option=_SORT) != before:
                self._state.touched(self._name, key, orjson.loads(before))


class EngineStorage(Storage):
    """TinyDB's storage over the store's current state (``current`` gives it)."""

    def __init__(self, current: Callable[[], State], writable: Callable[[], State], hidden: frozenset[str]):
        self._current = current
        self._writable = writable  # the state of the open transaction; raises outside one
        self._hidden = hidden

    def read(self) -> _TablesView:
        return _TablesView(self._current(), self._hidden)

    def write(self, data: Mapping[str, Any]) -> None:
        """TinyDB writes the whole database only to drop tables (``drop_table``, ``drop_tables``)."""
        state = self._writable()
        if isinstance(data, _TablesView):
            for name in data.dropped:
                state.drop(name)
            return
        if data:
            raise TypeError("tables change through the Table API")
        for name in [n for n in state.names() if n not in self._hidden]:
            state.drop(name)

    def documents(self, name: str) -> _DocumentsView:
        return _DocumentsView(self._writable(), name)

    def next_id(self, name: str) -> int:
        return self._writable().next_id(name)


class EngineTable(Table):
    """A TinyDB table whose writes touch only the documents they change."""

    default_query_cache_capacity = 0  # another process may change the file under any cache

    def _get_next_id(self) -> int:
        return self._storage.next_id(self.name)  # type: ignore[attr-defined,no-any-return]

    def _update_table(self, updater: Callable[[dict[int, Mapping[str, Any]]], None]) -> None:
        view = self._storage.documents(self.name)  # type: ignore[attr-defined]
        try:
            updater(view)
        finally:
            view.close()
        self.clear_cache()


class EngineTinyDB(TinyDB):
    table_class = EngineTable
