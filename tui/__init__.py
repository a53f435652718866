"""nettui's user interfaces: the click CLI (``cli``), the Textual dashboard (``app``,
``screens``, ``widgets``) and process start-up (``startup``).

The process start time is taken here, first, so the dashboard can log its start-up time.
"""

from nettui.tui.startup import start_time  # noqa: F401 (taken first)
