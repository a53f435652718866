"""Copies of the database that other tools leave beside it, and merging any copy in.

Syncthing names a conflict ``nettui.sync-conflict-20261206-101500-ABCDEFG.json``; Dropbox and
Nextcloud ``nettui (Laptop's conflicted copy 2026-12-06).json``. With no common copy to compare
with, a record in both keeps, field by field, the later change (the other value goes into its
conflict list); a record in one only is kept.
"""

from __future__ import annotations

import dataclasses
import glob
from pathlib import Path
from typing import TYPE_CHECKING

from nettui.storage.domain.text import counted

if TYPE_CHECKING:
    from nettui.storage.repository import Repository

# Every command looks for conflict copies as it starts: the merging is imported only to merge.


def conflict_copies(database: Path) -> list[Path]:
    """Conflict copies of ``database`` in its folder, oldest name first."""
    stem, suffix = glob.escape(database.stem), glob.escape(database.suffix)
    found: set[Path] = set()
    for pattern in (f"{stem}.sync-conflict-*{suffix}", f"{stem} (*conflicted copy*){suffix}"):
        found.update(p for p in database.parent.glob(pattern) if p.is_file())
    return sorted(found)


def notice(database: Path) -> str | None:
    """One sentence about the conflict copies beside the database, naming the command."""
    try:
        copies = conflict_copies(database)
    except OSError:
        return None
    if not copies:
        return None
    first = copies[0]
    more = f" (and {len(copies) - 1} more)" if len(copies) > 1 else ""
    return f"A conflict copy of the database is beside it{more}: merge it with `nettui sync merge '{first}'`."


@dataclasses.dataclass(frozen=True)
class MergedCopy:
    copy: Path
    summary: str  # what changed in the database
    conflicts: int
    moved_to: Path | None  # a conflict copy, set aside into the backups folder

    def lines(self) -> list[str]:
        said = [
            f"Merged {self.copy.name}: {self.summary}."
            if self.summary != "no changes"
            else f"{self.copy.name} held nothing new."
        ]
        if self.conflicts:
            said.append(
                f"{counted(self.conflicts, 'field')} differed: the later "
                "change is kept, the other is listed on the record (the person's page shows it)."
            )
        if self.moved_to is not None:
            said.append(f"The copy is now in {self.moved_to.parent} with the backups.")
        return said


def merge_copy(repo: Repository, copy: Path) -> MergedCopy:
    """Merge ``copy`` into the database, under the lock, in one atomic write after a backup."""
    from nettui.storage.sync.files import merge_tables, read_database
    from nettui.storage.sync.git import SyncError
    from nettui.storage.sync.summary import changed_records, describe

    copy = copy.expanduser()
    if not copy.is_file():
        raise SyncError(f"There is no file at {copy}.")
    if copy.resolve() == repo.path.resolve():
        raise SyncError(f"{copy} is the database itself: give another copy of it.")
    found = read_database(copy)
    assert found is not None
    theirs = found[0]
    with repo.transaction():
        ours = repo.stored()
        ours.pop("meta", None)
        merged = merge_tables(None, ours, theirs, copy)
        counts = changed_records(ours, merged.tables)
        if counts:
            repo.replace_everything(merged.tables)
    moved = _set_aside(repo, copy) if copy in conflict_copies(repo.path) else None
    return MergedCopy(copy, describe(counts), len(merged.conflicts), moved)


def _set_aside(repo: Repository, copy: Path) -> Path | None:
    """A conflict copy merged in goes to the backups folder, so it is not merged again."""
    import shutil

    target = repo.backups_folder / f"merged-{copy.name}"
    try:
        repo.backups_folder.mkdir(mode=0o700, exist_ok=True)
        shutil.move(copy, target)
    except OSError:
        return None
    return target
