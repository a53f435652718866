"""CLI commands that look after the file: doctor and forget."""

from __future__ import annotations

import click

from nettui.storage.domain.text import counted
from nettui.storage.errors import NettuiError
from nettui.storage.repository import Repository
from nettui.tui.cli.support import confirm, echo, name_conflict_copies, open_repo


@click.command()
@click.option("--restore", "restore_backup", is_flag=True, help="Put back the newest good backup.")
@click.pass_context
def doctor(ctx: click.Context, restore_backup: bool) -> None:
    """Check the database and list its backups."""
    from nettui.storage.maintenance.doctor import check, describe_backup, restore_newest

    repo = Repository(ctx.obj["db"])
    name_conflict_copies(ctx, repo.path)
    health = check(repo)
    if restore_backup:
        restored, backup, aside = restore_newest(repo)
        if aside is not None:
            echo(f"Saved the current file aside as {aside}.")
        echo(f"Restored {repo.path} from {backup.path} ({restored.counts.get('people', 0)} people).")
        return
    if health is None:
        echo(f"There is no database at {repo.path} yet.")
    elif health.ok:
        echo(
            f"{repo.path} is healthy: {counted(health.counts.get('people', 0), 'person', 'people')}, "
            f"{counted(health.counts.get('conversations', 0), 'conversation')}."
        )
    else:
        echo(health.problem)
    backups = repo.backups()
    echo(f"Backups in {repo.backups_folder}: {len(backups)}" + (":" if backups else "."))
    for backup in backups:
        echo("  " + describe_backup(backup))
    if health is not None and not health.ok:
        echo("Run `nettui doctor --restore` to put back the newest good backup.", err=True)
        raise click.exceptions.Exit(1)


@click.command()
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def forget(ctx: click.Context, name: str, yes: bool) -> None:
    """Remove a person and every trace of them, backups included (also someone deleted earlier)."""
    from nettui.storage.maintenance.forget import forget as forget_person
    from nettui.storage.maintenance.forget import unreadable, whom

    repo = open_repo(ctx)
    person = whom(repo, name)
    where = (
        "their conversations, plans, follow-ups, introductions" if person.in_database else "deleted earlier"
    )
    question = f"Forget {person.name} ({where}), backups too?"
    damaged = unreadable(repo)
    if damaged:
        names = ", ".join(p.name for p in damaged)
        question = (
            f"{len(damaged)} damaged copies cannot be scrubbed and will be removed whole, with "
            f"anything else they hold ({names}). {question}"
        )
    if not yes and not confirm(question):
        raise NettuiError("Nothing was forgotten.")
    for line in forget_person(repo, person).lines():
        echo(line)


COMMANDS = (doctor, forget)
