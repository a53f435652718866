"""CLI commands that move data in and out: import, export, restore."""

from __future__ import annotations

from pathlib import Path

import click

from nettui.storage import clock
from nettui.tui.cli.support import echo, open_repo

FORMATS = ("linkedin", "google", "vcard")


@click.command("import")
@click.argument("kind", type=click.Choice(FORMATS))
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show exactly what would happen; write nothing.")
@click.option("--skip-bad", is_flag=True, help="Import the good rows and report the bad ones.")
@click.option("--include-deleted", is_flag=True, help="Bring back people you deleted earlier.")
@click.pass_context
def import_(
    ctx: click.Context, kind: str, path: Path, dry_run: bool, skip_bad: bool, include_deleted: bool
) -> None:
    """Bring people in from LinkedIn, Google Contacts or vCard files."""
    from nettui.storage.formats.merge import apply, plan

    repo = open_repo(ctx, must_exist=False)
    result = plan(repo, kind, path, clock.today(), include_deleted=include_deleted)
    refused = bool(result.problems) and not skip_bad
    if dry_run:
        for outcome in result.outcomes:
            detail = f" ({outcome.detail})" if outcome.detail else ""
            echo(f"{outcome.action:<10} {outcome.name}{detail}")
        for problem in result.problems:
            echo(f"{'bad row':<10} {problem}")
        if refused:
            echo(f"Dry run, nothing written: the import would refuse ({result.summary()}).")
            raise click.exceptions.Exit(_refuse(len(result.problems), dry_run=True))
        echo(f"Dry run, nothing written: {result.summary()}.")
        return
    for problem in result.problems:
        echo(f"{problem}", err=True)
    if refused:
        raise click.exceptions.Exit(_refuse(len(result.problems)))
    apply(repo, result)
    for outcome in result.outcomes:
        if outcome.action in ("updated", "duplicate", "deleted"):
            echo(f"{outcome.action:<10} {outcome.name} ({outcome.detail})")
    echo(f"Imported {path}: {result.summary()}.")


def _refuse(count: int, *, dry_run: bool = False) -> int:
    noun = "row" if count == 1 else "rows"
    what = "it would import nothing" if dry_run else "nothing imported"
    echo(f"nettui: {what}: {count} bad {noun} (fix them, or use --skip-bad to import the rest).", err=True)
    return 1


@click.group()
def export() -> None:
    """Give your data back: vCard folder, iCalendar file, JSON."""


def _export(ctx: click.Context, kind: str, path: Path, days: int | None = None) -> None:
    from nettui.storage.formats.exporting import export as write_export

    echo(write_export(open_repo(ctx), kind, path, days=days))


@export.command("vcard")
@click.argument("folder", type=click.Path(path_type=Path))
@click.pass_context
def export_vcard(ctx: click.Context, folder: Path) -> None:
    """One vCard 4.0 file per person, an address book khard and vdirsyncer read."""
    _export(ctx, "vcard", folder)


@export.command("ics")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--days", type=click.IntRange(0, 3650), help="Plans and picks of the next N days only.")
@click.pass_context
def export_ics(ctx: click.Context, file: Path, days: int | None) -> None:
    """Plans and birthdays as events; promises and the next seven days' picks as to-dos."""
    _export(ctx, "ics", file, days)


@export.command("json")
@click.argument("file", type=click.Path(path_type=Path))
@click.pass_context
def export_json(ctx: click.Context, file: Path) -> None:
    """The whole database as JSON."""
    _export(ctx, "json", file)


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.pass_context
def restore(ctx: click.Context, file: Path) -> None:
    """Replace the database with a JSON export (the current one is backed up first)."""
    from nettui.storage.formats import backup_json

    repo = open_repo(ctx, must_exist=False)
    counts = backup_json.restore(repo, file)
    echo(
        f"Restored {counts.get('people', 0)} people from {file}; "
        f"the previous database is in {repo.backups_folder}."
    )


COMMANDS = (import_, export, restore)
