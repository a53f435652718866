"""The repository the CLI and the dashboard share: models in, models out, through the engine's
one door (``engine.Database``). Each area is a module of its own: ``records`` (the plumbing:
model caches, writes through TinyDB, settings), ``people``, ``plans``, ``conversations``,
``method`` (strengths, reflections, communities, introductions)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nettui.storage.domain.models import Model
from nettui.storage.domain.rollups import CONVERSATION_ROLLUPS
from nettui.storage.repository.merging import MergingRecords
from nettui.storage.repository.method import DEFAULT_WEEKLY_CAP, MethodRecords
from nettui.storage.repository.records import default_path

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

    def check(self, max_bytes: int | None = None) -> None:
        """Check the tables still in file bytes (a damaged file is one sentence)."""
        self.db.check(max_bytes=max_bytes)

    def stored(self) -> dict[str, Any]:
        """Everything durably stored, as plain tables (tests, exports)."""
        import orjson

        return orjson.loads(self.db.snapshot())
