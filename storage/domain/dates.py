"""Dates the way people type them, cadences like ``4w``, and humanized distances.

Every function takes ``today`` explicitly so results are testable on a frozen clock.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from nettui.storage.errors import InputError

WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
UNITS = {
    "d": "days", "day": "days", "days": "days",
    "w": "weeks", "wk": "weeks", "week": "weeks", "weeks": "weeks",
    "m": "months", "mo": "months", "month": "months", "months": "months",
    "y": "years", "yr": "years", "year": "years", "years": "years",
}  # fmt: skip

_RELATIVE = re.compile(r"^in\s+(\d{1,4})\s*([a-z]+)$")
_AGO = re.compile(r"^(\d{1,4})\s*([a-z]+)\s+ago$")
_DAY_MONTH = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?(?:\s+(\d{4}))?$")
_MONTH_DAY = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:,?\s+(\d{4}))?$")
_CADENCE = re.compile(r"^(\d{1,3})\s*([a-z]+)$")


def _shift(day: dt.date, amount: int, unit: str) -> dt.date:
    import pendulum  # ~30 ms to import: only when a date is actually moved

    moved = pendulum.date(day.year, day.month, day.day).add(**{unit: amount})
    return dt.date(moved.year, moved.month, moved.day)


def _unit(word: str, text: str) -> str:
    try:
        return UNITS[word]
    except KeyError:
        raise InputError(f"Cannot read the date {text!r}: unknown unit {word!r}.") from None


def _named_day(day: int, month: int, year: int | None, today: dt.date, text: str) -> dt.date:
    try:
        if year is not None:
            return dt.date(year, month, day)
        candidate = dt.date(today.year, month, day)
    except ValueError:
        raise InputError(f"Cannot read the date {text!r}: no such day.") from None
    return candidate


FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2199, 12, 31)  # dates nettui keeps


def in_range(day: dt.date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def parse_when(text: str, today: dt.date, *, past: bool = False) -> dt.date:
    """Read WHEN: an ISO date or everyday words (today, fri, next friday, in 3 days, 2 weeks ago).

    A bare weekday means its next occurrence (today included), or with ``past`` its latest one.
    Dates outside 1900 to 2199 are refused: a typo, never a plan.
    """
    try:
        day = _parse_when(text, today, past=past)
    except (OverflowError, ValueError):  # "in 99999 years"
        day = LAST_DAY + dt.timedelta(days=1)
    if not in_range(day):
        raise InputError(f"The date {text.strip()!r} is too far away: nettui keeps dates from 1900 to 2199.")
    return day


def _parse_when(text: str, today: dt.date, *, past: bool) -> dt.date:
    raw = text
    text = " ".join(text.strip().lower().split())
    if not text:
        raise InputError("The date is empty: try today, tomorrow, fri, in 3 days or 2026-12-01.")
    simple = {"today": 0, "now": 0, "tomorrow": 1, "tmrw": 1, "yesterday": -1}
    if text in simple:
        return today + dt.timedelta(days=simple[text])
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    words = text.split(" ")
    if len(words) <= 2 and words[-1] in WEEKDAYS:
        target = WEEKDAYS[words[-1]]
        modifier = words[0] if len(words) == 2 else ("last" if past else "this")
        if modifier in ("this", "next", "coming"):
            ahead = (target - today.weekday()) % 7
            if modifier in ("next", "coming") and ahead == 0:
                ahead = 7
            return today + dt.timedelta(days=ahead)
        if modifier in ("last", "past", "previous"):
            back = (today.weekday() - target) % 7
            if len(words) == 2 and back == 0:
                back = 7
            return today - dt.timedelta(days=back)
    if len(words) == 2 and words[0] in ("next", "last") and words[1] in ("week", "month", "year"):
        sign = 1 if words[0] == "next" else -1
        return _shift(today, sign, UNITS[words[1]])
    if match := _RELATIVE.match(text):
        return _shift(today, int(match[1]), _unit(match[2], raw))
    if match := _AGO.match(text):
        return _shift(today, -int(match[1]), _unit(match[2], raw))
    if (match := _DAY_MONTH.match(text)) and match[2] in MONTHS:
        year = int(match[3]) if match[3] else None
        return _named_day(int(match[1]), MONTHS[match[2]], year, today, raw)
    if (match := _MONTH_DAY.match(text)) and match[1] in MONTHS:
        year = int(match[3]) if match[3] else None
        return _named_day(int(match[2]), MONTHS[match[1]], year, today, raw)
    raise InputError(
        f"Cannot read the date {raw!r}: try today, tomorrow, fri, next friday, "
        "in 3 days, 2 weeks ago or 2026-12-01."
    )


def parse_cadence(text: str) -> str:
    """Normalize a keep-in-touch cadence like ``4w``, ``30d``, ``3m``, ``1y``."""
    cleaned = "".join(text.strip().lower().split())
    match = _CADENCE.match(cleaned)
    if not match or match[2] not in UNITS or int(match[1]) == 0:
        raise InputError(f"Cannot read the cadence {text!r}: use a number and d, w, m or y, like 4w.")
    return f"{int(match[1])}{UNITS[match[2]][0]}"


@functools.lru_cache(maxsize=8192)
def add_cadence(day: dt.date, every: str) -> dt.date:
    """The day one cadence after ``day``."""
    amount, unit = int(every[:-1]), UNITS[every[-1]]
    return _shift(day, amount, unit)


def cadence_days(every: str) -> int:
    """The cadence's approximate length in days."""
    amount, unit = int(every[:-1]), every[-1]
    return amount * {"d": 1, "w": 7, "m": 30, "y": 365}[unit]


def _span(day: dt.date, today: dt.date) -> str:
    import pendulum

    a = pendulum.date(day.year, day.month, day.day)
    b = pendulum.date(today.year, today.month, today.day)
    return a.diff_for_humans(b, absolute=True)


@functools.lru_cache(maxsize=4096)
def humanize(day: dt.date, today: dt.date, *, overdue: bool = False) -> str:
    """ "today", "tomorrow", "in 3 days", "3 weeks ago" or, with ``overdue``, "overdue 2 weeks"."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "overdue 1 day" if overdue else "yesterday"
    span = _span(day, today)
    if delta > 0:
        return f"in {span}"
    return f"overdue {span}" if overdue else f"{span} ago"


def iso(day: dt.date | None) -> str | None:
    """A date in the one stored format (YYYY-MM-DD)."""
    return day.isoformat() if day else None


def from_iso(text: str | None) -> dt.date | None:
    """The inverse of :func:`iso`."""
    return dt.date.fromisoformat(text) if text else None


_SHORT_UNITS = {"day": "d", "days": "d", "week": "w", "weeks": "w", "month": "mo", "months": "mo",
                "year": "y", "years": "y"}  # fmt: skip


def humanize_short(day: dt.date, today: dt.date, *, late: bool = True) -> str:
    """A narrow form for small terminals: "today", "tomorrow", "in 3d", "2w late" (or, for
    news that is never late, "2w ago")."""
    delta = (day - today).days
    if delta in (0, 1):
        return "today" if delta == 0 else "tomorrow"
    amount, unit = _span(day, today).split(" ", 1)
    short = f"{amount}{_SHORT_UNITS.get(unit, unit)}"
    return f"in {short}" if delta > 0 else f"{short} {'late' if late else 'ago'}"


def week_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the week holding ``day``."""
    start = day - dt.timedelta(days=day.weekday())
    return start, start + dt.timedelta(days=6)
