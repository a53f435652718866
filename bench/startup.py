"""Start-up and CLI timings on a large demo database, each beside a baseline from the same run.

    python bench/startup.py [--people 10000] [--conversations 100000] [--runs 5]

Prints a Markdown table of medians. Not a test: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PYTHON = sys.executable
NETTUI = [PYTHON, "-m", "nettui.tui"]
TODAY = "2026-11-25"


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


COMPLETE = b"rated conversations"  # drawn by the Strengths pane once the insights are in


def bench_env() -> dict[str, str]:
    """The environment for every timed process, with nettui's bytecode compiled first, as a
    normal install has it (this machine sets PYTHONDONTWRITEBYTECODE, which would otherwise
    make every nettui process compile its own modules, ~50 ms that users never pay)."""
    root = Path(__file__).resolve().parent.parent
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(root / "storage"), str(root / "tui")], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "NETTUI_NO_PRELOAD")}
    return {**env, "NETTUI_TODAY": TODAY}


def wait_for(fd: int, wanted: list[bytes], timeout: float = 60.0) -> float:
    """Seconds until everything in ``wanted`` has been written to the terminal ``fd``."""
    start = time.perf_counter()
    seen = b""
    while time.perf_counter() - start < timeout:
        if select.select([fd], [], [], 0.05)[0]:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
            if all(marker in seen for marker in wanted):
                return time.perf_counter() - start
    raise RuntimeError(f"the dashboard never showed {wanted}")


def dashboard_ready(
    db: Path,
    marker: bytes,
    env: dict[str, str],
    then: Callable[[int], None] | None = None,
) -> float:
    """Seconds from spawn until the dashboard has drawn the people count and the insights (in a
    pty); ``then`` gets the terminal to go on with before the dashboard quits."""
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.execvpe(
            NETTUI[0],
            [*NETTUI, "--db", str(db)],
            {**env, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"},
        )
    try:
        took = wait_for(fd, [marker, COMPLETE])
        if then is not None:
            then(fd)
        return took
    finally:
        os.write(fd, b"q")
        deadline = time.time() + 5
        while time.time() < deadline:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            with contextlib.suppress(OSError):
                os.read(fd, 65536)
            time.sleep(0.02)
        else:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        os.close(fd)


def median(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = bench_env()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "nettui.json"
        demo = ["demo", "--people", str(args.people), "--conversations", str(args.conversations)]
        subprocess.run([*NETTUI, "--db", str(db), *demo], env=env, check=True, stdout=subprocess.DEVNULL)
        size_mb = db.stat().st_size / 1e6
        marker = f" {args.people} ".encode()
        rows: list[tuple[str, list[float], str, list[float]]] = []
        textual = [PYTHON, "-c", "import textual.app"]
        textual_json = [PYTHON, "-c", f"import textual.app, json; json.load(open({str(db)!r}))"]
        bare_json = [PYTHON, "-c", f"import json; json.load(open({str(db)!r}))"]
        samples: dict[str, list[float]] = {
            k: [] for k in ("dash", "textual", "textual_json", "upcoming", "people", "json")
        }
        for _ in range(args.runs):
            samples["dash"].append(dashboard_ready(db, marker, env))
            samples["textual"].append(timed(textual, env))
            samples["textual_json"].append(timed(textual_json, env))
            samples["upcoming"].append(timed([*NETTUI, "--db", str(db), "upcoming"], env))
            samples["people"].append(timed([*NETTUI, "--db", str(db), "people", "--json"], env))
            samples["json"].append(timed(bare_json, env))
        rows = [
            (
                "dashboard complete (pty)",
                samples["dash"],
                "python -c 'import textual.app'",
                samples["textual"],
            ),
            (
                "dashboard complete (pty)",
                samples["dash"],
                "import textual.app + json.load(DB)",
                samples["textual_json"],
            ),
            ("nettui upcoming", samples["upcoming"], "python -c 'json.load(DB)'", samples["json"]),
            ("nettui people --json", samples["people"], "python -c 'json.load(DB)'", samples["json"]),
        ]
        print(f"\n{args.people} people, {args.conversations} conversations, {size_mb:.1f} MB, "
              f"median of {args.runs} runs\n")  # fmt: skip
        print("| measure | nettui | baseline | baseline time | ratio |")
        print("| --- | --- | --- | --- | --- |")
        for name, mine, base_name, base in rows:
            ratio = statistics.median(mine) / statistics.median(base)
            print(f"| {name} | {median(mine)} | {base_name} | {median(base)} | {ratio:.2f}× |")


if __name__ == "__main__":
    main()
