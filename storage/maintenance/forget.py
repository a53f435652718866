"""Forgetting a person: every trace, in the database, its backups and the copies set aside,
also of someone deleted earlier (whom only the backups still hold)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from nettui.storage.domain.names import resolve
from nettui.storage.domain.text import counted
from nettui.storage.errors import NotFoundError
from nettui.storage.maintenance.scrub import scrub
from nettui.storage.repository import Repository
from nettui.storage.sync.setup import is_synced


@dataclasses.dataclass(frozen=True)
class Whom:
    id: str
    name: str
    in_database: bool  # False: deleted earlier, still in backups


@dataclasses.dataclass(frozen=True)
class Forgotten:
    whom: Whom
    copies_rewritten: int
    damaged_removed: list[Path]
    exports: list[str]  # files nettui exported earlier, which it cannot reach into
    synced: bool = False  # the database is synced through git, whose history nettui never rewrites

    def lines(self) -> list[str]:
        said = [f"Forgot {self.whom.name} ({counted(self.copies_rewritten, 'backup')} scrubbed)."]
        if self.damaged_removed:
            said.append(f"Removed {len(self.damaged_removed)} damaged backups that could not be scrubbed.")
        if self.exports:
            said.append("Exports written earlier may still hold them; nettui cannot reach into those: ")
            said[-1] += ", ".join(self.exports) + "."
        if self.synced:
            said.append(
                "Your other machines drop them at their next sync; earlier commits of the sync repository "
                "still hold them, and nettui never rewrites git history (git filter-repo can)."
            )
        return said


@dataclasses.dataclass(frozen=True)
class _Named:
    id: str
    name: str


def whom(repo: Repository, name: str) -> Whom:
    """The person ``name`` means: in the database, else among people deleted earlier."""
    try:
        person = repo.find(name)
        return Whom(person.id, person.name, True)
    except NotFoundError as error:
        kept = {
            doc["id"]: _Named(doc["id"], doc["name"])
            for doc in repo.db.read_copies("people")
            if isinstance(doc.get("id"), str) and isinstance(doc.get("name"), str)
        }
        try:
            match = resolve(name, kept.values())
        except NotFoundError:
            raise error from None
        return Whom(match.id, match.name, False)


def unreadable(repo: Repository) -> list[Path]:
    """Damaged copies (backups, files set aside by ``doctor --restore``) that forget would
    have to remove whole: they may hold other people's data too."""
    return repo.db.unreadable_copies()


def forget(repo: Repository, person: Whom) -> Forgotten:
    if person.in_database:
        repo.delete_person(person.id, forgetting=True)
    repo.remember_forgotten(person.id)
    rewritten, removed = repo.db.rewrite_copies(lambda tiny: scrub(tiny, person.id))
    exports = [str(e.get("path")) for e in repo.setting("exports", []) if isinstance(e, dict)]
    return Forgotten(person, rewritten, removed, exports, synced=is_synced(repo.path))
