"""Reading a database file into a :class:`State`: cut into tables that are parsed when first
used (nettui's layout), or parsed whole (any other TinyDB file); older schemas are migrated in
memory, and written back in the new one (after a backup) at the next save."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from nettui.storage.engine.layout import Pending, split
from nettui.storage.engine.state import State, Table
from nettui.storage.errors import DatabaseError

SCHEMA_VERSION = 2
META = "meta"
EAGER_CHECK_LIMIT = 20_000  # larger tables are checked when first read: touching 100,000
# records costs ~0.1 s, which `nettui upcoming` should not pay for conversations it never reads
ENGINE_KEYS = {"schema_version", "layout", "toc", "version", "written", "stamps"}


def check_records(table: dict[str, Any], name: str, path: Path) -> None:
    """Every record of a table must be a JSON object."""
    if not all(type(doc) is dict for doc in table.values()):
        raise DatabaseError(f"{path} is JSON but not a nettui database (a record in {name!r}).")


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Keep the cyclic collector out of bulk object creation (a load, 100,000 models): it
    would otherwise rescan everything repeatedly. What was made is frozen afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.freeze()


def damaged(path: Path) -> DatabaseError:
    return DatabaseError(
        f"{path} is damaged (not valid JSON, perhaps truncated): run `nettui doctor` to list backups."
    )


def _schema(record: Any, path: Path) -> int:
    try:
        version = int(record.get("schema_version", 0)) if isinstance(record, dict) else 0
    except (TypeError, ValueError):
        raise DatabaseError(f"{path} has an unreadable schema version.") from None
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"{path} was written by a newer nettui (schema {version}); "
            f"this one reads schema {SCHEMA_VERSION}: upgrade nettui."
        )
    return version


def parse_whole(raw: bytes, path: Path) -> dict[str, Table]:
    """Parse database bytes whole and check their shape (every table an object of objects)."""
    if not raw.strip():
        raise DatabaseError(f"{path} is empty, so it is not a nettui database.")
    with paused_gc():
        try:
            tables = orjson.loads(raw)
        except orjson.JSONDecodeError:
            raise damaged(path) from None
    if not isinstance(tables, dict):
        raise DatabaseError(f"{path} is JSON but not a nettui database (expected an object).")
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise DatabaseError(f"{path} is JSON but not a nettui database (table {name!r}).")
        check_records(table, name, path)
    return tables


def _table_parser(path: Path):  # type: ignore[no-untyped-def]
    def parse_table(name: str, pending: Pending) -> Table:
        with paused_gc():
            try:
                table = pending.parse()
            except orjson.JSONDecodeError:
                raise damaged(path) from None
        if not isinstance(table, dict):
            raise DatabaseError(f"{path} is JSON but not a nettui database (table {name!r}).")
        if len(table) <= EAGER_CHECK_LIMIT:
            check_records(table, name, path)
        return table

    return parse_table


def load(raw: bytes, path: Path, file_version: str) -> State:
    """The state a database file holds. ``file_version`` names a file in another layout."""
    parse_table = _table_parser(path)
    cut = split(raw)
    if cut is not None:
        schema = _schema(cut.meta, path)
        version = cut.meta.get("version") or cut.meta.get("written") or file_version
        versions = {name: entry.version for name, entry in cut.toc.items() if entry.version}
        tables: dict[str, Table | Pending] = dict(cut.tables)
        state = State(tables, str(version), versions, own_layout=True, parse=parse_table)
        record = cut.meta
    else:
        whole = parse_whole(raw, path)
        meta = whole.pop(META, None) or {}
        record = next((doc for doc in meta.values() if "schema_version" in doc), meta.get("1", {}))
        schema = _schema(record, path) if whole or meta else SCHEMA_VERSION
        state = State(dict(whole), file_version, {}, own_layout=False, parse=parse_table)
        state.journal_base = str(record.get("version") or "")
        state.untrusted = set(state.names())
    if schema < SCHEMA_VERSION:
        migrate(state, record, schema)
    return state


def migrate(state: State, record: dict[str, Any], schema: int) -> None:
    """Bring an older file's state to the current schema, in memory; the next save writes it
    (the store backs the old file up first)."""
    state.schema_from = schema
    if schema <= 1:  # settings lived in the engine's record: they get a table of their own
        settings = {k: v for k, v in record.items() if k not in ENGINE_KEYS}
        if settings:
            state.adopt("settings", {"1": {**state.table("settings").get("1", {}), **settings}})
        state.own_layout = False  # the journal must not continue an old-schema file
    state.journal_base = ""
