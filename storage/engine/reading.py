"""Reading a database file: whole, or cut into tables that are parsed when first used."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from nettui.storage.engine.layout import LAYOUT, LazyTables, Pending, split
from nettui.storage.errors import DatabaseError

SCHEMA_VERSION = 1
Tables = dict[str, dict[str, dict[str, Any]]]


def schema_version(tables: Tables) -> int:
    meta = tables.get("meta") or {}
    for doc in meta.values():
        if isinstance(doc, dict) and "schema_version" in doc:
            return int(doc["schema_version"])
    return 0 if tables else SCHEMA_VERSION


EAGER_CHECK_LIMIT = 20_000  # larger tables are checked when first read: touching 100,000
# records costs ~0.1 s, which `nettui upcoming` should not pay for conversations it never reads


def check_records(table: dict[str, Any], name: str, path: Path) -> None:
    """Every record of a table must be a JSON object."""
    if not all(type(doc) is dict for doc in table.values()):
        raise DatabaseError(f"{path} is JSON but not a nettui database (a record in {name!r}).")


def validate(tables: Any, path: Path) -> Tables:
    """Check the parsed file has the shape of a nettui TinyDB database (tables still in file
    bytes are checked when first read)."""
    if not isinstance(tables, dict):
        raise DatabaseError(f"{path} is JSON but not a nettui database (expected an object).")
    items = tables.raw_items() if isinstance(tables, LazyTables) else tables.items()
    for name, table in items:
        if type(table) is Pending:
            continue
        if not isinstance(table, dict):
            raise DatabaseError(f"{path} is JSON but not a nettui database (table {name!r}).")
        if len(table) <= EAGER_CHECK_LIMIT:
            check_records(table, name, path)
    try:
        version = schema_version(tables)
    except (TypeError, ValueError):
        raise DatabaseError(f"{path} has an unreadable schema version.") from None
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"{path} was written by a newer nettui (schema {version}); "
            f"this one reads schema {SCHEMA_VERSION}: upgrade nettui."
        )
    return tables


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


def _damaged(path: Path) -> DatabaseError:
    return DatabaseError(
        f"{path} is damaged (not valid JSON, perhaps truncated): run `nettui doctor` to list backups."
    )


def parse(raw: bytes, path: Path) -> Tables:
    """Parse database bytes whole, with the garbage collector kept out of the load."""
    if not raw.strip():
        raise DatabaseError(f"{path} is empty, so it is not a nettui database.")
    with paused_gc():
        try:
            tables = orjson.loads(raw)
        except orjson.JSONDecodeError:
            raise _damaged(path) from None
    return validate(tables, path)


def load(raw: bytes, path: Path) -> LazyTables:
    """The tables of a database file; in a file nettui wrote, all but ``meta`` stay in bytes
    until first read, so a command pays only for the tables it uses."""

    def parse_table(name: str, pending: Pending) -> dict[str, Any]:
        with paused_gc():
            try:
                table = pending.parse()
            except orjson.JSONDecodeError:
                raise _damaged(path) from None
        if not isinstance(table, dict):
            raise DatabaseError(f"{path} is JSON but not a nettui database (table {name!r}).")
        if len(table) <= EAGER_CHECK_LIMIT:
            check_records(table, name, path)
        return table

    found = split(raw)
    meta: Any = None
    if found is not None:
        try:
            meta = found["meta"].parse() if "meta" in found else None
        except orjson.JSONDecodeError:
            meta = None
        layout = meta.get("1", {}).get("layout") if isinstance(meta, dict) else None
        if isinstance(meta, dict) and isinstance(meta.get("1"), dict) and layout == LAYOUT:
            tables: dict[str, Any] = {**found, "meta": meta}
            return validate(LazyTables(tables, parse_table), path)  # type: ignore[return-value]
    return LazyTables(parse(raw, path), parse_table)
