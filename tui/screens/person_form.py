"""Add or edit a person: a dialog that returns the Person (and community names) or None."""

from __future__ import annotations

import copy

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from nettui.storage.domain.dates import parse_cadence
from nettui.storage.domain.models import Person
from nettui.storage.errors import InputError
from nettui.storage.repository import Repository
from nettui.tui.screens.dialogs import Dialog
from nettui.tui.text import markup

FIELDS = (
    ("name", "Name", "full name"),
    ("company", "Company", ""),
    ("role", "Role", ""),
    ("emails", "E-mail", "comma-separated"),
    ("phones", "Phone", "comma-separated"),
    ("city", "City", ""),
    ("every", "Every", "keep in touch: 2w, 4w, 3m, 1y (empty: no cadence)"),
    ("tags", "Tags", "comma-separated"),
    ("how_met", "How we met", ""),
    ("introduced_by", "Introduced by", "a name in nettui"),
    ("communities", "Communities", "comma-separated; new ones are created"),
    ("working_on", "Working on", "what they are working on"),
    ("story", "Story", "their story"),
    ("how_i_can_help", "How I can help", ""),
    ("notes", "Notes", ""),
)  # fmt: skip
LISTS = {"emails", "phones", "tags"}


class PersonDialog(Dialog):
    """Dismisses with the edited copy of the person, or None; ``community_names`` as typed."""

    def __init__(self, repo: Repository, person: Person | None = None) -> None:
        super().__init__()
        self.repo = repo
        self.original = person
        self.person = copy.deepcopy(person) if person else Person(name="")
        self.community_names: list[str] = []

    def _value(self, field: str) -> str:
        if field == "communities":
            names = {c.id: c.name for c in self.repo.communities()}
            return ", ".join(names[c] for c in self.person.communities if c in names)
        if field == "introduced_by":
            people = self.repo.people_by_id()
            introducer = people.get(self.person.introduced_by or "")
            return introducer.name if introducer else ""
        value = getattr(self.person, field)
        if field in LISTS:
            return ", ".join(value)
        return value or ""

    def compose(self) -> ComposeResult:
        title = f"Edit {markup(self.person.name)}" if self.original else "Add a person"
        with Vertical(classes="dialog dialog-tall"):
            yield Static(title, classes="dialog-title")
            with VerticalScroll(classes="dialog-grid"):
                for field, label, placeholder in FIELDS:
                    with Horizontal(classes="form-row"):
                        yield Label(label)
                        yield Input(
                            self._value(field),
                            id=f"person-{field}",
                            placeholder=placeholder,
                            compact=True,
                        )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="ok", variant="primary")
                yield Button("Cancel (esc)", id="no")
            yield Static("", classes="dialog-status")

    def on_mount(self) -> None:
        self.query_one("#person-name", Input).focus()

    def action_submit(self) -> None:
        values = {field: self.query_one(f"#person-{field}", Input).value.strip() for field, _, _ in FIELDS}
        person = self.person
        if not values["name"]:
            self.fail("person-name", "A person needs a name.")
            return
        try:
            every = parse_cadence(values["every"]) if values["every"] else None
        except InputError as error:
            self.fail("person-every", str(error))
            return
        introducer = None
        if values["introduced_by"]:
            try:
                introducer = self.repo.find(values["introduced_by"])
            except InputError as error:
                self.fail("person-introduced_by", str(error))
                return
            if introducer.id == person.id:
                self.fail("person-introduced_by", "Nobody introduced themselves to you.")
                return
        person.name = " ".join(values["name"].split())
        person.every = every
        person.introduced_by = introducer.id if introducer else None
        for field in LISTS:
            setattr(person, field, [v.strip() for v in values[field].split(",") if v.strip()])
        self.community_names = [v.strip() for v in values["communities"].split(",") if v.strip()]
        known = {c.name.casefold(): c.id for c in self.repo.communities()}
        person.communities = [known[n.casefold()] for n in self.community_names if n.casefold() in known]
        for field in (
            "company",
            "role",
            "city",
            "how_met",
            "working_on",
            "story",
            "how_i_can_help",
            "notes",
        ):
            setattr(person, field, values[field])
        self.dismiss(person)
