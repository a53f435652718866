"""The rhythm outside the dashboard: a brief before a conversation, a digest of the day."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from nettui.storage import clock
from nettui.storage.domain.text import printable
from nettui.tui.cli.support import echo, emit_json, open_repo

if TYPE_CHECKING:
    from nettui.storage.queries.upcoming import Upcoming


@click.command()
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def brief(ctx: click.Context, name: str, as_json: bool) -> None:
    """What to bring to a conversation: their story, our last talks, promises both ways."""
    from nettui.storage.views.brief import brief as make_brief
    from nettui.storage.views.brief import brief_lines

    repo = open_repo(ctx)
    today = clock.today()
    result = make_brief(repo, repo.find(name).id, today)
    if as_json:
        emit_json(result.to_json(repo, today))
        return
    lines = brief_lines(result, today)
    width = max(len(label) for label, _ in lines)
    previous = ""
    for label, text in lines:
        echo(f"{'' if label == previous else label:<{width}}  {text}")
        previous = label


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--quiet", is_flag=True, help="Print nothing when there is nothing to do.")
@click.pass_context
def digest(ctx: click.Context, as_json: bool, quiet: bool) -> None:
    """Today's plans, this week's picks, promises due, birthdays and job news, in a few lines."""
    from nettui.storage.queries.digest import digest as make_digest

    if quiet and not ctx.obj["db"].exists():
        return  # a shell's start-up before the first person is added: nothing to say
    repo = open_repo(ctx)
    today = clock.today()
    result = make_digest(repo, today)
    if as_json:
        emit_json(result.to_json())
        return
    if result.empty:
        if not quiet:
            echo("Nothing to do today or this week.")
        return

    def one(text: str) -> str:  # one item, one line, whatever its text holds
        return printable(text, one_line=True)

    if result.today:
        echo("Today: " + "; ".join(one(f"{i.person}, {i.note}") for i in result.today))
    if result.promises_due:
        echo("Promises due: " + "; ".join(one(_promise(i, today)) for i in result.promises_due))
    if result.this_week:
        echo("This week: " + ", ".join(one(f"{i.person} ({i.when(today)})") for i in result.this_week))
    if result.birthdays:
        echo("Birthdays: " + ", ".join(one(f"{i.person} ({i.when(today)})") for i in result.birthdays))
    if result.job_changes:
        echo("Job news: " + "; ".join(one(i.note) for i in result.job_changes))


def _promise(item: Upcoming, today: dt.date) -> str:
    if item.kind == "thank":
        return f"thank {item.person} ({item.note}, {item.when(today)})"
    return f"{item.note} for {item.person} ({item.when(today)})"


COMMANDS = (brief, digest)
