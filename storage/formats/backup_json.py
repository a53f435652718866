"""JSON export of the whole database, and restore from such a file (after a backup)."""

from __future__ import annotations

from pathlib import Path

import orjson

from nettui.storage.domain.validation import describe, problems
from nettui.storage.engine import write_file
from nettui.storage.errors import DatabaseError, InputError
from nettui.storage.repository import Repository


def export(repo: Repository, target: Path) -> dict[str, int]:
    data = repo.snapshot()
    write_file(target, data)
    return {name: len(table) for name, table in orjson.loads(data).items() if name != "meta"}


def _read(source: Path) -> dict[str, dict[str, dict]]:  # type: ignore[type-arg]
    from nettui.storage.engine import inspect

    try:
        raw = source.read_bytes()
    except OSError as error:
        raise InputError(f"Cannot read {source}: {error.strerror}.") from None
    health = inspect(source)
    if not health.ok:
        raise InputError(str(health.problem))
    tables = orjson.loads(raw)
    bad = problems({k: v for k, v in tables.items() if k != "meta"}, limit=1)
    if bad:
        raise InputError(describe(source, *bad[0]) + "; nothing was restored.")
    if tables and "people" not in tables and "meta" not in tables:
        raise InputError(f"{source} is JSON but not a nettui export (no people).")
    meta = tables.pop("meta", {}) or {}
    settings = {k: v for k, v in (meta.get("1") or {}).items() if k not in _ENGINE_KEYS}
    if settings and "settings" not in tables:  # an export from nettui 0.1 kept them in meta
        tables["settings"] = {"1": settings}
    return tables


_ENGINE_KEYS = {"schema_version", "layout", "toc", "version", "written", "stamps"}


def restore(repo: Repository, source: Path) -> dict[str, int]:
    """Replace the database with ``source`` in one atomic write; the current file is backed up."""
    tables = _read(source)
    try:
        repo.replace_everything(tables)
    except ValueError as error:
        raise InputError(f"{source} is not a nettui export: {error}.") from None
    except DatabaseError:
        raise
    return {name: len(table) for name, table in tables.items()}
