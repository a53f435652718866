"""People: reading, finding by name, adding, saving and removing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from nettui.storage import clock
from nettui.storage.domain.models import Person
from nettui.storage.domain.names import resolve
from nettui.storage.errors import InputError, NotFoundError
from nettui.storage.maintenance.scrub import scrub
from nettui.storage.repository.records import Records, replacing


class PeopleRecords(Records):
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
        self._insert("people", person)
        return person

    def add_people(self, people: Iterable[Person]) -> None:
        """Insert many people in one TinyDB operation (imports)."""
        self._insert_many("people", list(people))

    def save_people(self, people: list[Person]) -> None:
        """Update many people in one TinyDB operation (imports)."""
        if not people:
            return
        docs = {p.id: p.to_doc() for p in people}
        with self.transaction() as tiny:
            _, doc_ids = self._table("people", Person)
            missing = [p.name for p in people if p.id not in doc_ids]
            if missing:
                raise NotFoundError(f"{missing[0]} no longer exists.")
            tiny.table("people").update(
                lambda doc: replacing(docs[doc["id"]])(doc), doc_ids=[doc_ids[i] for i in docs]
            )

    def update_person(
        self, person_id: str, changes: dict[str, Any], expected: dict[str, Any] | None = None
    ) -> tuple[Person, dict[str, Any]]:
        """Change only the given fields, on top of the person as stored now (see
        ``Records._update_fields``); the saved person and the previous values."""
        if "name" in changes:
            if not str(changes["name"]).strip():
                raise InputError("A person needs a name.")
            changes = {**changes, "name": " ".join(str(changes["name"]).split())}
        if changes.get("introduced_by") == person_id:
            raise InputError("Nobody introduced themselves to you.")
        return self._update_fields("people", Person, person_id, changes, expected, what="person")

    def archive(self, person_id: str, archived: bool = True) -> Person:
        """Stop (or resume) keeping in touch: hidden from the list and Upcoming, kept in the file."""
        return self.update_person(person_id, {"archived": archived})[0]

    def snooze(self, person_id: str, until: dt.date | None) -> Person:
        """Not due before ``until`` (None: no longer snoozed)."""
        return self.update_person(person_id, {"snoozed_until": until})[0]

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
        with self.transaction() as tiny:
            self.person(person_id)
            scrub(tiny, person_id)
            self.db.rewrite()  # a whole file, so no journal line keeps what they said
