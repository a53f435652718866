"""CLI commands that curate people: archive, snooze, delete, find and merge duplicates."""

from __future__ import annotations

import click

from nettui.storage import clock
from nettui.storage.errors import NettuiError
from nettui.tui.cli.support import confirm, echo, emit_json, open_repo, when_date


@click.command()
@click.argument("name")
@click.pass_context
def archive(ctx: click.Context, name: str) -> None:
    """Stop keeping in touch: hidden from the list and Upcoming, kept in the file."""
    repo = open_repo(ctx)
    person = repo.archive(repo.find(name).id)
    echo(f"Archived {person.name}: `nettui unarchive` brings them back.")


@click.command()
@click.argument("name")
@click.pass_context
def unarchive(ctx: click.Context, name: str) -> None:
    """Keep in touch again with someone archived."""
    repo = open_repo(ctx)
    archived = [p for p in repo.people() if p.archived]
    from nettui.storage.domain.names import resolve

    person = repo.archive(resolve(name, archived).id, archived=False)
    echo(f"{person.name} is back in your people.")


@click.command()
@click.argument("name")
@click.argument("when", required=False)
@click.option("--off", is_flag=True, help="No longer snoozed.")
@click.pass_context
def snooze(ctx: click.Context, name: str, when: str | None, off: bool) -> None:
    """Not due before WHEN (in 2 weeks, next month, 2027-01-10)."""
    repo = open_repo(ctx)
    person = repo.find(name)
    if off == (when is not None):
        raise NettuiError("Give WHEN (like 'in 2 weeks') or --off.")
    if off:
        repo.snooze(person.id, None)
        echo(f"{person.name} is no longer snoozed.")
        return
    until = when_date(str(when))
    if until <= clock.today():
        raise NettuiError(f"{until.isoformat()} is not ahead: snooze until a day to come.")
    repo.snooze(person.id, until)
    echo(f"Snoozed {person.name} until {until.strftime('%a')} {until.isoformat()}.")


@click.command()
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def delete(ctx: click.Context, name: str, yes: bool) -> None:
    """Delete a person (backups keep them; `forget` removes every trace)."""
    repo = open_repo(ctx)
    person = repo.find(name)
    if not yes and not confirm(f"Delete {person.name} with their plans, follow-ups and one-on-ones?"):
        raise NettuiError("Nothing was deleted.")
    repo.delete_person(person.id)
    echo(f"Deleted {person.name}; backups still hold them (`nettui forget` removes every trace).")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def duplicates(ctx: click.Context, as_json: bool) -> None:
    """Likely pairs: the same e-mail, the same LinkedIn URL, near-identical names at one company."""
    from nettui.storage.queries.duplicates import likely_pairs

    pairs = likely_pairs(open_repo(ctx).people())
    if as_json:
        emit_json([pair.to_json() for pair in pairs])
        return
    if not pairs:
        echo("No likely duplicates.")
    for pair in pairs:
        echo(f"{pair.a.name} ({pair.a.id[:8]})  ~  {pair.b.name} ({pair.b.id[:8]})  {pair.reason}")


@click.command()
@click.argument("keep")
@click.argument("other")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def merge(ctx: click.Context, keep: str, other: str, yes: bool) -> None:
    """Two records of one person become one: OTHER's talks, plans and details move to KEEP."""
    repo = open_repo(ctx)
    kept, gone = repo.find(keep), repo.find(other)
    if kept.id == gone.id:
        raise NettuiError("Those are the same person: name two.")
    question = (
        f"Merge {gone.name} ({gone.id[:8]}) into {kept.name} ({kept.id[:8]})? {gone.name} is then gone."
    )
    if not yes and not confirm(question):
        raise NettuiError("Nothing was merged.")
    merged, differing = repo.merge_people(kept.id, gone.id)
    echo(f"Merged into {merged.name}.")
    if differing:
        echo("Kept in the notes: " + "; ".join(differing))


COMMANDS = (archive, unarchive, snooze, delete, duplicates, merge)
