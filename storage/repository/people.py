"""People: reading, finding by name, adding, saving and removing."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterable
from typing import Any

from nettui.storage import clock
from nettui.storage.domain import jobs
from nettui.storage.domain.identity import identity_keys
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

    def update_people(self, changes: dict[str, dict[str, Any]]) -> None:
        """Set fields on many people at once (an import), each on the person as stored now;
        someone deleted meanwhile is left deleted."""
        if not changes:
            return
        with self.transaction() as tiny:
            models, doc_ids = self._table("people", Person)
            docs = {}
            for pid, fields in changes.items():
                if pid not in models:
                    continue
                fresh = Person.from_doc(models[pid].to_doc())
                for field, value in fields.items():
                    setattr(fresh, field, value)
                fresh.updated = clock.stamp()
                docs[pid] = fresh.to_doc()
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
        with self.transaction():
            if "company" in changes or "role" in changes:
                current = self.person(person_id)
                move = jobs.edited_change(current, changes, clock.today())
                if move is not None:  # news: a reason to get in touch (Upcoming)
                    changes = {**changes, "job_changes": [*current.job_changes, move]}
            return self._update_fields("people", Person, person_id, changes, expected, what="person")

    def learned(self, person_id: str, text: str) -> Person:
        """Add what I learned about how I can help them to what is noted already (on the
        person as stored now, under the lock)."""
        with self.transaction():
            noted = self.person(person_id).how_i_can_help
            joined = f"{noted}; {text}" if noted else text
            return self.update_person(person_id, {"how_i_can_help": joined})[0]

    def match_keys(self, keys: Iterable[str]) -> set[str]:
        """The one-way hashes of identity keys, as people deleted earlier are remembered: with
        this database's salt, and with the salt of each machine whose deletions a sync merged
        in (an entry keeps the salt it was hashed with)."""
        salts = {str(self.setting("identity_salt", ""))}
        salts |= {str(doc["salt"]) for doc in self.documents("deleted") if isinstance(doc.get("salt"), str)}
        salts.discard("")
        keys = list(keys)
        return {hashlib.sha256(f"{salt}|{key}".encode()).hexdigest() for salt in salts for key in keys}

    def deleted_keys(self) -> set[str]:
        """Hashes of the identity keys of people deleted earlier (never their data)."""
        return {h for doc in self.documents("deleted") for h in doc.get("hashes", [])}

    def forgotten_ids(self) -> set[str]:
        """The ids of people forgotten: a tombstone each, ids only, so nothing brings them back
        (an undo in a window opened before, a merge with an older copy)."""
        return {str(doc.get("id")) for doc in self.documents("forgotten")}

    def remember_forgotten(self, person_id: str) -> None:
        """The one tombstone of someone forgotten (a deletion's tombstone of their id goes)."""
        with self.transaction() as tiny:
            if person_id not in self.forgotten_ids():
                tiny.table("forgotten").insert({"id": person_id})
            scrub(tiny, person_id)  # deleted earlier: what is left of them here (a tombstone)

    def _remember_deleted(self, tiny: Any, person: Person) -> None:
        if not self.setting("identity_salt"):
            self.set_setting("identity_salt", os.urandom(16).hex())
        salt = str(self.setting("identity_salt"))
        hashes = sorted(hashlib.sha256(f"{salt}|{key}".encode()).hexdigest() for key in identity_keys(person))
        tiny.table("deleted").insert({"hashes": hashes, "date": clock.today().isoformat(), "salt": salt})

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

    def delete_person(self, person_id: str, *, forgetting: bool = False) -> None:
        """Remove a person with their one-on-ones, plans, follow-ups and introductions;
        conversations shared with others stay, without them. Tombstones note what went (for a
        sync), except when forgetting: the one tombstone then is the person's id in ``forgotten``."""
        with self.transaction() as tiny:
            person = self.person(person_id)
            self._remember_deleted(tiny, person)
            tables = () if forgetting else ("people", "conversations", "plans", "follow_ups", "intros")
            with self._deleting(tiny, tables):
                scrub(tiny, person_id)
            self.db.rewrite()  # a whole file, so no journal line keeps what they said
