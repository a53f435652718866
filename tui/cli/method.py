"""CLI commands of the method: strengths, reflections, insights, introductions, communities,
the pitch, the weekly cap and closing follow-ups."""

from __future__ import annotations

import click

from nettui.storage import clock
from nettui.storage.domain.models import COMMUNITY_KINDS, Intro, Reflection
from nettui.storage.errors import InputError
from nettui.tui.cli.support import echo, emit_json, open_repo


@click.group()
def strengths() -> None:
    """My strengths and energizers."""


@strengths.command("add")
@click.argument("text")
@click.pass_context
def strengths_add(ctx: click.Context, text: str) -> None:
    """Add a strength or energizer."""
    strength = open_repo(ctx, must_exist=False).add_strength(text)
    echo(f"Added the strength {strength.text!r}.")


@strengths.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def strengths_list(ctx: click.Context, as_json: bool) -> None:
    """List my strengths."""
    texts = [s.text for s in open_repo(ctx).strengths()]
    if as_json:
        emit_json(texts)
    elif texts:
        echo("\n".join(texts))
    else:
        echo("No strengths yet: `nettui strengths add listening`.")


@strengths.command("remove")
@click.argument("text")
@click.pass_context
def strengths_remove(ctx: click.Context, text: str) -> None:
    """Remove a strength."""
    strength = open_repo(ctx).remove_strength(text)
    echo(f"Removed the strength {strength.text!r}.")


@click.command()
@click.argument("text")
@click.option("--strength", multiple=True, metavar="S", help="A strength it is about (repeatable).")
@click.pass_context
def reflect(ctx: click.Context, text: str, strength: tuple[str, ...]) -> None:
    """Keep a dated reflection."""
    repo = open_repo(ctx, must_exist=False)
    picked = [s.strip() for s in strength if s.strip()]
    reflection = repo.add_reflection(Reflection(text=text.strip(), date=clock.today(), strengths=picked))
    echo(f"Reflection kept for {reflection.date.isoformat()}.")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def insights(ctx: click.Context, as_json: bool) -> None:
    """Energy by channel, group size, community and person; strengths; depth."""
    from nettui.storage.queries.insights import compute

    result = compute(open_repo(ctx), clock.today())
    if as_json:
        emit_json(result.to_json())
        return
    echo(
        f"One-on-ones: {result.one_on_ones_this_week} this week (cap {result.weekly_cap}), "
        f"{result.one_on_ones_this_month} this month, {result.one_on_ones_this_quarter} this quarter"
    )
    echo(f"Inner circle ({len(result.inner_circle)}): {', '.join(result.inner_circle) or '-'}")
    sections = (
        ("Energy by channel", result.energy_by_channel),
        ("Energy by group size", result.energy_by_group_size),
        ("Energy by community", result.energy_by_community),
    )
    for title, table in sections:
        if table:
            echo(title)
            for key, value in sorted(table.items(), key=lambda kv: -kv[1]):
                label = group_label(key) if table is result.energy_by_group_size else key
                echo(f"  {label:<20} {value:+.2f}")
    ranked = sorted(result.energy_by_person.items(), key=lambda kv: -kv[1])
    givers = ", ".join(f"{n} {v:+.1f}" for n, v in ranked[:5] if v > 0)
    drainers = ", ".join(f"{n} {v:+.1f}" for n, v in ranked[::-1][:5] if v < 0)
    if givers:
        echo(f"Who energizes: {givers}")
    if drainers:
        echo(f"Who drains: {drainers}")
    if result.strengths_used:
        echo("Strengths used")
        for name, used in result.strengths_used.items():
            energy = "unrated" if used["energy"] is None else f"{used['energy']:+.2f}"
            echo(f"  {name:<20} x{int(used['count'])}  {energy}")
    echo(f"Next: {result.suggestion}")


@click.group()
def intro() -> None:
    """Ask for, advance and make introductions."""


@intro.command("ask")
@click.argument("name")
@click.option("--for", "wanted", required=True, metavar="TEXT", help="Whom or what you'd like to meet.")
@click.pass_context
def intro_ask(ctx: click.Context, name: str, wanted: str) -> None:
    """I asked NAME for an introduction."""
    repo = open_repo(ctx)
    introducer = repo.find(name)
    if not wanted.strip():
        raise InputError("Say whom you'd like to meet with --for.")
    made = repo.add_intro(
        Intro(stage="asked", date=clock.today(), introducer=introducer.id, wanted=wanted.strip())
    )
    echo(f"Asked {introducer.name} for an introduction to {made.wanted} ({made.id[:8]}).")


@intro.command("advance")
@click.argument("intro_id", metavar="ID")
@click.pass_context
def intro_advance(ctx: click.Context, intro_id: str) -> None:
    """Move an introduction on: asked → made → met → thanked."""
    advanced = open_repo(ctx).advance_intro(intro_id, clock.today())
    echo(f"Introduction {advanced.id[:8]} is now {advanced.stage}.")
    if advanced.stage == "met":
        echo("A thank-you to the introducer is now in upcoming.")


@intro.command("make")
@click.argument("first")
@click.argument("second")
@click.pass_context
def intro_make(ctx: click.Context, first: str, second: str) -> None:
    """I introduced FIRST to SECOND."""
    repo = open_repo(ctx)
    a, b = repo.find(first), repo.find(second)
    if a.id == b.id:
        raise InputError("An introduction needs two different people.")
    made = repo.add_intro(Intro(stage="made", date=clock.today(), people=[a.id, b.id], made_by_me=True))
    echo(f"You introduced {a.name} to {b.name} ({made.id[:8]}).")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def intros(ctx: click.Context, as_json: bool) -> None:
    """Introductions, and who brought the most of my network."""
    from nettui.storage.queries.network import intro_json, top_introducers

    repo = open_repo(ctx)
    people = repo.people_by_id()
    rows = [intro_json(i, people) for i in repo.intros()]
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        echo(f"{row['id'][:8]}  {row['date']}  {row['stage']:<8} from {row['from']}: {row['for']}")
    if not rows:
        echo("No introductions yet: `nettui intro ask NAME --for TEXT`.")
    ranked = top_introducers(repo)
    if ranked:
        echo("Who brought my network: " + ", ".join(f"{name} ({n})" for name, n in ranked))


@click.group()
def community() -> None:
    """Communities: boards, online groups, organizations."""


@community.command("add")
@click.argument("name")
@click.option("--kind", type=click.Choice(COMMUNITY_KINDS), default="other", show_default=True)
@click.pass_context
def community_add(ctx: click.Context, name: str, kind: str) -> None:
    """Add a community."""
    made = open_repo(ctx, must_exist=False).add_community(name, kind)
    echo(f"Added the community {made.name} ({made.kind}).")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def communities(ctx: click.Context, as_json: bool) -> None:
    """Communities by spill-over: how many members became a real 1:1."""
    from nettui.storage.queries.network import communities as community_stats

    stats = community_stats(open_repo(ctx))
    if as_json:
        emit_json([s.to_json() for s in stats])
        return
    if not stats:
        echo("No communities yet: `nettui community add NAME --kind board`.")
    for s in stats:
        line = f"{s.name:<24} {s.kind:<7} {s.met_one_on_one}/{s.members} met 1:1 ({s.spill_over:.0%})"
        if s.not_met:
            line += f"  next: {', '.join(s.not_met[:3])}"
        echo(line)


@click.command()
@click.argument("text")
@click.pass_context
def pitch(ctx: click.Context, text: str) -> None:
    """What I do and what I'd like, ready for when a friend asks how to help."""
    if not text.strip():
        raise InputError("The pitch needs a sentence or two.")
    open_repo(ctx, must_exist=False).set_setting("pitch", " ".join(text.split()))
    echo("Pitch saved.")


@click.group("set")
def settings() -> None:
    """Settings."""


@settings.command("weekly-cap")
@click.argument("count", type=click.IntRange(0, 50))
@click.pass_context
def set_weekly_cap(ctx: click.Context, count: int) -> None:
    """How many one-on-ones a week suit my social battery."""
    open_repo(ctx, must_exist=False).set_setting("weekly_cap", count)
    echo(f"Weekly cap set to {count} one-on-ones.")


@click.command()
@click.argument("follow_up_id", metavar="ID")
@click.pass_context
def done(ctx: click.Context, follow_up_id: str) -> None:
    """Close a follow-up (its id is shown by `upcoming` and `show`)."""
    closed = open_repo(ctx).close_follow_up(follow_up_id)
    echo(f"Done: {closed.text}.")


COMMANDS = (strengths, reflect, insights, intro, intros, community, communities, pitch, settings, done)


def group_label(size: str) -> str:
    """A group size as words: "1:1", "2 others"."""
    return "1:1" if size == "1" else f"{size} others"
