"""What nettui relies on in TinyDB (engine/tinydb_adapter.py replaces two private methods of
``Table``). If a TinyDB upgrade changes any of this, these tests fail loudly: read the adapter's
docstring before upgrading."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest
import tinydb
from tinydb import Query, TinyDB
from tinydb.storages import MemoryStorage
from tinydb.table import Document, Table


def test_the_private_methods_exist_with_the_signatures_replaced() -> None:
    assert list(inspect.signature(Table._update_table).parameters) == ["self", "updater"]
    assert list(inspect.signature(Table._get_next_id).parameters) == ["self"]
    assert tinydb.__version__.split(".")[0] == "4"


class Probe(Table):
    """Counts how writes reach the two methods."""

    updates = 0
    next_ids = 0
    inside = False

    def _update_table(self, updater: Callable[[dict[int, Any]], None]) -> None:
        Probe.updates += 1
        Probe.inside = True
        try:
            super()._update_table(updater)
        finally:
            Probe.inside = False

    def _get_next_id(self) -> int:
        Probe.next_ids += 1
        return super()._get_next_id()  # type: ignore[no-any-return]


class ProbeDB(TinyDB):
    table_class = Probe


class WatchedStorage(MemoryStorage):
    outside = 0  # whole-database writes that did not come from _update_table

    def write(self, data: Any) -> None:
        if not Probe.inside:
            WatchedStorage.outside += 1
        super().write(data)


@pytest.mark.parametrize(
    ("write", "new_ids"),
    [
        (lambda t: t.insert({"a": 1}), 1),
        (lambda t: t.insert_multiple([{"a": 1}, {"a": 2}]), 2),
        (lambda t: t.update({"a": 3}, doc_ids=[1]), 0),
        (lambda t: t.update({"a": 3}, Query().a == 0), 0),
        (lambda t: t.update(lambda doc: doc.update(b=1), doc_ids=[1]), 0),
        (lambda t: t.upsert(Document({"a": 4}, doc_id=1)), 0),
        (lambda t: t.upsert({"a": 5}, Query().a == 99), 1),
        (lambda t: t.remove(doc_ids=[1]), 0),
        (lambda t: t.remove(Query().a == 0), 0),
        (lambda t: t.truncate(), 0),
    ],
)
def test_every_table_write_goes_through_update_table(write: Callable[[Table], object], new_ids: int) -> None:
    db = ProbeDB(storage=WatchedStorage)
    table = db.table("t")
    table.insert({"a": 0})
    Probe.updates = Probe.next_ids = WatchedStorage.outside = 0
    write(table)
    assert Probe.updates >= 1
    assert Probe.next_ids == new_ids
    assert WatchedStorage.outside == 0


def test_inserts_check_ids_with_in_and_store_with_item_assignment() -> None:
    """The adapter appends to a table in file bytes on ``view[doc_id] = doc`` after a ``doc_id
    in view`` check, without reading the table."""
    seen: list[str] = []

    class Recorder(dict):  # type: ignore[type-arg]
        def __contains__(self, key: object) -> bool:
            seen.append("in")
            return super().__contains__(key)

        def __setitem__(self, key: Any, value: Any) -> None:
            seen.append("set")
            super().__setitem__(key, value)

        def __iter__(self):  # type: ignore[no-untyped-def]
            seen.append("iter")
            return super().__iter__()

    class Direct(Table):
        def _update_table(self, updater: Callable[[dict[int, Any]], None]) -> None:
            updater(Recorder())

        def _get_next_id(self) -> int:
            return 7

    table = Direct(MemoryStorage(), "t")
    assert table.insert({"a": 1}) == 7
    assert seen == ["in", "set"]


def test_query_caches_can_be_turned_off() -> None:
    from nettui.storage.engine.tinydb_adapter import EngineTable

    assert EngineTable.default_query_cache_capacity == 0
    db = TinyDB(storage=MemoryStorage)
    db.table_class = EngineTable  # type: ignore[misc]
    table = db.table("t")
    table._query_cache.capacity = 0
    table._query_cache["q"] = []  # type: ignore[index]
    assert "q" not in table._query_cache


def test_drop_table_and_drop_tables_write_the_whole_database() -> None:
    """The adapter's Storage.write accepts only these two whole-database writes."""
    writes: list[Any] = []

    class Recording(MemoryStorage):
        def write(self, data: Any) -> None:
            writes.append(data)
            super().write(data)

    db = TinyDB(storage=Recording)
    db.table("a").insert({"x": 1})
    writes.clear()
    db.drop_table("a")
    db.drop_tables()
    assert writes == [{}, {}]
