"""The ``nettui`` command: sub-commands for scripts, and the dashboard when none is given.

Sub-commands never import Textual, so they start as fast as a plain Python script.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from nettui.storage import clock
from nettui.storage.domain.dates import humanize, parse_cadence
from nettui.storage.domain.models import CHANNELS, Person, Plan
from nettui.storage.domain.warmth import MARKS
from nettui.storage.errors import InputError
from nettui.storage.repository import Repository, default_path
from nettui.tui.cli.care import COMMANDS as CARE_COMMANDS
from nettui.tui.cli.interop import COMMANDS as INTEROP_COMMANDS
from nettui.tui.cli.method import COMMANDS
from nettui.tui.cli.support import NettuiGroup, echo, emit_json, open_repo, when_date


@click.group(
    cls=NettuiGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--db",
    type=click.Path(dir_okay=True, path_type=Path),
    envvar="NETTUI_DB",
    help="The database file (default: NETTUI_DB, else the user data folder).",
)
@click.version_option(None, "--version", package_name="nettui", prog_name="nettui")
@click.pass_context
def main(ctx: click.Context, db: Path | None) -> None:
    """nettui: grow your network one conversation at a time.

    With no command, opens the dashboard.
    """
    ctx.ensure_object(dict)
    ctx.obj["db"] = (db or default_path()).expanduser()
    ctx.obj["chosen"] = db is not None  # by --db or NETTUI_DB
    if ctx.invoked_subcommand is None:
        from nettui.tui.startup.dashboard import launch  # deferred: sub-commands never import Textual

        status = launch(ctx.obj["db"])
        if status:
            ctx.exit(status)


# -- people ---------------------------------------------------------------------------------


def _person_options(func: Any) -> Any:
    options = [
        click.option("--email", multiple=True, help="E-mail address (repeatable)."),
        click.option("--phone", multiple=True, help="Phone number (repeatable)."),
        click.option("--company"),
        click.option("--role"),
        click.option("--city"),
        click.option("--how-met", "how_met", metavar="TEXT", help="How we met."),
        click.option("--community", multiple=True, metavar="NAME", help="A community (repeatable)."),
        click.option("--introduced-by", "introduced_by", metavar="NAME", help="Who introduced us."),
        click.option("--tag", multiple=True, metavar="T", help="A tag (repeatable)."),
        click.option("--every", metavar="4w|30d|3m|1y", help="Keep-in-touch cadence."),
        click.option("--note", "notes", metavar="TEXT", help="Notes about the person."),
        click.option("--working-on", "working_on", metavar="TEXT", help="What they are working on."),
        click.option("--story", metavar="TEXT", help="Their story."),
        click.option("--how-i-can-help", "how_i_can_help", metavar="TEXT", help="How I could help."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _person_changes(repo: Repository, person_id: str | None, values: dict[str, Any]) -> dict[str, Any]:
    """The fields the options set, as model values (communities are joined separately)."""
    changes: dict[str, Any] = {}
    if values.get("email"):
        changes["emails"] = [e.strip() for e in values["email"] if e.strip()]
    if values.get("phone"):
        changes["phones"] = [p.strip() for p in values["phone"] if p.strip()]
    for field in ("company", "role", "city", "how_met", "notes", "working_on", "story", "how_i_can_help"):
        if values.get(field) is not None:
            changes[field] = values[field].strip()
    if values.get("tag"):
        changes["tags"] = sorted({t.strip() for t in values["tag"] if t.strip()})
    if values.get("every") is not None:
        every = values["every"].strip()
        changes["every"] = parse_cadence(every) if every and every.lower() != "none" else None
    if values.get("introduced_by"):
        introducer = repo.find(values["introduced_by"])
        if introducer.id == person_id:
            raise InputError("Nobody introduced themselves to you.")
        changes["introduced_by"] = introducer.id
    for name in values.get("community") or ():
        if not name.strip():
            raise InputError("A community needs a name.")
    return changes


@main.command()
@click.argument("name")
@_person_options
@click.pass_context
def add(ctx: click.Context, name: str, **values: Any) -> None:
    """Add a person."""
    repo = open_repo(ctx, must_exist=False)
    person = Person(name=name)
    for field, value in _person_changes(repo, person.id, values).items():
        setattr(person, field, value)
    with repo.transaction():
        created = repo.join_communities(person, values["community"])
        repo.add_person(person)
    _said(created, f"Added {person.name}.")


@main.command()
@click.argument("name")
@_person_options
@click.option("--name", "new_name", help="A new name.")
@click.pass_context
def edit(ctx: click.Context, name: str, new_name: str | None, **values: Any) -> None:
    """Change a person's details (only the fields given; the rest stay as stored)."""
    repo = open_repo(ctx)
    person = repo.find(name)
    changes = _person_changes(repo, person.id, values)
    if new_name is not None:
        changes["name"] = new_name
    with repo.transaction():  # the read-modify-write happens on the record as it is now
        created: list[str] = []
        if values["community"]:
            current = repo.person(person.id)
            created = repo.join_communities(current, values["community"])
            changes["communities"] = current.communities
        saved, _ = repo.update_person(person.id, changes)
    _said(created, f"Saved {saved.name}.")


def _said(created: list[str], done: str) -> None:
    for name in created:
        echo(f"Created the community {name} (kind other).")
    echo(done)


@main.command()
@click.option("--filter", "text", default="", help="Only people whose name, company, tags or notes match.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def people(ctx: click.Context, text: str, as_json: bool) -> None:
    """List people."""
    from nettui.storage.views.people_rows import filter_rows, people_rows
    from nettui.storage.views.shapes import person_summary

    repo = open_repo(ctx)
    today = clock.today()
    rows = filter_rows(people_rows(repo, today), text)
    if as_json:
        by_id = repo.people_by_id()
        emit_json([person_summary(by_id[row.id], today) for row in rows])
        return
    if not rows:
        echo("Nobody matches." if text else "Nobody yet: add someone with `nettui add NAME`.")
        return
    width = min(28, max(len(r.name) for r in rows))
    echo(
        "\n".join(
            f"{MARKS[row.warmth]} {row.name:<{width}}  {row.company_role[:30]:<30}  "
            f"{row.last_talked:<14}  {row.next_step}".rstrip()
            for row in rows
        )
    )


@main.command()
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def show(ctx: click.Context, name: str, as_json: bool) -> None:
    """Show one person."""
    from nettui.storage.views.shapes import person_detail

    repo = open_repo(ctx)
    person = repo.find(name)
    detail = person_detail(repo, person, clock.today())
    if as_json:
        emit_json(detail)
        return
    for line in _detail_lines(detail, person):
        echo(line)


def _detail_lines(detail: dict[str, Any], person: Person) -> list[str]:
    today = clock.today()
    lines = [person.name]
    if person.company_role:
        lines.append(f"  {person.company_role}")
    fields = [
        ("E-mail", ", ".join(person.emails)), ("Phone", ", ".join(person.phones)),
        ("City", person.city), ("How we met", person.how_met),
        ("Introduced by", detail["introduced_by"] or ""),
        ("Introduced me to", ", ".join(detail["introduced"])),
        ("Communities", ", ".join(detail["communities"])), ("Tags", ", ".join(person.tags)),
        ("Every", person.every or ""), ("Warmth", detail["warmth"] if person.every else ""),
        ("Next due", detail["next_due"] or ""), ("Working on", person.working_on),
        ("Story", person.story), ("How I can help", person.how_i_can_help), ("Notes", person.notes),
    ]  # fmt: skip
    lines += [f"  {label + ':':<17} {value}" for label, value in fields if value]
    for change in person.job_changes:
        lines.append(
            f"  Job change {change.get('date', '')}: {change.get('from', '')} → {change.get('to', '')}"
        )
    if detail["plans"]:
        lines.append("Planned")
        for plan in detail["plans"]:
            day = dt.date.fromisoformat(plan["date"])
            lines.append(
                f"  {plan['date']}  {humanize(day, today):<12} {plan['channel']}  {plan['topic']}".rstrip()
            )
    if detail["follow_ups"]:
        lines.append("Follow-ups")
        for item in detail["follow_ups"]:
            lines.append(f"  {item['id'][:8]}  due {item['due']}  {item['text']}")
    lines.append(f"Conversations ({len(detail['conversations'])})")
    for talk in detail["conversations"]:
        energy = "  " if talk["energy"] is None else f"{talk['energy']:+d}"
        others = f" with {', '.join(talk['with'])}" if talk["with"] else ""
        lines.append(f"  {talk['date']}  {talk['channel']:<8} {energy}  {talk['note']}{others}".rstrip())
    return lines


# -- conversations and plans ---------------------------------------------------------------------


@main.command()
@click.argument("name")
@click.option("--date", "when", default="today", metavar="WHEN", help="When (default today).")
@click.option("--channel", metavar="CH", help=f"One of {', '.join(CHANNELS)} (default: the usual one).")
@click.option("--energy", metavar="-2..2", help="How it felt: -2 drained … +2 energized.")
@click.option("--note", default="", metavar="TEXT")
@click.option("--strength", multiple=True, metavar="S", help="A strength I used (repeatable).")
@click.option("--with", "with_", multiple=True, metavar="NAME", help="Someone else present (repeatable).")
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


@main.command()
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
    planned = Plan(
        person=person.id,
        date=day,
        channel=channel or person.usual_channel or "coffee",
        topic=topic.strip(),
    )
    repo.add_plan(planned)
    echo(
        f"Planned {planned.channel} with {person.name} on {day.strftime('%a')} {day.isoformat()} "
        f"({humanize(day, clock.today())})."
    )
    load = week_load(repo, day)
    if load.over_cap:
        echo(load.warning(), err=True)


@main.command()
@click.option("--days", default=30, show_default=True, type=click.IntRange(0, 3650), help="How far ahead.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def upcoming(ctx: click.Context, days: int, as_json: bool) -> None:
    """Planned 1:1s, people due, follow-ups: overdue first, then the next days."""
    from nettui.storage.queries.upcoming import upcoming as upcoming_items

    repo = open_repo(ctx)
    today = clock.today()
    items = upcoming_items(repo, today, days)
    if as_json:
        emit_json([item.to_json() for item in items])
        return
    if not items:
        echo(f"Nothing in the next {days} days.")
        return
    width = min(24, max(len(i.person) for i in items))
    echo(
        "\n".join(
            f"{item.date.isoformat()}  {item.when(today):<16} {item.kind:<10} "
            f"{item.person:<{width}}  {item.note}".rstrip()
            for item in items
        )
    )


@main.command()
@click.option("--people", "people_count", default=40, show_default=True, type=int, help="How many people.")
@click.option("--conversations", default=300, show_default=True, type=int, help="How many conversations.")
@click.option("--seed", default=7, show_default=True, type=int, help="Random seed (same seed, same data).")
@click.pass_context
def demo(ctx: click.Context, people_count: int, conversations: int, seed: int) -> None:
    """Fill a new database with realistic sample data (never your own: without --db, a
    separate demo file)."""
    from nettui.storage.maintenance.demo import fill
    from nettui.storage.repository.records import data_folder

    if not ctx.obj["chosen"]:
        ctx.obj["db"] = data_folder() / "demo.json"
    repo = open_repo(ctx, must_exist=False)
    counts = fill(repo, people_count, conversations, seed, clock.today())
    echo(
        f"Filled {repo.path} with {counts['people']} people, {counts['conversations']} "
        f"conversations, {counts['plans']} plans and {counts['follow_ups']} follow-ups."
    )
    if not ctx.obj["chosen"]:
        echo(f"Your own database is untouched. Open the demo with: nettui --db {repo.path}")


for _command in (*COMMANDS, *INTEROP_COMMANDS, *CARE_COMMANDS):
    main.add_command(_command)


if __name__ == "__main__":  # python -m nettui.tui.cli
    main(prog_name="nettui")
