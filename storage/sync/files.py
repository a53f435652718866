"""Database files merged: what git's merge driver calls, and what merges a conflict copy.

Each file is read whole in any layout (an older schema brought forward); the result is written
in nettui's own layout with its table of contents, so it loads without a full-file fallback.
"""

from __future__ import annotations

from pathlib import Path

from nettui.storage.domain.validation import RULES, table_problems
from nettui.storage.engine import file_bytes, os_reason, read_tables, write_file
from nettui.storage.errors import DatabaseError
from nettui.storage.sync.merge import Merged, Tables, merge
from nettui.storage.sync.settle import settle

KNOWN_TABLES = frozenset({*RULES, "settings", "forgotten", "deleted"})


def read_database(path: Path, *, may_be_empty: bool = False) -> tuple[Tables, dict[str, str]] | None:
    """A nettui database's tables and their versions; None for an empty file when allowed (git's
    base when there is no common copy). DatabaseError for anything else."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DatabaseError(f"Cannot read {path}: {os_reason(error)}.") from None
    return parse_database(raw, path, may_be_empty=may_be_empty)


def parse_database(
    raw: bytes, path: Path, *, may_be_empty: bool = False
) -> tuple[Tables, dict[str, str]] | None:
    """``read_database`` of bytes (``path`` names them in errors)."""
    if may_be_empty and not raw.strip():
        return None
    try:
        tables, versions, own_layout = read_tables(raw, path)
    except DatabaseError as error:
        if "is damaged" in str(error) or "is empty" in str(error):
            raise DatabaseError(f"{path} is not a nettui database (not JSON, or cut short).") from None
        raise
    if not own_layout and not tables.keys() & KNOWN_TABLES:
        raise DatabaseError(f"{path} is JSON but not a nettui database (none of its tables are nettui's).")
    return tables, versions


def merge_tables(
    base: Tables | None, ours: Tables, theirs: Tables, theirs_name: object = "the other copy"
) -> Merged:
    """The sides merged record by record (``merge``), then put right (``settle``); a record
    that did not come from ours must keep the forms' rules (``validation``), or nothing is
    merged (DatabaseError naming it in ``theirs_name``)."""
    merged = merge(base, ours, theirs)
    settle(merged, (base, ours, theirs))
    check_incoming(merged, ours, theirs_name)
    return merged


def check_incoming(merged: Merged, ours: Tables, theirs_name: object) -> None:
    for name, table in merged.tables.items():
        own = {id(doc) for doc in ours.get(name, {}).values()}
        incoming = {key: doc for key, doc in table.items() if id(doc) not in own}
        bad = table_problems(name, incoming, limit=1) if incoming else []
        if bad:
            key, reason = bad[0]
            found = incoming[key].get("id", key) if isinstance(incoming[key], dict) else key
            raise DatabaseError(f"{theirs_name}: a record of {name} ({found}) {reason}: nothing was merged.")


def merged_bytes(merged: Merged, ours: Tables, versions: dict[str, str]) -> bytes:
    """The merged tables as a file; a table that came out as ours was keeps its version, so
    what was derived from it (the rollups) stays valid."""
    same = {name: v for name, v in versions.items() if merged.tables.get(name) == ours.get(name)}
    return file_bytes(merged.tables, same)


def merge_files(base: Path, ours: Path, theirs: Path) -> Merged:
    """git's merge driver: the three files merged, the result written over ``ours``
    atomically (an empty ``base``: no common copy)."""
    was = read_database(base, may_be_empty=True)
    mine, yours = read_database(ours), read_database(theirs)
    assert mine is not None and yours is not None
    merged = merge_tables(None if was is None else was[0], mine[0], yours[0], theirs)
    write_file(ours, merged_bytes(merged, mine[0], mine[1]))
    return merged
