"""Importing a 10,000-row LinkedIn Connections.csv, beside merely parsing it with the csv module.

    python bench/import_linkedin.py [--rows 10000] [--runs 5]

Prints a Markdown table of medians. Not a test.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import NETTUI, PYTHON, bench_env
from terminal import launch

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = bench_env()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "Connections.csv"
        write_connections(source, args.rows)
        parse = [
            PYTHON,
            "-c",
            f"import csv; list(csv.reader(open({str(source)!r}, encoding='utf-8-sig', newline='')))",
        ]
        samples: dict[str, list[float]] = {"parse": [], "import": [], "reimport": [], "dry": []}
        for run in range(args.runs):
            command = [
                *NETTUI,
                "--db",
                str(Path(folder) / f"db{run}.json"),
                "import",
                "linkedin",
                str(source),
            ]
            dry = [
                *NETTUI,
                "--db",
                str(Path(folder) / f"dry{run}.json"),
                "import",
                "linkedin",
                "--dry-run",
                str(source),
            ]
            samples["parse"].append(launch(parse, env).seconds)
            samples["dry"].append(launch(dry, env).seconds)
            samples["import"].append(launch(command, env).seconds)
            samples["reimport"].append(launch(command, env).seconds)

        def ms(key: str) -> str:
            return f"{statistics.median(samples[key]) * 1000:.0f} ms"

        print(f"\nLinkedIn import of {args.rows} rows, median of {args.runs} runs\n")
        print("| measure (plain process, until exit) | nettui | baseline | baseline time |")
        print("| --- | --- | --- | --- |")
        print(f"| `nettui import linkedin` into an empty file | {ms('import')} | csv parse | {ms('parse')} |")
        print(f"| re-import, nobody added | {ms('reimport')} | csv parse | {ms('parse')} |")
        print(
            f"| `--dry-run` into an empty file (parse and merge, no write) | {ms('dry')} | csv parse | {ms('parse')} |"
        )


if __name__ == "__main__":
    main()
