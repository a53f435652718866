"""Checking the database, listing backups, putting back the newest good one, and scrubbing
a forgotten person out of every backup."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

from nettui.storage.engine import journal
from nettui.storage.engine.files import write_file
from nettui.storage.engine.reading import check_records, parse
from nettui.storage.engine.serialize import serialize
from nettui.storage.engine.store import Store, backup_time
from nettui.storage.errors import DatabaseError
from nettui.storage.maintenance.scrub import scrub


@dataclasses.dataclass(frozen=True)
class Health:
    path: Path
    problem: str | None
    counts: dict[str, int]

    @property
    def ok(self) -> bool:
        return self.problem is None


def check(path: Path) -> Health:
    """Read and validate one database or backup file."""
    try:
        if path.is_dir():
            raise DatabaseError(f"{path} is a directory, not a nettui database file.")
        tables = parse(path.read_bytes(), path)
        for name, table in tables.items():
            check_records(table, name, path)
    except DatabaseError as error:
        return Health(path, str(error), {})
    except OSError as error:
        return Health(path, f"Cannot read {path}: {error.strerror}.", {})
    return Health(path, None, {name: len(table) for name, table in tables.items() if name != "meta"})


def describe(health: Health) -> str:
    stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(backup_time(health.path)))
    if not health.ok:
        return f"{stamp}  damaged  {health.path}"
    return (
        f"{stamp}  ok  {health.counts.get('people', 0)} people, "
        f"{health.counts.get('conversations', 0)} conversations  {health.path}"
    )


def restore_newest(store: Store) -> tuple[Health, Path | None]:
    """Put back the newest good backup; the current (damaged) file is saved aside first."""
    for backup in store.backups():
        health = check(backup)
        if not health.ok:
            continue
        aside = None
        if store.path.exists():
            aside = store.path.with_name(f"{store.path.name}.damaged-{time.strftime('%Y%m%dT%H%M%S')}")
            store.path.rename(aside)
        write_file(store.path, backup.read_bytes())
        journal.discard(store.path)  # saves made after the damaged file, not after the backup
        store.invalidate()
        return health, aside
    raise DatabaseError(f"No good backup of {store.path} was found in {store.backup_dir}.")


def forget_in_backups(store: Store, person_id: str) -> int:
    """Scrub the person out of every backup; returns how many backups changed."""
    changed = 0
    for backup in store.backups():
        try:
            tables = parse(backup.read_bytes(), backup)
            for name, table in tables.items():
                check_records(table, name, backup)
        except (DatabaseError, OSError):
            continue
        if scrub(tables, person_id):
            write_file(backup, serialize(tables))
            changed += 1
    return changed
