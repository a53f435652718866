"""The Strengths pane: my strengths and pitch, the energy trend, energy by channel, group size,
community and person, strengths used, the weekly battery, the next conversation, reflections.

Colours come from the theme ($success, $error…) through content markup, so every theme works.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Sparkline, Static

from nettui.storage.domain.models import Reflection, Strength
from nettui.storage.queries.insights import Insights
from nettui.tui.text import markup

BAR = "█"
REFLECTION_PROMPT = "What gave you energy this week, and what drained it? Press r to note it."


def _signed(value: float) -> str:
    return f"{round(value, 1) or 0.0:+.1f}"  # never "-0.0"


BATTERY_OVER_SHOWN = 3  # boxes drawn past the cap; more are summed up as "+N"


def _battery(used: int, cap: int) -> str:
    boxes = []
    for index in range(min(max(cap, used), cap + BATTERY_OVER_SHOWN)):
        if index >= cap:
            boxes.append("[b $text-error]■[/]")
        elif index < used:
            boxes.append("[b $text-success]■[/]")
        else:
            boxes.append("[$text-muted]□[/]")
    if used > cap + BATTERY_OVER_SHOWN:
        boxes.append(f"[b $text-error]+{used - cap - BATTERY_OVER_SHOWN}[/]")
    total = f"{used} of {cap} one-on-ones"
    return "This week  " + " ".join(boxes) + "  " + (f"[b $text-error]{total}[/]" if used > cap else total)


BATTERY_LEGEND = "[$text-muted]■ held  □ room left[/]"
TREND_LEGEND = "[$text-muted]a bar a talk, oldest left: ▁ drained (-2) … █ energized (+2)[/]"


def _bar(value: float) -> str:
    colour = "$success" if value > 0 else "$error" if value < 0 else "$text-muted"
    return f"[{colour}]{BAR * round(abs(value) * 4)}[/]"


def _pairs(table: dict[str, float], limit: int) -> str:
    ranked = sorted(table.items(), key=lambda kv: -kv[1])[:limit]
    return "  ".join(f"{markup(name)}: {_signed(value)}" for name, value in ranked)


class StrengthsPane(VerticalScroll, can_focus=True):
    """Reads only: everything here comes from an :class:`Insights` snapshot."""

    cap_default = False

    def compose(self) -> ComposeResult:
        yield Static(id="strengths-mine")
        yield Static("Energy, recent conversations", id="trend-label", classes="section")
        yield Sparkline([], id="energy-trend")
        yield Static(TREND_LEGEND, id="trend-legend")
        yield Static(id="strengths-body")

    def show(
        self,
        insights: Insights,
        strengths: list[Strength],
        reflections: list[Reflection],
        pitch: str = "",
        cap_default: bool = False,
    ) -> None:
        self.cap_default = cap_default
        mine = (
            " · ".join(markup(s.text) for s in strengths) or "[$text-muted]none yet: press s to name them[/]"
        )
        pitch_text = f"[i]{markup(pitch)}[/]" if pitch else "[$text-muted]not written yet: press s[/]"
        self.query_one("#strengths-mine", Static).update(
            f"[b]My strengths[/]  [b]{mine}[/]\n[b]My pitch[/]  {pitch_text}"
        )
        trend = insights.trend
        sparkline = self.query_one("#energy-trend", Sparkline)
        sparkline.data = [e + 2 for e in trend] or [0]
        sparkline.display = bool(trend)
        self.query_one("#trend-legend", Static).display = bool(trend)
        label = (
            f"Energy, last {len(trend)} rated conversations  (avg {_signed(sum(trend) / len(trend))})"
            if trend
            else "Energy: [$text-muted]rate a conversation (-2 to +2) and your trend shows here[/]"
        )
        self.query_one("#trend-label", Static).update(label)
        self.query_one("#strengths-body", Static).update("\n".join(self._body(insights, reflections)))

    def _body(self, insights: Insights, reflections: list[Reflection]) -> list[str]:
        lines = [f"{_battery(insights.one_on_ones_this_week, insights.weekly_cap)}  {BATTERY_LEGEND}"]
        if self.cap_default:
            lines.append(
                f"[$text-muted]{insights.weekly_cap} a week is the default cap: press s to set yours[/]"
            )
        lines += [
            f"One-on-ones: {insights.one_on_ones_this_month} this month, "
            f"{insights.one_on_ones_this_quarter} this quarter · inner circle {len(insights.inner_circle)}",
        ]
        if insights.energy_by_channel:
            lines += ["", "[b]Energy by channel[/]"]
            for channel, value in sorted(insights.energy_by_channel.items(), key=lambda kv: -kv[1]):
                lines.append(f"  {channel:<8} {_signed(value):>5} {_bar(value)}")
        if insights.energy_by_group_size:
            sizes = "  ".join(
                f"{'1:1' if size == '1' else size + ' others'}: {_signed(v)}"
                for size, v in insights.energy_by_group_size.items()
            )
            lines += ["", f"By group size  {sizes}"]
        if insights.energy_by_community:
            lines.append(f"By community   {_pairs(insights.energy_by_community, 4)}")
        people = sorted(insights.energy_by_person.items(), key=lambda kv: -kv[1])
        givers = ", ".join(f"{markup(n)} {_signed(v)}" for n, v in people[:3] if v > 0)
        drainers = ", ".join(f"{markup(n)} {_signed(v)}" for n, v in people[::-1][:3] if v < 0)
        if givers:
            lines.append(f"Energizing     [$text-success]{givers}[/]")
        if drainers:
            lines.append(f"Draining       [$text-error]{drainers}[/]")
        if insights.strengths_used:
            lines += ["", "[b]Strengths used[/]"]
            for name, used in list(insights.strengths_used.items())[:5]:
                energy = "[$text-muted]unrated[/]" if used["energy"] is None else _signed(used["energy"])
                lines.append(f"  {markup(name):<18} ×{int(used['count']):<4} {energy}")
        lines += [
            "",
            f"[b]Next[/]  {markup(insights.suggestion)}",
            "",
            f"[b]Reflect[/]  [i]{REFLECTION_PROMPT}[/]",
        ]
        for reflection in reflections[:3]:
            lines.append(f"  [$text-muted]{reflection.date.isoformat()}[/]  {markup(reflection.text)}")
        if len(reflections) > 3:
            lines.append(f"  [$text-muted]… {len(reflections) - 3} more: ctrl+p Reflections[/]")
        return lines
