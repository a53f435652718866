"""The merge driver at scale, beside `git merge-file` on the same three files.

    python bench/merge.py [--runs 5] [--people 10000] [--conversations 100000] [--changes 100]

A demo database is the base; two machines each make ``--changes`` changes to a copy through the
repository (conversations logged, people edited, people added; a tenth of the edits touch the
same field of the same people on both sides). Then, timed as git runs them (a fresh process,
until exit): `nettui sync merge-driver BASE OURS THEIRS` (what the repository's git config
calls), and `git merge-file -p OURS BASE THEIRS`, which merges lines and knows nothing of
records. Prints a Markdown table with medians, and what each result holds. Not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from startup import NETTUI, PYTHON, TODAY, bench_env, make_demo

DAY = dt.date.fromisoformat(TODAY)


def change(path: Path, side: str, count: int, shared: list[str]) -> None:
    """``count`` changes on one machine's copy, in one transaction (one write)."""
    from nettui.storage.domain.models import Conversation, Person
    from nettui.storage.repository import Repository

    repo = Repository(path)
    rng = random.Random(side)
    people = sorted(repo.people_by_id())
    with repo.transaction():
        for index in range(count):
            kind = index % 4
            if kind in (0, 1):
                talk = Conversation(
                    person=rng.choice(people), date=DAY, channel="coffee", note=f"{side} {index}"
                )
                repo.log(talk)
            elif kind == 2:
                target = shared[index % len(shared)] if index % 10 == 2 else rng.choice(people)
                repo.update_person(target, {"city": f"{side} city {index}"})
            else:
                repo.add_person(Person(name=f"{side.title()} Person {index}"))


def timed(command: list[str], prepare: Path | None = None, base: Path | None = None) -> float:
    if prepare is not None and base is not None:
        shutil.copyfile(prepare, base)
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--changes", type=int, default=100)
    args = parser.parse_args()
    env = bench_env()
    from nettui.storage import clock

    clock.set_today(DAY)
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        folder.chmod(0o700)
        base = folder / "base.json"
        make_demo(base, args.people, args.conversations, env)
        from nettui.storage.repository import Repository

        shared = sorted(Repository(base).people_by_id())[:10]
        sides = {}
        for side in ("ours", "theirs"):
            sides[side] = folder / f"{side}.json"
            shutil.copyfile(base, sides[side])
            change(sides[side], side, args.changes, shared)
        work = folder / "work.json"
        driver = [*NETTUI, "sync", "merge-driver", str(base), str(work), str(sides["theirs"])]
        line_merge = ["git", "merge-file", "-p", str(sides["ours"]), str(base), str(sides["theirs"])]
        nettui_s, git_s = [], []
        for _ in range(args.runs):
            nettui_s.append(timed(driver, sides["ours"], work))
            git_s.append(timed(line_merge))

        shutil.copyfile(sides["ours"], work)
        subprocess.run(driver, check=True)
        merged = Repository(work)
        talks = len(merged.conversation_docs())
        conflicts = sum(len(p.conflicts) for p in merged.people())
        git_out = subprocess.run(line_merge, capture_output=True, check=False)
        markers = git_out.stdout.count(b"\n<<<<<<<")
        size = base.stat().st_size / 1e6

    nettui_m, git_m = statistics.median(nettui_s), statistics.median(git_s)
    print(
        f"Merge: {args.people:,} people / {args.conversations:,} conversations ({size:.0f} MB), "
        f"{args.changes} changes on each side, median of {args.runs} (python {PYTHON})\n"
    )
    print("| merge of the three files | median | what the result holds |")
    print("| --- | --- | --- |")
    print(
        f"| `nettui sync merge-driver` (records by id) | {nettui_m * 1000:.0f} ms | "
        f"{talks:,} conversations, {conflicts} field(s) set aside in conflict lists, no markers |"
    )
    print(
        f"| `git merge-file` (lines) | {git_m * 1000:.0f} ms | {markers} conflict blocks "
        f"(exit {git_out.returncode}): not a loadable database |"
    )
    print(f"| ratio | {nettui_m / git_m:.2f}× | |")


if __name__ == "__main__":
    main()
