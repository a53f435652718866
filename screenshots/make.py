"""Draw every screen and dialog of the real app (screenshots/scenes.py) as SVGs, on demo data
with a frozen clock: ``screenshots/<scene>.svg`` in the dark default and
``screenshots/light/<scene>.svg`` in textual-light, 120x40. SVGs open in a browser; for a PNG,
``rsvg-convert -w 1400 screenshots/dashboard.svg -o dashboard.png``.

Run: python screenshots/make.py [SCENE ...]     (no names: every scene)
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `screenshots.scenes` from a checkout

from screenshots.scenes import SCENES, TODAY, Scene, build, play

OUT = Path(__file__).parent
SIZE = (120, 40)
THEMES = {"textual-dark": OUT, "textual-light": OUT / "light"}


async def shoot(scene: Scene, theme: str, folder: Path) -> Path:
    from nettui.storage.repository import Repository
    from nettui.tui.app import NettuiApp

    app = NettuiApp(Repository(build(scene)))
    async with app.run_test(size=SIZE) as pilot:
        app.theme = theme
        await play(pilot, scene)
        target = folder / f"{scene.name}.svg"
        app.save_screenshot(str(target))
    return target


def main(names: list[str]) -> None:
    from nettui.storage import clock

    clock.set_today(TODAY)
    os.environ["NETTUI_TODAY"] = TODAY.isoformat()
    os.environ.setdefault("NETTUI_CONFIG_DIR", str(OUT / ".config"))  # never your own theme
    unknown = set(names) - {s.name for s in SCENES}
    if unknown:
        raise SystemExit(f"No such scene: {', '.join(sorted(unknown))}.")
    for theme, folder in THEMES.items():
        folder.mkdir(exist_ok=True)
        for scene in SCENES:
            if not names or scene.name in names:
                print("wrote", asyncio.run(shoot(scene, theme, folder)).relative_to(OUT.parent))


if __name__ == "__main__":
    main(sys.argv[1:])
