"""Text from users and files is data: never control codes on a terminal.

``clean`` is applied to every text field on the way into the file (imports, the CLI, the
dashboard's forms: ``Model.to_doc``): C0 controls but tab and newline, DEL and C1 controls
are dropped, and a carriage return becomes a newline. ``printable`` is applied to everything
shown, whatever the file holds (a restored, merged or hand-edited file can hold anything):
each such character becomes a visible stand-in (␛ for ESC), so no escape sequence, OSC 52
clipboard write, title change, hyperlink or screen clear ever reaches the terminal.
"""

from __future__ import annotations

import re
import unicodedata

# lone surrogates too: undecodable bytes on a command line arrive as them, and no file can hold one
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_OR_NEWLINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_STAND_INS = {**{c: chr(0x2400 + c) for c in range(0x20)}, 0x7F: "\u2421"}


def _stand_in(match: re.Match[str]) -> str:
    return _STAND_INS.get(ord(match[0]), "\ufffd")


def printable(text: str, *, one_line: bool = False) -> str:
    """``text`` with every control character but tab and newline (and, with ``one_line``,
    those too) shown as a harmless visible character."""
    pattern = _CONTROL_OR_NEWLINE if one_line else _CONTROL
    return pattern.sub(_stand_in, text) if pattern.search(text) else text


def clean(text: str) -> str:
    """``text`` as it is stored: control characters dropped, line ends as newlines."""
    if not _CONTROL.search(text):
        return text
    text = _SURROGATE.sub("\ufffd", text)  # a byte that was not UTF-8: the replacement character
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


_JSON_UNSAFE = re.compile("[\x7f-\x9f]")  # json.dumps escapes C0 itself, not DEL or C1


def json_safe(encoded: str) -> str:
    """A JSON document with DEL and C1 written as \\u escapes (the same JSON, terminal-safe)."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", encoded)


# letters NFKD leaves whole, written as their plain Latin forms; curly quotes as straight ones
_PLAIN = str.maketrans({"ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ß": "ss", "æ": "ae",
                        "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "Þ": "th", "ı": "i", "ð": "d",
                        "\u2019": "'", "\u2018": "'", "\u02bc": "'",
                        "\u201c": '"', "\u201d": '"'})  # fmt: skip


def fold(text: str) -> str:
    r"""Text as searches compare it: no case, no accents ("José Müller", "Søren Łukasz" and
    "O\u2019Brien" are found with "jose muller", "soren lukasz" and "o'brien")."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.translate(_PLAIN))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().translate(_PLAIN)


def counted(count: int, one: str, many: str | None = None) -> str:
    """``1 person``, ``2 people``, ``3 backups``."""
    return f"{count} {one if count == 1 else (many or one + 's')}"
