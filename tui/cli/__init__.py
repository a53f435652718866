"""The ``nettui`` command: sub-commands for scripts, and the dashboard when none is given.

Sub-commands never import Textual, so they start as fast as a plain Python script.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from nettui.storage import clock
from nettui.storage.domain import birthdays
from nettui.storage.domain.dates import humanize, parse_cadence
from nettui.storage.domain.models import Person
from nettui.storage.domain.warmth import MARKS
from nettui.storage.domain.warmth import WORDS as WARMTH_WORDS
from nettui.storage.errors import InputError
from nettui.storage.repository import Repository, default_path
from nettui.tui.cli.care import COMMANDS as CARE_COMMANDS
from nettui.tui.cli.conversations import COMMANDS as CONVERSATION_COMMANDS
from nettui.tui.cli.curation import COMMANDS as CURATION_COMMANDS
from nettui.tui.cli.interop import COMMANDS as INTEROP_COMMANDS
from nettui.tui.cli.method import COMMANDS
from nettui.tui.cli.rhythm import COMMANDS as RHYTHM_COMMANDS
from nettui.tui.cli.support import NettuiGroup, echo, emit_json, open_repo
from nettui.tui.cli.sync import COMMANDS as SYNC_COMMANDS


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
    ctx.obj["given"] = db
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
        click.option("--every", metavar="4w|30d|3m|1y", help="Keep-in-touch cadence (none: no cadence)."),
        click.option("--birthday", metavar="WHEN", help="1985-12-09, --12-09 (no year) or any text."),
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
    if values.get("birthday") is not None:
        changes["birthday"] = birthdays.normalize(values["birthday"])
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
@click.option("--archived", is_flag=True, help="The people archived instead.")
@click.pass_context
def people(ctx: click.Context, text: str, as_json: bool, archived: bool) -> None:
    """List people (archived ones with --archived)."""
    from nettui.storage.views.people_rows import filter_rows, people_rows
    from nettui.storage.views.shapes import person_summary

    repo = open_repo(ctx)
    today = clock.today()
    rows = filter_rows(people_rows(repo, today, archived=archived), text)
    if as_json:
        by_id = repo.people_by_id()
        emit_json([person_summary(by_id[row.id], today) for row in rows])
        return
    if not rows:
        empty = "Nobody archived." if archived else "Nobody yet: add someone with `nettui add NAME`."
        echo("Nobody matches." if text else empty)
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
    lines = [person.name + ("  (archived)" if person.archived else "")]
    if person.company_role:
        lines.append(f"  {person.company_role}")
    snoozed = f"until {detail['snoozed_until']}" if detail["snoozed_until"] else ""
    fields = [
        ("E-mail", ", ".join(person.emails)), ("Phone", ", ".join(person.phones)),
        ("City", person.city), ("LinkedIn", person.linkedin_url),
        ("Connected on", detail["connected_on"] or ""), ("Birthday", person.birthday),
        ("How we met", person.how_met), ("Introduced by", detail["introduced_by"] or ""),
        ("Introduced me to", ", ".join(detail["introduced"])),
        ("Communities", ", ".join(detail["communities"])), ("Tags", ", ".join(person.tags)),
        ("Every", person.every or ""), ("Warmth", WARMTH_WORDS[detail["warmth"]] if person.every else ""),
        ("Next due", detail["next_due"] or ""), ("Snoozed", snoozed), ("Working on", person.working_on),
        ("Story", person.story), ("How I can help", person.how_i_can_help), ("Notes", person.notes),
        ("Source", person.source),
    ]  # fmt: skip
    lines += [_field_line(label, value) for label, value in fields if value]
    for change in person.job_changes:
        lines.append(
            f"  Job change {change.get('date', '')}: {change.get('from', '')} → {change.get('to', '')}"
        )
    if detail["plans"]:
        lines.append("Planned")
        for plan in detail["plans"]:
            day = dt.date.fromisoformat(plan["date"])
            lines.append(
                f"  {plan['id'][:8]}  {plan['date']}  {humanize(day, today):<12} {plan['channel']}  "
                f"{plan['topic']}".rstrip()
            )
    if detail["follow_ups"]:
        lines.append("Follow-ups")
        for item in detail["follow_ups"]:
            lines.append(f"  {item['id'][:8]}  due {item['due']}  {item['text']}")
    if detail["conflicts"]:
        lines.append("Changed differently on two machines (dismiss on their page in the dashboard: c)")
        lines += [_wrapped("  ", note["text"]) for note in detail["conflicts"]]
    lines.append(f"Conversations ({len(detail['conversations'])})")
    for talk in detail["conversations"]:
        energy = "  " if talk["energy"] is None else f"{talk['energy']:+d}"
        others = f" with {', '.join(talk['with'])}" if talk["with"] else ""
        head = f"  {talk['id'][:8]}  {talk['date']}  {talk['channel']:<8} {energy}  "
        lines.append(_wrapped(head, f"{talk['note']}{others}"))
    return lines


LABEL = 17
WIDTH = 100


def _field_line(label: str, value: str) -> str:
    return _wrapped(f"  {label + ':':<{LABEL}} ", value)


def _wrapped(head: str, text: str) -> str:
    """``head`` then ``text``, its further lines under its own column, not at column 0."""
    import textwrap

    indent = " " * len(head)
    width = max(40, WIDTH - len(head))
    lines = [line for part in text.split("\n") for line in (textwrap.wrap(part, width) or [""])]
    return (head + ("\n" + indent).join(lines)).rstrip()


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


for _command in (
    *CONVERSATION_COMMANDS,
    *CURATION_COMMANDS,
    *COMMANDS,
    *INTEROP_COMMANDS,
    *CARE_COMMANDS,
    *RHYTHM_COMMANDS,
    *SYNC_COMMANDS,
):
    main.add_command(_command)


if __name__ == "__main__":  # python -m nettui.tui.cli
    main(prog_name="nettui")
