"""Showing user text in the dashboard: as text, never as markup or control codes.

Use ``markup(text)`` for any value put inside a Textual markup string and ``shown(text)``
where text is drawn as it is (the line API, ``Text``, notifications without markup).
"""

from __future__ import annotations

from nettui.storage.domain.text import printable


def shown(text: object, *, one_line: bool = False) -> str:
    """The text with control characters made visible."""
    return printable(str(text), one_line=one_line)


def markup(text: object, *, one_line: bool = False) -> str:
    """The text, safe inside Textual markup: every opening bracket escaped (Textual's own
    ``escape`` leaves ``[1 x=a:b]`` alone, which the parser then fails on; backslashes before
    an escaped bracket stay as they are), control characters visible. A backslash at the very
    end would escape the tag that follows the value: it is drawn as U+29F5 instead."""
    escaped = printable(str(text), one_line=one_line).replace("[", "\\[")
    return escaped[:-1] + "\u29f5" if escaped.endswith("\\") else escaped


def unless_untouched(typed: str, stored: str) -> str:
    """What a prefilled one-line field should save: the stored text itself when the field
    still shows it (a stored newline or control character is shown as a stand-in, and
    saving the stand-in would change what nobody touched), else what was typed."""
    return stored if typed == shown(stored, one_line=True).strip() else typed
