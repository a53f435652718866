"""python -m nettui.tui: the same as the ``nettui`` command."""

from nettui.tui.entry import run

run()
