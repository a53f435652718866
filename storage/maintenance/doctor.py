"""Checking the database, listing backups, putting back the newest good one, and scrubbing a
forgotten person out of every backup."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nettui.storage.domain.text import counted
from nettui.storage.domain.validation import describe, problems
from nettui.storage.engine import Backup, Health, inspect
from nettui.storage.errors import DatabaseError
from nettui.storage.repository import Repository

__all__ = ["Health", "check", "describe_backup", "restore_newest"]


def records(path: Path) -> Callable[[dict[str, Any]], str | None]:
    """What is wrong with a file's records, as ``inspect`` asks: the first few, one line."""

    def check(tables: dict[str, Any]) -> str | None:
        found = problems(tables, limit=3)
        return "; ".join(describe(path, *problem) for problem in found) or None

    return check


def check(repo: Repository) -> Health | None:
    """The health of the database file, or None when there is none yet."""
    return inspect(repo.path, records(repo.path)) if repo.path.exists() else None


def describe_backup(backup: Backup) -> str:
    health = inspect(backup.path, records(backup.path))
    stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(backup.made))
    if not health.ok:
        return f"{stamp}  damaged  {backup.path}"
    return (
        f"{stamp}  ok  {counted(health.counts.get('people', 0), 'person', 'people')}, "
        f"{counted(health.counts.get('conversations', 0), 'conversation')}  {backup.path}"
    )


def restore_newest(repo: Repository) -> tuple[Health, Backup, object]:
    """Put back the newest good backup; the current (damaged) file is saved aside first."""
    for backup in repo.db.backups():
        health = inspect(backup.path, records(backup.path))
        if health.ok:
            aside = repo.db.restore_backup(backup)
            return health, backup, aside
    raise DatabaseError(f"No good backup of {repo.path} was found in {repo.db.backups_folder}.")
