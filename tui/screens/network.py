"""The communities view: groups as doorways to 1:1s, and who brought my network."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from nettui.storage.queries.network import CommunityStats, intro_json, top_introducers
from nettui.storage.repository import Repository
from nettui.tui.text import markup

BAR_WIDTH = 20


def _bar(share: float) -> str:
    filled = round(share * BAR_WIDTH)
    return f"[$success]{'█' * filled}[/][dim]{'░' * (BAR_WIDTH - filled)}[/]"


class NetworkScreen(Screen[None]):
    """Communities by spill-over with members to meet next; introducers; introductions."""

    BINDINGS = [Binding("escape,c", "back", "Back", id="network.back")]

    def __init__(self, repo: Repository, stats: list[CommunityStats]) -> None:
        super().__init__()
        self.repo = repo
        self.stats = stats

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="network-page"):
            yield Static(self._communities(), id="network-communities")
            yield Static(self._introductions(), id="network-intros")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.title = "Communities and introductions"
        self.query_one("#network-page").focus()

    def _communities(self) -> str:
        lines = ["[b $accent]Communities by spill-over[/]  [dim]members who became a real 1:1[/]", ""]
        if not self.stats:
            lines.append("  [dim]No communities yet: nettui community add NAME --kind board[/]")
        width = max((len(s.name) for s in self.stats), default=10)
        for s in self.stats:
            lines.append(
                f"  [b]{markup(s.name):<{width}}[/]  {markup(s.kind):<6} {_bar(s.spill_over)} "
                f"{s.spill_over:>4.0%}  {s.met_one_on_one}/{s.members} met 1:1"
            )
            if s.not_met:
                names = ", ".join(s.not_met[:4]) + (
                    f" and {len(s.not_met) - 4} more" if len(s.not_met) > 4 else ""
                )
                lines.append(f"  {'':<{width}}  [dim]next, from group to coffee:[/] {markup(names)}")
        return "\n".join(lines)

    def _introductions(self) -> str:
        lines = ["", "[b $accent]Who brought my network[/]"]
        ranked = top_introducers(self.repo)
        if not ranked:
            lines.append("  [dim]Nobody yet: record it with --introduced-by NAME.[/]")
        lines += [f"  {markup(name):<28} {'●' * min(n, 20)} {n}" for name, n in ranked]
        people = self.repo.people_by_id()
        intros = [intro_json(i, people) for i in self.repo.intros()]
        lines += ["", "[b $accent]Introductions[/]"]
        if not intros:
            lines.append("  [dim]None yet: nettui intro ask NAME --for TEXT[/]")
        for row in intros:
            source, wanted = markup(str(row["from"])), markup(str(row["for"]))
            lines.append(
                f"  {markup(row['date'])}  {markup(row['stage']):<8} from {source}: {wanted}"
                f"  [dim]{markup(str(row['id'])[:8])}[/]"
            )
        return "\n".join(lines)

    def action_back(self) -> None:
        self.dismiss(None)
