"""Add or edit a person: a dialog that returns the fields the user changed, or None.

Only what the user changed is saved, on top of the person as stored at that moment (another
window may have changed other fields meanwhile); the values shown when the dialog opened go
with it, so a field changed elsewhere to something else is caught, not overwritten.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Static

from nettui.storage.domain.dates import parse_cadence
from nettui.storage.domain.models import Person
from nettui.storage.errors import InputError
from nettui.storage.repository import Repository
from nettui.tui.screens.form import REQUIRED_NOTE, Dialog, buttons, row
from nettui.tui.text import markup, shown
from nettui.tui.widgets.text_input import TextInput

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


def _split(text: str) -> list[str]:
    return [v.strip() for v in text.split(",") if v.strip()]


@dataclasses.dataclass
class PersonEdit:
    """What the dialog returns: the person (None: a new one), the changed fields as model
    values, the values they had when the dialog opened, and the community names typed."""

    person_id: str | None
    changes: dict[str, Any]
    expected: dict[str, Any]
    community_names: list[str] | None  # None: the communities field was not changed
    typed: dict[str, str]  # every field as typed, to open the dialog again after a conflict


class PersonDialog(Dialog):
    def __init__(
        self,
        repo: Repository,
        person: Person | None = None,
        typed: dict[str, str] | None = None,
        note: str = "",
    ) -> None:
        super().__init__()
        self.repo = repo
        self.original = person
        self.person = person or Person(name="")
        self.shown = {field: self._value(field) for field, _, _ in FIELDS}  # as stored now
        self.typed = typed or {}
        self.note = note

    def _value(self, field: str) -> str:
        if field == "communities":
            names = {c.id: c.name for c in self.repo.communities()}
            return ", ".join(names[c] for c in self.person.communities if c in names)
        if field == "introduced_by":
            introducer = self.repo.people_by_id().get(self.person.introduced_by or "")
            return introducer.name if introducer else ""
        value = getattr(self.person, field)
        if field in LISTS:
            return ", ".join(value)
        return value or ""

    def compose(self) -> ComposeResult:
        title = f"Edit {markup(self.person.name, one_line=True)}" if self.original else "Add a person"
        with Vertical(classes="dialog dialog-tall"):
            yield Static(title, classes="dialog-title")
            with VerticalScroll(classes="form"):
                for field, label, placeholder in FIELDS:
                    value = self.typed.get(field, self.shown[field])
                    entry = TextInput(value, id=f"person-{field}", placeholder=placeholder, compact=True)
                    yield row(label, entry, required=field == "name")
            yield Static(f"{REQUIRED_NOTE} · ↑↓ or tab between fields · ctrl+s saves", classes="form-note")
            yield from buttons(("ok", "Save (ctrl+s)", "primary"), ("no", "Cancel (esc)", "default"))
            note = f"[$text-warning]{markup(self.note)}[/]" if self.note else ""
            yield Static(note, classes="dialog-status")

    def on_mount(self) -> None:
        self.query_one("#person-name", Input).focus()

    def _typed(self) -> dict[str, str]:
        return {field: self.query_one(f"#person-{field}", Input).value for field, _, _ in FIELDS}

    def action_submit(self) -> None:
        typed = self._typed()
        changed = {
            field: text.strip()
            for field, text in typed.items()
            if text.strip() != shown(self.shown[field], one_line=True).strip() or not self.original
        }
        if not typed["name"].strip():
            self.fail("person-name", "A person needs a name.")
            return
        try:
            changes = self._model_values(changed)
        except _FieldProblem as problem:
            self.fail(f"person-{problem.field}", str(problem))
            return
        communities = changes.pop("communities", None)
        expected = {field: getattr(self.person, field) for field in changes}
        if communities is not None:
            expected["communities"] = list(self.person.communities)
        person_id = self.original.id if self.original else None
        self.dismiss(PersonEdit(person_id, changes, expected, communities, typed))

    def _model_values(self, changed: dict[str, str]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for field, text in changed.items():
            if field == "every":
                try:
                    values[field] = parse_cadence(text) if text and text.lower() != "none" else None
                except InputError as error:
                    raise _FieldProblem(field, str(error)) from None
            elif field == "introduced_by":
                values[field] = self._introducer(text)
            elif field == "communities" or field in LISTS:
                values[field] = _split(text)
            elif field == "name":
                values[field] = " ".join(text.split())
            else:
                values[field] = text
        return values

    def _introducer(self, text: str) -> str | None:
        if not text:
            return None
        try:
            introducer = self.repo.find(text)
        except InputError as error:
            raise _FieldProblem("introduced_by", str(error)) from None
        if self.original is not None and introducer.id == self.original.id:
            raise _FieldProblem("introduced_by", "Nobody introduced themselves to you.")
        return introducer.id


class _FieldProblem(InputError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
