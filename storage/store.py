"""The durable file behind TinyDB: read once, write through atomically, lock, back up.

* Reads come from memory; the file is re-parsed only when its (inode, size, mtime) changed,
  so writes by another process show up and are never overwritten.
* Every committed change is serialized first, written to a temp file in the same folder,
  fsynced, renamed over the database and the folder fsynced. A failed write leaves the file
  as it was and drops the in-memory state, which is reloaded from the file on next use.
* An exclusive lock on a sidecar ``.lock`` file surrounds each read-modify-write.
* Rotating backups (hard links of the replaced file, so they cost no copy), files 0600,
  folders 0700, a schema version with forward migrations, stale temp files removed.
"""

from __future__ import annotations

import calendar
import contextlib
import errno
import gc
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

from nettui.storage.errors import DatabaseError

SCHEMA_VERSION = 1
BACKUPS_KEPT = 10
BACKUP_INTERVAL = 600.0  # seconds between routine backups
LOCK_TIMEOUT = 15.0
TEMP_MAX_AGE = 300.0

Tables = dict[str, dict[str, dict[str, Any]]]
Migration = Callable[[Tables], Tables]


def _from_plain_tinydb(tables: Tables) -> Tables:
    """Version 0: a TinyDB file with no schema record; the tables are already in shape."""
    return tables


MIGRATIONS: dict[int, Migration] = {0: _from_plain_tinydb}  # from version N to N + 1


def _signature(stat: os.stat_result) -> tuple[int, int, int]:
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _os_reason(error: OSError) -> str:
    reasons = {
        errno.ENOSPC: "no space left on the device",
        errno.EDQUOT: "the disk quota is used up",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "the file system is read-only",
        errno.EISDIR: "it is a directory",
        errno.ENOTDIR: "a folder in its path is a file",
    }
    return reasons.get(error.errno or 0, error.strerror or str(error))


def backup_time(path: Path) -> float:
    """When a backup was taken, from its name (hard links keep the old mtime)."""
    try:
        stamp = path.stem.split("-")[-2]
        return float(calendar.timegm(time.strptime(stamp, "%Y%m%dT%H%M%S")))
    except (IndexError, ValueError):
        return 0.0


def schema_version(tables: Tables) -> int:
    meta = tables.get("meta") or {}
    for doc in meta.values():
        if isinstance(doc, dict) and "schema_version" in doc:
            return int(doc["schema_version"])
    return 0 if tables else SCHEMA_VERSION


EAGER_CHECK_LIMIT = 20_000  # larger tables are checked when first read: touching 100,000
# records costs ~0.1 s, which `nettui upcoming` should not pay for conversations it never reads


def check_records(table: dict[str, Any], name: str, path: Path) -> None:
    """Every record of a table must be a JSON object."""
    if not all(type(doc) is dict for doc in table.values()):
        raise DatabaseError(f"{path} is JSON but not a nettui database (a record in {name!r}).")


def validate(tables: Any, path: Path) -> Tables:
    """Check the parsed file has the shape of a nettui TinyDB database."""
    if not isinstance(tables, dict):
        raise DatabaseError(f"{path} is JSON but not a nettui database (expected an object).")
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise DatabaseError(f"{path} is JSON but not a nettui database (table {name!r}).")
        if len(table) <= EAGER_CHECK_LIMIT:
            check_records(table, name, path)
    try:
        version = schema_version(tables)
    except (TypeError, ValueError):
        raise DatabaseError(f"{path} has an unreadable schema version.") from None
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"{path} was written by a newer nettui (schema {version}); "
            f"this one reads schema {SCHEMA_VERSION}: upgrade nettui."
        )
    return tables


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Keep the cyclic collector out of bulk object creation (a load, 100,000 models): it
    would otherwise rescan everything repeatedly. What was made is frozen afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.freeze()


def parse(raw: bytes, path: Path) -> Tables:
    """Parse database bytes with the garbage collector kept out of the load."""
    if not raw.strip():
        raise DatabaseError(f"{path} is empty, so it is not a nettui database.")
    with paused_gc():
        try:
            tables = orjson.loads(raw)
        except orjson.JSONDecodeError:
            raise DatabaseError(
                f"{path} is damaged (not valid JSON, perhaps truncated): run `nettui doctor` to list backups."
            ) from None
    return validate(tables, path)


def serialize(tables: Tables, cache: dict[str, tuple[Any, dict[str, bytes]]] | None = None) -> bytes:
    """Stable, diff-friendly bytes: tables by name, one record per line in document-id order
    (the order TinyDB keeps), keys sorted inside each record.

    Still plain TinyDB JSON; a changed record shows as one changed line in a diff. With a
    ``cache`` (the store's), records that did not change since the last write are not
    serialized again; a table replaced by a new dict starts a fresh cache.
    """
    dumps, option = orjson.dumps, orjson.OPT_SORT_KEYS
    parts = [b"{"]
    names = sorted(tables)
    for t_index, name in enumerate(names):
        table = tables[name]
        parts.append(b"\n" + dumps(name) + b": {")
        if cache is None or name == "meta":
            lines = [b"\n  " + dumps(key) + b": " + dumps(doc, option=option) for key, doc in table.items()]
        else:
            entry = cache.get(name)
            if entry is None or entry[0] is not table:
                entry = cache[name] = (table, {})
            known = entry[1]
            lines = []
            for key, doc in table.items():
                line = known.get(key)
                if line is None:
                    line = known[key] = b"\n  " + dumps(key) + b": " + dumps(doc, option=option)
                lines.append(line)
        parts.append(b",".join(lines))
        parts.append((b"\n}" if lines else b"}") + (b"," if t_index < len(names) - 1 else b""))
    parts.append(b"\n}\n")
    return b"".join(parts)


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically and durably: temp file (0600) in the same folder,
    fsync, rename over, fsync the folder. On failure the old file is untouched."""
    folder = path.parent
    fd, temp_name = -1, ""
    try:
        fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
        os.close(fd)
        fd = -1
        os.replace(temp_name, path)
        temp_name = ""
        _fsync_folder(folder)
    except OSError as error:
        raise DatabaseError(f"Could not save {path}: {_os_reason(error)}.") from None
    finally:
        if fd >= 0:
            os.close(fd)
        if temp_name:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)


class Store:
    """One database file, kept in memory and written through atomically."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path).expanduser()
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.backup_dir = self.path.with_name(self.path.name + ".backups")
        self._tables: Tables | None = None
        self._signature: tuple[int, int, int] | None = None
        self._dirty = False
        self._mutex = threading.RLock()
        self._file_lock: Any = None  # created on the first write: readers never need it
        self._in_transaction = 0
        self._swept = False
        self.generation = 0  # bumps whenever the in-memory state is replaced from disk
        self._versions: dict[str, int] = {}  # bumps whenever a table changes in place
        self._lines: dict[str, tuple[Any, dict[str, bytes]]] = {}  # serialized records by table

    # -- reading ----------------------------------------------------------------------------

    def exists(self) -> bool:
        return self.path.exists()

    def tables(self) -> Tables:
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
            raise DatabaseError(f"Cannot read {self.path}: {_os_reason(error)}.") from None

    def _refresh(self) -> None:
        stat = self._stat()
        if stat is None:
            if self._tables is None or self._signature is not None:
                self._replace({}, None)
            return
        signature = _signature(stat)
        if self._tables is not None and signature == self._signature:
            return
        if self.path.is_dir():
            raise DatabaseError(f"{self.path} is a directory, not a nettui database file.")
        try:
            raw = self.path.read_bytes()
        except OSError as error:
            raise DatabaseError(f"Cannot read {self.path}: {_os_reason(error)}.") from None
        tables = parse(raw, self.path)
        self._replace(tables, signature)

    def serialized(self) -> bytes:
        """The current state as file bytes, taken under the lock against concurrent writes."""
        with self._mutex:
            return serialize(self.tables())

    def warm(self) -> None:
        """Serialize every record once ahead of time, so the first save is as fast as the rest."""
        with self._mutex:
            if self._tables is not None:
                serialize(self._tables, self._lines)

    def version(self, name: str) -> int:
        return self._versions.get(name, 0)

    def table_changed(self, name: str, key: str | None) -> None:
        """A document of ``name`` was added, changed or removed in place (``key``: its doc id)."""
        self._versions[name] = self._versions.get(name, 0) + 1
        cached = self._lines.get(name)
        if cached is not None:
            if key is None:
                del self._lines[name]
            else:
                cached[1].pop(key, None)

    def _replace(self, tables: Tables, signature: tuple[int, int, int] | None) -> None:
        self._lines.clear()
        self._tables = tables
        self._signature = signature
        self._dirty = False
        self.generation += 1

    def invalidate(self) -> None:
        """Forget the in-memory state; the next read reloads the file."""
        with self._mutex:
            self._lines.clear()
            self._tables = None
            self._signature = None
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
                raise DatabaseError(f"Cannot lock {self.path}: {_os_reason(error)}.") from None
            try:
                self._refresh()
                self._sweep_temp_files()
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
        self._tables = tables
        self._dirty = True

    def mark_dirty(self) -> None:
        self.stage(self.tables())

    def _ensure_folder(self) -> None:
        folder = self.path.parent
        if folder.is_dir():
            return
        try:
            folder.mkdir(parents=True, mode=0o700, exist_ok=True)
        except OSError as error:
            raise DatabaseError(f"Cannot create the folder {folder}: {_os_reason(error)}.") from None

    def _commit(self) -> None:
        assert self._tables is not None
        meta = self._tables.setdefault("meta", {})
        if not any("schema_version" in doc for doc in meta.values()):
            meta[str(len(meta) + 1)] = {"schema_version": SCHEMA_VERSION}
        data = serialize(self._tables, self._lines)
        self._maybe_backup()
        self._write_atomically(data)
        self._dirty = False

    def _write_atomically(self, data: bytes) -> None:
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
            stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
            target = self.backup_dir / f"{self.path.stem}-{stamp}-{time.time_ns() % 10**9:09d}.json"
            try:
                os.link(self.path, target)
            except OSError:
                shutil.copy2(self.path, target)
                os.chmod(target, 0o600)
            for old in self.backups()[BACKUPS_KEPT:]:
                old.unlink(missing_ok=True)
        except OSError as error:
            raise DatabaseError(f"Could not back up {self.path}: {_os_reason(error)}.") from None
        return target
