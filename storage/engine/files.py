"""Writing a file so that it is either all there or not changed at all."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from nettui.storage.errors import DatabaseError

IOV_MAX = 1024  # pieces per writev call


def os_reason(error: OSError) -> str:
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


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes | list[bytes | memoryview]) -> None:
    pieces = [memoryview(data)] if isinstance(data, bytes) else [memoryview(p) for p in data if len(p)]
    while pieces:
        written = os.writev(fd, pieces[:IOV_MAX])
        while pieces and written >= len(pieces[0]):
            written -= len(pieces[0])
            pieces.pop(0)
        if written:
            pieces[0] = pieces[0][written:]


def write_file(path: Path, data: bytes | list[bytes | memoryview]) -> None:
    """Write ``data`` (bytes, or pieces written without joining them) to ``path`` atomically
    and durably: temp file (0600) in the same folder, fsync, rename over, fsync the folder.
    On failure the old file is untouched."""
    path = real_path(path)  # through a symlink: the link stays a link
    folder = path.parent
    fd, temp_name = -1, ""
    try:
        fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        _write_all(fd, data)
        os.fsync(fd)
        os.close(fd)
        fd = -1
        os.replace(temp_name, path)
        temp_name = ""
        _fsync_folder(folder)
    except OSError as error:
        raise DatabaseError(f"Could not save {path}: {os_reason(error)}.", reason=os_reason(error)) from None
    finally:
        if fd >= 0:
            os.close(fd)
        if temp_name:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)


def real_path(path: Path) -> Path:
    """The file a path names, following symlinks (the path itself if nothing is there yet)."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def check_folder(folder: Path, *, ours: bool) -> None:
    """A folder nettui keeps private files in must be the user's and writable by nobody
    else, or another user could swap the files in it. One nettui made is repaired."""
    try:
        info = folder.stat()
    except FileNotFoundError:
        return
    except OSError as error:
        raise DatabaseError(f"Cannot use the folder {folder}: {os_reason(error)}.") from None
    if info.st_uid != os.getuid():
        raise DatabaseError(f"The folder {folder} belongs to another user: nettui keeps its files elsewhere.")
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        if ours:
            os.chmod(folder, 0o700)
            return
        raise DatabaseError(
            f"The folder {folder} is writable by other users, who could replace your database: "
            f"make it private (chmod go-w {folder}) or keep the database elsewhere."
        )


def ensure_private_folder(folder: Path) -> None:
    """Create ``folder`` and any missing parents, each 0700 whatever the umask."""
    missing = []
    at = folder
    while not at.exists():
        missing.append(at)
        if at.parent == at:
            break
        at = at.parent
    try:
        for path in reversed(missing):
            path.mkdir(mode=0o700, exist_ok=True)
            os.chmod(path, 0o700)
    except OSError as error:
        raise DatabaseError(f"Cannot create the folder {folder}: {os_reason(error)}.") from None
    if not folder.is_dir():
        raise DatabaseError(f"Cannot create the folder {folder}: a file is in the way.")
