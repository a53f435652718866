"""The ``nettui`` command's entry point.

A bare ``nettui [--db PATH]`` opens the dashboard, whose data a forked helper gathers while
Textual starts (``preload``). That helper is forked here, first thing, before click and the
command modules are imported: on a large database it then finishes ~40 ms sooner. Any other
command line goes straight to click.
"""

from __future__ import annotations

import sys
from pathlib import Path


def dashboard_database(args: list[str]) -> Path | None:
    """The database a bare ``nettui [--db PATH]`` opens, or None for any other command line."""
    chosen: str | None = None
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--db" and rest:
            chosen = rest.pop(0)
        elif arg.startswith("--db="):
            chosen = arg.removeprefix("--db=")
        else:
            return None
    from nettui.storage.repository import default_path

    return (Path(chosen) if chosen else default_path()).expanduser()


def driver_command() -> str:
    """What git runs to merge the database (``nettui sync init`` writes it into the repository's
    config): this installation's Python and nettui. git runs it through a shell and adds only
    its own temporary file names (%O %A %B)."""
    import shlex

    return f"{shlex.quote(sys.executable)} -m nettui.tui.startup.entry sync merge-driver %O %A %B"


def run() -> None:
    database = dashboard_database(sys.argv[1:])
    if database is not None:
        from nettui.tui.startup import preload

        preload.start_early(database)
    from nettui.tui.cli import main

    main(prog_name="nettui")


if __name__ == "__main__":  # git's merge driver runs `python -m nettui.tui.startup.entry sync merge-driver`
    run()
