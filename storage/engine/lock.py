"""The exclusive lock around every read-modify-write: ``flock`` on ``<database>.lock``.

The lock file is never removed. After taking the lock, the holder checks that the path still
names the file it locked: if someone deleted or replaced the lock file meanwhile, a second
writer could lock the new file while the first holds the old one, so it starts over on the
new file. Two writers can therefore never both believe they hold the lock.
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


class FileLock:
    def __init__(self, path: Path, timeout: float = TIMEOUT) -> None:
        self.path = path
        self.timeout = timeout
        self._fd: int | None = None

    def acquire(self) -> None:
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
            except OSError as error:
                raise DatabaseError(f"Cannot lock {self.path}: {os_reason(error)}.") from None
            try:
                while True:
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if time.monotonic() > deadline:
                            raise DatabaseError(
                                f"{self.path.with_suffix('')} is locked by another nettui for over "
                                f"{self.timeout:.0f} s."
                            ) from None
                        time.sleep(POLL)
                if self._still_named(fd):
                    self._fd = fd
                    return
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)  # the file was replaced while we waited: lock the one the path names now

    def _still_named(self, fd: int) -> bool:
        try:
            named = os.stat(self.path, follow_symlinks=False)
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
