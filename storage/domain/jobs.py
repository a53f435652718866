"""Job changes: a person's new company or role, news that makes a message easy to write.

Recorded by a re-import (``formats/merge.py``) and by an edit that replaces a company or role
with a clearly different one; a typo fixed, or a company filled in for the first time, is no
news.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rapidfuzz import fuzz

from nettui.storage.domain.models import Person
from nettui.storage.domain.names import normalize
from nettui.storage.domain.text import clean

NEWS_DAYS = 30  # a job change is a reason to get in touch for a month
TYPO_SIMILARITY = 80  # names this alike (0-100) are one name, spelled twice


def describe(company: str, role: str) -> str:
    """A job in words: "Engineer, Initech"."""
    return ", ".join(x for x in (role, company) if x) or "(none)"


def _replaced(old: str, new: str, *, company: bool) -> bool:
    """A company replaced by another (not "Initech" by "Initech Labs"), or a role by another
    (a "Lead Analyst" is news after "Analyst"); never a typo fixed."""
    old, new = normalize(old), normalize(new)
    similar = fuzz.token_set_ratio if company else fuzz.ratio
    return bool(old and new) and similar(old, new) < TYPO_SIMILARITY


def edited_change(person: Person, changes: dict[str, Any], today: dt.date) -> dict[str, str] | None:
    """The job change an edit makes, if it is one (``changes``: field → new value)."""
    company = str(changes.get("company", person.company) or "")
    role = str(changes.get("role", person.role) or "")
    if not (_replaced(person.company, company, company=True) or _replaced(person.role, role, company=False)):
        return None
    return {
        "date": today.isoformat(),
        "from": clean(describe(person.company, person.role)),
        "to": clean(describe(company, role)),
        "source": "edit",
    }


def news(person: Person, today: dt.date) -> tuple[dt.date, str, str] | None:
    """The latest job change if it is recent (the last ``NEWS_DAYS`` days) and we have not
    talked since: its day, the old job and the new one."""
    if not person.job_changes:
        return None
    latest = person.job_changes[-1]
    try:
        day = dt.date.fromisoformat(str(latest.get("date", ""))[:10])
    except ValueError:
        return None
    if not today - dt.timedelta(days=NEWS_DAYS) <= day <= today:
        return None
    if person.last_talked is not None and person.last_talked >= day:
        return None  # congratulated (or at least talked) since
    before, after = str(latest.get("from", "")), str(latest.get("to", ""))
    kept = [part for part in before.split(", ") if part not in after.split(", ")]
    return day, ", ".join(kept) or before, after  # "was Initech", not "was Engineer, Initech"
