"""JSON export of the whole database, and restore from such a file (after a backup)."""

from __future__ import annotations

from pathlib import Path

import orjson

from nettui.storage.engine.reading import parse
from nettui.storage.errors import DatabaseError, InputError
from nettui.storage.formats.vcard import write_private
from nettui.storage.repository import Repository


def export(repo: Repository, target: Path) -> dict[str, int]:
    data = repo.store.serialized()
    write_private(target, data)
    return {name: len(table) for name, table in orjson.loads(data).items()}


def restore(repo: Repository, source: Path) -> dict[str, int]:
    """Replace the database with ``source`` in one atomic write; the current file is backed up."""
    try:
        raw = source.read_bytes()
    except OSError as error:
        raise InputError(f"Cannot read {source}: {error.strerror}.") from None
    try:
        tables = parse(raw, source)
    except DatabaseError as error:
        raise InputError(str(error)) from None
    if tables and "people" not in tables and "meta" not in tables:
        raise InputError(f"{source} is JSON but not a nettui export (no people).")
    with repo.transaction() as current:
        if repo.path.exists():
            repo.store.backup()
        current.clear()
        current.update(orjson.loads(orjson.dumps(tables)))
        repo.store.mark_dirty()
    return {name: len(table) for name, table in tables.items()}
