"""nettui at scale, as the user sees it: medians beside baselines from the same run, on demo
databases.

    python bench/scale.py [--runs 5] [--sizes 1000:10000,10000:100000]

Start-up (bench/startup.py): the dashboard and its floor (bench/floor_app.py), each launched in
the same 160x48 pseudo-terminal and timed until its marker is on the terminal, beside today's
plain-subprocess baselines; `nettui upcoming` and `people --json` beside a `json.load` floor.
Then, in use: a filter keystroke until the terminal shows the new count, a durable log from
ctrl+s until the "Saved" notice (the app under Pilot at 160x48) and the longest UI stall,
peak memory, and the same store operations on TinyDB's default JSONStorage. Uses only the
`nettui` command, Repository, Session, `repo.db` and NettuiApp. Prints Markdown tables. Not a
test: nothing passes or fails.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import html
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from startup import (
    COMPLETE,
    DEFAULT_SIZES,
    FLOOR_APP,
    NETTUI,
    PYTHON,
    TODAY,
    bench_env,
    cli_table,
    make_demo,
    median_mb,
    parse_sizes,
    startup_samples,
    startup_table,
)
from terminal import COLUMNS, LINES, Launch, drain, in_terminal, launch, wait_for

DAY = dt.date.fromisoformat(TODAY)
KEYS = "aeiourntlscd"  # one keystroke each into an empty filter: a scan of every row
SETTLE = 1.5  # seconds after the first complete frame: the warm-up has run
AFTER_SAVE = 2.5  # seconds watched after each save: the refresh, and the journal flush at 2 s


def ms1(samples: list[float]) -> str:
    value = statistics.median(samples) * 1000
    return f"{value:.1f} ms" if value >= 1 else f"{value:.3f} ms"


# -- in the terminal ------------------------------------------------------------------------


def keystrokes(db: Path, people: int, env: dict[str, str]) -> tuple[list[float], int]:
    """From a key typed into the filter of a real dashboard (pty) until the terminal shows a new
    match count (" N of M ", i.e. the updated rows); then backspace until the full list is back.
    A key every row matches changes nothing on screen: it is skipped (and counted). At the end
    ctrl+c quits (q would go into the filter)."""
    took: list[float] = []
    unchanged = 0
    count = re.compile(rb" \d+ of " + str(people).encode() + rb" ")

    def type_keys(fd: int) -> None:
        nonlocal unchanged
        drain(fd, SETTLE)
        os.write(fd, b"/")
        drain(fd, 0.4)
        for key in KEYS:
            start = time.perf_counter()
            os.write(fd, key.encode())
            try:
                wait_for(fd, [count], timeout=2.0)
                took.append(time.perf_counter() - start)
            except TimeoutError:
                unchanged += 1
            os.write(fd, b"\x7f")  # back to the full list, and what it drew is read away
            drain(fd, 0.4)

    in_terminal(
        [*NETTUI, "--db", str(db)], [f" {people} ".encode(), COMPLETE], env, then=type_keys, quit=b"\x03"
    )
    return took, unchanged


def held_peak(command: list[str], wanted: list[bytes], env: dict[str, str]) -> Launch:
    """Peak memory of a terminal app from start until two seconds after its marker (the
    dashboard's warm-up after the first frame included)."""
    return launch(command, env, wanted, hold=2.0)


# -- the dashboard under Pilot --------------------------------------------------------------


def screen_text(app: Any) -> str:
    """What the app's screen shows, as plain text (from Textual's own screenshot)."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


async def shows(app: Any, wanted: list[str], timeout: float = 60.0) -> None:
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        text = screen_text(app)
        if all(w in text for w in wanted):
            return
        await asyncio.sleep(0.1)
    raise TimeoutError(f"the dashboard never showed {wanted}")


async def watch_loop(stop: asyncio.Event, gaps: list[tuple[float, float]]) -> None:
    """Until ``stop``: each time the event loop was busy, (when it was last free, for how long)."""
    last = time.perf_counter()
    while not stop.is_set():
        await asyncio.sleep(0.001)
        now = time.perf_counter()
        gaps.append((last, now - last))
        last = now


async def durable_logs(db: Path, people: int, runs: int) -> dict[str, list[float]]:
    """Durable logs typed into a settled dashboard (NettuiApp under Pilot, 160x48): from ctrl+s
    until the "Saved" notice, which the dashboard posts once the save is fsynced; and the event
    loop's longest stall during that, and over the 2.5 s after it (the refresh, the journal
    flush)."""
    from nettui.storage.repository import Repository
    from nettui.tui.app import NettuiApp

    app = NettuiApp(Repository(db))
    saved = asyncio.Event()
    saved_at = 0.0
    notify = app.notify

    def noticed(message: str, **kwargs: Any) -> None:
        nonlocal saved_at
        if str(message).startswith("Saved") and not saved.is_set():
            saved_at = time.perf_counter()
            saved.set()
        notify(message, **kwargs)

    app.notify = noticed  # type: ignore[method-assign]
    result: dict[str, list[float]] = {"log": [], "stall": [], "after": []}
    async with app.run_test(size=(COLUMNS, LINES)) as pilot:
        await shows(app, [f" {people} ", COMPLETE.decode()])
        await pilot.pause(SETTLE)
        for n in range(runs):
            await pilot.press("l")
            await shows(app, ["Log a conversation with"])
            await pilot.press(*f"benchlog{n}")
            saved.clear()
            stop = asyncio.Event()
            gaps: list[tuple[float, float]] = []
            watcher = asyncio.create_task(watch_loop(stop, gaps))
            start = time.perf_counter()
            await pilot.press("ctrl+s")  # returns once the app is idle again, after the notice
            await asyncio.wait_for(saved.wait(), 30)
            result["log"].append(saved_at - start)
            await asyncio.sleep(max(0.0, saved_at + AFTER_SAVE - time.perf_counter()))
            stop.set()
            await watcher
            result["stall"].append(max((gap for began, gap in gaps if began < saved_at), default=0.0))
            result["after"].append(max((gap for began, gap in gaps if began >= saved_at), default=0.0))
    kept = sum(c.note.startswith("benchlog") for c in Repository(db).conversations())
    if kept != runs:
        print(f"warning: {kept} of {runs} logged conversations are in the file", file=sys.stderr)
    return result


# -- the store beside TinyDB's default storage ----------------------------------------------


def tinydb_ops(db: Path, runs: int) -> dict[str, list[float]]:
    """The same operations on TinyDB's default JSONStorage and through nettui's Repository,
    each write durable: a whole-file atomic write, or with a Session (the dashboard's quick
    save) one fsynced journal line."""
    from tinydb import Query, TinyDB

    from nettui.storage.repository import Repository
    from nettui.storage.session import Session

    plain = db.with_name("plain.json")
    shutil.copy(db, plain)
    keys = ("t_get", "t_update", "t_insert", "n_get", "n_update", "n_insert", "q_update", "q_insert")
    result: dict[str, list[float]] = {k: [] for k in keys}
    repo = Repository(db)
    talks = {pid: repo.conversations_with(pid) for pid in [p.id for p in repo.people()[: runs * 4]]}
    ids = [pid for pid, found in talks.items() if found][:runs]
    tiny = TinyDB(plain)
    people = tiny.table("people")
    for pid in ids:
        start = time.perf_counter()
        people.get(Query().id == pid)
        result["t_get"].append(time.perf_counter() - start)
        start = time.perf_counter()
        people.update({"notes": "bench"}, Query().id == pid)
        result["t_update"].append(time.perf_counter() - start)
        start = time.perf_counter()
        tiny.table("conversations").insert({"person": pid, "date": TODAY, "channel": "call"})
        result["t_insert"].append(time.perf_counter() - start)
    tiny.close()

    def talk(pid: str) -> Any:  # a new conversation, made from one the repository returned
        return dataclasses.replace(talks[pid][0], id=str(uuid.uuid4()), date=DAY, channel="call",
                                   energy=None, note="bench", strengths=[], with_=[], created="")  # fmt: skip

    def writes(prefix: str) -> None:
        for n, pid in enumerate(ids):
            person = repo.person(pid)
            person.notes = f"{prefix} {n}"
            start = time.perf_counter()
            repo.save_person(person)
            result[f"{prefix}_update"].append(time.perf_counter() - start)
            conversation = talk(pid)
            start = time.perf_counter()
            repo.log(conversation)
            result[f"{prefix}_insert"].append(time.perf_counter() - start)

    repo.refresh()
    for pid in ids:
        start = time.perf_counter()
        repo.person(pid)
        result["n_get"].append(time.perf_counter() - start)
    writes("n")
    session = Session(repo)
    writes("q")
    session.close()
    return result


# -- one size -------------------------------------------------------------------------------


def in_fresh_process(
    what: str, db: Path, people: int, runs: int, env: dict[str, str]
) -> dict[str, list[float]]:
    """Run the in-process measures in a fresh interpreter, so neither nettui nor TinyDB works in
    a heap this bench has grown (a full garbage collection over it would land in their figures)."""
    command = [
        PYTHON,
        __file__,
        "--measure",
        what,
        "--db",
        str(db),
        "--people",
        str(people),
        "--runs",
        str(runs),
    ]
    done = subprocess.run(command, env=env, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(what: str, db: Path, people: int, runs: int) -> None:
    result = asyncio.run(durable_logs(db, people, runs)) if what == "logs" else tinydb_ops(db, runs)
    print(json.dumps(result))


def run_size(people: int, conversations: int, runs: int, folder: Path, env: dict[str, str]) -> None:
    db = folder / f"db-{people}.json"
    make_demo(db, people, conversations, env)
    size = db.stat().st_size / 1e6
    start = startup_samples(db, people, runs, env)
    keys, unchanged = keystrokes(db, people, env)
    mem_dash = held_peak([*NETTUI, "--db", str(db)], [f" {people} ".encode(), COMPLETE], env)
    mem_floor = held_peak([PYTHON, FLOOR_APP, str(db)], [f"{people} people".encode()], env)
    textual_json = f"import textual.app, json; json.load(open({str(db)!r}))"
    mem_today = launch([PYTHON, "-c", textual_json], env)
    work = folder / f"work-{people}.json"
    shutil.copy(db, work)
    app = in_fresh_process("logs", work, people, runs, env)
    ops = in_fresh_process("ops", work, people, min(runs, 5), env)

    def ratio(a: list[float], b: list[float]) -> str:
        value = statistics.median(a) / statistics.median(b)
        return f"{value:.2f}×" if value >= 0.1 else f"{value:.2g}×"

    print(f"\n### {people} people, {conversations} conversations ({size:.1f} MB), median of {runs}\n")
    print("\n".join(startup_table(start)))
    print()
    print("\n".join(cli_table(start)))
    print()
    measured = f"{len(keys)} of {len(KEYS)} keys" + (f"; {unchanged} matched every row" if unchanged else "")
    rows = [
        ("filter keystroke until the terminal shows the new count (pty)", ms1(keys), measured, "", "", "≤ 20 ms"),
        ("log a conversation: ctrl+s until the fsynced “Saved” notice (Pilot)", ms1(app["log"]), "", "", "", "≤ 50 ms"),
        ("longest UI stall, ctrl+s until saved", f"{max(app['stall']) * 1000:.1f} ms", "worst of all runs", "", "", "≤ 50 ms"),
        ("longest UI stall, 2.5 s after the save (refresh, journal flush)", f"{max(app['after']) * 1000:.1f} ms", "worst of all runs", "", "", "≤ 50 ms"),
        ("peak memory, `nettui upcoming`", f"{median_mb(start['upcoming']):.0f} MB", "`json.load(DB)` floor", f"{median_mb(start['json']):.0f} MB", "", "≤ 200 MB"),
        ("peak memory, dashboard until 2 s after complete (pty, app or helper)", f"{mem_dash.peak_mb:.0f} MB", "floor app, 2 s after drawn (pty)", f"{mem_floor.peak_mb:.0f} MB", f"today's `import textual.app` + `json.load(DB)`: {mem_today.peak_mb:.0f} MB", "≤ 200 MB"),
        ("get one person", ms1(ops["n_get"]), "TinyDB JSONStorage query", ms1(ops["t_get"]), ratio(ops["n_get"], ops["t_get"]), ""),
        ("update one person (atomic file write)", ms1(ops["n_update"]), "TinyDB JSONStorage update", ms1(ops["t_update"]), ratio(ops["n_update"], ops["t_update"]), ""),
        ("update one person (Session: journal line)", ms1(ops["q_update"]), "TinyDB JSONStorage update", ms1(ops["t_update"]), ratio(ops["q_update"], ops["t_update"]), ""),
        ("insert one conversation (atomic file write)", ms1(ops["n_insert"]), "TinyDB JSONStorage insert", ms1(ops["t_insert"]), ratio(ops["n_insert"], ops["t_insert"]), ""),
        ("insert one conversation (Session: journal line)", ms1(ops["q_insert"]), "TinyDB JSONStorage insert", ms1(ops["t_insert"]), ratio(ops["q_insert"], ops["t_insert"]), ""),
    ]  # fmt: skip
    print("| in use | nettui | baseline | baseline value | ratio | target |")
    print("| --- | --- | --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="people:conversations, comma-separated")
    parser.add_argument("--measure", choices=("logs", "ops"), help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--people", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ["NETTUI_TODAY"] = TODAY
    if args.measure:
        measure(args.measure, args.db, args.people, args.runs)
        return
    env = bench_env()
    with tempfile.TemporaryDirectory() as folder:
        for people, conversations in parse_sizes(args.sizes):
            run_size(people, conversations, args.runs, Path(folder), env)
    print(f"\nbench process peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB "
          "(the in-process measures ran in fresh interpreters)")  # fmt: skip


if __name__ == "__main__":
    main()
