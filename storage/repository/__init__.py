"""The repository the CLI and the dashboard share: models in, models out, through the engine's
one door (``engine.Database``). Each area is a module of its own: ``records`` (the plumbing:
model caches, writes through TinyDB, settings), ``people``, ``plans``, ``conversations``,
``method`` (strengths, reflections, communities, introductions)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from nettui.storage import clock
from nettui.storage.domain.models import TOMBSTONES, Model
from nettui.storage.domain.rollups import CONVERSATION_ROLLUPS
from nettui.storage.repository.merging import MergingRecords
from nettui.storage.repository.method import DEFAULT_WEEKLY_CAP, MethodRecords
from nettui.storage.repository.records import default_path

if TYPE_CHECKING:
    from nettui.storage.engine import Backup, Change

__all__ = ["DEFAULT_WEEKLY_CAP", "Repository", "default_path"]


class Repository(MergingRecords, MethodRecords):
    """All reads and writes of one nettui database."""

    def __init__(self, path: Path | str | None = None) -> None:
        super().__init__(path)
        self.db.keep_rollup(CONVERSATION_ROLLUPS)

    def warm(self) -> None:
        """Build what the first action will need (models, rollups, a checked file) ahead of it."""
        self.people_by_id()
        self.plans()
        self.follow_ups()
        self.rollups()
        self.db.warm()

    def bulk_insert(self, rows: dict[str, list[Model]]) -> None:
        """Insert many models in one atomic write (demo data)."""
        with self.transaction():
            for name, models in rows.items():
                self._insert_many(name, models)

    def undo(self, changes: list[Change]) -> None:
        """Put back what ``changes`` changed (``Database.undo``), as a sync should see it: a
        record the undo removes is deleted (a tombstone), one it brings back is changed now
        (so a deletion that already travelled does not take it again)."""
        from tinydb import Query

        with self.transaction() as tiny:
            self.db.undo(changes)
            gone = [c.after["id"] for c in changes if c.before is None and _record_id(c.after, c.table)]
            self._tombstones(tiny, gone)
            back = [
                (c.table, c.before["id"])
                for c in changes
                if c.after is None and _record_id(c.before, c.table)
            ]
            for table, record_id in back:
                tiny.table(table).update({"updated": clock.stamp()}, Query().id == record_id)

    def create_empty(self) -> None:
        """Write a database with nothing in it yet, if there is none."""
        with self.transaction():
            if not self.db.exists():
                self.db.rewrite()

    def check(self, max_bytes: int | None = None) -> None:
        """Check the tables still in file bytes (a damaged file is one sentence)."""
        self.db.check(max_bytes=max_bytes)

    @property
    def backups_folder(self) -> Path:
        """Where the rotating backups of this database live."""
        return self.db.backups_folder

    def backups(self) -> list[Backup]:
        """The backups nettui made of this database, newest first."""
        return self.db.backups()

    @property
    def version(self) -> str:
        """The version of the database as stored now (changes with every write, anywhere)."""
        return self.db.version

    def snapshot(self) -> bytes:
        """Everything durably stored, as file bytes (a JSON export): refused when a record
        edited in by hand breaks the rules, as every write is."""
        self.check_records()
        return self.db.snapshot()

    def stored(self) -> dict[str, Any]:
        """Everything durably stored, as plain tables (tests, exports)."""
        import orjson

        return orjson.loads(self.db.snapshot())

    def replace_everything(self, tables: dict[str, dict[str, dict[str, Any]]]) -> None:
        """The database becomes ``tables`` in one atomic whole-file write, after a backup of
        the file as it was (a restore). Document ids are kept."""
        from tinydb.table import Document

        with self.transaction() as tiny:
            self.db.backup_now()
            tiny.drop_tables()
            for name, table in tables.items():
                tiny.table(name).insert_multiple(Document(doc, doc_id=int(key)) for key, doc in table.items())
            self.db.rewrite()


def _record_id(doc: dict[str, Any] | None, table: str) -> bool:
    """Whether an undone change was to one of nettui's records (not bookkeeping: tombstones)."""
    return doc is not None and isinstance(doc.get("id"), str) and table not in (TOMBSTONES, "forgotten")
