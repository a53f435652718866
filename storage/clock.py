"""The one injectable clock: every "today" and "now" in nettui comes from here.

Tests and screenshots freeze it with ``NETTUI_TODAY=2026-11-25`` or ``set_today``.
"""

from __future__ import annotations

import datetime as dt
import os

_frozen: dt.date | None = None


def set_today(day: dt.date | None) -> None:
    """Freeze the clock on ``day`` (``None`` unfreezes it)."""
    global _frozen
    _frozen = day


def today() -> dt.date:
    """The current local date, or the frozen one."""
    if _frozen is not None:
        return _frozen
    env = os.environ.get("NETTUI_TODAY")
    if env:
        return dt.date.fromisoformat(env)
    return dt.date.today()


def now_iso() -> str:
    """A timestamp in UTC for created/updated fields, in one fixed format."""
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    frozen = _frozen or (os.environ.get("NETTUI_TODAY") and today())
    if frozen:
        stamp = dt.datetime.combine(frozen, dt.time(12, 0), tzinfo=dt.UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


def stamp() -> str:
    """When a record was last edited, to the millisecond (``updated``): a merge of two machines'
    changes to one field keeps the later one. Sorts as text; frozen like ``now_iso``."""
    now = dt.datetime.now(dt.UTC)
    frozen = _frozen or (os.environ.get("NETTUI_TODAY") and today())
    if frozen:
        now = dt.datetime.combine(frozen, dt.time(12, 0), tzinfo=dt.UTC)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"
