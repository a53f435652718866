"""Launching a command the way a user does, and measuring it: in a fresh 160x48 pseudo-terminal
until its markers are on the terminal, or as a plain process (output captured) until it exits;
each with its peak resident memory.

Peak memory is ``ru_maxrss`` from ``wait4``, which also counts what the spawning process held
when the child called exec. So :func:`launch` has every measured command spawned by a small
launcher, ``python -S bench/terminal.py REQUEST`` (~10 MB, less than Python with its site takes),
never by the bench itself; the launcher imports only a few small standard modules.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import struct
import sys
import termios
import time
from collections.abc import Callable

COLUMNS, LINES = 160, 48
TERMINAL = {"TERM": "xterm-256color", "COLUMNS": str(COLUMNS), "LINES": str(LINES)}

Marker = bytes | re.Pattern[bytes]


class Launch:
    """One measured launch: seconds until the markers were on the terminal (or until exit),
    peak memory in MB, exit status, the last line written to stderr, whether that was the end
    of a Python traceback."""

    def __init__(
        self, seconds: float, peak_mb: float, code: int = 0, last: str = "", traceback: bool = False
    ) -> None:
        self.seconds, self.peak_mb, self.code, self.last = seconds, peak_mb, code, last
        self.traceback = traceback


def _found(seen: bytes, wanted: list[Marker]) -> bool:
    return all((w in seen) if isinstance(w, bytes) else w.search(seen) is not None for w in wanted)


def wait_for(fd: int, wanted: list[Marker], timeout: float = 60.0) -> float:
    """Seconds until everything in ``wanted`` has been written to the terminal ``fd``."""
    start = time.perf_counter()
    seen = b""
    while time.perf_counter() - start < timeout:
        if select.select([fd], [], [], 0.05)[0]:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
            if _found(seen, wanted):
                return time.perf_counter() - start
    raise TimeoutError(f"the terminal never showed {wanted}")


def drain(fd: int, seconds: float) -> None:
    """Read away what the terminal gets for ``seconds`` (so the app never blocks writing)."""
    end = time.perf_counter() + seconds
    while (left := end - time.perf_counter()) > 0:
        if select.select([fd], [], [], left)[0]:
            try:
                os.read(fd, 65536)
            except OSError:
                return


def in_terminal(
    command: list[str],
    wanted: list[Marker],
    env: dict[str, str],
    then: Callable[[int], None] | None = None,
    quit: bytes = b"q",
) -> Launch:
    """Launch ``command`` in a fresh 160x48 pseudo-terminal: the time from spawn until every
    marker in ``wanted`` is on the terminal. ``then`` gets the terminal to go on with; after
    it the app gets ``quit``, and its peak memory is read when it exits."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: size its terminal before anything can ask for it
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
            os.execvpe(command[0], command, {**env, **TERMINAL})
        finally:
            os._exit(127)
    try:
        took = wait_for(fd, wanted)
        if then is not None:
            then(fd)
        os.write(fd, quit)
        deadline = time.time() + 10
        while time.time() < deadline:
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done:
                return Launch(took, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status))
            drain(fd, 0.02)
        raise RuntimeError(f"{command[0]} did not quit on {quit!r}")
    finally:
        try:
            if os.waitpid(pid, os.WNOHANG) == (0, 0):
                os.kill(pid, 9)
                os.waitpid(pid, 0)
        except ChildProcessError:
            pass
        os.close(fd)


def run_process(command: list[str], env: dict[str, str]) -> Launch:
    """Run ``command`` as a plain process (no terminal, stdin empty, output captured in memory
    files): its time until exit and peak memory, exit status, and the last line of stderr."""
    out, err = os.memfd_create("stdout"), os.memfd_create("stderr")
    null = os.open(os.devnull, os.O_RDONLY)
    try:
        actions = [
            (os.POSIX_SPAWN_DUP2, null, 0),
            (os.POSIX_SPAWN_DUP2, out, 1),
            (os.POSIX_SPAWN_DUP2, err, 2),
        ]
        start = time.perf_counter()
        pid = os.posix_spawnp(command[0], command, env, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        took = time.perf_counter() - start
        os.lseek(err, 0, os.SEEK_SET)
        chunks = []
        while chunk := os.read(err, 1 << 20):
            chunks.append(chunk)
    finally:
        for fd in (out, err, null):
            os.close(fd)
    code = os.waitstatus_to_exitcode(status)
    text = b"".join(chunks).decode(errors="replace")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    last = lines[-1] if lines else f"exit status {code}"
    return Launch(took, usage.ru_maxrss / 1024, code, last, "Traceback (most recent call last)" in text)


def launch(
    command: list[str],
    env: dict[str, str],
    wanted: list[Marker] | None = None,
    hold: float = 0.0,
    check: bool = True,
) -> Launch:
    """Measure ``command`` from a fresh launcher process: in a terminal until ``wanted`` is on
    it (then ``hold`` seconds more), or, without ``wanted``, as a plain process until exit."""
    import subprocess

    markers = [["re", w.pattern.decode("latin-1")] if isinstance(w, re.Pattern) else ["text", w.decode("latin-1")]
               for w in wanted or []]  # fmt: skip
    request = json.dumps(
        {"command": command, "wanted": markers, "terminal": wanted is not None, "hold": hold}
    )
    launcher = [sys.executable, "-S", __file__, request]  # -S: no site, a smaller launcher
    done = subprocess.run(launcher, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)}: {done.stderr.strip().splitlines()[-1:]}")
    result = Launch(**json.loads(done.stdout))
    if check and result.code != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {result.last}")
    return result


def _serve(request: dict[str, object]) -> Launch:
    command = [str(part) for part in request["command"]]  # type: ignore[attr-defined]
    env = dict(os.environ)
    if not request["terminal"]:
        return run_process(command, env)
    wanted: list[Marker] = [
        re.compile(text.encode("latin-1")) if kind == "re" else text.encode("latin-1")
        for kind, text in request["wanted"]  # type: ignore[attr-defined]
    ]
    hold = float(request["hold"])  # type: ignore[arg-type]
    return in_terminal(command, wanted, env, then=(lambda fd: drain(fd, hold)) if hold else None)


if __name__ == "__main__":
    print(json.dumps(vars(_serve(json.loads(sys.argv[1])))))
