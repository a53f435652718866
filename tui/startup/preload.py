"""Gathering the dashboard's data in a forked helper while this process starts Textual.

On a large database both take about as long (importing Textual and drawing the first frame;
reading the file and building 10,000 rows, upcoming and insights); on two cores they overlap.
The helper is forked first thing, before any thread exists, and reads the file itself; its
data is used only if it read the very file (and journal) this process then opened.
Where fork is missing, or ``NETTUI_NO_PRELOAD`` is set, the dashboard gathers the data itself.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
from pathlib import Path
from typing import Any

import orjson

from nettui.storage.errors import NettuiError
from nettui.storage.repository import Repository


class Preload:
    """The helper's pipe; :meth:`result` blocks until the data (or its error) arrives.

    The helper sends ``data`` and the data as JSON (with the version of the database it read)
    on two lines; or ``error`` and one sentence."""

    def __init__(self, pid: int, fd: int) -> None:
        self._pid = pid
        self._fd = fd
        self._output: bytes | None = None

    def cancel(self) -> None:
        with contextlib.suppress(OSError):
            os.kill(self._pid, signal.SIGKILL)
        self._collect_output()

    def _collect_output(self) -> bytes:
        if self._output is not None:
            return self._output
        chunks = []
        try:
            while chunk := os.read(self._fd, 1 << 20):
                chunks.append(chunk)
        finally:
            os.close(self._fd)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self._pid, 0)
        self._output = b"".join(chunks)
        return self._output

    def result(self, version: str) -> Any:
        """The gathered data, a NettuiError to show, or None when the helper failed or read
        another version of the database than ``version`` (then the caller gathers the data)."""
        from nettui.storage.views.dashboard import from_wire

        raw = self._collect_output()
        kind, _, wire = raw.partition(b"\n")
        if kind == b"error":
            return NettuiError(wire.decode())
        if kind != b"data":
            return None  # the helper failed
        try:
            data = from_wire(wire)
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):  # cut short: never crash
            return None
        return data if data.version == version else None


_early: tuple[Path, Preload] | None = None  # forked by the entry point, before click loaded


def start_early(path: Path) -> None:
    """Fork the helper as the very first thing; :func:`take` hands it to the dashboard."""
    global _early
    from nettui.storage import clock

    helper = start(path, clock.today())
    _early = (path, helper) if helper is not None else None


def take(path: Path, today: dt.date) -> Preload | None:
    """The helper forked early for ``path``, or a new one (an early one for another file is
    stopped)."""
    global _early
    early, _early = _early, None
    if early is not None:
        if early[0] == path:
            return early[1]
        early[1].cancel()
    return start(path, today)


def start(path: Path, today: dt.date) -> Preload | None:
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
        from nettui.storage.views.dashboard import collect, to_wire

        repo = Repository(path)
        try:
            data = collect(repo, today)
            payload = b"data\n" + to_wire(data)
        except NettuiError as error:
            payload = b"error\n" + str(error).encode()
        out = memoryview(payload)
        while out:
            out = out[os.write(write_end, out) :]
    except BaseException:  # the parent falls back to gathering the data itself
        status = 1
    finally:
        os._exit(status)
