"""Importing a 10,000-row LinkedIn Connections.csv, beside merely parsing it with the csv module.

    python bench/import_linkedin.py [--rows 10000] [--runs 5]

Prints a Markdown table of medians. Not a test.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYTHON = sys.executable
FIRST = ["Ada", "Alan", "Grace", "Linus", "Barbara", "Ken", "Radia", "Tim", "Frances", "Donald"]
LAST = ["Lovelace", "Turing", "Hopper", "Torvalds", "Liskov", "Thompson", "Perlman", "Allen", "Knuth"]
COMPANIES = ["Acme", "Globex", "Initech", "Hooli", "Pied Piper", "Stark", "Wayne", "Umbrella"]


def write_connections(path: Path, rows: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        handle.write(
            'Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing."\n\n'
        )
        writer = csv.writer(handle)
        writer.writerow(
            ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
        )
        for index in range(rows):
            first, last = rng.choice(FIRST), f"{rng.choice(LAST)}{index}"
            email = f"{first.lower()}.{index}@example.com" if rng.random() < 0.2 else ""
            day = f"{rng.randint(1, 28):02d} {rng.choice(['Jan', 'Mar', 'Jun', 'Oct'])} {rng.randint(2012, 2025)}"
            writer.writerow([first, last, f"https://www.linkedin.com/in/{first.lower()}-{index}", email,
                             rng.choice(COMPANIES), "Engineer", day])  # fmt: skip


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = {**os.environ, "NETTUI_TODAY": "2026-11-25"}
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "Connections.csv"
        write_connections(source, args.rows)
        parse = [PYTHON, "-c", f"import csv; list(csv.reader(open({str(source)!r}, encoding='utf-8-sig')))"]
        samples: dict[str, list[float]] = {
            "parse": [],
            "import": [],
            "reimport": [],
            "inproc": [],
            "inparse": [],
        }
        for run in range(args.runs):
            db = Path(folder) / f"db{run}.json"
            command = [PYTHON, "-m", "nettui.tui", "--db", str(db), "import", "linkedin", str(source)]
            samples["parse"].append(timed(parse, env))
            samples["import"].append(timed(command, env))
            samples["reimport"].append(timed(command, env))
            start = time.perf_counter()
            with source.open(encoding="utf-8-sig", newline="") as handle:
                list(csv.reader(handle))
            samples["inparse"].append(time.perf_counter() - start)
            from nettui.storage.formats.merge import apply, plan
            from nettui.storage.repository import Repository

            repo = Repository(Path(folder) / f"inproc{run}.json")
            start = time.perf_counter()
            apply(repo, plan(repo, "linkedin", source, __import__("datetime").date(2026, 11, 25)))
            samples["inproc"].append(time.perf_counter() - start)

        def ms(key: str) -> str:
            return f"{statistics.median(samples[key]) * 1000:.0f} ms"

        print(f"\nLinkedIn import of {args.rows} rows, median of {args.runs} runs\n")
        print("| measure | nettui | baseline | baseline time |")
        print("| --- | --- | --- | --- |")
        print(
            f"| `nettui import linkedin` into an empty file (process) | {ms('import')} | csv parse (process) | {ms('parse')} |"
        )
        print(
            f"| re-import, nobody added (process) | {ms('reimport')} | csv parse (process) | {ms('parse')} |"
        )
        print(
            f"| parse, merge and one atomic write (in process) | {ms('inproc')} | csv parse (in process) | {ms('inparse')} |"
        )


if __name__ == "__main__":
    main()
