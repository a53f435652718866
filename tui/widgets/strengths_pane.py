"""The Strengths pane: my strengths, the energy trend, energy by channel, the weekly battery."""

from __future__ import annotations

from nettui.storage.insights import Insights
from nettui.storage.models import Reflection, Strength
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Sparkline, Static

BAR = "█"
REFLECTION_PROMPT = "What gave you energy this week, and what drained it? Press r to note it."


def _signed(value: float) -> str:
    return f"{value:+.1f}"


def _battery(used: int, cap: int) -> Text:
    text = Text("This week  ")
    for index in range(max(cap, used)):
        style = "bold red" if index >= cap else ("bold green" if index < used else "dim")
        text.append("■ " if index < used else "□ ", style=style)
    text.append(f" {used} of {cap} one-on-ones", style="bold red" if used > cap else "")
    return text


class StrengthsPane(VerticalScroll, can_focus=True):
    """Reads only: everything here comes from an :class:`Insights` snapshot."""

    def compose(self) -> ComposeResult:
        yield Static(id="strengths-mine")
        yield Static("Energy, recent conversations", id="trend-label", classes="section")
        yield Sparkline([], id="energy-trend")
        yield Static(id="strengths-body")

    def show(
        self,
        insights: Insights,
        strengths: list[Strength],
        reflections: list[Reflection],
        pitch: str = "",
    ) -> None:
        mine = Text("My strengths  ", style="bold")
        if strengths:
            mine.append(" · ".join(s.text for s in strengths), style="")
        else:
            mine.append("none yet (nettui strengths add TEXT)", style="dim")
        mine.append("\nMy pitch  ", style="bold")
        mine.append(pitch or "not written yet (nettui pitch TEXT)", style="italic" if pitch else "dim")
        self.query_one("#strengths-mine", Static).update(mine)
        trend = self.query_one("#energy-trend", Sparkline)
        trend.data = [e + 2 for e in insights.trend] or [0]
        self.query_one("#trend-label", Static).update(
            f"Energy, last {len(insights.trend)} rated conversations"
            + (f"  (avg {_signed(sum(insights.trend) / len(insights.trend))})" if insights.trend else "")
        )
        body = Text()
        body.append_text(_battery(insights.one_on_ones_this_week, insights.weekly_cap))
        body.append(
            f"\nOne-on-ones: {insights.one_on_ones_this_month} this month, "
            f"{insights.one_on_ones_this_quarter} this quarter · inner circle {len(insights.inner_circle)}\n"
        )
        if insights.energy_by_channel:
            body.append("\nEnergy by channel\n", style="bold")
            ranked = sorted(insights.energy_by_channel.items(), key=lambda kv: -kv[1])
            for channel, value in ranked:
                width = round(abs(value) * 4)
                style = "green" if value > 0 else ("red" if value < 0 else "dim")
                body.append(f"  {channel:<8} {_signed(value):>5} ")
                body.append(BAR * width + "\n", style=style)
        if insights.energy_by_group_size:
            sizes = "  ".join(
                f"{'1:1' if size == '1' else size}: {_signed(v)}"
                for size, v in insights.energy_by_group_size.items()
            )
            body.append(f"\nBy group size  {sizes}\n")
        if insights.energy_by_community:
            ranked = sorted(insights.energy_by_community.items(), key=lambda kv: -kv[1])
            body.append("By community   " + "  ".join(f"{n}: {_signed(v)}" for n, v in ranked[:4]) + "\n")
        people = sorted(insights.energy_by_person.items(), key=lambda kv: -kv[1])
        givers = [f"{n} {_signed(v)}" for n, v in people[:3] if v > 0]
        drainers = [f"{n} {_signed(v)}" for n, v in people[::-1][:3] if v < 0]
        if givers:
            body.append("Energizing     " + ", ".join(givers) + "\n")
        if drainers:
            body.append("Draining       " + ", ".join(drainers) + "\n")
        if insights.strengths_used:
            body.append("\nStrengths used\n", style="bold")
            for name, used in list(insights.strengths_used.items())[:5]:
                body.append(f"  {name:<18} ×{int(used['count']):<4} {_signed(used['energy'])}\n")
        body.append("\nNext  ", style="bold")
        body.append(insights.suggestion + "\n")
        body.append("\nReflect  ", style="bold")
        body.append(REFLECTION_PROMPT + "\n", style="italic")
        for reflection in reflections[:3]:
            body.append(f"  {reflection.date.isoformat()}  ", style="dim")
            body.append(reflection.text + "\n")
        self.query_one("#strengths-body", Static).update(body)
