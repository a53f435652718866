"""A person's conversations as a list to move through, newest first: one line each."""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from nettui.tui.widgets.virtual_list import VirtualList, fit

ENERGY_WORDS = {-2: "-2", -1: "-1", 0: " 0", 1: "+1", 2: "+2"}


class TimelineList(VirtualList):
    """Rows are the ``conversations`` of ``person_detail`` (dicts with id, date, channel, …)."""

    COMPONENT_CLASSES = {"timeline--cursor", "timeline--dim", "timeline--good", "timeline--bad"}
    DEFAULT_CSS = """
    TimelineList {
        background: $surface;
        & > .timeline--cursor { background: $panel; }
        &:focus > .timeline--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
        & > .timeline--dim { color: $text-muted; }
        & > .timeline--good { color: $text-success; }
        & > .timeline--bad { color: $text-error; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.talks: list[dict[str, Any]] = []

    @property
    def row_count(self) -> int:
        return len(self.talks)

    @property
    def current(self) -> dict[str, Any] | None:
        return self.talks[self.cursor] if 0 <= self.cursor < len(self.talks) else None

    def show(self, talks: list[dict[str, Any]]) -> None:
        keep = self.current["id"] if self.current else None
        self.talks = talks
        index = next((i for i, t in enumerate(talks) if t["id"] == keep), 0)
        self.rows_changed(min(index, max(0, len(talks) - 1)))

    def render_row(self, index: int, width: int, selected: bool) -> Strip:
        talk = self.talks[index]
        base = self.rich_style
        if selected:
            base = base + self.get_component_rich_style("timeline--cursor")

        def part(component: str) -> Style:  # on the cursor row, the cursor's colours throughout
            return base if selected else base + self.get_component_rich_style(component, partial=True)

        dim = part("timeline--dim")
        energy = talk["energy"]
        rated = energy or 0
        mood = "timeline--good" if rated > 0 else "timeline--bad" if rated < 0 else "timeline--dim"
        extra = []
        if talk["with"]:
            extra.append("with " + ", ".join(talk["with"]))
        if talk["strengths"]:
            extra.append("· " + ", ".join(talk["strengths"]))
        note_width = max(0, width - 26)
        segments = [
            Segment(fit(str(talk["date"]), 11), dim),
            Segment(fit(str(talk["channel"]), 8), base),
            Segment(
                fit(ENERGY_WORDS.get(energy, "  ") if energy is not None else "  ", 4),
                part(mood),
            ),
            Segment(fit(" ".join([str(talk["note"]) or "(no note)", *extra]), note_width), base),
        ]
        return Strip(segments).crop(0, width)
