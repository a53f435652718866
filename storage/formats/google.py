"""Google Contacts CSV, in the current header (First Name, Labels…) and the legacy one
(Name, Given Name, Group Membership…); several values in one cell are joined by " ::: "."""

from __future__ import annotations

import re
from pathlib import Path

from nettui.storage.domain import birthdays
from nettui.storage.formats.records import (
    Parsed,
    Problem,
    Record,
    UnreadableFile,
    csv_rows,
    looks_like_email,
    read_text,
)

_NUMBERED = re.compile(r"^(E-mail|Phone) (\d+) - Value$")
_SYSTEM_GROUPS = {"* mycontacts", "* my contacts", "* starred", "* friends", "* family", "* coworkers"}


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(":::") if part.strip()]


def _birthday(text: str) -> str:
    """Google writes 1985-12-09, or --12-09 without a year; anything else is kept as text."""
    return birthdays.normalize(text) if text.strip() else ""


def _labels(cell: str) -> list[str]:
    tags = []
    for label in _split(cell):
        if label.casefold() in _SYSTEM_GROUPS:
            continue
        tags.append(label.lstrip("* ").strip())
    return [t for t in tags if t]


def _first(values: dict[str, str], *keys: str) -> str:
    for key in keys:
        if values.get(key, "").strip():
            return values[key].strip()
    return ""


def parse(path: Path) -> Parsed:
    text = read_text(path, "Google Contacts CSV")
    reader = iter(csv_rows(text, path, "Google Contacts CSV"))  # (line it ends on, cells)
    try:
        header = [c.strip() for c in next(reader)[1]]
    except StopIteration:
        raise UnreadableFile(f"{path} is empty.") from None
    current = "First Name" in header and "Last Name" in header
    legacy = "Name" in header and "Given Name" in header
    if not (current or legacy) or not any(_NUMBERED.match(c) for c in header):
        raise UnreadableFile(
            f"{path} is not a Google Contacts CSV: its header has no name and e-mail columns."
        )
    records: list[Record] = []
    problems: list[Problem] = []
    for number, row in reader:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(Problem(path, number, f"has {len(row)} fields, the header has {len(header)}"))
            continue
        values = dict(zip(header, row, strict=True))
        emails: list[str] = []
        phones: list[str] = []
        for key, cell in values.items():
            match = _NUMBERED.match(key)
            if match:
                (emails if match[1] == "E-mail" else phones).extend(_split(cell))
        bad = [e for e in emails if not looks_like_email(e)]
        if bad:
            problems.append(Problem(path, number, f"{bad[0]!r} is not an e-mail address"))
            continue
        if current:
            name = " ".join(
                filter(None, (values.get(k, "").strip() for k in ("First Name", "Middle Name", "Last Name")))
            )
            name = name or _first(values, "Nickname", "File As")
        else:
            name = _first(values, "Name") or " ".join(
                filter(
                    None,
                    (values.get(k, "").strip() for k in ("Given Name", "Additional Name", "Family Name")),
                )
            )
        company = _first(values, "Organization Name", "Organization 1 - Name")
        name = name or company or (emails[0] if emails else "")  # an organization: named by it
        if not name:
            problems.append(Problem(path, number, "no name, organization or e-mail"))
            continue
        birthday = _birthday(values.get("Birthday", ""))
        records.append(
            Record(
                line=number,
                name=" ".join(name.split()),
                emails=list(dict.fromkeys(emails)),
                phones=list(dict.fromkeys(phones)),
                company=company,
                role=_first(values, "Organization Title", "Organization 1 - Title"),
                birthday=birthday,
                tags=_labels(_first(values, "Labels", "Group Membership")),
                notes=values.get("Notes", "").strip(),
                city=_first(values, "Address 1 - City"),
            )
        )
    return Parsed(records, problems)
