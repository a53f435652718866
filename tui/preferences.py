"""This machine's preferences for the dashboard (the theme), kept apart from the database: a
light or dark terminal belongs to the machine, not to the network that syncs between them.

``$NETTUI_CONFIG_DIR/preferences.json``, else the platform's config folder
(``~/.config/nettui/`` on Linux); private, written atomically, and never a reason to fail.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import platformdirs


def path() -> Path:
    folder = os.environ.get("NETTUI_CONFIG_DIR") or platformdirs.user_config_dir("nettui", appauthor=False)
    return Path(folder) / "preferences.json"


def load() -> dict[str, Any]:
    """The saved preferences; nothing when the file is missing or unreadable."""
    try:
        data = json.loads(path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save(**changes: Any) -> None:
    """Merge ``changes`` into the saved preferences (a failure to save is not worth an error)."""
    target = path()
    with contextlib.suppress(OSError):
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        data = json.dumps({**load(), **changes}, indent=2, sort_keys=True)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".preferences.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(data + "\n")
            os.replace(temp, target)
        except OSError:
            Path(temp).unlink(missing_ok=True)
            raise
