"""The repository's plumbing: models in and out of TinyDB tables, cached per table version.

TinyDB documents never leave the repository. Reads come from per-table model caches rebuilt
only when the table's version changed; our own writes carry the cache over instead of
rebuilding 100,000 models. Every write is TinyDB's Table API inside a transaction.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import platformdirs
from tinydb import TinyDB

from nettui.storage import clock
from nettui.storage.domain.models import DERIVED, TOMBSTONES, Model
from nettui.storage.domain.validation import describe, table_problems
from nettui.storage.engine import Database, paused_gc
from nettui.storage.errors import ChangedElsewhere, DatabaseError, NotFoundError

M = TypeVar("M", bound=Model)


def data_folder() -> Path:
    """The platform's user data folder for nettui (``~/.local/share/nettui`` on Linux)."""
    return Path(platformdirs.user_data_dir("nettui", appauthor=False))


def default_path() -> Path:
    """``NETTUI_DB``, else the platform's user data folder."""
    env = os.environ.get("NETTUI_DB")
    if env:
        return Path(env).expanduser()
    return data_folder() / "nettui.json"


def replacing(new: dict[str, Any]) -> Any:
    """A TinyDB update that replaces the whole document (fields left out are removed)."""

    def replace(doc: dict[str, Any]) -> None:
        doc.clear()
        doc.update(new)

    return replace


class _Cached:
    __slots__ = ("doc_ids", "models", "version")

    def __init__(self, version: str, models: dict[str, Any], doc_ids: dict[str, int]) -> None:
        self.version, self.models, self.doc_ids = version, models, doc_ids


class Records:
    """Models of each table by id, and the writes that keep them current."""

    def __init__(self, path: Path | str | None = None) -> None:
        where = Path(path).expanduser() if path is not None else default_path()
        self.db = Database(where, own_folder=where.parent == data_folder())
        self._cache: dict[str, _Cached] = {}
        self._valid: dict[str, str] = {}  # table → the version whose records were all checked

    @property
    def path(self) -> Path:
        return self.db.path

    @contextlib.contextmanager
    def transaction(self) -> Iterator[TinyDB]:
        """Changes made inside are written together, under the lock; a table edited by hand
        with a bad record stops them first (one sentence, nothing written)."""
        with self.db.transaction() as tiny:
            self.check_records()
            yield tiny

    def check_records(self) -> None:
        """Every record of the tables nettui did not write itself, with the forms' rules."""
        for name in self.db.untrusted_tables():
            self._checked(name)

    def refresh(self) -> None:
        """Reload if another process changed the file (a damaged file fails here)."""
        self.db.refresh()

    def _checked(self, name: str) -> Any:
        """A table's documents; in a table nettui did not write as it is (edited by hand, another
        layout), every record checked once per version (``domain.validation``). A table whose
        checksum matched holds what nettui wrote: checking 10,000 records again would cost a
        third of a second on every start."""
        with self.db.reading():
            version = self.db.table_version(name)
            raw = self.db.documents(name)
            if self._valid.get(name) != version and not self.db.written_by_nettui(name):
                bad = table_problems(name, raw, limit=1)
                if bad:
                    raise DatabaseError(describe(self.path, name, *bad[0]))
                self._valid[name] = version
            return raw

    def _table(self, name: str, cls: type[M]) -> tuple[dict[str, M], dict[str, int]]:
        """Models of one table by id, and TinyDB doc ids by model id."""
        with self.db.reading():
            version = self.db.table_version(name)
            cached = self._cache.get(name)
            if cached is not None and cached.version == version:
                return cached.models, cached.doc_ids
            raw = self._checked(name)
            models: dict[str, M] = {}
            doc_ids: dict[str, int] = {}
            with paused_gc():
                for key, doc in raw.items():
                    model = cls.from_doc(doc)
                    models[model.id] = model  # type: ignore[attr-defined]
                    doc_ids[model.id] = int(key)  # type: ignore[attr-defined]
            self._cache[name] = _Cached(version, models, doc_ids)
            return models, doc_ids

    def documents(self, name: str) -> list[dict[str, Any]]:
        """A table's stored documents, for whole-table scans that must not build 100,000
        models (insights, the weekly battery). Read them; never change them."""
        with self.db.reading():
            return list(self._checked(name).values())

    # -- writes -----------------------------------------------------------------------------

    def _insert(self, name: str, model: Model) -> int:
        with self.transaction() as tiny:
            before = self.db.table_version(name)
            doc_id = tiny.table(name).insert(model.to_doc())
            self._patch(name, before, {model.id: (model, doc_id)}, [])  # type: ignore[attr-defined]
        return doc_id

    def _update(self, name: str, model: Any, *, edited: bool = True) -> None:
        """Replace the stored record with ``model``; ``edited`` stamps it (``updated``), which a
        change of derived fields only (``models.DERIVED``) does not."""
        if edited:
            model.updated = clock.stamp()
        with self.transaction() as tiny:
            _, doc_ids = self._table(name, type(model))
            before = self.db.table_version(name)
            tiny.table(name).update(replacing(model.to_doc()), doc_ids=[doc_ids[model.id]])
            self._patch(name, before, {model.id: (model, doc_ids[model.id])}, [])

    def _remove(self, name: str, cls: type[Model], ids: list[str]) -> None:
        if not ids:
            return
        with self.transaction() as tiny:
            _, doc_ids = self._table(name, cls)
            before = self.db.table_version(name)
            tiny.table(name).remove(doc_ids=[doc_ids[i] for i in ids if i in doc_ids])
            self._patch(name, before, {}, ids)
            self._tombstones(tiny, [i for i in ids if i in doc_ids])

    def _tombstones(self, tiny: TinyDB, ids: Iterable[str]) -> None:
        """Note that these records were deleted here, and when (ids only, nothing of what they
        held): a merge with another machine's copy then deletes them there too, where it
        would otherwise take their absence for a copy that never had them (a restore)."""
        known = {doc.get("id") for doc in self.db.documents(TOMBSTONES).values()}
        now = clock.stamp()
        fresh = [{"id": i, "at": now} for i in dict.fromkeys(ids) if i not in known]
        if fresh:
            tiny.table(TOMBSTONES).insert_multiple(fresh)

    @contextlib.contextmanager
    def _deleting(self, tiny: TinyDB, tables: Iterable[str]) -> Iterator[None]:
        """Tombstones for every record of ``tables`` that the block removes."""
        names = list(tables)
        before = {name: self._ids(name) for name in names}
        yield
        self._tombstones(tiny, [i for name in names for i in before[name] - self._ids(name)])

    def _ids(self, name: str) -> set[str]:
        return {doc["id"] for doc in self.db.documents(name).values() if isinstance(doc.get("id"), str)}

    def _update_fields(
        self,
        name: str,
        cls: type[M],
        model_id: str,
        changes: dict[str, Any],
        expected: dict[str, Any] | None = None,
        *,
        what: str = "record",
    ) -> tuple[M, dict[str, Any]]:
        """Set ``changes`` (field → value) on the record as it is now, under the lock: the one
        read-modify-write. ``expected`` holds the values the user saw for those fields; if any
        of them was changed elsewhere meanwhile to something else, nothing is saved
        (ChangedElsewhere). Returns the saved model and the previous values (to undo)."""
        with self.transaction():
            models, _ = self._table(name, cls)
            current = models.get(model_id)
            if current is None:
                raise NotFoundError(
                    f"That {what} no longer exists (deleted elsewhere meanwhile): nothing was saved."
                )
            fresh = cls.from_doc(current.to_doc())
            previous = {field: getattr(fresh, field) for field in changes}
            conflicts = [
                (field, previous[field], value)
                for field, value in changes.items()
                if expected is not None
                and field in expected
                and previous[field] != expected[field]
                and previous[field] != value
            ]
            if conflicts:
                shown = "; ".join(
                    f"{f.replace('_', ' ')} is now {now!r}, yours {mine!r}" for f, now, mine in conflicts
                )
                raise ChangedElsewhere(
                    f"Changed elsewhere meanwhile ({shown}): nothing was saved.", conflicts
                )
            for field, value in changes.items():
                setattr(fresh, field, value)
            self._update(name, fresh, edited=not changes.keys() <= DERIVED)
        return fresh, previous

    def _insert_many(self, name: str, models: list[Model]) -> None:
        if models:
            with self.transaction() as tiny:
                tiny.table(name).insert_multiple(m.to_doc() for m in models)

    def _patch(
        self, name: str, before: str, changed: dict[str, tuple[Model, int]], removed: list[str]
    ) -> None:
        """Carry the model cache over our own write instead of rebuilding 100,000 models."""
        cached = self._cache.get(name)
        after = self.db.table_version(name)
        if cached is None or cached.version != before or after == before:
            return
        models, doc_ids = dict(cached.models), dict(cached.doc_ids)  # readers may hold the old ones
        for model_id, (model, doc_id) in changed.items():
            models[model_id] = type(model).from_doc(model.to_doc())
            doc_ids[model_id] = doc_id
        for model_id in removed:
            models.pop(model_id, None)
            doc_ids.pop(model_id, None)
        self._cache[name] = _Cached(after, models, doc_ids)

    # -- settings ---------------------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        return self.db.documents("settings").get("1", {}).get(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        from tinydb.table import Document

        with self.transaction() as tiny:
            fields = {key: value, "updated": clock.stamp()}
            notes = self.setting("conflicts", [])
            kept = [n for n in notes if not (isinstance(n, dict) and n.get("field") == key)]
            if len(kept) < len(notes):
                fields["conflicts"] = kept  # set again: the choice is made, the note goes
            tiny.table("settings").upsert(Document(fields, doc_id=1))
