"""Merging imported records into the database: match, never duplicate, record job changes.

People are matched by vCard UID, then e-mail, then LinkedIn URL, then normalized name. On a
name match alone, a different company is a job change when both came from the same kind of
file; otherwise the two are kept apart and reported as a possible duplicate. A vCard brings
only what differs from the card nettui writes for that person: its own export brings nothing.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from nettui.storage import clock
from nettui.storage.domain.identity import identity_keys
from nettui.storage.domain.jobs import describe
from nettui.storage.domain.models import Person
from nettui.storage.domain.names import normalize
from nettui.storage.errors import InputError
from nettui.storage.formats import google, linkedin, vcard
from nettui.storage.formats.records import Parsed, Problem, Record
from nettui.storage.repository import Repository

PARSERS: dict[str, Callable[[Path], Parsed]] = {
    "linkedin": linkedin.parse,
    "google": google.parse,
    "vcard": vcard.parse,
}
HOW_MET = {"linkedin": "LinkedIn connection", "google": "", "vcard": ""}


@dataclasses.dataclass
class Outcome:
    action: str  # new, updated, unchanged, duplicate, deleted (earlier: not brought back)
    name: str
    detail: str = ""


@dataclasses.dataclass
class ImportPlan:
    kind: str
    path: Path
    outcomes: list[Outcome]
    problems: list[Problem]
    new: list[Person]
    updated: list[Person]
    changes: dict[str, dict[str, object]] = dataclasses.field(default_factory=dict)  # by person id

    def count(self, action: str) -> int:
        return sum(o.action == action for o in self.outcomes)

    def summary(self) -> str:
        parts = [f"{self.count(a)} {a}" for a in ("new", "updated", "unchanged")]
        parts.append(f"{len(self.problems)} skipped")
        deleted = self.count("deleted")
        if deleted:
            parts.append(f"{deleted} deleted earlier (--include-deleted brings them back)")
        duplicates = self.count("duplicate")
        if duplicates:
            parts.append(f"{duplicates} possible duplicates")
        return ", ".join(parts)


class _Index:
    """Lookups from identities to people, kept current as the plan adds people."""

    def __init__(self, people: list[Person]) -> None:
        self.uid: dict[str, Person] = {}
        self.email: dict[str, Person] = {}
        self.url: dict[str, Person] = {}
        self.name: dict[str, list[Person]] = {}
        for person in people:
            self.add(person)

    def add(self, person: Person) -> None:
        for uid in filter(None, (person.vcard_uid, f"urn:uuid:{person.id}")):  # the UIDs of their cards
            self.uid.setdefault(uid, person)
        for email in person.emails:
            self.email.setdefault(email.casefold(), person)
        if person.linkedin_url:
            self.url.setdefault(person.linkedin_url.casefold(), person)
        self.name.setdefault(normalize(person.name), []).append(person)

    def match(self, record: Record, kind: str) -> tuple[Person | None, str]:
        """The person this record is, and "" or "duplicate" when only a namesake exists."""
        if record.vcard_uid and record.vcard_uid in self.uid:
            return self.uid[record.vcard_uid], ""
        for email in record.emails:
            if email.casefold() in self.email:
                return self.email[email.casefold()], ""
        if record.linkedin_url and record.linkedin_url.casefold() in self.url:
            return self.url[record.linkedin_url.casefold()], ""
        namesakes = [p for p in self.name.get(normalize(record.name), []) if not _told_apart(p, record)]
        for person in namesakes:
            if not record.company or not person.company or _same(person.company, record.company):
                return person, ""
        for person in namesakes:
            if person.source == kind:
                return person, ""
        return None, "duplicate" if namesakes else ""


def _told_apart(person: Person, record: Record) -> bool:
    """Two LinkedIn profiles, or two sets of e-mail addresses with none in common, are two
    people whatever their names."""
    urls = (person.linkedin_url.casefold(), record.linkedin_url.casefold())
    if all(urls) and urls[0] != urls[1]:
        return True
    mine, theirs = {e.casefold() for e in person.emails}, {e.casefold() for e in record.emails}
    return bool(mine and theirs and not mine & theirs)


def _same(a: str, b: str) -> bool:
    return normalize(a) == normalize(b)


_FILLED = (  # filled in from a file when nettui has nothing
    "linkedin_url",
    "vcard_uid",
    "connected_on",
    "birthday",
    "city",
    "notes",
    "how_met",
    "working_on",
    "story",
    "how_i_can_help",
)


def _merge(person: Person, record: Record, kind: str, today: dt.date) -> list[str]:
    """Bring new facts from the record onto the person; returns what changed."""
    changes: list[str] = []
    # A job change is measured against what the last import of this kind said, not against
    # the person as they are now: an edit made by hand is not undone, and a change already
    # recorded is never recorded again (nor reversed).
    last = person.last_import if person.last_import.get("kind") == kind else None
    was_company = str(last.get("company", "")) if last else person.company
    was_role = str(last.get("role", "")) if last else person.role
    company_changed = bool(record.company) and not _same(record.company, was_company)
    role_changed = bool(record.role) and normalize(record.role) != normalize(was_role)
    if (company_changed or role_changed) and (was_company or was_role):
        before = describe(was_company, was_role)
        after = describe(record.company or was_company, record.role or was_role)
        newest = person.job_changes[-1] if person.job_changes else {}
        moved = (normalize(str(newest.get("from", ""))), normalize(str(newest.get("to", ""))))
        if moved == (normalize(after), normalize(before)):  # an older file than the last one:
            company_changed = role_changed = False  # its job is the one they left, not news
        elif moved != (normalize(before), normalize(after)):  # recorded already: not again
            change = {"date": today.isoformat(), "from": before, "to": after, "source": kind}
            person.job_changes.append(change)
            changes.append(f"job change: {before} → {after}")
    if company_changed or role_changed:
        person.company = record.company or person.company
        person.role = record.role or person.role
        if not changes:
            changes.append("company and role")
    if record.company or record.role:
        person.last_import = {"kind": kind, "company": record.company, "role": record.role}
    for field in ("emails", "phones", "tags"):
        known = {v.casefold() for v in getattr(person, field)}
        extra = [v for v in getattr(record, field) if v.casefold() not in known]
        if extra:
            getattr(person, field).extend(extra)
            changes.append(field)
    for field in _FILLED:
        value = getattr(record, field)
        if value and not getattr(person, field):
            setattr(person, field, value)
            changes.append(field.replace("_", " "))
    return changes


def plan(
    repo: Repository, kind: str, path: Path, today: dt.date, *, include_deleted: bool = False
) -> ImportPlan:
    """Read the file and work out what importing it would do; writes nothing."""
    if kind not in PARSERS:
        raise InputError(f"Unknown import format {kind!r}: use linkedin, google or vcard.")
    parsed = PARSERS[kind](path)
    originals = repo.people()
    by_id = {p.id: p for p in originals}
    index = _Index(originals)
    deleted = set() if include_deleted else repo.deleted_keys()
    result = ImportPlan(kind, path, [], parsed.problems, [], [])
    touched: dict[str, Person] = {}
    related: dict[str, list[str]] = {}
    for record in parsed.records:
        person, note = index.match(record, kind)
        if person is None:
            if deleted and deleted & repo.match_keys(identity_keys(record)):
                result.outcomes.append(Outcome("deleted", record.name, "skipped: deleted earlier"))
                continue
            person = Person(
                name=record.name, source=kind, how_met=HOW_MET[kind], created=clock.now_iso(),
            )  # fmt: skip
            _merge(person, record, kind, today)
            person.job_changes.clear()
            result.new.append(person)
            index.add(person)
            detail = "possible duplicate of a namesake at another company" if note else ""
            result.outcomes.append(Outcome("duplicate" if note else "new", person.name, detail))
            related[person.id] = record.related
            continue
        if person.id in by_id:
            person = touched.get(person.id) or copy.deepcopy(person)
        changes = _merge(person, _news(record, person) if kind == "vcard" else record, kind, today)
        if person.id in by_id:
            touched[person.id] = person
        result.outcomes.append(
            Outcome("updated" if changes else "unchanged", person.name, ", ".join(changes))
        )
        related[person.id] = record.related
    _link_introducers(result.new, originals, related)
    result.changes = {
        pid: fields for pid, person in touched.items() if (fields := _changed(by_id[pid], person))
    }
    result.updated = [touched[pid] for pid in result.changes]
    return result


_KEPT = {"line", "name", "related"}  # where it was found, who it is, who introduced them: never blanked


def _news(record: Record, person: Person) -> Record:
    """What a card says that nettui's own card for this person does not: nothing when it is
    nettui's export coming back (not a UID to note, nor a job to weigh), and exactly what was
    changed when a phone changed it. A job is its company and role together."""
    own = vcard.record_of(person)
    same = {f.name for f in dataclasses.fields(Record) if getattr(record, f.name) == getattr(own, f.name)}
    if not {"company", "role"} <= same:
        same -= {"company", "role"}
    empty = Record(line=record.line, name=record.name)
    return dataclasses.replace(record, **{name: getattr(empty, name) for name in same - _KEPT})


def _changed(before: Person, after: Person) -> dict[str, object]:
    return {
        field.name: getattr(after, field.name)
        for field in dataclasses.fields(Person)
        if getattr(after, field.name) != getattr(before, field.name)
    }


def _link_introducers(new: list[Person], existing: list[Person], related: dict[str, list[str]]) -> None:
    """A vCard RELATED pointing at a known UID becomes "introduced by"."""
    by_uid = {vcard.uid_of(p): p for p in [*existing, *new]}
    for person in new:
        for uid in related.get(person.id, []):
            introducer = by_uid.get(uid)
            if introducer is not None and introducer.id != person.id and not person.introduced_by:
                person.introduced_by = introducer.id


def apply(repo: Repository, result: ImportPlan, progress: Callable[[int, int], None] | None = None) -> None:
    """Write the plan in one atomic write."""
    total = len(result.new) + len(result.updated)
    with repo.transaction():
        repo.update_people(result.changes)
        if progress:
            progress(len(result.updated), total)
        repo.add_people(result.new)
        if progress:
            progress(total, total)
