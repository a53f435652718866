"""The communities view: groups as doorways to 1:1s (add one, list its members, open them),
who brought my network, and introductions (enter moves one on; m records one I made)."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Select, Static
from textual.widgets.option_list import Option

from nettui.storage import clock
from nettui.storage.domain.models import COMMUNITY_KINDS, Intro, Person
from nettui.storage.queries.network import communities, intro_json, top_introducers
from nettui.storage.repository import Repository
from nettui.tui.screens.dialogs import PickPersonDialog
from nettui.tui.screens.form import REQUIRED_NOTE, Dialog, buttons, row
from nettui.tui.text import markup, shown
from nettui.tui.widgets.text_input import TextInput

BAR_WIDTH = 16
STAGE_NOTICES = {
    "made": "{who} made the introduction: next, meet them",
    "met": "You met them: next, thank {who}",
    "thanked": "You thanked {who}: this introduction is complete",
}
Save = Callable[[Callable[[Repository], object], str, str | None], None]


def _bar(share: float) -> str:
    filled = round(share * BAR_WIDTH)
    return "█" * filled + "░" * (BAR_WIDTH - filled)


class NetworkScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,c", "back", "Back", id="network.back"),
        Binding("a", "add_community", "Add community", id="network.add"),
        Binding("m", "made_intro", "I introduced…", id="network.made"),
        Binding("enter", "choose", "Open / move on", id="network.choose"),
    ]

    def __init__(self, repo: Repository, save: Save, open_person: Callable[[Person], None]) -> None:
        super().__init__()
        self.repo, self.save, self.open_person = repo, save, open_person

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="network-page"):
            yield Static("[b $text-accent]Communities by spill-over[/]  [$text-muted]members who became a "
                         "real 1:1 · enter: the members · a: add one[/]")  # fmt: skip
            yield OptionList(id="network-communities")
            yield Static(id="network-introducers")
            yield Static("[b $text-accent]Introductions[/]  [$text-muted]enter: move on (asked → made → "
                         "met → thanked) · m: one I made[/]")  # fmt: skip
            yield OptionList(id="network-intros")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.title = "Communities and introductions"
        self.saved()
        self.query_one("#network-communities", OptionList).focus()

    def saved(self) -> None:
        """Show the network as stored now."""
        keep = {
            lst.id: lst.highlighted or 0
            for lst in self.query(OptionList)  # where the user was, after a save
        }
        stats = communities(self.repo)
        width = max((len(s.name) for s in stats), default=10)
        listing = self.query_one("#network-communities", OptionList)
        listing.clear_options()
        for s in stats:
            line = Content(f"{shown(s.name, one_line=True):<{width}}  {s.kind:<6} {_bar(s.spill_over)} "
                           f"{s.spill_over:>4.0%}  {s.met_one_on_one}/{s.members} met 1:1")  # fmt: skip
            if s.not_met:
                more = f" and {len(s.not_met) - 4} more" if len(s.not_met) > 4 else ""
                names = shown(", ".join(s.not_met[:4]), one_line=True) + more
                nudge = ("\n  ↳ next, from group to coffee: ", "$text-muted")
                line = Content.assemble(line, nudge, names)
            listing.add_option(Option(line, id=s.name))
        if not stats:
            listing.add_option(Option(Text("No communities yet: press a to add one."), id="", disabled=True))
        ranked = top_introducers(self.repo)
        lines = ["", "[b $text-accent]Who brought my network[/]"]
        lines += [f"  {markup(name):<28} {'●' * min(n, 20)} {n}" for name, n in ranked]
        if not ranked:
            lines.append(
                "  [$text-muted]Nobody yet: say who introduced someone when you add or edit them.[/]"
            )
        lines.append("")
        self.query_one("#network-introducers", Static).update("\n".join(lines))
        people = self.repo.people_by_id()
        intros = self.query_one("#network-intros", OptionList)
        intros.clear_options()
        for intro in self.repo.intros():
            row = intro_json(intro, people)
            text = f"{row['date']}  {row['stage']:<8} from {row['from']}: {row['for']}"
            intros.add_option(Option(Text(shown(text, one_line=True)), id=intro.id))
        if not self.repo.intros():
            intros.add_option(
                Option(Text("None yet: press i on a person to ask for one."), id="", disabled=True)
            )
        for options in (listing, intros):
            if options.option_count and not options.get_option_at_index(0).disabled:
                options.highlighted = min(keep.get(options.id, 0), options.option_count - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # enter on a list: the same as the screen's enter
        self.action_choose()

    def action_choose(self) -> None:
        focused = self.focused
        if not isinstance(focused, OptionList) or focused.highlighted is None:
            return
        option = focused.get_option_at_index(focused.highlighted)
        if not option.id:
            return
        if focused.id == "network-intros":
            intro = next((i for i in self.repo.intros() if i.id == option.id), None)
            if intro is None or intro.next_stage is None:
                self.notify("That introduction is already thanked.")
                return
            who = self.repo.people_by_id().get(intro.introducer or "")
            notice = STAGE_NOTICES[intro.next_stage].format(who=who.name if who else "your friend")
            self.save(lambda repo: repo.advance_intro(intro.id, clock.today()), notice, None)
            return
        community = next((c for c in self.repo.communities() if c.name == option.id), None)
        if community is None:
            return
        members = [p for p in self.repo.people() if community.id in p.communities]
        if not members:
            self.notify(f"Nobody in {community.name} yet: add them to it from their Edit form.")
            return

        def picked(person_id: str | None) -> None:
            person = self.repo.people_by_id().get(person_id or "")
            if person is not None:
                self.open_person(person)

        self.app.push_screen(
            PickPersonDialog(f"Members of {markup(community.name)}: open one", members), picked
        )

    def action_add_community(self) -> None:
        def added(answer: tuple[str, str] | None) -> None:
            if answer:
                name, kind = answer
                self.save(lambda repo: repo.add_community(name, kind), f"Added the community {name}", None)

        self.app.push_screen(CommunityDialog(), added)

    def action_made_intro(self) -> None:
        people = self.repo.people()

        def first_picked(first: str | None) -> None:
            if not first:
                return

            def second_picked(second: str | None) -> None:
                if not second or second == first:
                    return
                intro = Intro(stage="made", date=clock.today(), people=[first, second], made_by_me=True)
                self.save(lambda repo: repo.add_intro(intro), "Introduction recorded", None)

            rest = [p for p in people if p.id != first]
            self.app.push_screen(PickPersonDialog("…to whom?", rest), second_picked)

        self.app.push_screen(PickPersonDialog("I introduced…", people), first_picked)

    def action_back(self) -> None:
        self.dismiss(None)


class CommunityDialog(Dialog):
    """A new community: its name and kind; dismisses with (name, kind), or None."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Add a community", classes="dialog-title")
            with Vertical(classes="form"):
                name = TextInput(
                    id="community-name", placeholder="PyData board, a Discord, a guild", compact=True
                )
                yield row("Name", name, required=True)
                kinds = Select([(k, k) for k in COMMUNITY_KINDS], id="community-kind", value="other",
                               allow_blank=False, compact=True)  # fmt: skip
                yield row("Kind", kinds)
            yield Static(f"{REQUIRED_NOTE} · a board, an online group, an organization, or other",
                         classes="form-note")  # fmt: skip
            yield from buttons(("ok", "Add (ctrl+s)", "primary"), ("no", "Cancel (esc)", "default"))
            yield self.status()

    def on_mount(self) -> None:
        self.query_one("#community-name", TextInput).focus()

    def on_input_submitted(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        name = " ".join(self.query_one("#community-name", TextInput).value.split())
        if not name:
            self.fail("community-name", "A community needs a name.")
            return
        self.dismiss((name, str(self.query_one("#community-kind", Select).value)))
