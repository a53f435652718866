"""python -m nettui.tui: the same as the ``nettui`` command."""

from nettui.tui.startup.entry import run

run()
