"""nettui at scale: medians beside baselines from the same run, on demo databases.

    python bench/scale.py [--runs 5] [--sizes 1000:10000,10000:100000]

Measures start to a complete dashboard (in a pseudo-terminal), one filter keystroke, a durable
log and the longest UI stall meanwhile, `nettui upcoming` and `people --json`, peak memory, and
the same store operations on TinyDB's default JSONStorage. Prints Markdown tables. Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import resource
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from startup import NETTUI, PYTHON, TODAY, bench_env, dashboard_ready, timed, wait_for

DAY = dt.date.fromisoformat(TODAY)


def ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.1f} ms"


def peak_dashboard_mb(db: Path, people: int, env: dict[str, str]) -> float:
    """Peak resident memory of the dashboard (or its data helper, whichever is larger), from
    start until two seconds after its first complete frame (the warm-up included)."""
    code = (
        "import os, resource, sys, time\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "from pathlib import Path\n"
        "from startup import dashboard_ready\n"
        f"dashboard_ready(Path({str(db)!r}), b' {people} ', dict(os.environ), then=lambda fd: time.sleep(2))\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run([PYTHON, "-c", code], env=env, capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def peak_mb(command: list[str], env: dict[str, str]) -> float:
    """Peak resident memory of one child process."""
    code = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run([PYTHON, "-c", code, *command], env=env, capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


async def in_app(db: Path, runs: int) -> dict[str, list[float]]:
    """Durable logs from a settled dashboard, with the event loop's longest stall meanwhile."""
    from nettui.storage import clock
    from nettui.storage.domain.drafts import LogDraft
    from nettui.storage.repository import Repository
    from nettui.tui.app import NettuiApp
    from nettui.tui.widgets.people_list import PeopleList

    clock.set_today(DAY)
    app = NettuiApp(Repository(db))
    result: dict[str, list[float]] = {"log": [], "stall": []}
    async with app.run_test(size=(120, 40)) as pilot:
        while getattr(app.screen, "data", None) is None:
            await asyncio.sleep(0.01)
        await pilot.pause(1.0)  # settled: the warm-up after the first frame has run
        await app.workers.wait_for_complete()
        people = app.screen.query_one(PeopleList)
        person = people.rows[0].id
        for n in range(runs):
            await app.workers.wait_for_complete()  # the previous save's refresh has finished
            await pilot.pause(0.1)
            stall = 0.0
            done = asyncio.Event()
            screen = app.screen
            start = time.perf_counter()
            worker = screen.save_log(person, LogDraft(note=f"bench {n}", energy=1))

            async def watch(done: asyncio.Event = done) -> None:
                nonlocal stall
                last = time.perf_counter()
                while not done.is_set():
                    await asyncio.sleep(0.001)
                    now = time.perf_counter()
                    stall = max(stall, now - last)
                    last = now

            watcher = asyncio.create_task(watch())
            await worker.wait()
            result["log"].append(time.perf_counter() - start)
            done.set()
            await watcher
            result["stall"].append(stall)
            await pilot.pause(0.2)
    return result


def drain(fd: int, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while (left := end - time.perf_counter()) > 0:
        if select.select([fd], [], [], left)[0]:
            os.read(fd, 65536)


KEYS = "aeiourntlscd"  # one keystroke each into an empty filter: a scan of every row


def keystrokes(db: Path, env: dict[str, str]) -> list[float]:
    """From a key typed into the filter of a real dashboard (pty) until the terminal shows the
    new match count, i.e. the updated rows; then backspace until the full list is back."""
    from nettui.storage import clock
    from nettui.storage.repository import Repository
    from nettui.storage.views.people_rows import filter_rows, people_rows

    clock.set_today(DAY)
    rows = people_rows(Repository(db), DAY)
    took: list[float] = []

    def type_keys(fd: int) -> None:
        drain(fd, 1.5)  # settled: the warm-up after the first frame has run
        os.write(fd, b"/")
        drain(fd, 0.4)
        for key in KEYS:
            shown = len(filter_rows(rows, key))
            if shown == len(rows):  # the count would not change: nothing to wait for
                continue
            start = time.perf_counter()
            os.write(fd, key.encode())
            wait_for(fd, [f" {shown} of {len(rows)} ".encode()])
            took.append(time.perf_counter() - start)
            os.write(fd, b"\x7f")  # back to the full list, and what it drew is read away
            drain(fd, 0.4)

    dashboard_ready(db, f" {len(rows)} ".encode(), env, then=type_keys)
    return took


def tinydb_ops(db: Path, runs: int) -> dict[str, list[float]]:
    """The same operations on TinyDB's default JSONStorage and on nettui's store."""
    from tinydb import Query, TinyDB

    from nettui.storage.domain.models import Conversation
    from nettui.storage.repository import Repository

    plain = db.with_name("plain.json")
    shutil.copy(db, plain)
    result: dict[str, list[float]] = {
        k: [] for k in ("t_get", "t_update", "t_insert", "n_get", "n_update", "n_insert")
    }
    tiny = TinyDB(plain)
    people = tiny.table("people")
    ids = [doc["id"] for doc in people.all()[:runs]]
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
    repo = Repository(db)
    repo.refresh()
    for pid in ids:
        start = time.perf_counter()
        person = repo.person(pid)
        result["n_get"].append(time.perf_counter() - start)
        person.notes = "bench"
        start = time.perf_counter()
        repo.save_person(person)
        result["n_update"].append(time.perf_counter() - start)
        start = time.perf_counter()
        repo.log(Conversation(person=pid, date=DAY, channel="call"))
        result["n_insert"].append(time.perf_counter() - start)
    return result


def run_size(people: int, conversations: int, runs: int, folder: Path, env: dict[str, str]) -> None:
    db = folder / f"db-{people}.json"
    subprocess.run([*NETTUI, "--db", str(db), "demo", "--people", str(people), "--conversations",
                    str(conversations)], env=env, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    size = db.stat().st_size / 1e6
    baseline_dash = [PYTHON, "-c", f"import textual.app, json; json.load(open({str(db)!r}))"]
    baseline_json = [PYTHON, "-c", f"import json; json.load(open({str(db)!r}))"]
    s: dict[str, list[float]] = {k: [] for k in ("dash", "bdash", "up", "pj", "bjson")}
    for _ in range(runs):
        s["dash"].append(dashboard_ready(db, f" {people} ".encode(), env))
        s["bdash"].append(timed(baseline_dash, env))
        s["up"].append(timed([*NETTUI, "--db", str(db), "upcoming"], env))
        s["pj"].append(timed([*NETTUI, "--db", str(db), "people", "--json"], env))
        s["bjson"].append(timed(baseline_json, env))
    work = folder / f"work-{people}.json"
    shutil.copy(db, work)
    app = asyncio.run(in_app(work, runs))
    keys = keystrokes(db, env)
    ops = tinydb_ops(work, min(runs, 5))
    mem_up = peak_mb([*NETTUI, "--db", str(db), "upcoming"], env)
    mem_json = peak_mb(baseline_json, env)
    mem_dash = peak_dashboard_mb(db, people, env)
    mem_textual = peak_mb(baseline_dash, env)

    def ratio(a: list[float], b: list[float]) -> str:
        return f"{statistics.median(a) / statistics.median(b):.2f}×"

    print(f"\n### {people} people, {conversations} conversations ({size:.1f} MB), median of {runs}\n")
    print("| measure | nettui | baseline | baseline value | ratio | target |")
    print("| --- | --- | --- | --- | --- | --- |")
    print(
        f"| start to complete dashboard (pty) | {ms(s['dash'])} | `import textual.app` + `json.load(DB)` | {ms(s['bdash'])} | {ratio(s['dash'], s['bdash'])} | ≤ 1.0× |"
    )
    print(
        f"| `nettui upcoming` | {ms(s['up'])} | `json.load(DB)` | {ms(s['bjson'])} | {ratio(s['up'], s['bjson'])} | ≤ 0.8× |"
    )
    print(
        f"| `nettui people --json` | {ms(s['pj'])} | `json.load(DB)` | {ms(s['bjson'])} | {ratio(s['pj'], s['bjson'])} | |"
    )
    print(f"| filter keystroke to updated rows on the terminal (pty) | {ms(keys)} | | | | ≤ 20 ms |")
    print(f"| log a conversation until fsynced (dashboard) | {ms(app['log'])} | | | | ≤ 50 ms |")
    print(f"| longest UI stall while logging | {max(app['stall']) * 1000:.1f} ms | | | | ≤ 50 ms |")
    print(
        f"| peak memory, `nettui upcoming` | {mem_up:.0f} MB | `json.load(DB)` | {mem_json:.0f} MB | | ≤ 200 MB |"
    )
    print(
        f"| peak memory, dashboard (app or helper) | {mem_dash:.0f} MB | `import textual.app` + `json.load(DB)` | {mem_textual:.0f} MB | | ≤ 200 MB |"
    )
    print(
        f"| get one person | {ms(ops['n_get'])} | TinyDB JSONStorage query | {ms(ops['t_get'])} | {ratio(ops['n_get'], ops['t_get'])} | |"
    )
    print(
        f"| update one person (durable) | {ms(ops['n_update'])} | TinyDB JSONStorage update | {ms(ops['t_update'])} | {ratio(ops['n_update'], ops['t_update'])} | |"
    )
    print(
        f"| insert one conversation (durable) | {ms(ops['n_insert'])} | TinyDB JSONStorage insert | {ms(ops['t_insert'])} | {ratio(ops['n_insert'], ops['t_insert'])} | |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="1000:10000,10000:100000")
    args = parser.parse_args()
    os.environ["NETTUI_TODAY"] = TODAY
    env = bench_env()
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes.split(","):
            people, conversations = (int(x) for x in size.split(":"))
            run_size(people, conversations, args.runs, Path(folder), env)
    print(f"\nbench process peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
