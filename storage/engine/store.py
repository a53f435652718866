"""The durable file behind TinyDB: read once, write through atomically, lock, journal.

* Reads come from memory; the file is re-read only when it (or its journal) changed on disk,
  so writes by another process show up and are never overwritten.
* A transaction takes the in-process writer lock, then the file lock (``lock``), and only
  then the memory lock, so a reader (the dashboard's UI thread) never waits on another
  process. Inside, the state is brought up to date and its tables in file bytes are checked;
  at the end, the change is committed once: a journal line (``journal``, the dashboard's quick
  saves) or the whole file written atomically (``files``), the old file kept as a backup
  every ten minutes (``backups``). An exception discards the change: memory reloads from the
  untouched file. Commit hooks (``rollup``) run under the lock.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

from nettui.storage.engine import journal
from nettui.storage.engine.backups import Backups
from nettui.storage.engine.files import check_folder, ensure_private_folder, os_reason, real_path, write_file
from nettui.storage.engine.layout import Pending
from nettui.storage.engine.lock import FolderLock
from nettui.storage.engine.reading import META, SCHEMA_VERSION, load
from nettui.storage.engine.serialize import serialize_state
from nettui.storage.engine.state import Changes, State, new_version
from nettui.storage.engine.tinydb_adapter import EngineStorage, EngineTinyDB
from nettui.storage.errors import DatabaseError

Signature = tuple[int, int, int]


@dataclasses.dataclass(frozen=True)
class Change:
    """One document a committed transaction changed: as it was, and as it is (None: absent)."""

    table: str
    key: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclasses.dataclass(frozen=True)
class Commit:
    """What one committed transaction changed, for data derived from the tables."""

    state: State
    changes: Changes
    versions_before: dict[str, str]  # table → its version before the transaction
    journaled: bool  # saved as a journal line (a quick save), not a whole file


def _signature(stat: os.stat_result) -> Signature:
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _empty() -> State:
    return State({}, "empty", {}, own_layout=False, parse=lambda name, pending: pending.parse())


class Store:
    """One database file, kept in memory and written through atomically."""

    def __init__(self, path: Path | str, *, own_folder: bool = False) -> None:
        self.path = real_path(Path(path).expanduser())  # a symlink is written through to its target
        self.own_folder = own_folder  # nettui made the database's folder (the default one)
        self.backups = Backups(self.path)
        self.quick_saves = False  # the dashboard saves through the journal
        self.hooks: list[Callable[[Commit], None]] = []
        self._lock_file = FolderLock(self.path)
        self._folder_checked = False
        self._state: State | None = None
        self._seen: tuple[Signature | None, Signature | None] = (None, None)  # file, journal
        self._memory = threading.RLock()  # readers and the writer's in-memory work
        self._writer = threading.Lock()  # one writing thread in this process
        self._writing: int | None = None  # the thread inside a transaction
        self._swept = False
        self._sweep_tried = False  # at the first read, when no writer holds the lock
        self._recorder = threading.local()  # the changes a thread asked to keep (to undo them)
        self.tinydb = EngineTinyDB(
            storage=EngineStorage, current=self.state, writable=self._writable, hidden=frozenset({META})
        )

    # -- reading ----------------------------------------------------------------------------

    def state(self) -> State:
        """The current state, reloaded first if the file changed on disk (except inside this
        thread's own transaction, where memory is the truth)."""
        if not self._sweep_tried and self._writing is None:
            self._sweep_at_start()
        with self._memory:
            if self._writing != threading.get_ident():
                self._refresh()
            assert self._state is not None
            return self._state

    @contextlib.contextmanager
    def reading(self) -> Iterator[State]:
        """Hold the memory still while a reader walks it."""
        with self._memory:
            yield self.state()

    def _writable(self) -> State:
        if self._writing != threading.get_ident() or self._state is None or self._state.changes is None:
            raise RuntimeError("writes must happen inside Database.transaction()")
        return self._state

    def _refresh(self) -> None:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            if self._state is None or self._seen[0] is not None:
                self._state, self._seen = _empty(), (None, None)
            return
        except OSError as error:
            raise DatabaseError(f"Cannot read {self.path}: {os_reason(error)}.") from None
        seen = (_signature(stat), journal.signature(self.path))
        if self._state is not None and seen == self._seen:
            return
        if self.path.is_dir():
            raise DatabaseError(f"{self.path} is a directory, not a nettui database file.")
        try:
            raw = self.path.read_bytes()
        except OSError as error:
            raise DatabaseError(f"Cannot read {self.path}: {os_reason(error)}.") from None
        state = load(raw, self.path, "file:{}:{}:{}".format(*seen[0]))
        if state.journal_base:
            file_version, own = state.version, state.own_layout
            lines = journal.read(self.path, state.journal_base)
            for name in {name for line in lines for name in line.tables}:
                pending = state.pending(name)
                if pending is not None:  # edited by hand since the saves? (then: untrusted)
                    state.settle(name, pending)
            moved: dict[tuple[str, str], str] = {}
            for line in lines:
                _replay(state, line, moved)
            if lines and not own:
                # reformatted by hand since the saves: they apply field by field on top of it
                # all the same, and the next write (a whole one) folds them in
                state.version = f"{file_version}+{lines[-1].version}"
        self._state, self._seen = state, seen

    def invalidate(self) -> None:
        """Forget the in-memory state; the next read reloads the file."""
        with self._memory:
            self._state, self._seen = None, (None, None)

    # -- checking ---------------------------------------------------------------------------

    def check(self, pause: Callable[[], None] | None = None, max_bytes: int | None = None) -> None:
        """Check the tables still in file bytes (those up to ``max_bytes``) against the checksum
        nettui wrote, or as JSON where it is unknown or does not match, before anything is
        written next to them; the dashboard checks the large ones after its first paint."""
        with self._memory:
            state = self.state()
            limit = (1 << 62) if max_bytes is None else max_bytes
            pending = [
                (name, value)
                for name, value in state.items_raw()
                if type(value) is Pending and not value.verified and value.stop - value.start <= limit
            ]
        for name, table in pending:
            with self._memory:
                matched = state.settle(name, table)
            if not matched and not table.records_valid(pause):
                table.verified = False
                raise DatabaseError(
                    f"{self.path} is damaged (table {name!r} is not valid JSON records): "
                    "run `nettui doctor` to list backups."
                )

    # -- writing ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def recording(self) -> Iterator[list[Change]]:
        """Collect every document this thread's transactions change meanwhile."""
        outer = getattr(self._recorder, "changes", None)
        changes: list[Change] = []
        self._recorder.changes = changes
        try:
            yield changes
        finally:
            self._recorder.changes = outer
            if outer is not None:
                outer.extend(changes)

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the locks without reading the file (replacing a damaged one)."""
        with self._writer:
            self._lock_file.acquire()
            try:
                with self._memory:
                    yield
                    self._state, self._seen = None, (None, None)
            finally:
                self._lock_file.release()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[EngineTinyDB]:
        """Lock, bring memory up to date, yield TinyDB for the changes, then commit once."""
        me = threading.get_ident()
        if self._writing == me:  # nested: part of the open transaction
            yield self.tinydb
            return
        with self._writer:
            ensure_private_folder(self.path.parent)
            self._check_folders()
            self._lock_file.acquire()  # may wait on another process: no memory lock held
            try:
                with self._memory:
                    self._writing = me
                    try:
                        yield from self._run(me)
                    finally:
                        self._writing = None
            finally:
                self._lock_file.release()

    def _check_folders(self) -> None:
        if not self._folder_checked:
            check_folder(self.path.parent, ours=self.own_folder)
            check_folder(self.backups.folder, ours=True)
            self._folder_checked = True

    def _run(self, me: int) -> Iterator[EngineTinyDB]:
        self._refresh()
        self.check()
        self._sweep_temp_files()
        state = self._state
        assert state is not None
        before = {name: state.version_of(name) for name in state.names()}
        changes = state.begin()
        try:
            yield self.tinydb
            if changes:
                self._commit(state, changes, before)
        except BaseException:
            self._state, self._seen = None, (None, None)
            raise
        finally:
            state.end()

    def _commit(self, state: State, changes: Changes, before: dict[str, str]) -> None:
        self._check_writable()
        base = state.version
        if changes.keys or changes.everything:
            state.version = new_version()
        journaled = self._journal(state, changes, base)
        if not journaled:
            self._write_whole(state)
        commit = Commit(state, changes, before, journaled)
        for hook in self.hooks:
            hook(commit)
        recorder = getattr(self._recorder, "changes", None)
        if recorder is not None:
            recorder.extend(_changes_of(state, changes))

    def _journal(self, state: State, changes: Changes, base: str) -> bool:
        """Save the changed records as one journal line instead of rewriting the file, when
        the dashboard asked for it and the change is a list of records; True if done."""
        if (
            not self.quick_saves
            or changes.full_write
            or changes.everything
            or not state.own_layout
            or state.schema_from is not None
            or self._seen[0] is None
            or any(keys is None for keys in changes.keys.values())
            or (self._seen[1] or (0, 0, 0))[1] > journal.FOLD_BYTES
        ):
            return False
        ops: list[journal.Op] = []
        for name, keys in changes.keys.items():
            pending = state.pending(name)
            for key in sorted(keys or (), key=int):
                doc = pending.appended_doc(key) if pending is not None else state.table(name).get(key)
                fields = changes.patch(name, key)
                if doc is None or fields is None:
                    ops.append((name, key, doc))
                else:
                    ops.append(journal.patch_op(name, key, doc, fields))
        line = journal.Line(base, state.version, {n: state.version_of(n) for n in changes.keys}, ops)
        try:
            journal.append(self.path, line)
        except OSError as error:
            raise DatabaseError(f"Could not save {self.path}: {os_reason(error)}.") from None
        self._seen = (self._seen[0], journal.signature(self.path))
        return True

    def _check_writable(self) -> None:
        try:
            mode = self.path.stat().st_mode
        except FileNotFoundError:
            return
        if not mode & stat.S_IWUSR:
            raise DatabaseError(f"{self.path} is read-only: nothing is saved into it (chmod u+w allows it).")

    def _write_whole(self, state: State) -> None:
        record = {"schema_version": SCHEMA_VERSION, "version": state.version}
        pieces = serialize_state(state, record)
        if self.path.exists() and (state.schema_from is not None or self.backups.due()):
            self.backups.make()
        write_file(self.path, pieces)
        journal.discard(self.path)
        self._seen = (_signature(self.path.stat()), None)
        state.untrusted.clear()  # every table is as nettui wrote it now
        state.own_layout = True
        state.schema_from = None

    def fold_journal(self) -> None:
        """Write the journal's changes into the database file (one atomic replace) and drop it."""
        with self.transaction():
            if self._seen[1] is not None or journal.path_for(self.path).exists():
                assert self._state is not None and self._state.changes is not None
                self._state.changes.full_write = True

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """Keep every other reader and writer out, with the journal's saves written into the
        file first, while another program (git) reads or replaces the file; memory reloads
        from the file afterwards."""
        me = threading.get_ident()
        if self._writing == me:
            raise RuntimeError("hold() inside a transaction")
        with self._writer:
            ensure_private_folder(self.path.parent)
            self._check_folders()
            self._lock_file.acquire()
            try:
                with self._memory:
                    self._writing = me
                    try:
                        run = self._run(me)
                        next(run)
                        if self._seen[1] is not None or journal.path_for(self.path).exists():
                            self.rewrite()
                        next(run, None)
                    finally:
                        self._writing = None
                    try:
                        yield
                    finally:
                        self._state, self._seen = None, (None, None)
            finally:
                self._lock_file.release()

    def rewrite(self) -> None:
        """Inside a transaction: write the whole file at the end, not a journal line."""
        changes = self._writable().changes
        assert changes is not None
        changes.full_write = True

    def _sweep_at_start(self) -> None:
        """At the first read, if no writer holds the lock now, sweep; else the first write will."""
        with self._memory:
            self._sweep_tried = True
            if self._swept or not self.path.parent.is_dir() or not self._lock_file.try_acquire():
                return
            try:
                self._sweep_temp_files()
            finally:
                self._lock_file.release()

    def _sweep_temp_files(self) -> None:
        """Temp files left by killed writers: none can be in use while we hold the lock."""
        if self._swept:
            return
        self._swept = True
        temps = [*self.path.parent.glob(f".{self.path.name}.*.tmp"), *self.backups.folder.glob(".*.tmp")]
        for temp in temps:
            with contextlib.suppress(OSError):
                temp.unlink()


WHOLE_TABLES = Change("*", "*", None, None)  # recorded for a change that replaced whole tables


def _copy(doc: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if doc is None else orjson.loads(orjson.dumps(doc))


def _changes_of(state: State, changes: Changes) -> list[Change]:
    if changes.everything or any(keys is None for keys in changes.keys.values()):
        return [WHOLE_TABLES]
    found = []
    for (name, key), before in changes.before.items():
        pending = state.pending(name)
        now = pending.appended_doc(key) if pending is not None else state.table(name).get(key)
        found.append(Change(name, key, _copy(before), _copy(now)))
    return found


def _replay(state: State, line: journal.Line, moved: dict[tuple[str, str], str]) -> None:
    """Apply one journal line on top of the file as it is now. A record the file holds under
    the same doc id but another record id (added there by hand meanwhile) keeps its place: the
    journal's record moves to a new doc id (``moved`` remembers it for later lines). A table
    edited by hand since gets a version of its own, so nothing cached from before is trusted."""
    state.begin()
    try:
        for op in line.ops:
            name, key, doc = op[:3]
            key = moved.get((name, key), key)
            if doc == journal.PATCH:  # only the fields the dashboard changed, on the file as it is
                target = _record_key(state, name, key, op[3].get("id"))
                if target is not None:
                    state.put(name, target, journal.apply_patch(state.table(name)[target], op[3]))
            elif doc is None:
                if state.contains(name, key):
                    state.delete(name, key)
            else:
                if state.contains(name, key) and state.table(name)[key].get("id") != doc.get("id"):
                    moved[(name, key)] = key = str(state.next_id(name))
                state.put(name, key, doc)
    finally:
        state.end()
    state.version = line.version
    for name, version in line.tables.items():
        edited = name in state.untrusted
        state.versions[name] = f"{state.versions.get(name, 'file')}+{version}" if edited else version


def _record_key(state: State, name: str, key: str, record_id: object) -> str | None:
    """Where the record a patch names is now: at its doc id, or (moved by a hand edit) found by
    its record id; None when it is gone."""
    if state.contains(name, key) and (record_id is None or state.table(name)[key].get("id") == record_id):
        return key
    if record_id is None:
        return None
    return next((k for k, doc in state.table(name).items() if doc.get("id") == record_id), None)
