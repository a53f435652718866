"""The exclusive lock around every read-modify-write: ``flock`` on the database's folder.

A lock file could be deleted or replaced while a writer holds it, and a second writer would
then lock the new file and get in. A folder cannot be deleted while the database is in it,
so nettui locks the folder itself; after taking the lock it checks that the path still names
the folder it locked (a folder renamed away and replaced meanwhile would not be the one).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path

from nettui.storage.engine.files import os_reason
from nettui.storage.errors import DatabaseError

TIMEOUT = 15.0
POLL = 0.01


class FolderLock:
    def __init__(self, database: Path, timeout: float = TIMEOUT) -> None:
        self.database = database
        self.folder = database.parent
        self.timeout = timeout
        self._fd: int | None = None

    def acquire(self) -> None:
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fd = os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
            except OSError as error:
                raise DatabaseError(f"Cannot lock {self.database}: {os_reason(error)}.") from None
            try:
                while True:
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if time.monotonic() > deadline:
                            raise DatabaseError(
                                f"{self.database} is locked by another nettui for over {self.timeout:.0f} s."
                            ) from None
                        time.sleep(POLL)
                if self._still_named(fd):
                    self._fd = fd
                    return
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)  # the folder was replaced while we waited: lock the one the path names

    def try_acquire(self) -> bool:
        """Take the lock if nobody holds it, without waiting; True if taken."""
        try:
            fd = os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except OSError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        if not self._still_named(fd):
            os.close(fd)
            return False
        self._fd = fd
        return True

    def _still_named(self, fd: int) -> bool:
        try:
            named = os.stat(self.folder)
        except FileNotFoundError:
            return False
        held = os.fstat(fd)
        return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
