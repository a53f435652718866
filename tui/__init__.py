"""nettui's user interfaces: the click CLI and the Textual dashboard.

The process start time is taken here, first, so the dashboard can log its start-up time.
"""

from nettui.tui import _start_time as _start_time
