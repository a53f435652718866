"""Data derived from one table, kept beside the database so start-up never walks it all.

The engine knows nothing of what is summed: a :class:`RollupSpec` from the domain says how to
build the rollup from the table's documents, how to count more documents in, and how it looks
as JSON. The engine keeps it current: a write that only adds documents to the table carries it
forward; any other change rebuilds it (or drops it, to be rebuilt when next asked for).

``<database>.<name>`` names the version of the table it describes; any mismatch (a crash
between the two writes, a hand edit the checksum revealed, an older nettui) means it is
rebuilt from the table, never trusted. It is written without fsync (losing it costs a rebuild),
after each whole-file write; after a quick save (a journal line) only in memory, until the
journal is folded into the file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

import orjson

from nettui.storage.engine.reading import paused_gc
from nettui.storage.engine.store import Commit, Store
from nettui.storage.errors import DatabaseError

R = TypeVar("R")


class RollupSpec(Protocol, Generic[R]):
    name: str  # the file's suffix: <database>.<name>
    table: str  # the table it sums
    format: int  # bump when the JSON shape changes

    def build(self, docs: Iterable[dict[str, Any]]) -> R: ...

    def with_added(self, rollup: R, docs: list[dict[str, Any]]) -> R:
        """A new rollup with ``docs`` counted in; ``rollup`` stays as it was for its readers."""
        ...

    def dump(self, rollup: R) -> Any: ...

    def load(self, data: Any) -> R: ...


class Rollups:
    """The rollups of one store, kept current on every commit."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._specs: dict[str, RollupSpec[Any]] = {}
        self._current: dict[str, tuple[str, Any]] = {}  # spec name → (table version, rollup)
        self._unsaved: set[str] = set()  # carried forward over quick saves, not yet written
        store.hooks.append(self._carry)

    def _path(self, spec: RollupSpec[Any]) -> Path:
        return self._store.path.with_name(f"{self._store.path.name}.{spec.name}")

    def register(self, spec: RollupSpec[Any]) -> None:
        """Keep ``spec``'s rollup current on every commit from now on."""
        self._specs[spec.name] = spec

    def get(self, spec: RollupSpec[R]) -> R:
        """The rollup for the table as it is now: kept in memory, else read from beside the
        database, else built from the table (and saved for next time)."""
        self._specs[spec.name] = spec
        store = self._store
        with store.reading() as state:
            pending = state.pending(spec.table)
            if pending is not None and not pending.verified:
                store.check()  # a hand edit shows here, as a new version of the table
                state = store.state()
            version = state.version_of(spec.table)
            current = self._current.get(spec.name)
            if current is None or current[0] != version:
                current = self._read(spec)
            if current is None or current[0] != version:
                current = (version, self._build(spec, state.table(spec.table).values()))
                if store.path.exists():  # no database yet (a first run): nothing beside it
                    self._save(spec, *current)
            self._current[spec.name] = current
            return current[1]  # type: ignore[no-any-return]

    def _carry(self, commit: Commit) -> None:
        state = commit.state
        for spec in self._specs.values():
            before = commit.versions_before.get(spec.table)
            after = state.version_of(spec.table)
            if before != after:
                self._carry_one(spec, commit, before, after)
            if not commit.journaled and spec.name in self._unsaved:
                current = self._current.get(spec.name)
                if current is not None and current[0] == state.version_of(spec.table):
                    self._save(spec, *current)
                self._unsaved.discard(spec.name)

    def _carry_one(self, spec: RollupSpec[Any], commit: Commit, before: str | None, after: str) -> None:
        state, changes = commit.state, commit.changes
        current = self._current.get(spec.name)
        if changes.only_inserted(spec.table):
            if current is None or current[0] != before:
                current = self._read(spec)
            if current is not None and current[0] == before:
                added = changes.inserted.get(spec.table, [])
                self._keep(spec, (after, spec.with_added(current[1], added)), commit.journaled)
                return
        if state.pending(spec.table) is None:  # parsed already: rebuilding costs no parse
            self._keep(spec, (after, self._build(spec, state.table(spec.table).values())), commit.journaled)
        else:
            self._current.pop(spec.name, None)
            self._unsaved.discard(spec.name)
            with contextlib.suppress(OSError):
                self._path(spec).unlink()

    def _keep(self, spec: RollupSpec[Any], current: tuple[str, Any], journaled: bool) -> None:
        self._current[spec.name] = current
        if journaled:
            self._unsaved.add(spec.name)
        else:
            self._save(spec, *current)

    def _build(self, spec: RollupSpec[R], docs: Iterable[dict[str, Any]]) -> R:
        try:
            return spec.build(docs)
        except ValueError as error:  # a record the spec cannot count: named, in one sentence
            raise DatabaseError(f"{self._store.path}: {error}.") from None

    def _read(self, spec: RollupSpec[R]) -> tuple[str, R] | None:
        try:
            raw = self._path(spec).read_bytes()
            with paused_gc():
                data = orjson.loads(raw)
            if data.get("format") != spec.format:
                return None
            return str(data["version"]), spec.load(data["data"])
        except (OSError, orjson.JSONDecodeError, AttributeError, KeyError, TypeError, ValueError):
            return None

    def _save(self, spec: RollupSpec[R], version: str, rollup: R) -> None:
        target = self._path(spec)
        payload = {"format": spec.format, "version": version, "data": spec.dump(rollup)}
        temp = ""
        try:
            fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(orjson.dumps(payload))
            os.replace(temp, target)
            temp = ""
        except OSError:
            pass
        finally:
            if temp:
                with contextlib.suppress(OSError):
                    os.unlink(temp)

    def discard(self) -> None:
        """Remove every rollup file (forget)."""
        self._current.clear()
        for spec in self._specs.values():
            with contextlib.suppress(OSError):
                self._path(spec).unlink()
