"""The help screen: every key of the dashboard, and what nettui is for."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = (
    ("Moving", (
        ("tab / shift+tab", "next / previous pane"),
        ("↑ ↓ or k j", "move in a list"),
        ("pgup pgdn home end", "jump"),
        ("/", "filter people as you type; enter: list, esc: clear"),
        ("o", "order the list: by name, by due, by last talked"),
        ("t", "only the people you keep in touch with (a cadence), or everyone"),
        ("enter", "open the person's page; on a plan in Upcoming: its brief"),
        ("w", "Upcoming: everyone due, or paced under the weekly cap again"),
    )),
    ("Doing", (
        ("l", "log a conversation inline (ctrl+s save, esc cancel); on a plan: prefilled"),
        ("a", "add a person"),
        ("e", "edit the highlighted person"),
        ("d", "delete the highlighted person (asks first; offers forget)"),
        ("p", "plan a conversation; on a plan in Upcoming: reschedule it"),
        ("x", "in Upcoming: close a follow-up, mark a thank-you sent, cancel a plan"),
        ("u", "undo the last change made here, several steps back"),
        ("z", "snooze the highlighted person until a day"),
        ("A", "archive the highlighted person (ctrl+p Unarchive brings them back)"),
        ("m", "merge the highlighted person with another record of them"),
        ("r", "write a reflection"),
        ("c", "communities (a add, enter members), introductions (enter moves on, m: I made one)"),
        ("s", "my strengths, my pitch and my weekly cap"),
        ("i", "ask the highlighted person for an introduction"),
        ("ctrl+p Import…", "LinkedIn, Google Contacts or vCard; Export… likewise"),
    )),
    ("On a person's page", (
        ("↑ ↓", "move through the conversations, newest first"),
        ("e / d", "fix / delete the highlighted conversation"),
        ("l / p / E", "log, plan, edit the person"),
        ("u", "undo the last change, as on the dashboard"),
        ("escape", "back"),
    )),
    ("Anywhere", (
        ("ctrl+p", "command palette"),
        ("?", "this help"),
        ("q", "quit"),
    )),
)  # fmt: skip
ABOUT = (
    "nettui keeps your network growing through one-on-one conversations. "
    "Warmth marks: [$text-success]●[/] on track  [$text-warning]◐[/] due soon  "
    "[$text-error]○[/] overdue  · no cadence."
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog dialog-tall", id="help"):
            yield Static("[b]nettui keys[/]", classes="dialog-title")
            for section, keys in KEYS:
                yield Static(f"[b $text-accent]{section}[/]", classes="help-section")
                for key, what in keys:  # a long description wraps under its own column
                    yield Horizontal(Static(key, classes="help-key"), Static(what, classes="help-what"),
                                     classes="help-row")  # fmt: skip
            yield Static(ABOUT, classes="help-section")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
