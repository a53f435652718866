"""Regenerate the README screenshots from the real app on demo data with a fixed clock.

Run: python screenshots/make.py   (writes screenshots/*.svg)
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from nettui.storage import clock
from nettui.storage.maintenance.demo import fill
from nettui.storage.repository import Repository
from nettui.tui.app import NettuiApp

TODAY = dt.date(2026, 11, 25)
SIZE = (140, 42)
OUT = Path(__file__).parent

Steps = Callable[[Pilot], Awaitable[None]]


async def settle(pilot: Pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def dashboard(pilot: Pilot) -> None:
    await pilot.press("down", "down")


async def log_form(pilot: Pilot) -> None:
    await pilot.press("down", "down", "l")
    for char in "Coffee by the river; she is hiring for a data team":
        await pilot.press("space" if char == " " else char)


async def person_page(pilot: Pilot) -> None:
    await pilot.press("down", "down", "enter")


async def chain_page(pilot: Pilot) -> None:
    """The page of someone introduced through a chain of friends."""
    from nettui.storage.queries.network import introduction_chain

    repo = pilot.app.repo
    person = next(p for p in repo.people() if len(introduction_chain(repo, p)) >= 2)
    await pilot.press("slash")
    for char in person.name:
        await pilot.press("space" if char == " " else char)
    await pilot.press("enter", "enter")


async def strengths(pilot: Pilot) -> None:
    await pilot.press("tab", "tab")


async def communities(pilot: Pilot) -> None:
    await pilot.press("c")


async def help_screen(pilot: Pilot) -> None:
    await pilot.press("question_mark")


SHOTS: dict[str, Steps] = {
    "dashboard": dashboard,
    "log-form": log_form,
    "person": person_page,
    "introduction-chain": chain_page,
    "strengths": strengths,
    "communities": communities,
    "help": help_screen,
}


async def shoot(name: str, steps: Steps, db: Path) -> None:
    app = NettuiApp(Repository(db))
    size = (160, 50) if name == "strengths" else SIZE
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await steps(pilot)
        await settle(pilot)
        app.save_screenshot(str(OUT / f"{name}.svg"))


def main() -> None:
    clock.set_today(TODAY)
    os.environ["NETTUI_TODAY"] = TODAY.isoformat()
    folder = Path(tempfile.gettempdir()) / "nettui-screenshots"  # fixed: the path is in the title
    shutil.rmtree(folder, ignore_errors=True)
    db = folder / "nettui.json"
    fill(Repository(db), 60, 600, 7, TODAY)
    for name, steps in SHOTS.items():
        asyncio.run(shoot(name, steps, db))
        print(f"wrote screenshots/{name}.svg")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
