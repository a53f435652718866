"""Birthdays as people have them: a full date, a date without a year, or free text.

Stored as ``YYYY-MM-DD``, ``--MM-DD`` (vCard's form for a date without a year) or the text as
given ("circa 1815", vCard's ``BDAY;VALUE=text``); none of them is ever a reason to refuse a
card or a row.
"""

from __future__ import annotations

import datetime as dt
import re

_FULL = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?$")
_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")


def normalize(text: str) -> str:
    """The stored form of a birthday as vCard, Google or a user wrote it."""
    text = " ".join(text.split())
    if match := _FULL.match(text):
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            return text
    if match := _NO_YEAR.match(text):
        month, day = int(match[1]), int(match[2])
        try:
            dt.date(2000, month, day)  # a leap year: --02-29 is a birthday
        except ValueError:
            return text
        return f"--{month:02d}-{day:02d}"
    return text


def month_day(birthday: str) -> tuple[int, int] | None:
    """The birthday's month and day, if it has real ones (never 13-40 or 02-30)."""
    match = _FULL.match(birthday) or _NO_YEAR.match(birthday)
    if match is None:
        return None
    month, day = (int(match[2]), int(match[3])) if match.re is _FULL else (int(match[1]), int(match[2]))
    try:
        dt.date(2000, month, day)  # a leap year: --02-29 is a birthday
    except ValueError:
        return None
    return month, day


def year(birthday: str) -> int | None:
    """The year of birth, when the birthday has one."""
    match = _FULL.match(birthday)
    return int(match[1]) if match and month_day(birthday) else None


def age(birthday: str, on: dt.date) -> int | None:
    """How old they turn in ``on``'s year, when the birthday has a year that can be theirs."""
    born = year(birthday)
    turns = on.year - born if born else 0
    return turns if 0 < turns < 130 else None


def shown(birthday: str) -> str:
    """A birthday in words: "9 December 1985", "9 December" without a year, or the text."""
    parts = month_day(birthday)
    if parts is None:
        return birthday
    month, day = parts
    words = f"{day} {dt.date(2000, month, 1).strftime('%B')}"
    born = year(birthday)
    return f"{words} {born}" if born else words


def next_birthday(birthday: str, today: dt.date) -> dt.date | None:
    """The next time it comes round (today included); 29 February on the 28th otherwise."""
    parts = month_day(birthday)
    if parts is None:
        return None
    for year in (today.year, today.year + 1):
        month, day = parts
        try:
            when = dt.date(year, month, day)
        except ValueError:
            when = dt.date(year, month, day - 1)
        if when >= today:
            return when
    return None


def as_vcard(birthday: str) -> tuple[str, bool]:
    """The BDAY value for vCard 4.0, and whether it is text (``VALUE=text``): a date that is
    not a real one is text, never an invalid date."""
    if month_day(birthday) is None:
        return birthday, True
    if match := _FULL.match(birthday):
        try:
            dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:  # 29 February of a year that had none
            return birthday, True
        return f"{match[1]}{match[2]}{match[3]}", False
    month, day = month_day(birthday) or (0, 0)
    return f"--{month:02d}{day:02d}", False
