"""The thin repository the CLI and the dashboard share: models in, models out.

TinyDB documents never leave this module. Reads come from per-table model caches that are
rebuilt only when the table changed (TinyDB replaces a table's dict on every write, and the
store replaces everything when another process wrote the file).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

import orjson
import platformdirs
from tinydb import TinyDB
from tinydb.storages import Storage

from nettui.storage import clock
from nettui.storage.domain.models import (
    CHANNELS,
    COMMUNITY_KINDS,
    ENERGY_RANGE,
    Community,
    Conversation,
    FollowUp,
    Intro,
    Model,
    Person,
    Plan,
    Reflection,
    Strength,
)
from nettui.storage.domain.names import resolve
from nettui.storage.domain.rollups import ConversationIndex
from nettui.storage.engine.reading import EAGER_CHECK_LIMIT, Tables, check_records, paused_gc
from nettui.storage.engine.store import Commit, Store
from nettui.storage.engine.tinydb_adapter import InPlaceTable
from nettui.storage.errors import DatabaseError, InputError, NotFoundError
from nettui.storage.maintenance.scrub import scrub

M = TypeVar("M", bound=Model)
DEFAULT_WEEKLY_CAP = 3


def default_path() -> Path:
    """``NETTUI_DB``, else the platform's user data folder."""
    env = os.environ.get("NETTUI_DB")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("nettui", appauthor=False)) / "nettui.json"


class _TinyDB(TinyDB):
    table_class = InPlaceTable


class _StoreStorage(Storage):
    """TinyDB storage that reads from and stages into a :class:`Store`."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def read(self) -> Tables:
        return self._store.tables()

    def write(self, data: Tables) -> None:
        self._store.stage(data)

    def table_changed(self, name: str, key: str | None, inserted: dict[str, Any] | None = None) -> None:
        self._store.table_changed(name, key, inserted)


def _replacing(new: dict[str, Any]) -> Any:
    """A TinyDB update that replaces the whole document (fields left out are removed)."""

    def replace(doc: dict[str, Any]) -> None:
        doc.clear()
        doc.update(new)

    return replace


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


class Repository:
    """All reads and writes of one nettui database."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.store = Store(path if path is not None else default_path())
        self._db: TinyDB | None = None
        self._db_generation = -1
        self._cache: dict[str, tuple[Any, dict[str, Any], dict[str, int]]] = {}
        self._index: ConversationIndex | None = None
        self.store.commit_hooks.append(self._carry_index)

    @property
    def path(self) -> Path:
        return self.store.path

    # -- plumbing ---------------------------------------------------------------------------

    def _tiny(self) -> TinyDB:
        if self._db is None or self._db_generation != self.store.generation:
            self._db = _TinyDB(storage=_StoreStorage, store=self.store)
            self._db_generation = self.store.generation
        return self._db

    def _table(self, name: str, cls: type[M]) -> tuple[dict[str, M], dict[str, int]]:
        """Models of one table by id, and TinyDB doc ids by model id."""
        with self.store._mutex:
            raw = self.store.tables().get(name, {})
            stamp = (raw, self.store.version(name))
            cached = self._cache.get(name)
            if cached is not None and cached[0][0] is raw and cached[0][1] == stamp[1]:
                return cached[1], cached[2]
            if len(raw) > EAGER_CHECK_LIMIT:
                check_records(raw, name, self.path)
            models: dict[str, M] = {}
            doc_ids: dict[str, int] = {}
            with paused_gc():
                for key, doc in raw.items():
                    model = cls.from_doc(doc)
                    models[model.id] = model
                    doc_ids[model.id] = int(key)
            self._cache[name] = (stamp, models, doc_ids)
            return models, doc_ids

    def _insert(self, name: str, model: Model) -> None:
        doc = model.to_doc()
        if self.store.append(name, doc) is not None:  # the table was never parsed: nor is it now
            return
        before = self._raw(name)
        doc_id = self._tiny().table(name).insert(doc)
        self._patch(name, before, {model.id: (model, doc_id)}, [])

    def _update(self, name: str, model: Any) -> None:
        _, doc_ids = self._table(name, type(model))
        before = self._raw(name)
        self._tiny().table(name).update(_replacing(model.to_doc()), doc_ids=[doc_ids[model.id]])
        self._patch(name, before, {model.id: (model, doc_ids[model.id])}, [])

    def _remove(self, name: str, cls: type[Model], ids: list[str]) -> None:
        if not ids:
            return
        _, doc_ids = self._table(name, cls)
        before = self._raw(name)
        self._tiny().table(name).remove(doc_ids=[doc_ids[i] for i in ids])
        self._patch(name, before, {}, ids)

    def _raw(self, name: str) -> Any:
        return (self.store.tables().get(name), self.store.version(name))

    def _patch(
        self, name: str, before: Any, changed: dict[str, tuple[Model, int]], removed: list[str]
    ) -> None:
        """Carry the model cache over our own write instead of rebuilding 100,000 models."""
        cached = self._cache.get(name)
        after = self._raw(name)
        if cached is None or cached[0][0] is not before[0] or cached[0][1] != before[1] or after[0] is None:
            return
        models, doc_ids = dict(cached[1]), dict(cached[2])  # readers may hold the old dicts
        for model_id, (model, doc_id) in changed.items():
            models[model_id] = type(model).from_doc(model.to_doc())
            doc_ids[model_id] = doc_id
        for model_id in removed:
            models.pop(model_id, None)
            doc_ids.pop(model_id, None)
        self._cache[name] = (after, models, doc_ids)

    def warm(self) -> None:
        """Build what the first action will need (models, rollups, a checked file) ahead of it."""
        self.people_by_id()
        self.plans()
        self.follow_ups()
        self.conversation_index()
        self.store.warm()

    def transaction(self) -> Any:
        return self.store.transaction()

    def refresh(self) -> bool:
        """Reload if another process changed the file; True when something changed."""
        before = self.store.generation
        self.store.tables()
        return self.store.generation != before

    # -- people -----------------------------------------------------------------------------

    def people(self) -> list[Person]:
        models, _ = self._table("people", Person)
        return sorted(models.values(), key=lambda p: (p.name.casefold(), p.id))

    def people_by_id(self) -> dict[str, Person]:
        return self._table("people", Person)[0]

    def person(self, person_id: str) -> Person:
        try:
            return self.people_by_id()[person_id]
        except KeyError:
            raise NotFoundError("That person no longer exists.") from None

    def find(self, name: str) -> Person:
        return resolve(name, self.people_by_id().values())

    def add_person(self, person: Person) -> Person:
        if not person.name.strip():
            raise InputError("A person needs a name.")
        person.name = " ".join(person.name.split())
        person.created = person.created or clock.now_iso()
        with self.transaction():
            self._insert("people", person)
        return person

    def add_people(self, people: list[Person]) -> None:
        """Insert many people in one TinyDB operation (imports)."""
        if people:
            with self.transaction():
                self._tiny().table("people").insert_multiple(p.to_doc() for p in people)

    def save_people(self, people: list[Person]) -> None:
        """Update many people in one TinyDB operation (imports)."""
        if not people:
            return
        docs = {p.id: p.to_doc() for p in people}
        with self.transaction():
            _, doc_ids = self._table("people", Person)
            missing = [p.name for p in people if p.id not in doc_ids]
            if missing:
                raise NotFoundError(f"{missing[0]} no longer exists.")
            self._tiny().table("people").update(
                lambda doc: _replacing(docs[doc["id"]])(doc), doc_ids=[doc_ids[i] for i in docs]
            )

    def save_person(self, person: Person) -> Person:
        if not person.name.strip():
            raise InputError("A person needs a name.")
        with self.transaction():
            self.person(person.id)
            self._update("people", person)
        return person

    def delete_person(self, person_id: str) -> None:
        """Remove a person with their one-on-ones, plans, follow-ups and introductions;
        conversations shared with others stay, without them."""
        with self.transaction() as tables:
            self.person(person_id)
            for name, table in tables.items():
                check_records(table, name, self.path)
            scrub(tables, person_id)
            self.store.mark_dirty()

    # -- conversations ----------------------------------------------------------------------

    def conversations(self) -> list[Conversation]:
        return list(self._table("conversations", Conversation)[0].values())

    def conversation_docs(self) -> list[dict[str, Any]]:
        """The stored conversations as plain documents, for whole-database scans that must not
        build 100,000 models (insights, the weekly battery). Read them; never change them."""
        with self.store._mutex:
            docs = list(self.store.tables().get("conversations", {}).values())
        if len(docs) > EAGER_CHECK_LIMIT and not all(type(doc) is dict for doc in docs):
            raise DatabaseError(
                f"{self.path} is JSON but not a nettui database (a record in 'conversations')."
            )
        return docs

    def conversations_with(self, person_id: str) -> list[Conversation]:
        """Conversations the person was part of, newest first."""
        lines = self.store.lines_containing("conversations", person_id)
        docs = (
            self.conversation_docs()
            if lines is None
            else [orjson.loads(line.partition(b": ")[2]) for line in lines]
        )
        found = [
            Conversation.from_doc(doc)
            for doc in docs
            if doc["person"] == person_id or person_id in doc.get("with", ())
        ]
        return sorted(found, key=lambda c: (c.date, c.created), reverse=True)

    def conversation_index(self) -> ConversationIndex:
        """Rollups of every conversation for the current file: kept in memory, else read from
        beside the database, else rebuilt from the conversations (and saved for next time)."""
        with self.store._mutex:
            stamp = self.store.stamp("conversations")
            index = self._index
            if index is None or index.stamp != stamp:
                index = ConversationIndex.read(self.path)
            if index is None or index.stamp != stamp:
                index = ConversationIndex.build(self.conversation_docs(), stamp)
                index.save(self.path)
            self._index = index
            return index

    def _carry_index(self, commit: Commit) -> None:
        """After each write (under the file lock), bring the index to the new conversations:
        count in the ones it inserted, or rebuild when they changed in any other way."""
        before, after = commit.stamps_before["conversations"], commit.stamps_after["conversations"]
        if before == after:
            return
        known = self._index if self._index is not None and self._index.stamp == before else None
        if commit.only_inserted("conversations"):
            known = known or ConversationIndex.read(self.path)
            if known is not None and known.stamp == before:
                added = [doc for name, doc in commit.inserted if name == "conversations"]
                self._index = known.with_added(added, after)  # readers keep the old one
                self._index.save(self.path)
                return
        tables = self.store.tables()
        if tables.pending("conversations") is None:  # parsed already: rebuilding costs no parse
            self._index = ConversationIndex.build(tables.get("conversations", {}).values(), after)
            self._index.save(self.path)
        else:
            self._index = None
            ConversationIndex.discard(self.path)

    def log(self, conversation: Conversation, follow_up: FollowUp | None = None) -> Conversation:
        """Record a conversation, update the people's indexes, close plans it fulfils."""
        conversation.channel = check_channel(conversation.channel)
        conversation.energy = check_energy(conversation.energy)
        conversation.created = conversation.created or clock.now_iso()
        with self.transaction():
            present = [conversation.person, *conversation.with_]
            people = [self.person(pid) for pid in present]
            self._insert("conversations", conversation)
            for person in people:
                if person.last_talked is None or conversation.date > person.last_talked:
                    person.last_talked = conversation.date
                counts = person.channel_counts
                counts[conversation.channel] = counts.get(conversation.channel, 0) + 1
                self._update("people", person)
            for plan in self.plans():
                if plan.person in present and plan.date <= conversation.date:
                    plan.done = True
                    self._update("plans", plan)
            if follow_up is not None:
                follow_up.conversation = conversation.id
                self.add_follow_up(follow_up)
        return conversation

    # -- plans and follow-ups -----------------------------------------------------------------

    def plans(self, *, all_: bool = False) -> list[Plan]:
        models = self._table("plans", Plan)[0].values()
        return sorted((p for p in models if all_ or not p.done), key=lambda p: (p.date, p.id))

    def add_plan(self, plan: Plan) -> Plan:
        plan.channel = check_channel(plan.channel)
        plan.created = plan.created or clock.now_iso()
        with self.transaction():
            self.person(plan.person)
            self._insert("plans", plan)
        return plan

    def follow_ups(self, *, all_: bool = False) -> list[FollowUp]:
        models = self._table("follow_ups", FollowUp)[0].values()
        return sorted((f for f in models if all_ or not f.done), key=lambda f: (f.due, f.id))

    def add_follow_up(self, follow_up: FollowUp) -> FollowUp:
        if not follow_up.text.strip():
            raise InputError("A follow-up needs a text.")
        follow_up.created = follow_up.created or clock.now_iso()
        with self.transaction():
            self.person(follow_up.person)
            self._insert("follow_ups", follow_up)
        return follow_up

    def close_follow_up(self, prefix: str) -> FollowUp:
        with self.transaction():
            open_ones = self.follow_ups()
            matches = [f for f in open_ones if f.id.startswith(prefix.strip().lower())]
            if not prefix.strip() or not matches:
                raise NotFoundError(f"No open follow-up has the id {prefix!r}.")
            if len(matches) > 1:
                raise NotFoundError(f"The id {prefix!r} matches {len(matches)} follow-ups: give more.")
            follow_up = matches[0]
            follow_up.done = True
            self._update("follow_ups", follow_up)
        return follow_up

    # -- strengths, reflections, communities, settings -----------------------------------------

    def strengths(self) -> list[Strength]:
        models = self._table("strengths", Strength)[0].values()
        return sorted(models, key=lambda s: (s.created, s.text))

    def add_strength(self, text: str) -> Strength:
        text = " ".join(text.split())
        if not text:
            raise InputError("A strength needs a text, like 'listening' or 'small groups'.")
        with self.transaction():
            if any(s.text.casefold() == text.casefold() for s in self.strengths()):
                raise InputError(f"{text!r} is already one of your strengths.")
            strength = Strength(text=text, created=clock.now_iso())
            self._insert("strengths", strength)
        return strength

    def reflections(self) -> list[Reflection]:
        models = self._table("reflections", Reflection)[0].values()
        return sorted(models, key=lambda r: (r.date, r.created), reverse=True)

    def add_reflection(self, reflection: Reflection) -> Reflection:
        if not reflection.text.strip():
            raise InputError("A reflection needs a text.")
        reflection.created = reflection.created or clock.now_iso()
        with self.transaction():
            self._insert("reflections", reflection)
        return reflection

    def communities(self) -> list[Community]:
        models = self._table("communities", Community)[0].values()
        return sorted(models, key=lambda c: c.name.casefold())

    def community_for(self, name: str) -> tuple[Community, bool]:
        """The community called ``name``, created (kind other) if unknown; True if created."""
        for community in self.communities():
            if community.name.casefold() == name.strip().casefold():
                return community, False
        community = Community(name=" ".join(name.split()), created=clock.now_iso())
        with self.transaction():
            self._insert("communities", community)
        return community, True

    def add_community(self, name: str, kind: str) -> Community:
        name = " ".join(name.split())
        if not name:
            raise InputError("A community needs a name.")
        if kind not in COMMUNITY_KINDS:
            raise InputError(f"Unknown kind {kind!r}: use one of {', '.join(COMMUNITY_KINDS)}.")
        with self.transaction():
            if any(c.name.casefold() == name.casefold() for c in self.communities()):
                raise InputError(f"There is already a community called {name!r}.")
            community = Community(name=name, kind=kind, created=clock.now_iso())
            self._insert("communities", community)
        return community

    def remove_strength(self, text: str) -> Strength:
        with self.transaction():
            strength = resolve(text, _StrengthName.wrap(self.strengths()), what="strength").strength
            self._remove("strengths", Strength, [strength.id])
        return strength

    # -- introductions ------------------------------------------------------------------------

    def intros(self) -> list[Intro]:
        models = self._table("intros", Intro)[0].values()
        return sorted(models, key=lambda i: (i.date, i.created, i.id))

    def add_intro(self, intro: Intro) -> Intro:
        intro.created = intro.created or clock.now_iso()
        intro.stage_dates = intro.stage_dates or {intro.stage: intro.date.isoformat()}
        with self.transaction():
            for pid in [intro.introducer, *intro.people]:
                if pid is not None:
                    self.person(pid)
            self._insert("intros", intro)
        return intro

    def find_intro(self, prefix: str) -> Intro:
        wanted = prefix.strip().lower()
        matches = [i for i in self.intros() if wanted and i.id.startswith(wanted)]
        if not matches:
            raise NotFoundError(f"No introduction has the id {prefix!r}: see `nettui intros`.")
        if len(matches) > 1:
            raise NotFoundError(f"The id {prefix!r} matches {len(matches)} introductions: give more.")
        return matches[0]

    def advance_intro(self, prefix: str, today: dt.date) -> Intro:
        """Move an introduction to its next stage: asked → made → met → thanked."""
        with self.transaction():
            intro = self.find_intro(prefix)
            stage = intro.next_stage
            if stage is None:
                raise InputError(f"That introduction is already {intro.stage}.")
            intro.stage = stage
            intro.stage_dates[stage] = today.isoformat()
            self._update("intros", intro)
        return intro

    def join_communities(self, person: Person, names: Iterable[str]) -> list[str]:
        """Add the person to the named communities, creating unknown ones; returns those created."""
        created = []
        with self.transaction():
            for name in names:
                if not name.strip():
                    raise InputError("A community needs a name.")
                community, new = self.community_for(name)
                if new:
                    created.append(community.name)
                if community.id not in person.communities:
                    person.communities.append(community.id)
        return created

    def _settings(self) -> dict[str, Any]:
        meta = self.store.tables().get("meta", {})
        return dict(meta.get("1", {}))

    def setting(self, key: str, default: Any = None) -> Any:
        return self._settings().get(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        with self.transaction() as tables:
            meta = tables.setdefault("meta", {})
            meta.setdefault("1", {})[key] = value
            self.store.mark_dirty("meta")

    @property
    def weekly_cap(self) -> int:
        return int(self.setting("weekly_cap", DEFAULT_WEEKLY_CAP))

    # -- bulk -------------------------------------------------------------------------------

    def bulk_insert(self, rows: dict[str, list[Model]]) -> None:
        """Insert many models in one atomic write (used by demo and imports)."""
        with self.transaction():
            db = self._tiny()
            for name, models in rows.items():
                if models:
                    db.table(name).insert_multiple(m.to_doc() for m in models)


class _StrengthName:
    """Lets name resolution work on strengths (it matches on ``.name``)."""

    def __init__(self, strength: Strength) -> None:
        self.strength = strength
        self.name = strength.text

    @classmethod
    def wrap(cls, strengths: list[Strength]) -> list[_StrengthName]:
        return [cls(s) for s in strengths]


def week_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the week holding ``day``."""
    start = day - dt.timedelta(days=day.weekday())
    return start, start + dt.timedelta(days=6)
