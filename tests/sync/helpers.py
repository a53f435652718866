"""Two machines' copies of one database, changed through the repository as a user would, then
merged the way git's merge driver merges them."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from nettui.storage import clock
from nettui.storage.repository import Repository
from nettui.storage.sync.files import merge_files, read_database
from nettui.storage.sync.merge import identities


class Machines:
    """base.json, a.json (ours) and b.json (theirs) in one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.base = folder / "base.json"
        self.a_path, self.b_path = folder / "a.json", folder / "b.json"
        self.day = dt.date(2026, 11, 1)

    def start(self) -> Repository:
        return Repository(self.base)

    def split(self) -> tuple[Repository, Repository]:
        """Both machines start from the base."""
        for path in (self.a_path, self.b_path):
            shutil.copyfile(self.base, path)
        return Repository(self.a_path), Repository(self.b_path)

    def tick(self) -> None:
        """A later moment: the next change's ``updated`` stamp is later than every one before."""
        self.day += dt.timedelta(days=1)
        clock.set_today(self.day)

    def merged(self, first: Path | None = None, second: Path | None = None) -> dict[str, Any]:
        """``second`` merged into a copy of ``first`` (a into b's copy by default), as tables."""
        first, second = first or self.a_path, second or self.b_path
        ours = self.folder / f"merged-{first.stem}-{second.stem}.json"
        shutil.copyfile(first, ours)
        merge_files(self.base, ours, second)
        return tables(ours)


def tables(path: Path) -> dict[str, Any]:
    found = read_database(path)
    assert found is not None
    return dict(found[0])


def by_identity(tables_: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every table's records by identity: equal up to TinyDB's doc ids."""
    return {name: identities(name, table) for name, table in tables_.items() if table}


def people(tables_: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {doc["name"]: doc for doc in tables_.get("people", {}).values()}


def notes(tables_: dict[str, Any]) -> set[str]:
    return {doc.get("note", "") for doc in tables_.get("conversations", {}).values()}
