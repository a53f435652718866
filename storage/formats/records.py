"""What every importer produces: records with their line, and problems as FILE:LINE: reason."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from pathlib import Path

from nettui.storage.domain.text import clean
from nettui.storage.errors import InputError


@dataclasses.dataclass
class Record:
    """One contact read from a file, before it is matched against the database."""

    line: int = dataclasses.field(compare=False)  # where it was found, not what it says
    name: str
    emails: list[str] = dataclasses.field(default_factory=list)
    phones: list[str] = dataclasses.field(default_factory=list)
    company: str = ""
    role: str = ""
    linkedin_url: str = ""
    vcard_uid: str = ""
    connected_on: dt.date | None = None
    birthday: str = ""
    tags: list[str] = dataclasses.field(default_factory=list)
    notes: str = ""
    city: str = ""
    how_met: str = ""
    working_on: str = ""
    story: str = ""
    how_i_can_help: str = ""
    related: list[str] = dataclasses.field(default_factory=list)

    def __post_init__(self) -> None:
        """Imported text is stored without control characters (see ``domain.text``)."""
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if isinstance(value, str):
                setattr(self, field.name, clean(value))
            elif isinstance(value, list):
                setattr(self, field.name, [clean(v) if isinstance(v, str) else v for v in value])


@dataclasses.dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


@dataclasses.dataclass
class Parsed:
    records: list[Record]
    problems: list[Problem]


class UnreadableFile(InputError):
    """The whole file cannot be read as the named format."""


MAX_FILE = 256 * 1024 * 1024  # an address book this large is not one: refused, not read
MAX_FIELD = 32 * 1024 * 1024  # one CSV cell (the csv module's default is 128 KB)
csv.field_size_limit(MAX_FIELD)


def read_text(path: Path, what: str) -> str:
    """The file's text: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252."""
    try:
        if path.is_file() and path.stat().st_size > MAX_FILE:
            raise UnreadableFile(f"{path} is over {MAX_FILE >> 20} MB: too large for a {what} file.")
        raw = path.read_bytes()
    except IsADirectoryError:
        raise UnreadableFile(f"{path} is a folder, not a {what} file.") from None
    except FileNotFoundError:
        raise UnreadableFile(f"There is no file at {path}.") from None
    except OSError as error:
        raise UnreadableFile(f"Cannot read {path}: {error.strerror}.") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableFile(f"{path} claims to be UTF-16 but is not.") from None
    if b"\x00" in raw:
        raise UnreadableFile(f"{path} is a binary file, not a {what} file.")
    if not raw.strip():
        raise UnreadableFile(f"{path} is empty.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def csv_rows(text: str, path: Path, what: str) -> list[tuple[int, list[str]]]:
    """Every row of a CSV text with the line it ends on; a cell over :data:`MAX_FIELD` (or a
    broken file) is one sentence."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            rows.append((reader.line_num, row))
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise UnreadableFile(
                f"{path}: a cell near line {reader.line_num} is over {MAX_FIELD >> 20} MB, too large "
                f"for a {what} file; nothing was imported."
            ) from None
        reason = f"{error} (line {reader.line_num})"
        raise UnreadableFile(f"{path} is not a readable {what} file: {reason}.") from None
    return rows


def looks_like_email(text: str) -> bool:
    local, _, domain = text.partition("@")
    return bool(local) and "." in domain and " " not in text


def checked(parse, text: str, problems: list[Problem], path: Path, line: int):  # type: ignore[no-untyped-def]
    """``parse(text)``, or None with a problem recorded when it raises ValueError."""
    try:
        return parse(text), True
    except ValueError as error:
        problems.append(Problem(path, line, str(error)))
        return None, False
