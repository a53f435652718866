"""The one door into the engine: everything outside it reads, writes, checks and backs up the
database through a :class:`Database`.

Reads give plain documents (never to be changed); every write is TinyDB's Table API inside
:meth:`Database.transaction`. ``version`` and ``table_version`` say which state a reader saw
(see ``state``): anything made from a version is current while the version stays the same.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from tinydb import TinyDB
from tinydb.storages import MemoryStorage

from nettui.storage.engine import journal
from nettui.storage.engine.backups import Backup
from nettui.storage.engine.files import write_file
from nettui.storage.engine.reading import META, SCHEMA_VERSION, load, parse_whole
from nettui.storage.engine.rollup import Rollups, RollupSpec
from nettui.storage.engine.serialize import serialize_state, serialize_tables
from nettui.storage.engine.state import new_version
from nettui.storage.engine.store import WHOLE_TABLES, Change, Store
from nettui.storage.errors import ChangedElsewhere, DatabaseError, InputError

R = TypeVar("R")


@dataclasses.dataclass(frozen=True)
class Health:
    """What checking one database or backup file found."""

    path: Path
    problem: str | None
    counts: dict[str, int]

    @property
    def ok(self) -> bool:
        return self.problem is None


def inspect(path: Path, records: Callable[[dict[str, Any]], str | None] | None = None) -> Health:
    """Read and check one database or backup file, whole; ``records`` says what is wrong with
    the records themselves (the domain's rules), or None."""
    try:
        if path.is_dir():
            raise DatabaseError(f"{path} is a directory, not a nettui database file.")
        tables = parse_whole(path.read_bytes(), path)
    except DatabaseError as error:
        return Health(path, str(error), {})
    except OSError as error:
        return Health(path, f"Cannot read {path}: {error.strerror}.", {})
    tables.pop(META, None)
    problem = records(tables) if records is not None else None
    return Health(path, problem, {name: len(table) for name, table in tables.items()})


def read_tables(raw: bytes, path: Path) -> tuple[dict[str, dict[str, Any]], dict[str, str], bool]:
    """Every table of a database file's bytes, parsed (any layout; an older schema migrated),
    without meta; each table's version from the table of contents; and whether the file is in
    nettui's own layout. DatabaseError for bytes that are no TinyDB file."""
    state = load(raw, path, "file")
    tables = {name: dict(state.table(name)) for name in state.names() if name != META}
    versions = {name: state.versions[name] for name in tables if name in state.versions}
    return tables, versions, state.own_layout


def file_bytes(tables: Mapping[str, Mapping[str, Any]], versions: Mapping[str, str] | None = None) -> bytes:
    """Plain tables as a whole database file in nettui's layout, current schema, a new version
    (a table's own version kept where ``versions`` gives it: what was derived from it stays
    valid)."""
    version = new_version()
    record = {"schema_version": SCHEMA_VERSION, "version": version}
    plain = {name: dict(table) for name, table in tables.items() if name != META}
    return serialize_tables(plain, record, {n: v for n, v in (versions or {}).items() if n in plain})


def _replacing(new: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    def replace(doc: dict[str, Any]) -> None:
        doc.clear()
        doc.update(new)

    return replace


class Database:
    """One nettui database file."""

    def __init__(self, path: Path | str, *, own_folder: bool = False) -> None:
        """``own_folder``: nettui made the folder (the default location), so it may repair
        its permissions; any other folder writable by others is refused."""
        self._store = Store(path, own_folder=own_folder)
        self._rollups = Rollups(self._store)

    # -- where ------------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        return self._store.path

    @property
    def backups_folder(self) -> Path:
        return self._store.backups.folder

    def exists(self) -> bool:
        return self.path.exists()

    # -- reading ----------------------------------------------------------------------------

    @property
    def tinydb(self) -> TinyDB:
        """TinyDB over this database: queries anywhere, writes inside :meth:`transaction`."""
        return self._store.tinydb

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """Hold the memory still while walking documents (a writer thread waits meanwhile)."""
        with self._store.reading():
            yield

    def documents(self, name: str) -> Mapping[str, dict[str, Any]]:
        """A table's documents by doc id, parsed if still in file bytes. Read them only."""
        with self._store.reading() as state:
            return state.table(name)

    def lines_containing(self, name: str, needle: str) -> list[bytes] | None:
        """Raw record lines (``"id": {...}``) of a table still in file bytes that contain
        ``needle``, so one person's records are found without parsing 100,000; None when the
        table is parsed (then read :meth:`documents`)."""
        with self._store.reading() as state:
            pending = state.pending(name)
            if pending is None:
                return None
            if not pending.verified:
                self._store.check()
            return pending.lines_containing(needle.encode())

    def in_bytes(self, name: str) -> bool:
        """Whether a table is still in file bytes, never parsed (benchmarks and tests)."""
        with self._store.reading() as state:
            return state.pending(name) is not None

    @property
    def version(self) -> str:
        """The version of the whole database (file and journal) as it is now."""
        return self._store.state().version

    def untrusted_tables(self) -> list[str]:
        """Tables whose contents nettui did not write (edited by hand, or a file in another
        layout): their records must be checked before anything is written next to them.
        Checks the tables in file bytes first."""
        self._store.check()
        with self._store.reading() as state:
            return sorted(state.untrusted)

    def written_by_nettui(self, name: str) -> bool:
        """Whether a table read already is exactly as nettui wrote it (its checksum matched):
        then its records need no checking; a table edited by hand, or in a file of another
        layout, does."""
        with self._store.reading() as state:
            return name not in state.untrusted

    def table_version(self, name: str) -> str:
        return self._store.state().version_of(name)

    def refresh(self) -> None:
        """Reload now if another process changed the file (a damaged file fails here)."""
        self._store.state()

    def keep_rollup(self, spec: RollupSpec[R]) -> None:
        """Carry ``spec``'s rollup forward on every write from now on."""
        self._rollups.register(spec)

    def rollup(self, spec: RollupSpec[R]) -> R:
        """Data derived from one table, current for its version (see ``rollup``)."""
        return self._rollups.get(spec)

    # -- writing ----------------------------------------------------------------------------

    def transaction(self) -> contextlib.AbstractContextManager[TinyDB]:
        """Lock the file and bring memory up to date; changes made through the TinyDB it yields
        are committed once at the end (and discarded on an exception). Nested calls join."""
        return self._store.transaction()

    def recording(self) -> contextlib.AbstractContextManager[list[Change]]:
        """Collect the documents this thread's transactions change while inside (to undo)."""
        return self._store.recording()

    def undo(self, changes: list[Change]) -> None:
        """Put every document back as it was before ``changes``, in one transaction; if any of
        them was changed again since, nothing is undone (ChangedElsewhere)."""
        from tinydb.table import Document

        if WHOLE_TABLES in changes:
            raise InputError("That change replaced whole tables; it cannot be undone.")
        with self.transaction() as tiny:
            state = self._store.state()
            if any(state.table(c.table).get(c.key) != c.after for c in changes):
                raise ChangedElsewhere("it was changed again since, so nothing was undone.", [])
            for change in reversed(changes):
                table, doc_id = tiny.table(change.table), int(change.key)
                exists = state.table(change.table).get(change.key) is not None
                if change.before is None:
                    if exists:
                        table.remove(doc_ids=[doc_id])
                elif exists:
                    table.update(_replacing(change.before), doc_ids=[doc_id])
                else:
                    table.insert(Document(change.before, doc_id=doc_id))

    def hold(self) -> contextlib.AbstractContextManager[None]:
        """Hold the file still for another program (git): every save written into the file
        itself first, every other reader and writer waiting; memory reloads afterwards."""
        return self._store.hold()

    def rewrite(self) -> None:
        """Inside a transaction: commit by writing the whole file (a restore, an import)."""
        self._store.rewrite()

    @property
    def quick_saves(self) -> bool:
        return self._store.quick_saves

    @quick_saves.setter
    def quick_saves(self, on: bool) -> None:
        """Saves append to the journal (fsynced) instead of rewriting the file; :meth:`flush`
        writes them in. The dashboard turns this on."""
        self._store.quick_saves = on

    def flush(self) -> None:
        """Write journaled saves into the database file and drop the journal."""
        self._store.fold_journal()

    def check(self, pause: Callable[[], None] | None = None, max_bytes: int | None = None) -> None:
        """Check every table still in file bytes (or those up to ``max_bytes``)."""
        self._store.check(pause, max_bytes)

    def warm(self) -> None:
        """Ahead of the first save: check the tables, letting other threads run between pieces,
        and serialize the parsed records once."""
        self._store.check(pause=lambda: time.sleep(0))
        with self._store.reading() as state:
            serialize_state(state, {})

    def snapshot(self) -> bytes:
        """The current state as file bytes (an export)."""
        with self._store.reading() as state:
            return b"".join(
                serialize_state(state, {"schema_version": SCHEMA_VERSION, "version": state.version})
            )

    # -- backups and repair -----------------------------------------------------------------

    def backups(self) -> list[Backup]:
        """The backups nettui made, newest first."""
        return self._store.backups.list()

    def backup_now(self) -> Path | None:
        """Keep the current file as a backup now (before a restore); None if there is none."""
        return self._store.backups.make() if self.exists() else None

    def restore_backup(self, backup: Backup) -> Path | None:
        """Put ``backup`` back as the database; the current file is kept aside (its path is
        returned), journaled saves made after the damaged file are dropped."""
        with self._store.exclusive():
            aside = None
            if self.path.exists():
                stamp = time.strftime("%Y%m%dT%H%M%S")
                aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
                count = 1
                while aside.exists():  # two restores in one second: never one over the other
                    count += 1
                    aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}-{count}")
                self.path.rename(aside)
            write_file(self.path, backup.path.read_bytes())
            journal.discard(self.path)
        self._store.invalidate()
        return aside

    def copies(self) -> list[Path]:
        """Every copy of the database nettui may have left: every file in its backups folder
        (recorded in the manifest or not), and files set aside by ``doctor --restore``."""
        aside = sorted(self.path.parent.glob(f"{self.path.name}.damaged-*"))
        return [*self._store.backups.files(), *aside]

    def read_copies(self, table: str) -> list[dict[str, Any]]:
        """The documents of one table in every readable copy (finding someone deleted earlier)."""
        found: list[dict[str, Any]] = []
        for path in self.copies():
            with contextlib.suppress(DatabaseError, OSError):
                found += parse_whole(path.read_bytes(), path).get(table, {}).values()
        return found

    def unreadable_copies(self) -> list[Path]:
        """Copies too damaged to read: forget can only remove them (say so before it does)."""
        found = []
        for path in self.copies():
            try:
                parse_whole(path.read_bytes(), path)
            except (DatabaseError, OSError):
                found.append(path)
        return found

    def rewrite_copies(self, change: Callable[[TinyDB], bool]) -> tuple[int, list[Path]]:
        """Run ``change`` on each copy (opened as an in-memory TinyDB) and write back those it
        changed; a copy too damaged to read is removed (nothing can be taken out of it). The
        number rewritten and the damaged copies removed (forget)."""
        rewritten, removed = 0, []
        for path in self.copies():
            try:
                tables = parse_whole(path.read_bytes(), path)
            except (DatabaseError, OSError):
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed.append(path)
                continue
            meta = tables.pop(META, {}) or {}
            memory = TinyDB(storage=MemoryStorage)
            memory.storage.write(tables)
            if change(memory):
                record = {k: v for k, v in meta.get("1", {}).items() if k not in ("toc", "layout")}
                write_file(path, serialize_tables(memory.storage.read() or {}, record))
                rewritten += 1
        return rewritten, removed

    def sidecars(self) -> list[Path]:
        """Files nettui keeps beside the database that exist now (journal, rollups, lock)."""
        folder, name = self.path.parent, self.path.name
        return sorted(p for p in folder.glob(f"{name}.*") if p.is_file() and p != self.path)

    def forget_derived(self) -> None:
        """Remove the rollups, rebuilt from the file when next needed."""
        self._rollups.discard()
