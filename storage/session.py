"""The dashboard's door to the engine: quick saves, the version on screen, flushing.

While a session is open, saves append one fsynced line to the journal instead of rewriting
the file; :meth:`Session.flush` writes them in (the dashboard does it two seconds after the
last save, and at exit).
"""

from __future__ import annotations

import contextlib

from nettui.storage.engine import Change
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
        """Put back what ``changes`` changed, unless it was changed again since."""
        self.repo.db.undo(changes)

    def close(self) -> None:
        """Leave one complete file behind (readers apply a journal anyway)."""
        self.flush()
        self.repo.db.quick_saves = False
