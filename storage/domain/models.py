"""Plain dataclasses for everything nettui keeps, with their document form.

Documents are the dicts stored in the TinyDB file; dates are ISO strings (YYYY-MM-DD),
identities are UUID strings.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Any, Self

from nettui.storage.domain.dates import from_iso, iso
from nettui.storage.domain.text import clean
from nettui.storage.errors import DatabaseError, InputError

CHANNELS = ("coffee", "call", "video", "message", "meal", "walk", "event", "other")
ONE_ON_ONE_CHANNELS = frozenset({"coffee", "call", "video", "meal", "walk"})
ENERGY_RANGE = range(-2, 3)
COMMUNITY_KINDS = ("board", "online", "org", "other")
INTRO_STAGES = ("asked", "made", "met", "thanked")

_DATE_FIELDS = {"date", "due", "last_talked", "connected_on", "snoozed_until"}
# Kept up to date from the conversations, never edited: a change to them is not an edit of the
# record (its ``updated`` stamp stays), and a merge recounts them instead of merging them.
DERIVED = frozenset({"last_talked", "channel_counts"})
# The table of tombstones: {"id", "at"} for every record deleted through nettui (ids and when,
# nothing they held), so a sync deletes it on the other machines too (``sync.merge``).
TOMBSTONES = "removed"


def is_one_on_one(channel: str, others: object) -> bool:
    """The one rule: nobody else present, over coffee, a call, video, a meal or a walk."""
    return not others and channel in ONE_ON_ONE_CHANNELS


def new_id() -> str:
    """A fresh identity: a UUID, never TinyDB's reusable doc ids."""
    return str(uuid.uuid4())


def _is_empty(value: Any) -> bool:
    return value is None or value is False or (isinstance(value, str | list | dict) and not value)


def _has_factory(field: dataclasses.Field[Any]) -> bool:
    return field.default_factory is not dataclasses.MISSING


def _has_default(field: dataclasses.Field[Any]) -> bool:
    return field.default is not dataclasses.MISSING or field.default_factory is not dataclasses.MISSING


@dataclasses.dataclass(frozen=True)
class _Spec:
    """What from_doc needs to know about a model class, worked out once."""

    names: frozenset[str]
    static: dict[str, Any]  # plain defaults
    containers: tuple[tuple[str, Any], ...]  # list/dict fields with their factory
    factories: tuple[tuple[str, Any], ...]  # other computed defaults (a new id)
    dates: tuple[str, ...]
    required: frozenset[str]


class Model:
    """Document conversion shared by every model: dates to ISO, unknown keys ignored."""

    @classmethod
    def _spec(cls) -> _Spec:
        spec = cls.__dict__.get("_spec_cache")
        if spec is None:
            fields = dataclasses.fields(cls)  # type: ignore[arg-type]
            made = [(f.name, f.default_factory) for f in fields if _has_factory(f)]
            spec = _Spec(
                names=frozenset(f.name for f in fields),
                static={f.name: f.default for f in fields if f.default is not dataclasses.MISSING},
                containers=tuple((name, make) for name, make in made if make in (list, dict)),
                factories=tuple((name, make) for name, make in made if make not in (list, dict)),
                dates=tuple(f.name for f in fields if f.name in _DATE_FIELDS),
                required=frozenset(f.name for f in fields if not _has_default(f)),
            )
            cls._spec_cache = spec  # type: ignore[attr-defined]
        return spec

    @classmethod
    def from_doc(cls, doc: Any) -> Self:
        """Build the model straight into its __dict__: 10,000 people load in milliseconds."""
        spec = cls._spec()
        model = object.__new__(cls)
        values = model.__dict__
        values.update(spec.static)
        names = spec.names
        values.update(doc if doc.keys() <= names else {k: v for k, v in doc.items() if k in names})
        for name in spec.dates:
            value = values.get(name)
            if type(value) is str:
                values[name] = from_iso(value)
        for name, make in spec.containers:  # never share a list with the stored document
            value = values.get(name)
            values[name] = make() if value is None else value.copy()
        for name, make in spec.factories:
            if name not in values:
                values[name] = make()
        if not spec.required <= values.keys():
            missing = sorted(spec.required - values.keys())[0]
            raise DatabaseError(f"The database has a {cls.__name__.lower()} record with no {missing}.")
        return model

    def to_doc(self) -> dict[str, Any]:
        """The stored form: empty optional fields are left out, which keeps large files small
        (100,000 conversations) and fast to parse; reading fills the defaults back in. Text
        is stored without control characters (``text.clean``)."""
        doc: dict[str, Any] = {}
        for field in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, field.name)
            if _is_empty(value) and _has_default(field):
                continue
            if isinstance(value, str):
                value = clean(value)
            elif isinstance(value, dt.date):
                value = iso(value)
            elif isinstance(value, list):
                value = [clean(v) if isinstance(v, str) else v for v in value]
            elif isinstance(value, dict):
                value = value.copy()
            doc[field.name] = value
        return doc


@dataclasses.dataclass
class Person(Model):
    name: str
    id: str = dataclasses.field(default_factory=new_id)
    emails: list[str] = dataclasses.field(default_factory=list)
    phones: list[str] = dataclasses.field(default_factory=list)
    company: str = ""
    role: str = ""
    city: str = ""
    how_met: str = ""
    introduced_by: str | None = None
    communities: list[str] = dataclasses.field(default_factory=list)
    tags: list[str] = dataclasses.field(default_factory=list)
    every: str | None = None
    notes: str = ""
    working_on: str = ""
    story: str = ""
    how_i_can_help: str = ""
    job_changes: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    birthday: str = ""  # YYYY-MM-DD, --MM-DD (no year) or free text, as vCard and Google have it
    linkedin_url: str = ""
    vcard_uid: str = ""
    connected_on: dt.date | None = None
    source: str = ""
    last_import: dict[str, Any] = dataclasses.field(default_factory=dict)  # company, role as imported
    archived: bool = False  # no longer kept in touch with: hidden, never due, kept in the file
    snoozed_until: dt.date | None = None  # not due before this day
    created: str = ""
    updated: str = ""  # the last edit (clock.stamp); a merge's later change wins by it
    conflicts: list[dict[str, Any]] = dataclasses.field(default_factory=list)  # values a merge set aside
    # Indexes kept up to date on every write, so the dashboard never scans conversations.
    last_talked: dt.date | None = None
    channel_counts: dict[str, int] = dataclasses.field(default_factory=dict)

    @property
    def usual_channel(self) -> str:
        """The channel used most often with this person ("" before the first conversation)."""
        if not self.channel_counts:
            return ""
        return max(sorted(self.channel_counts), key=lambda c: self.channel_counts[c])

    @property
    def email(self) -> str:
        return self.emails[0] if self.emails else ""

    @property
    def company_role(self) -> str:
        """The company first (what a narrow column keeps), then the role."""
        if self.company and self.role:
            return f"{self.company} · {self.role}"
        return self.company or self.role


@dataclasses.dataclass
class Conversation(Model):
    person: str
    date: dt.date
    channel: str = "other"
    id: str = dataclasses.field(default_factory=new_id)
    energy: int | None = None
    note: str = ""
    strengths: list[str] = dataclasses.field(default_factory=list)
    with_: list[str] = dataclasses.field(default_factory=list)
    plan: str | None = None  # the planned conversation it closed
    created: str = ""
    updated: str = ""  # the last edit (clock.stamp); a merge's later change wins by it
    conflicts: list[dict[str, Any]] = dataclasses.field(default_factory=list)  # values a merge set aside

    @property
    def is_one_on_one(self) -> bool:
        return is_one_on_one(self.channel, self.with_)

    @classmethod
    def from_doc(cls, doc: Any) -> Self:
        conversation = super().from_doc(doc)
        conversation.with_ = list(doc.get("with", []))
        return conversation

    def to_doc(self) -> dict[str, Any]:
        doc = super().to_doc()
        if "with_" in doc:
            doc["with"] = doc.pop("with_")
        return doc


@dataclasses.dataclass
class Plan(Model):
    person: str
    date: dt.date
    channel: str = "coffee"
    topic: str = ""
    id: str = dataclasses.field(default_factory=new_id)
    done: bool = False
    created: str = ""
    updated: str = ""  # the last edit (clock.stamp); a merge's later change wins by it
    conflicts: list[dict[str, Any]] = dataclasses.field(default_factory=list)  # values a merge set aside


@dataclasses.dataclass
class FollowUp(Model):
    person: str
    text: str
    due: dt.date
    id: str = dataclasses.field(default_factory=new_id)
    conversation: str | None = None
    done: bool = False
    created: str = ""
    updated: str = ""  # the last edit (clock.stamp); a merge's later change wins by it
    conflicts: list[dict[str, Any]] = dataclasses.field(default_factory=list)  # values a merge set aside


@dataclasses.dataclass
class Strength(Model):
    text: str
    id: str = dataclasses.field(default_factory=new_id)
    created: str = ""
    updated: str = ""  # the last edit (clock.stamp); a merge's later change wins by it
    conflicts: list[dict[str, Any]] = dataclasses.field(default_factory=list)  # values a merge set aside


@dataclasses.dataclass
class Reflection(Model):
    text: str
    date: dt.date
    id: str = dataclasses.field(default_factory=new_id)
    strengths: list[str] = dataclasses.field(default_factory=list)
    created: str = ""
    updated: str = ""  # the last edit (clock.stamp); a merge's later change wins by it
    conflicts: list[dict[str, Any]] = dataclasses.field(default_factory=list)  # values a merge set aside


@dataclasses.dataclass
class Community(Model):
    name: str
    kind: str = "other"
    id: str = dataclasses.field(default_factory=new_id)
    created: str = ""
    updated: str = ""  # the last edit (clock.stamp); a merge's later change wins by it
    conflicts: list[dict[str, Any]] = dataclasses.field(default_factory=list)  # values a merge set aside


@dataclasses.dataclass
class Intro(Model):
    """An introduction: asked of ``introducer`` for ``wanted``, or made by me (``made_by_me``)."""

    stage: str
    date: dt.date
    introducer: str | None = None
    wanted: str = ""
    people: list[str] = dataclasses.field(default_factory=list)
    id: str = dataclasses.field(default_factory=new_id)
    made_by_me: bool = False
    stage_dates: dict[str, str] = dataclasses.field(default_factory=dict)
    created: str = ""
    updated: str = ""  # the last edit (clock.stamp); a merge's later change wins by it
    conflicts: list[dict[str, Any]] = dataclasses.field(default_factory=list)  # values a merge set aside

    @property
    def next_stage(self) -> str | None:
        index = INTRO_STAGES.index(self.stage)
        return INTRO_STAGES[index + 1] if index + 1 < len(INTRO_STAGES) else None


def check_channel(channel: str) -> str:
    value = channel.strip().lower()
    if value not in CHANNELS:
        raise InputError(f"Unknown channel {channel!r}: use one of {', '.join(CHANNELS)}.")
    return value


def check_energy(energy: int | str | None) -> int | None:
    if energy is None or energy == "":
        return None
    try:
        value = int(str(energy).strip())
    except ValueError:
        raise InputError(f"Energy must be a whole number from -2 to 2, not {energy!r}.") from None
    if value not in ENERGY_RANGE:
        raise InputError(f"Energy must be from -2 (drained) to 2 (energized), not {value}.")
    return value
