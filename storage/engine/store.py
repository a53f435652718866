"""The durable file behind TinyDB: read once, write through atomically, lock, back up.

* Reads come from memory; the file is re-read only when it (or its journal) changed on disk,
  so writes by another process show up and are never overwritten. Tables stay in file bytes
  until used (``reading.load``).
* Every committed change is serialized (``serialize``), written to a temp file in the same
  folder, fsynced, renamed over the database and the folder fsynced (``files``); or, for the
  dashboard, appended to the journal (``journal``). A failed write leaves the file as it was
  and drops the in-memory state, which is reloaded from the file on next use.
* An exclusive lock on a sidecar ``.lock`` file surrounds each read-modify-write.
* Rotating backups (hard links of the replaced file, so they cost no copy), files 0600,
  folders 0700, a schema version with forward migrations, stale temp files removed.
"""

from __future__ import annotations

import calendar
import contextlib
import dataclasses
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from nettui.storage.engine import journal
from nettui.storage.engine.files import os_reason, write_file
from nettui.storage.engine.layout import LAYOUT, LazyTables, Pending
from nettui.storage.engine.reading import SCHEMA_VERSION, Tables, load, schema_version
from nettui.storage.engine.serialize import TableCache, serialize_chunks
from nettui.storage.errors import DatabaseError

BACKUPS_KEPT = 10
BACKUP_INTERVAL = 600.0  # seconds between routine backups
LOCK_TIMEOUT = 15.0
TEMP_MAX_AGE = 300.0

Migration = Callable[[Tables], Tables]
Signature = tuple[int, int, int]


STAMPED = ("conversations",)  # tables whose every change gets a new stamp in meta


@dataclasses.dataclass(frozen=True)
class Commit:
    """What one committed transaction changed, for indexes kept beside the file."""

    stamps_before: dict[str, str]  # table → stamp of the state it started from
    stamps_after: dict[str, str]  # table → stamp of the state it wrote
    inserted: list[tuple[str, dict[str, Any]]]  # (table, document) added
    touched: frozenset[str]  # tables changed in any other way
    everything: bool  # whole tables were replaced (scrub, restore, migration)

    def only_inserted(self, name: str) -> bool:
        return not self.everything and name not in self.touched


def _from_plain_tinydb(tables: Tables) -> Tables:
    """Version 0: a TinyDB file with no schema record; the tables are already in shape."""
    return tables


MIGRATIONS: dict[int, Migration] = {0: _from_plain_tinydb}  # from version N to N + 1


def _signature(stat: os.stat_result) -> tuple[int, int, int]:
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def backup_time(path: Path) -> float:
    """When a backup was taken, from its name (hard links keep the old mtime)."""
    try:
        stamp = path.stem.split("-")[-2]
        return float(calendar.timegm(time.strptime(stamp, "%Y%m%dT%H%M%S")))
    except (IndexError, ValueError):
        return 0.0


class Store:
    """One database file, kept in memory and written through atomically."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path).expanduser()
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.backup_dir = self.path.with_name(self.path.name + ".backups")
        self._tables: LazyTables | None = None
        self._signature: tuple[int, int, int] | None = None
        self._dirty = False
        self._mutex = threading.RLock()
        self._file_lock: Any = None  # created on the first write: readers never need it
        self._in_transaction = 0
        self._swept = False
        self.generation = 0  # bumps whenever the in-memory state is replaced from disk
        self._versions: dict[str, int] = {}  # bumps whenever a table changes in place
        self._lines: dict[str, TableCache] = {}  # serialized records by table
        self.commit_hooks: list[Callable[[Commit], None]] = []  # run under the lock after a write
        self._sizes: dict[str, int] = {}
        self._journal_sig: tuple[int, int, int] | None = None
        self._foreign = True  # read whole from a file in another layout (or none yet)
        self.journaling = False  # the dashboard saves through the journal (see journal.py)
        self._start_changes({})

    # -- reading ----------------------------------------------------------------------------

    def exists(self) -> bool:
        return self.path.exists()

    def tables(self) -> LazyTables:
        """The current tables, reloaded first if the file changed on disk."""
        with self._mutex:
            if not self._in_transaction:
                self._refresh()
            assert self._tables is not None
            return self._tables

    def _stat(self) -> os.stat_result | None:
        try:
            return self.path.stat()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise DatabaseError(f"Cannot read {self.path}: {os_reason(error)}.") from None

    def _refresh(self) -> None:
        stat = self._stat()
        if stat is None:
            if self._tables is None or self._signature is not None:
                self._replace({}, None)
            return
        signature = _signature(stat)
        journal_signature = journal.signature(self.path)
        if self._tables is not None and (signature, journal_signature) == (
            self._signature,
            self._journal_sig,
        ):
            return
        if self.path.is_dir():
            raise DatabaseError(f"{self.path} is a directory, not a nettui database file.")
        try:
            raw = self.path.read_bytes()
        except OSError as error:
            raise DatabaseError(f"Cannot read {self.path}: {os_reason(error)}.") from None
        tables = load(raw, self.path)
        for ops in journal.read(self.path, journal.token_of(tables)):
            journal.apply(tables, ops)
        self._replace(tables, signature)
        self._journal_sig = journal_signature

    def serialized(self) -> bytes:
        """The current state as file bytes, taken under the lock against concurrent writes."""
        with self._mutex:
            return b"".join(serialize_chunks(self.tables()))

    def warm(self) -> None:
        """Ahead of the first save (the dashboard calls it after its first paint): check the
        tables still in file bytes, letting other threads run between pieces, and serialize
        parsed records once."""
        self.verify(pause=lambda: time.sleep(0))
        with self._mutex:
            if self._tables is not None:
                serialize_chunks(self._tables, self._lines)

    @property
    def signature(self) -> Signature | None:
        """(inode, size, mtime) of the file the memory holds; None before it exists."""
        return self._signature

    def stamp(self, name: str) -> str:
        """An id of the current contents of table ``name`` (one of :data:`STAMPED`): the stamp
        written with its every change, and its size in bytes where known (so a hand edit shows);
        a file nettui did not write in its own layout is named by its signature instead."""
        with self._mutex:
            tables = self.tables()
            meta = tables.get("meta", {}).get("1")
            stamps = meta.get("stamps") if isinstance(meta, dict) else None
            if self._foreign or not isinstance(stamps, dict) or not isinstance(stamps.get(name), str):
                return f"file:{self._signature}"
            pending = tables.pending(name)
            size = pending.size() if pending is not None else self._sizes.get(name, "?")
            return f"{stamps[name]}:{size}"

    @property
    def state(self) -> tuple[Signature | None, Signature | None]:
        """Which version of the database and its journal the memory holds."""
        return (self._signature, self._journal_sig)

    def _start_changes(self, before: dict[str, str]) -> None:
        self._before = before
        self._keys: dict[str, set[str] | None] = {}  # doc ids changed, by table (None: all)
        self._full_write = False
        self._inserted: list[tuple[str, dict[str, Any]]] = []
        self._touched: set[str] = set()
        self._everything = False

    def _changed(self, name: str) -> bool:
        return self._everything or name in self._touched or any(n == name for n, _ in self._inserted)

    def version(self, name: str) -> int:
        return self._versions.get(name, 0)

    def table_changed(self, name: str, key: str | None, inserted: dict[str, Any] | None = None) -> None:
        """A document of ``name`` was added (``inserted``), changed or removed in place
        (``key``: its doc id; None for the whole table)."""
        self._versions[name] = self._versions.get(name, 0) + 1
        if inserted is not None:
            self._inserted.append((name, inserted))
        else:
            self._touched.add(name)
        keys = self._keys.setdefault(name, set())
        if key is None:
            self._keys[name] = None
        elif keys is not None:
            keys.add(key)
        cached = self._lines.get(name)
        if cached is not None:
            cached.forget(key)

    def _replace(self, tables: Tables, signature: tuple[int, int, int] | None) -> None:
        self._foreign = not any(type(table) is Pending for table in dict.values(tables))
        self._sizes = {  # bytes of each table in the file; known only for nettui's own layout
            name: table.stop - table.start for name, table in dict.items(tables) if type(table) is Pending
        }
        self._lines.clear()
        self._tables = self._lazy(tables)
        self._signature = signature
        self._dirty = False
        self.generation += 1

    def invalidate(self) -> None:
        """Forget the in-memory state; the next read reloads the file."""
        with self._mutex:
            self._lines.clear()
            self._sizes = {}
            self._tables = None
            self._signature = None
            self._journal_sig = None
            self._dirty = False
            self.generation += 1

    # -- writing ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Tables]:
        """Lock the file, bring memory up to date, yield the tables, then commit once.

        Changes made inside are written in one atomic replace when the block ends; an
        exception discards them (memory reloads from the untouched file).
        """
        with self._mutex:
            if self._in_transaction:
                self._in_transaction += 1
                try:
                    assert self._tables is not None
                    yield self._tables
                finally:
                    self._in_transaction -= 1
                return
            self._ensure_folder()
            import filelock

            if self._file_lock is None:
                self._file_lock = filelock.FileLock(str(self.lock_path), timeout=LOCK_TIMEOUT, mode=0o600)
            try:
                self._file_lock.acquire()
            except filelock.Timeout:
                raise DatabaseError(
                    f"{self.path} is locked by another nettui for over {LOCK_TIMEOUT:.0f} s."
                ) from None
            except OSError as error:
                raise DatabaseError(f"Cannot lock {self.path}: {os_reason(error)}.") from None
            try:
                self._refresh()
                self.verify()
                self._sweep_temp_files()
                self._start_changes({name: self.stamp(name) for name in STAMPED})
                self._in_transaction = 1
                self._migrate()
                try:
                    assert self._tables is not None
                    yield self._tables
                    if self._dirty:
                        self._commit()
                except BaseException:
                    self.invalidate()
                    raise
                finally:
                    self._in_transaction = 0
            finally:
                self._file_lock.release()

    def _migrate(self) -> None:
        assert self._tables is not None
        version = schema_version(self._tables)
        if version >= SCHEMA_VERSION or not self.path.exists():
            return
        self.backup()
        tables = self._tables
        while version < SCHEMA_VERSION:
            tables = MIGRATIONS[version](tables)
            version += 1
        meta = tables.setdefault("meta", {})
        for doc in meta.values():
            doc.pop("schema_version", None)
        meta.setdefault("1", {})["schema_version"] = SCHEMA_VERSION
        self.stage(tables)

    def stage(self, tables: Tables) -> None:
        """Accept new tables from TinyDB; only valid inside :meth:`transaction`."""
        if not self._in_transaction:
            raise RuntimeError("writes must happen inside Store.transaction()")
        if tables is not self._tables:
            self._everything = True
        self._tables = self._lazy(tables)
        self._dirty = True

    def _lazy(self, tables: Tables) -> LazyTables:
        if isinstance(tables, LazyTables):
            return tables
        return LazyTables(tables, lambda name, pending: pending.parse())

    def append(self, name: str, doc: dict[str, Any]) -> int | None:
        """Add a record to a table still in file bytes without parsing it; its doc id, or None
        when the table is parsed or missing (then TinyDB inserts it). Only inside a transaction."""
        if not self._in_transaction:
            raise RuntimeError("writes must happen inside Store.transaction()")
        assert self._tables is not None
        pending = self._tables.pending(name)
        if pending is None:
            return None
        key = pending.append(doc)
        self.table_changed(name, key, inserted=doc)
        self._dirty = True
        return int(key)

    def verify(self, pause: Callable[[], None] | None = None, max_bytes: int | None = None) -> None:
        """Check the tables still in file bytes (those up to ``max_bytes``) are sound, before
        anything is written next to them; the dashboard checks the large ones after its first
        paint, letting the UI run between pieces."""
        with self._mutex:
            tables = self.tables()
            limit = (1 << 62) if max_bytes is None else max_bytes
            pending = [
                (name, p)
                for name, p in tables.raw_items()
                if type(p) is Pending and not p.verified and p.stop - p.start <= limit
            ]
        for name, table in pending:
            if not table.verify(pause):
                raise DatabaseError(
                    f"{self.path} is damaged (table {name!r} is not valid JSON records): "
                    "run `nettui doctor` to list backups."
                )

    def lines_containing(self, name: str, needle: str) -> list[bytes] | None:
        """Raw record lines of a table still in file bytes that contain ``needle``, so one
        person's conversations are found without parsing them all; None if it is parsed."""
        with self._mutex:
            pending = self.tables().pending(name)
            return None if pending is None else pending.lines_containing(needle.encode())

    def mark_dirty(self, *names: str) -> None:
        """Tables were changed by hand: ``names`` (a setting in meta), or any of them (scrub,
        restore) when none are given."""
        if names:
            self._touched.update(names)
            self._keys.update(dict.fromkeys(names))
        else:
            self._everything = True
        self._dirty = True
        self.stage(self.tables())

    def _ensure_folder(self) -> None:
        folder = self.path.parent
        if folder.is_dir():
            return
        try:
            folder.mkdir(parents=True, mode=0o700, exist_ok=True)
        except OSError as error:
            raise DatabaseError(f"Cannot create the folder {folder}: {os_reason(error)}.") from None

    def _commit(self) -> None:
        assert self._tables is not None
        meta = self._tables.setdefault("meta", {})
        if not any("schema_version" in doc for doc in meta.values()):
            meta.setdefault("1", {})["schema_version"] = SCHEMA_VERSION
        first = meta.setdefault("1", {}) if isinstance(meta.get("1", {}), dict) else {}
        stamps = first.setdefault("stamps", {})
        for name in STAMPED:
            if self._changed(name) or name not in stamps:
                stamps[name] = os.urandom(8).hex()
        if not self._journal():
            first["layout"] = LAYOUT
            first["written"] = os.urandom(8).hex()  # names this file for journal lines after it
            sizes: dict[str, int] = {}
            data = serialize_chunks(self._tables, self._lines, sizes, toc=True)
            self._maybe_backup()
            self._write_atomically(data)
            journal.discard(self.path)
            self._journal_sig = None
            self._sizes = sizes
            self._foreign = False
        self._dirty = False
        after = {name: self.stamp(name) for name in STAMPED}
        commit = Commit(self._before, after, self._inserted, frozenset(self._touched), self._everything)
        for hook in self.commit_hooks:
            hook(commit)

    def _journal(self) -> bool:
        """Save the changed records as one journal line instead of rewriting the file, when
        the dashboard asked for it and the change is a list of records; True if done."""
        assert self._tables is not None
        token = journal.token_of(self._tables)
        keys = {**self._keys, "meta": {"1"}}
        if (
            not self.journaling
            or self._full_write
            or self._everything
            or token is None
            or any(changed is None for changed in keys.values())
            or self._signature is None
            or (self._journal_sig or (0, 0, 0))[1] > journal.FOLD_BYTES
        ):
            return False
        ops: list[journal.Op] = []
        for name, changed in keys.items():
            pending = self._tables.pending(name)
            for key in sorted(changed or (), key=int):
                doc = pending.appended_doc(key) if pending is not None else self._tables[name].get(key)
                ops.append((name, key, doc))
            if pending is None:
                self._sizes.pop(name, None)
        try:
            journal.append(self.path, token, ops)
        except OSError as error:
            raise DatabaseError(f"Could not save {self.path}: {os_reason(error)}.") from None
        self._journal_sig = journal.signature(self.path)
        return True

    def fold_journal(self) -> None:
        """Write the journal's changes into the database file (one atomic replace) and drop it."""
        with self.transaction():
            if self._journal_sig is not None or journal.path_for(self.path).exists():
                self._full_write = True
                self._dirty = True

    def _write_atomically(self, data: bytes | list[bytes | memoryview]) -> None:
        write_file(self.path, data)
        self._signature = _signature(self.path.stat())

    def _sweep_temp_files(self) -> None:
        if self._swept:
            return
        self._swept = True
        cutoff = time.time() - TEMP_MAX_AGE
        for temp in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                if temp.stat().st_mtime < cutoff:
                    temp.unlink()

    # -- backups ----------------------------------------------------------------------------

    def backups(self) -> list[Path]:
        """Backups, newest first."""
        if not self.backup_dir.is_dir():
            return []
        found = self.backup_dir.glob(f"{self.path.stem}-*.json")
        return sorted(found, key=lambda p: p.name, reverse=True)

    def _maybe_backup(self) -> None:
        if not self.path.exists():
            return
        newest = self.backups()[:1]
        if newest and time.time() - backup_time(newest[0]) < BACKUP_INTERVAL:
            return
        self.backup()

    def backup(self) -> Path:
        """Keep the current file as a backup (a hard link: it is about to be replaced)."""
        try:
            self.backup_dir.mkdir(mode=0o700, exist_ok=True)
            now = time.time_ns()  # one reading for both parts, so names sort in time order
            stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now // 10**9))
            target = self.backup_dir / f"{self.path.stem}-{stamp}-{now % 10**9:09d}.json"
            try:
                os.link(self.path, target)
            except OSError:
                shutil.copy2(self.path, target)
                os.chmod(target, 0o600)
            for old in self.backups()[BACKUPS_KEPT:]:
                old.unlink(missing_ok=True)
        except OSError as error:
            raise DatabaseError(f"Could not back up {self.path}: {os_reason(error)}.") from None
        return target
