"""Every screen and dialog of the dashboard as a scene: keys pressed from a fresh start on fixed
demo data and a frozen clock. The snapshot tests draw each scene at 80x24 and 120x40 in a dark
and a light theme; ``screenshots/make.py`` draws them for the README.

A step is a key ("enter"), ``"type:TEXT"`` (typed a character at a time),
``"palette:TITLE"`` (a command run from ctrl+p) or ``"find:KIND"`` (down through Upcoming
to the first item of that kind).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from nettui.storage.repository import Repository

TODAY = dt.date(2026, 11, 25)
FOLDER = Path("/tmp/nettui-scenes")  # fixed: the database's path is in the title
LINKEDIN = (
    'Notes:\n"When exporting your connection data, some e-mail addresses may be missing."\n\n'
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Radia,Perlman,https://www.linkedin.com/in/radia,,Dell,Fellow,12 Feb 2024\n"
    "Adele,Goldwasser,https://www.linkedin.com/in/adele,,Xerox,Researcher,03 Mar 2023\n"
    "Bad,Row,,,Acme,CTO,someday\n"
)


@dataclasses.dataclass(frozen=True)
class Scene:
    name: str
    steps: tuple[str, ...] = ()
    empty: bool = False  # starts on an empty database (the first run)
    synced: bool = False  # Adele Knuth's page has notes from a sync (two machines differed)


SCENES = (
    Scene("welcome", empty=True),
    Scene("first-add", ("a", "type:Ada Lovelace"), empty=True),
    Scene("dashboard"),
    Scene("filtered", ("slash", "type:an")),
    Scene("upcoming", ("tab", "down")),
    Scene("log-form", ("down", "l", "type:Coffee by the river")),
    Scene(
        "log-form-error",
        ("l", "shift+tab", "shift+tab", "shift+tab", "shift+tab", "ctrl+u", "type:next blursday", "ctrl+s"),
    ),
    Scene("add-person", ("a",)),
    Scene("edit-person", ("e",)),
    Scene("plan", ("p",)),
    Scene("reschedule", ("tab", "find:planned", "p")),
    Scene("reflect", ("r",)),
    Scene("confirm-delete", ("d",)),
    Scene("person", ("enter",)),
    Scene("fix-talk", ("enter", "e")),
    Scene("help", ("question_mark",)),
    Scene("palette", ("ctrl+p", "type:refl")),  # one hit: the full list comes in any order
    Scene("communities", ("c",)),
    Scene("community-add", ("c", "a", "type:Quiet founders")),
    Scene("import-preview", ("palette:Import", "type:" + str(FOLDER / "Connections.csv"), "enter")),
    Scene("import-result", ("palette:Import", "type:" + str(FOLDER / "Connections.csv"), "enter", "ctrl+s")),
    Scene("export", ("palette:Export", "type:" + str(FOLDER / "cards"))),
    Scene("export-result", ("palette:Export", "type:" + str(FOLDER / "cards"), "ctrl+s")),
    Scene("snooze", ("z",)),
    Scene("merge", ("m", "type:ad")),
    Scene("strengths", ("s",)),
    Scene("ask-intro", ("i", "type:a CTO in Lisbon")),
    Scene("reflections", ("palette:Reflections",)),
    Scene("brief", ("tab", "find:debrief", "enter")),
    Scene("debrief", ("tab", "find:debrief", "l", "ctrl+s", "type:an intro to a designer")),
    Scene("everyone-due", ("w",)),
    Scene("sync-notes", ("slash", "type:knuth", "enter", "enter"), synced=True),
)


def build(scene: Scene, people: int = 24, conversations: int = 200) -> Path:
    """A fresh database for ``scene`` at the fixed path (and the file the import reads)."""
    from nettui.storage.maintenance.demo import fill

    shutil.rmtree(FOLDER, ignore_errors=True)
    FOLDER.mkdir(mode=0o700, parents=True)
    (FOLDER / "Connections.csv").write_text(LINKEDIN)
    path = FOLDER / "nettui.json"
    if not scene.empty:
        fill(Repository(path), people, conversations, 7, TODAY)
    if scene.synced:
        differed(Repository(path), "Adele Knuth")
    return path


def differed(repo: Repository, name: str) -> None:
    """What a merge of two machines' changes leaves on a person: their company changed on both
    (the other value set aside), a talk deleted on one machine and changed on the other."""
    person = repo.find(name)
    other = {"field": "company", "value": "Initech", "updated": "2026-11-20T09:14:00.000Z"}
    repo.update_person(person.id, {"conflicts": [other]})
    talk = repo.conversations_with(person.id)[0]
    repo.update_conversation(talk.id, {"conflicts": [{"kind": "deleted"}]})


async def settle(pilot: Pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def play(pilot: Pilot, scene: Scene) -> None:
    """Press the scene's keys, letting each one's work land before the next."""
    pilot.app.hold_notices = True  # type: ignore[attr-defined]
    await settle(pilot)
    for step in scene.steps:
        if step.startswith("type:"):
            for char in step[5:]:
                await pilot.press("space" if char == " " else char)
        elif step.startswith("palette:"):
            await pilot.press("ctrl+p")
            for char in step[8:]:
                await pilot.press("space" if char == " " else char)
            await pilot.pause(0.3)
            await pilot.press("enter")
        elif step.startswith("find:"):
            from nettui.tui.widgets.upcoming_list import UpcomingList

            upcoming = pilot.app.screen.query_one(UpcomingList)
            for _ in range(len(upcoming.items)):
                if upcoming.current is not None and upcoming.current.kind == step[5:]:
                    break
                await pilot.press("down")
        else:
            await pilot.press(step)
        await settle(pilot)
    for widget in pilot.app.screen.query(Input):  # the palette's too: a cursor drawn every time
        widget.cursor_blink = False
    await pilot.pause(0.2)
    await settle(pilot)
