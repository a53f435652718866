"""A person's page: profile, how we met, notes, the timeline of conversations, follow-ups."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from nettui.storage.domain.dates import humanize
from nettui.tui.text import markup, shown

ENERGY_MARKS = {
    -2: "[$error]-2[/]",
    -1: "[$error]-1[/]",
    0: " 0",
    1: "[$success]+1[/]",
    2: "[$success]+2[/]",
}


class PersonScreen(Screen[str | None]):
    """Shows one person; dismisses with "log", "edit" or "plan" to hand that back to the dashboard."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="person.back"),
        Binding("l", "pick('log')", "Log", id="person.log"),
        Binding("e", "pick('edit')", "Edit", id="person.edit"),
        Binding("p", "pick('plan')", "Plan", id="person.plan"),
    ]

    def __init__(self, detail: dict[str, Any], today: dt.date) -> None:
        super().__init__()
        self.detail = detail
        self.today = today

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="person-page"):
            yield Static(self._profile(), id="person-profile")
            yield Static(self._open_items(), id="person-open")
            yield Static(self._timeline(), id="person-timeline")
        yield Footer()

    def on_mount(self) -> None:
        self.title = shown(self.detail["name"], one_line=True)
        self.sub_title = "person"
        self.query_one("#person-page").focus()

    def _profile(self) -> str:
        d = self.detail
        role = ", ".join(x for x in (d["role"], d["company"]) if x)
        lines = [f"[b]{markup(d['name'])}[/]" + (f"  [dim]{markup(role)}[/]" if role else "")]
        rows = [
            ("How we met", d["how_met"]), ("Introduced by", self._chain()),
            ("Introduced me to", ", ".join(d["introduced"])),
            ("Communities", ", ".join(d["communities"])), ("E-mail", ", ".join(d["emails"])),
            ("Phone", ", ".join(d["phones"])), ("City", d["city"]), ("Tags", ", ".join(d["tags"])),
            ("Keep in touch", self._cadence()), ("Working on", d["working_on"]), ("Story", d["story"]),
            ("How I can help", d["how_i_can_help"]), ("Notes", d["notes"]),
        ]  # fmt: skip
        for change in d["job_changes"]:
            rows.append(
                (
                    "Job change",
                    f"{change.get('date', '')}: {change.get('from', '')} → {change.get('to', '')}",
                )
            )
        lines += [f"  [b]{label:<17}[/]{markup(str(value))}" for label, value in rows if value]
        return "\n".join(lines)

    def _chain(self) -> str:
        """ "Alan Turing, whom Ada Lovelace introduced" for a chain of introductions."""
        chain = self.detail["introduction_chain"]
        if not chain:
            return ""
        text = chain[0]
        for introducer in chain[1:]:
            text += f", whom {introducer} introduced"
        return text

    def _cadence(self) -> str:
        d = self.detail
        if not d["every"]:
            return ""
        due = dt.date.fromisoformat(d["next_due"])
        return (
            f"every {d['every']} · next {humanize(due, self.today, overdue=due < self.today)} ({d['warmth']})"
        )

    def _open_items(self) -> str:
        d = self.detail
        lines = ["", "[b $accent]Planned and promised[/]"]
        for plan in d["plans"]:
            day = dt.date.fromisoformat(plan["date"])
            lines.append(
                f"  {humanize(day, self.today):<14} {markup(plan['channel']):<8} {markup(plan['topic'])}"
            )
        for item in d["follow_ups"]:
            due = dt.date.fromisoformat(item["due"])
            when = humanize(due, self.today, overdue=due < self.today)
            lines.append(f"  {when:<14} promise  {markup(item['text'])}  [dim]{markup(item['id'][:8])}[/]")
        if len(lines) == 2:
            lines.append("  [dim]Nothing planned. Press p to plan a conversation.[/]")
        return "\n".join(lines)

    def _timeline(self) -> str:
        talks = self.detail["conversations"]
        lines = ["", f"[b $accent]Conversations ({len(talks)})[/]"]
        for talk in talks[:200]:
            energy = "  " if talk["energy"] is None else ENERGY_MARKS.get(talk["energy"], "  ")
            others = f" [dim]with {markup(', '.join(talk['with']))}[/]" if talk["with"] else ""
            strengths = f" [dim]· {markup(', '.join(talk['strengths']))}[/]" if talk["strengths"] else ""
            lines.append(
                f"  {markup(talk['date'])}  {markup(talk['channel']):<8} {energy}  "
                f"{markup(talk['note'])}{others}{strengths}"
            )
        if len(talks) > 200:
            lines.append(f"  [dim]… and {len(talks) - 200} earlier[/]")
        if not talks:
            lines.append("  [dim]No conversations yet. Press l to log one.[/]")
        return "\n".join(lines)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_pick(self, what: str) -> None:
        self.dismiss(what)
