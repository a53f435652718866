"""Start-up as the user sees it: the dashboard and its floor, each launched in the same 160x48
pseudo-terminal and timed until its output is on the terminal; the CLI beside its floor.

    python bench/startup.py [--runs 5] [--sizes 1000:10000,10000:100000]

The floor (bench/floor_app.py) is a minimal Textual app that imports Textual, ``json.load``s
the whole database and draws a screen showing the number of people; a bare one draws a fixed
marker (Textual's fixed cost). Beside them, today's method: plain subprocesses (no terminal)
timed until exit. Every command is measured in every run, in a rotating order, so machine
noise hits all of them. Prints Markdown tables of medians. Not a test: nothing passes or fails.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from terminal import Launch, launch

PYTHON = sys.executable
BENCH = Path(__file__).resolve().parent
FLOOR_APP = str(BENCH / "floor_app.py")
TODAY = "2026-11-25"
COMPLETE = b"rated conversations"  # drawn by the Strengths pane once the insights are in
DEFAULT_SIZES = "1000:10000,10000:100000"


def nettui_command() -> list[str]:
    """The ``nettui`` console script a user runs (the one beside this interpreter)."""
    script = Path(PYTHON).parent / "nettui"
    if script.exists():
        return [str(script)]
    found = shutil.which("nettui")
    return [found] if found else [PYTHON, "-m", "nettui.tui"]


NETTUI = nettui_command()


def bench_env() -> dict[str, str]:
    """The environment for every timed process, with nettui's bytecode compiled first, as a
    normal install has it (this machine sets PYTHONDONTWRITEBYTECODE, which would otherwise
    make every nettui process compile its own modules, ~50 ms that users never pay)."""
    root = BENCH.parent
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(root / "storage"), str(root / "tui")], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "NETTUI_NO_PRELOAD")}
    return {**env, "NETTUI_TODAY": TODAY}


def make_demo(db: Path, people: int, conversations: int, env: dict[str, str]) -> None:
    demo = ["demo", "--people", str(people), "--conversations", str(conversations)]
    subprocess.run([*NETTUI, "--db", str(db), *demo], env=env, check=True, stdout=subprocess.DEVNULL)


def parse_sizes(text: str) -> list[tuple[int, int]]:
    """``1000:10000,10000:100000`` as (people, conversations) pairs."""
    sizes = []
    for part in text.split(","):
        people, _, conversations = part.partition(":")
        sizes.append((int(people), int(conversations or int(people) * 10)))
    return sizes


def startup_commands(db: Path, people: int) -> dict[str, Callable[[dict[str, str]], Launch]]:
    """Every start-up measure of one database, by key, each a function of the environment."""
    path = str(db)
    count = f" {people} ".encode()
    textual_json = f"import textual.app, json; json.load(open({path!r}))"
    json_floor = f"import json; print(len(json.load(open({path!r}))['people']))"
    return {
        "dash": lambda env: launch([*NETTUI, "--db", path], env, [count, COMPLETE]),
        "floor": lambda env: launch([PYTHON, FLOOR_APP, path], env, [f"{people} people".encode()]),
        "bare": lambda env: launch([PYTHON, FLOOR_APP], env, [b"textual ready"]),
        "today_json": lambda env: launch([PYTHON, "-c", textual_json], env),
        "today_bare": lambda env: launch([PYTHON, "-c", "import textual.app"], env),
        "upcoming": lambda env: launch([*NETTUI, "--db", path, "upcoming"], env),
        "digest": lambda env: launch([*NETTUI, "--db", path, "digest"], env),
        "people": lambda env: launch([*NETTUI, "--db", path, "people", "--json"], env),
        "json": lambda env: launch([PYTHON, "-c", json_floor], env),
    }


def startup_samples(db: Path, people: int, runs: int, env: dict[str, str]) -> dict[str, list[Launch]]:
    """``runs`` samples of every start-up measure, after one warm-up round that is not kept;
    each round runs every command once, the order rotated from round to round."""
    commands = startup_commands(db, people)
    keys = list(commands)
    samples: dict[str, list[Launch]] = {key: [] for key in keys}
    for key in keys:
        commands[key](env)
    for run in range(runs):
        shift = run % len(keys)
        for key in keys[shift:] + keys[:shift]:
            samples[key].append(commands[key](env))
    return samples


def median_s(launches: list[Launch]) -> float:
    return statistics.median(launch.seconds for launch in launches)


def median_mb(launches: list[Launch]) -> float:
    return statistics.median(launch.peak_mb for launch in launches)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def startup_table(samples: dict[str, list[Launch]]) -> list[str]:
    """The start-up table: the dashboard beside its floor (same terminal, until on screen), and
    beside today's baselines (plain subprocesses, until exit)."""
    dash = median_s(samples["dash"])

    def row(name: str, floor_name: str, floor: str, today_name: str, today: str) -> str:
        f, t = median_s(samples[floor]), median_s(samples[today])
        return (f"| {name} | {ms(dash)} | {floor_name} | {ms(f)} | **{dash / f:.2f}×** "
                f"| {today_name} | {ms(t)} | {dash / t:.2f}× |")  # fmt: skip

    return [
        "| start-up | nettui (160x48 pty, until on screen) | floor (same pty, until on screen) "
        "| floor | ratio | today's baseline (plain subprocess, until exit) | baseline | ratio |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        row("complete dashboard", "Textual app: `json.load(DB)`, draws the people count", "floor",
            "`python -c 'import textual.app, json; json.load(DB)'`", "today_json"),
        row("complete dashboard", "bare Textual app, draws a fixed marker", "bare",
            "`python -c 'import textual.app'`", "today_bare"),
    ]  # fmt: skip


def cli_table(samples: dict[str, list[Launch]]) -> list[str]:
    """The CLI beside its floor: plain subprocesses, output captured, until exit."""
    floor = median_s(samples["json"])
    lines = [
        "| CLI (plain subprocess, output captured, until exit) | nettui | floor | floor time | ratio |",
        "| --- | --- | --- | --- | --- |",
    ]
    for key, name in (
        ("upcoming", "`nettui upcoming`"),
        ("digest", "`nettui digest` (target: at most 1.0×)"),
        ("people", "`nettui people --json`"),
    ):
        mine = median_s(samples[key])
        lines.append(
            f"| {name} | {ms(mine)} | `python -c 'print(len(json.load(DB)[\"people\"]))'` "
            f"| {ms(floor)} | {mine / floor:.2f}× |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="people:conversations, comma-separated")
    args = parser.parse_args()
    env = bench_env()
    with tempfile.TemporaryDirectory() as folder:
        for people, conversations in parse_sizes(args.sizes):
            db = Path(folder) / f"db-{people}.json"
            make_demo(db, people, conversations, env)
            samples = startup_samples(db, people, args.runs, env)
            size = db.stat().st_size / 1e6
            print(
                f"\n### {people} people, {conversations} conversations ({size:.1f} MB), median of {args.runs}\n"
            )
            print("\n".join(startup_table(samples)))
            print()
            print("\n".join(cli_table(samples)))


if __name__ == "__main__":
    main()
