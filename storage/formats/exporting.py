"""Exports, the same from the CLI and the dashboard; each one is remembered (its kind, path
and date, nothing of its contents) so ``forget`` can name the files it cannot reach into."""

from __future__ import annotations

from pathlib import Path

from nettui.storage import clock
from nettui.storage.errors import InputError
from nettui.storage.repository import Repository

KINDS = ("vcard", "ics", "json")
REMEMBERED = 50


def export(repo: Repository, kind: str, path: Path, *, days: int | None = None) -> str:
    """Write the export; the sentence saying what was written (``days``: the window of plans
    and picks in a calendar; this week's picks and every plan without it)."""
    from nettui.storage.formats import backup_json, ics, vcard

    if kind == "vcard":
        written, unchanged = vcard.export(repo.people(), path)
        said = f"Exported to {path}: {written} written, {unchanged} unchanged."
    elif kind == "ics":
        said = f"Exported {ics.export(repo, path, clock.today(), days)} to {path}."
    elif kind == "json":
        counts = backup_json.export(repo, path)
        said = (
            f"Exported {counts.get('people', 0)} people and "
            f"{counts.get('conversations', 0)} conversations to {path}."
        )
    else:
        raise InputError(f"Unknown export format {kind!r}: use one of {', '.join(KINDS)}.")
    remember(repo, kind, path)
    return said


def remember(repo: Repository, kind: str, path: Path) -> None:
    where = str(path.expanduser().absolute())
    known = [e for e in repo.setting("exports", []) if isinstance(e, dict) and e.get("path") != where]
    known.append({"kind": kind, "path": where, "date": clock.today().isoformat()})
    repo.set_setting("exports", known[-REMEMBERED:])
