import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nettui.storage.domain.dates import add_cadence, humanize, parse_cadence, parse_when
from nettui.storage.errors import InputError

WED = dt.date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", WED),
        ("tomorrow", dt.date(2026, 11, 26)),
        ("yesterday", dt.date(2026, 11, 24)),
        ("fri", dt.date(2026, 11, 27)),
        ("Friday", dt.date(2026, 11, 27)),
        ("wed", WED),
        ("next wed", dt.date(2026, 12, 2)),
        ("next friday", dt.date(2026, 11, 27)),
        ("in 3 days", dt.date(2026, 11, 28)),
        ("in 2 weeks", dt.date(2026, 12, 9)),
        ("in 1 month", dt.date(2026, 12, 25)),
        ("2 weeks ago", dt.date(2026, 11, 11)),
        ("2026-12-01", dt.date(2026, 12, 1)),
        ("15 Mar 2023", dt.date(2023, 3, 15)),
        ("dec 3", dt.date(2026, 12, 3)),
        ("next week", dt.date(2026, 12, 2)),
    ],
)
def test_parse_when(text: str, expected: dt.date) -> None:
    assert parse_when(text, WED) == expected


def test_bare_weekday_looks_back_when_logging() -> None:
    assert parse_when("fri", WED, past=True) == dt.date(2026, 11, 20)
    assert parse_when("last wed", WED) == dt.date(2026, 11, 18)


@pytest.mark.parametrize("text", ["next blursday", "", "in three days", "31 feb", "2026-13-01", "soon"])
def test_unreadable_dates_are_one_clear_error(text: str) -> None:
    with pytest.raises(InputError, match="date"):
        parse_when(text, WED)


@given(st.text(max_size=40))
def test_parse_when_never_raises_anything_else(text: str) -> None:
    with contextlib.suppress(InputError):
        parse_when(text, WED)


@given(st.text(max_size=12))
def test_parse_cadence_never_raises_anything_else(text: str) -> None:
    try:
        value = parse_cadence(text)
    except InputError:
        return
    assert add_cadence(WED, value) > WED


@pytest.mark.parametrize(
    ("text", "norm"), [("4w", "4w"), ("30d", "30d"), ("3m", "3m"), ("1y", "1y"), (" 2 weeks", "2w")]
)
def test_cadence(text: str, norm: str) -> None:
    assert parse_cadence(text) == norm


@pytest.mark.parametrize("text", ["0w", "w", "4x", "-1w", ""])
def test_bad_cadence(text: str) -> None:
    with pytest.raises(InputError, match="cadence"):
        parse_cadence(text)


def test_humanize() -> None:
    assert humanize(WED, WED) == "today"
    assert humanize(dt.date(2026, 11, 26), WED) == "tomorrow"
    assert humanize(dt.date(2026, 11, 28), WED) == "in 3 days"
    assert humanize(dt.date(2026, 11, 4), WED) == "3 weeks ago"
    assert humanize(dt.date(2026, 11, 11), WED, overdue=True) == "overdue 2 weeks"
