"""The dashboard's door to the engine: quick saves, the version on screen, flushing.

While a session is open, saves append one fsynced line to the journal instead of rewriting
the file; :meth:`Session.flush` writes them in (the dashboard does it two seconds after the
last save, and at exit).
"""

from __future__ import annotations

import contextlib
from typing import Any

from nettui.storage.engine import Change
from nettui.storage.errors import InputError
from nettui.storage.repository import Repository


class Session:
    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        repo.db.quick_saves = True

    def version(self) -> str:
        """The version of the database as it is now (reloaded first if another process
        wrote it): data gathered at this version is current until it changes."""
        return self.repo.db.version

    def flush(self) -> None:
        self.repo.db.flush()

    def warm(self) -> None:
        self.repo.warm()

    def recording(self) -> contextlib.AbstractContextManager[list[Change]]:
        """Keep what the saves made inside change, so they can be undone."""
        return self.repo.db.recording()

    def undo(self, changes: list[Change]) -> None:
        """Put back what ``changes`` changed, unless it was changed again since, or it would
        bring back a trace of someone forgotten meanwhile (here or by another process)."""
        forgotten = self.repo.forgotten_ids()
        for change in changes:
            if change.before is not None and _mentions(change.before, forgotten):
                raise InputError("that person was forgotten: nothing of them comes back.")
        self.repo.undo(changes)

    def close(self) -> None:
        """Leave one complete file behind (readers apply a journal anyway)."""
        self.flush()
        self.repo.db.quick_saves = False


def _mentions(doc: dict[str, Any], ids: set[str]) -> bool:
    """Whether a record is, or names, one of ``ids`` (a person, their talk, plan or intro)."""
    if not ids:
        return False
    named = [
        doc.get("id"),
        doc.get("person"),
        doc.get("introducer"),
        *doc.get("with", []),
        *doc.get("people", []),
    ]
    return any(isinstance(value, str) and value in ids for value in named)
