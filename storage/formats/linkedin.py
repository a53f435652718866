"""LinkedIn's data export, Connections.csv: notes before the header, BOM, optional URL column."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from nettui.storage.formats.records import (
    Parsed,
    Problem,
    Record,
    UnreadableFile,
    checked,
    csv_rows,
    looks_like_email,
    read_text,
)

REQUIRED = ("First Name", "Last Name")
LINKEDIN_COLUMNS = {"Connected On", "Position", "Company", "URL"}


def _connected(text: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    for pattern in ("%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%m/%d/%y", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"cannot read the date {text!r} in Connected On")


def parse(path: Path) -> Parsed:
    text = read_text(path, "LinkedIn Connections.csv")
    rows = [row for _, row in csv_rows(text, path, "LinkedIn Connections.csv")]
    header_at = next(
        (i for i, row in enumerate(rows) if all(col in [c.strip() for c in row] for col in REQUIRED)), None
    )
    if header_at is None:
        raise UnreadableFile(
            f"{path} is not a LinkedIn Connections.csv: no header with First Name and Last Name."
        )
    header = [c.strip() for c in rows[header_at]]
    if not LINKEDIN_COLUMNS & set(header) or any(c.endswith(" - Value") for c in header):
        raise UnreadableFile(
            f"{path} is not a LinkedIn Connections.csv: its header has no Company, Position or "
            "Connected On (a Google Contacts file? use `nettui import google`)."
        )
    records: list[Record] = []
    problems: list[Problem] = []
    line = _line_numbers(text)
    for index in range(header_at + 1, len(rows)):
        row = rows[index]
        number = line[index]
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(Problem(path, number, f"has {len(row)} fields, the header has {len(header)}"))
            continue
        values = {key: cell.strip() for key, cell in zip(header, row, strict=True)}
        name = " ".join(filter(None, (values.get("First Name", ""), values.get("Last Name", ""))))
        if not name:
            problems.append(Problem(path, number, "no first or last name"))
            continue
        email = values.get("Email Address", "")
        if email and not looks_like_email(email):
            problems.append(Problem(path, number, f"{email!r} is not an e-mail address"))
            continue
        connected, ok = checked(_connected, values.get("Connected On", ""), problems, path, number)
        if not ok:
            continue
        records.append(
            Record(
                line=number,
                name=name,
                emails=[email] if email else [],
                company=values.get("Company", ""),
                role=values.get("Position", ""),
                linkedin_url=values.get("URL", "").rstrip("/"),
                connected_on=connected,
            )
        )
    return Parsed(records, problems)


def _line_numbers(text: str) -> list[int]:
    """The 1-based line where each CSV record starts (quoted fields may span lines)."""
    starts = []
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    for _ in reader:
        starts.append(line)
        line = reader.line_num + 1
    return starts
