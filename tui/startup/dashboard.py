"""Opening the dashboard: the data helper, a checked database, then Textual."""

from __future__ import annotations

from pathlib import Path

from nettui.storage import clock
from nettui.storage.repository import Repository

SMALL_TABLE = 8_000_000  # bytes: tables checked before the dashboard starts; larger ones right after


def launch(path: Path) -> int:
    """Run the dashboard on ``path``; its exit status."""
    from nettui.tui.startup.preload import take

    preload = take(path, clock.today())  # gathers the data while Textual starts
    try:
        repo = Repository(path)
        repo.refresh()
        repo.check(max_bytes=SMALL_TABLE)  # a damaged file is one sentence, exit 1
    except BaseException:
        if preload is not None:
            preload.cancel()
        raise
    from nettui.tui.app import run

    return run(repo, preload)
