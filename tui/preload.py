"""Gathering the dashboard's data in a forked helper while this process starts Textual.

On a large database both take about as long (importing Textual and drawing the first frame;
building 10,000 rows, upcoming and insights); on two cores they overlap. The helper is forked
right after the file was read and checked, before any thread exists, so it works on exactly
the snapshot this process holds: the dashboard's polling later sees any newer write as usual.
Where fork is missing, or ``NETTUI_NO_PRELOAD`` is set, the dashboard gathers the data itself.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import pickle
from typing import Any

from nettui.storage.errors import NettuiError
from nettui.storage.repository import Repository


class Preload:
    """The helper's pipe; :meth:`result` blocks until the data (or its error) arrives."""

    def __init__(self, pid: int, fd: int) -> None:
        self._pid = pid
        self._fd = fd

    def result(self) -> Any:
        """The gathered data, a NettuiError to show, or None if the helper failed (then the
        caller gathers the data itself)."""
        chunks = []
        try:
            while chunk := os.read(self._fd, 1 << 20):
                chunks.append(chunk)
        finally:
            os.close(self._fd)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self._pid, 0)
        try:
            kind, value = pickle.loads(b"".join(chunks))
        except Exception:
            return None
        return NettuiError(value) if kind == "error" else value


def start(repo: Repository, today: dt.date) -> Preload | None:
    if not hasattr(os, "fork") or os.environ.get("NETTUI_NO_PRELOAD"):
        return None
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return Preload(pid, read_end)
    os.close(read_end)  # the helper: gather, send, leave without running the parent's exit hooks
    status = 0
    try:
        from nettui.tui.data import collect

        try:
            payload = ("data", collect(repo, today))
        except NettuiError as error:
            payload = ("error", str(error))
        data = memoryview(pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
        while data:
            data = data[os.write(write_end, data) :]
    except BaseException:
        status = 1
    finally:
        os._exit(status)
