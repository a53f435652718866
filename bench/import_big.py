"""Peak memory of importing one huge field: a LinkedIn Connections.csv whose one "Position"
cell is 10 MB, and a vCard whose one NOTE is 10 MB (folded at 75 octets, as exporters write
it), each beside a bare Python floor that reads the same file.

    python bench/import_big.py [--mb 10] [--runs 3]

Each figure is the median over --runs of a plain subprocess's peak resident memory (and its
time until exit). An import that exits non-zero is recorded as "fails: <its last line>".
Not a test: nothing passes or fails.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from startup import NETTUI, PYTHON, bench_env
from terminal import Launch, launch

HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
PREAMBLE = 'Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing."\n\n'


def filler(size: int, words: str) -> str:
    return (words * (size // len(words) + 1))[:size]


def write_connections(path: Path, size: int) -> None:
    """A LinkedIn export of three people, one with a ``size``-character Position."""
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        handle.write(PREAMBLE)
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerow(
            ["Ada", "Lovelace", "https://www.linkedin.com/in/ada", "", "Acme", "Engineer", "01 Jan 2020"]
        )
        writer.writerow(["Grace", "Hopper", "https://www.linkedin.com/in/grace", "", "Navy",
                         filler(size, "Chief of everything, "), "12 Mar 2021"])  # fmt: skip
        writer.writerow(
            ["Alan", "Turing", "https://www.linkedin.com/in/alan", "", "NPL", "Researcher", "03 Jun 2019"]
        )


def write_vcard(path: Path, size: int) -> None:
    """Three vCards, one with a ``size``-character NOTE folded into 75-octet lines."""
    note = "NOTE:" + filler(size, "Met at the conference\\, talked about compilers. ")
    folded = "\r\n ".join(note[i : i + 74] for i in range(0, len(note), 74))
    cards = [
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\nEND:VCARD\r\n",
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nN:Hopper;Grace;;;\r\n{folded}\r\nEND:VCARD\r\n",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Alan Turing\r\nN:Turing;Alan;;;\r\nEND:VCARD\r\n",
    ]
    path.write_text("".join(cards), encoding="utf-8", newline="")


def measure(commands: list[list[str]], env: dict[str, str]) -> tuple[list[Launch], Launch | None]:
    """Run each command (one per run); the launches, and the first failure if one failed."""
    launches = []
    for command in commands:
        launched = launch(command, env, check=False)
        if launched.code != 0:
            return launches, launched
        launches.append(launched)
    return launches, None


def failed(launched: Launch) -> tuple[str, str]:
    how = "a Python traceback" if launched.traceback else f"exit status {launched.code}"
    return (
        f"fails: {launched.last}",
        f"{how}, after {launched.seconds * 1000:.0f} ms; peak {launched.peak_mb:.0f} MB",
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mb", type=float, default=10.0, help="size of the one huge field, in MB")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    size = int(args.mb * 1_000_000)
    env = bench_env()
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        csv_file, vcf_file = base / "Connections.csv", base / "contacts.vcf"
        write_connections(csv_file, size)
        write_vcard(vcf_file, size)

        def floor(code: str, path: Path) -> list[str]:
            return [PYTHON, "-c", code.replace("FILE", repr(str(path)))]

        csv_open = "open(FILE, encoding='utf-8-sig', newline='')"
        cases = [
            ("interpreter alone: `python -c pass`", [PYTHON, "-c", "pass"], None),
            ("floor: `csv.reader` over the file, field limit raised",
             floor(f"import csv, sys; csv.field_size_limit(sys.maxsize); list(csv.reader({csv_open}))", csv_file), None),
            ("floor: `csv.reader` over the file, default field limit (131072)",
             floor(f"import csv; list(csv.reader({csv_open}))", csv_file), None),
            ("`nettui import linkedin Connections.csv` (into a new file)", ["linkedin", str(csv_file)], "linkedin"),
            ("floor: read the vCard and unfold its lines",
             floor("import re; re.sub(r'\\r\\n[ \\t]', '', open(FILE, encoding='utf-8', newline='').read()).split('\\r\\n')", vcf_file), None),
            ("`nettui import vcard contacts.vcf` (into a new file)", ["vcard", str(vcf_file)], "vcard"),
        ]  # fmt: skip
        for name, command, kind in cases:
            if kind is None:
                commands = [command] * args.runs
            else:
                commands = [[*NETTUI, "--db", str(base / f"{kind}-{run}.json"), "import", *command]
                            for run in range(args.runs)]  # fmt: skip
            launches, failure = measure(commands, env)
            if failure is not None:
                rows.append((name, *failed(failure)))
                continue
            peak = statistics.median(launch.peak_mb for launch in launches)
            took = statistics.median(launch.seconds for launch in launches)
            rows.append((name, f"{peak:.0f} MB", f"{took * 1000:.0f} ms"))
            if kind is not None:
                db = base / f"{kind}-0.json"
                launches, failure = measure([[*NETTUI, "--db", str(db), "upcoming"]] * args.runs, env)
                after = f"then `nettui upcoming` on it ({db.stat().st_size / 1e6:.1f} MB file)"
                if failure is not None:
                    rows.append((after, *failed(failure)))
                else:
                    peak = statistics.median(launch.peak_mb for launch in launches)
                    took = statistics.median(launch.seconds for launch in launches)
                    rows.append((after, f"{peak:.0f} MB", f"{took * 1000:.0f} ms"))
        print(f"\nOne {args.mb:g} MB field: Connections.csv {csv_file.stat().st_size / 1e6:.1f} MB, "
              f"contacts.vcf {vcf_file.stat().st_size / 1e6:.1f} MB; median of {args.runs} runs\n")  # fmt: skip
        print("| process | peak RSS | time until exit |")
        print("| --- | --- | --- |")
        for row in rows:
            print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
