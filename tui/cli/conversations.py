"""CLI commands for conversations and plans: log, fix a logged one, plan, reschedule, cancel,
and what is coming up."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from nettui.storage import clock
from nettui.storage.domain.dates import humanize
from nettui.storage.domain.models import CHANNELS, Plan
from nettui.storage.domain.text import printable
from nettui.storage.errors import InputError
from nettui.tui.cli.support import echo, emit_json, open_repo, when_date


def _log_options(*, defaults: bool) -> Callable[[Any], Any]:
    """The flags of `log`; without ``defaults`` (editing), a flag not given changes nothing."""
    options = [
        click.option("--date", "when", default="today" if defaults else None, metavar="WHEN",
                     help="When (default today)." if defaults else "A new date."),
        click.option("--channel", metavar="CH", help=f"One of {', '.join(CHANNELS)}."),
        click.option("--energy", metavar="-2..2", help="How it felt: -2 drained … +2 energized."),
        click.option("--note", default="" if defaults else None, metavar="TEXT"),
        click.option("--strength", multiple=True, metavar="S", help="A strength I used (repeatable)."),
        click.option("--with", "with_", multiple=True, metavar="NAME", help="Also there (repeatable)."),
    ]  # fmt: skip

    def decorate(func: Any) -> Any:
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


@click.command()
@click.argument("name")
@_log_options(defaults=True)
@click.option("--follow-up", "follow_up", metavar="TEXT", help="Something I promised.")
@click.option("--due", metavar="WHEN", help="When the follow-up is due (default in a week).")
@click.pass_context
def log(
    ctx: click.Context,
    name: str,
    when: str,
    channel: str | None,
    energy: str | None,
    note: str,
    strength: tuple[str, ...],
    with_: tuple[str, ...],
    follow_up: str | None,
    due: str | None,
) -> None:
    """Log a conversation."""
    from nettui.storage.domain.drafts import LogDraft, build

    repo = open_repo(ctx)
    person = repo.find(name)
    if due is not None and follow_up is None:
        raise InputError("--due goes with --follow-up.")
    draft = LogDraft(
        when=when, channel=channel or "", energy=energy, note=note, strengths=list(strength),
        with_names=list(with_), follow_up=follow_up or "", due=due or "",
    )  # fmt: skip
    talk, promise = build(repo, person.id, draft, clock.today())
    others = [repo.person(pid) for pid in talk.with_]
    repo.log(talk, promise)
    rated = "unrated" if talk.energy is None else f"energy {talk.energy:+d}"
    present = ", ".join([person.name, *(o.name for o in others)])
    echo(f"Logged {talk.channel} with {present} on {talk.date.isoformat()} ({rated}).")
    if promise is not None:
        echo(f"Follow-up {promise.id[:8]} due {promise.due.isoformat()}: {promise.text}")


@click.group()
def conversation() -> None:
    """Fix a logged conversation: edit or delete it (ids are in `show NAME --json`)."""


@conversation.command("edit")
@click.argument("conversation_id", metavar="ID")
@_log_options(defaults=False)
@click.pass_context
def conversation_edit(
    ctx: click.Context,
    conversation_id: str,
    when: str | None,
    channel: str | None,
    energy: str | None,
    note: str | None,
    strength: tuple[str, ...],
    with_: tuple[str, ...],
) -> None:
    """Change what was logged; only the flags given change."""
    from nettui.storage.domain.dates import parse_when

    repo = open_repo(ctx)
    talk = repo.find_conversation(conversation_id)
    changes: dict[str, Any] = {}
    today = clock.today()
    if when is not None:
        day = parse_when(when, today, past=True)
        if day > today:
            raise InputError("That has not happened yet; plan it instead.")
        changes["date"] = day
    if channel is not None:
        changes["channel"] = channel
    if energy is not None:
        changes["energy"] = None if energy.strip().lower() in ("", "none", "unrated") else energy
    if note is not None:
        changes["note"] = note.strip()
    if strength:
        changes["strengths"] = [s.strip() for s in strength if s.strip()]
    if with_:
        others = [repo.find(name).id for name in with_ if name.strip()]
        if talk.person in others or len(set(others)) < len(others):
            raise InputError("Each person present counts once.")
        changes["with_"] = others
    if not changes:
        raise InputError("Nothing to change: give --date, --channel, --energy, --note, --strength or --with.")
    saved, _ = repo.update_conversation(talk.id, changes)
    echo(f"Saved the {saved.channel} of {saved.date.isoformat()} ({saved.id[:8]}).")


@conversation.command("delete")
@click.argument("conversation_id", metavar="ID")
@click.pass_context
def conversation_delete(ctx: click.Context, conversation_id: str) -> None:
    """Delete a logged conversation."""
    talk = open_repo(ctx).delete_conversation(conversation_id)
    echo(f"Deleted the {talk.channel} of {talk.date.isoformat()} ({talk.id[:8]}).")


@click.command()
@click.argument("name")
@click.argument("when")
@click.option(
    "--channel", default=None, metavar="CH", help="coffee, call, video, … (default: the usual one)."
)
@click.option("--topic", default="", metavar="TEXT")
@click.pass_context
def plan(ctx: click.Context, name: str, when: str, channel: str | None, topic: str) -> None:
    """Plan a conversation."""
    from nettui.storage.queries.battery import week_load

    repo = open_repo(ctx)
    person = repo.find(name)
    day = when_date(when)
    if day < clock.today():
        raise InputError(f"{day.isoformat()} is in the past: log it with `nettui log` instead.")
    planned = Plan(person=person.id, date=day, channel=channel or person.usual_channel or "coffee",
                   topic=topic.strip())  # fmt: skip
    repo.add_plan(planned)
    echo(
        f"Planned {planned.channel} with {person.name} on {day.strftime('%a')} {day.isoformat()} "
        f"({humanize(day, clock.today())})."
    )
    load = week_load(repo, day)
    if load.over_cap:
        echo(load.warning(), err=True)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def plans(ctx: click.Context, as_json: bool) -> None:
    """Planned conversations, with their ids."""
    repo = open_repo(ctx)
    people = repo.people_by_id()
    rows = [
        {"id": p.id, "date": p.date.isoformat(), "person": people[p.person].name, "channel": p.channel,
         "topic": p.topic}
        for p in repo.plans() if p.person in people
    ]  # fmt: skip
    if as_json:
        emit_json(rows)
        return
    if not rows:
        echo("Nothing planned: `nettui plan NAME WHEN`.")
    for row in rows:
        echo(f"{row['id'][:8]}  {row['date']}  {row['channel']:<7} {row['person']}  {row['topic']}".rstrip())


@click.command()
@click.argument("plan_id", metavar="PLAN_ID")
@click.pass_context
def cancel(ctx: click.Context, plan_id: str) -> None:
    """Cancel a planned conversation that will not happen."""
    repo = open_repo(ctx)
    cancelled = repo.cancel_plan(plan_id)
    who = repo.people_by_id().get(cancelled.person)
    echo(
        f"Cancelled the {cancelled.channel} with {who.name if who else '?'} on {cancelled.date.isoformat()}."
    )


@click.command()
@click.argument("plan_id", metavar="PLAN_ID")
@click.argument("when")
@click.pass_context
def reschedule(ctx: click.Context, plan_id: str, when: str) -> None:
    """Move a planned conversation to another day."""
    repo = open_repo(ctx)
    moved = repo.reschedule_plan(plan_id, when_date(when), clock.today())
    echo(f"Moved the {moved.channel} to {moved.date.strftime('%a')} {moved.date.isoformat()}.")


@click.command()
@click.option("--days", default=30, show_default=True, type=click.IntRange(0, 3650), help="How far ahead.")
@click.option("--all", "everyone", is_flag=True, help="Everyone due, not paced under the weekly cap.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def upcoming(ctx: click.Context, days: int, everyone: bool, as_json: bool) -> None:
    """Plans, promises, birthdays, job news and people due: overdue first, then the next days.
    People due are paced under the weekly cap; --all lists them all."""
    from nettui.storage.queries.upcoming import Upcoming
    from nettui.storage.queries.upcoming import upcoming as upcoming_items

    repo = open_repo(ctx)
    today = clock.today()
    items = upcoming_items(repo, today, days, everyone=everyone)
    if as_json:
        emit_json([item.to_json() for item in items])
        return
    if not items:
        echo(f"Nothing in the next {days} days.")
        return
    width = min(24, max(len(i.person) for i in items))

    def line(item: Upcoming) -> str:  # one item, one line, whatever its text holds
        person, note = printable(item.person, one_line=True), printable(item.note, one_line=True)
        return f"{item.date.isoformat()}  {item.when(today):<16} {item.kind:<10} {person:<{width}}  {note}"

    echo("\n".join(line(item).rstrip() for item in items))
    if any(item.kind == "more-due" for item in items):
        echo("nettui upcoming --all lists everyone due.")


COMMANDS = (log, conversation, plan, plans, cancel, reschedule, upcoming)
