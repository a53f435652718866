"""The method's records: my strengths, reflections, communities and introductions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from nettui.storage import clock
from nettui.storage.domain.models import (
    COMMUNITY_KINDS,
    Community,
    Intro,
    Person,
    Reflection,
    Strength,
)
from nettui.storage.domain.names import by_id_prefix, resolve
from nettui.storage.errors import InputError
from nettui.storage.repository.people import PeopleRecords

DEFAULT_WEEKLY_CAP = 3


class _StrengthName:
    """Lets name resolution work on strengths (it matches on ``.name``)."""

    def __init__(self, strength: Strength) -> None:
        self.strength = strength
        self.name = strength.text


class MethodRecords(PeopleRecords):
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

    def remove_strength(self, text: str) -> Strength:
        with self.transaction():
            named = [_StrengthName(s) for s in self.strengths()]
            strength = resolve(text, named, what="strength").strength
            self._remove("strengths", Strength, [strength.id])
        return strength

    def reflections(self) -> list[Reflection]:
        models = self._table("reflections", Reflection)[0].values()
        return sorted(models, key=lambda r: (r.date, r.created), reverse=True)

    def add_reflection(self, reflection: Reflection) -> Reflection:
        if not reflection.text.strip():
            raise InputError("A reflection needs a text.")
        reflection.created = reflection.created or clock.now_iso()
        self._insert("reflections", reflection)
        return reflection

    # -- communities ------------------------------------------------------------------------

    def communities(self) -> list[Community]:
        models = self._table("communities", Community)[0].values()
        return sorted(models, key=lambda c: c.name.casefold())

    def community_for(self, name: str) -> tuple[Community, bool]:
        """The community called ``name``, created (kind other) if unknown; True if created."""
        with self.transaction():
            for community in self.communities():
                if community.name.casefold() == name.strip().casefold():
                    return community, False
            community = Community(name=" ".join(name.split()), created=clock.now_iso())
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

    # -- introductions ----------------------------------------------------------------------

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
        return by_id_prefix(prefix, self.intros(), "introduction", "nettui intros")

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

    # -- settings ---------------------------------------------------------------------------

    @property
    def weekly_cap(self) -> int:
        value = self.setting("weekly_cap", DEFAULT_WEEKLY_CAP)
        try:
            return int(value)
        except (TypeError, ValueError):  # an old file's hand-written cap: the default, not a crash
            return DEFAULT_WEEKLY_CAP
