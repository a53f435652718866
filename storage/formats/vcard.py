"""vCard 3.0 and 4.0 (RFC 6350): single files with many cards, or vdir folders of .vcf files.

Reading uses vobject card by card, so one broken card is one problem with its line number.
Writing gives one vCard 4.0 file per person, named by UID, as khard and vdirsyncer expect.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import unicodedata
from pathlib import Path

import vobject

from nettui.storage.domain import birthdays
from nettui.storage.domain.models import Person
from nettui.storage.engine import ensure_private_folder
from nettui.storage.engine import write_file as write_private
from nettui.storage.errors import DatabaseError
from nettui.storage.formats.records import Parsed, Problem, Record, UnreadableFile, read_text

_BEGIN = re.compile(r"^BEGIN:VCARD\s*$", re.IGNORECASE)
_END = re.compile(r"^END:VCARD\s*$", re.IGNORECASE)


_UNUSED = re.compile(r"^(?:[\w-]+\.)?(PHOTO|LOGO|SOUND|KEY)[;:]", re.IGNORECASE)  # nettui keeps none
MAX_CARD = 1 << 20  # bytes of one card, once photos are left out: past it vobject needs gigabytes


def _cards(text: str) -> list[tuple[int, str]]:
    """Each card's text with the line its BEGIN is on, without the properties nettui does not
    keep (photos, logos, sounds, keys: the bulk of most cards)."""
    cards, start, buffer, skipping = [], 0, [], False
    for number, line in enumerate(text.splitlines(), start=1):
        if _BEGIN.match(line):
            start, buffer, skipping = number, [line], False
        elif buffer:
            if line[:1] in (" ", "\t") and skipping:
                continue  # a folded line of a property left out
            skipping = bool(_UNUSED.match(line))
            if skipping:
                continue
            buffer.append(line)
            if _END.match(line):
                cards.append((start, "\r\n".join(buffer) + "\r\n"))
                buffer = []
    return cards


def _values(card: vobject.base.Component, name: str) -> list[str]:
    found = []
    for prop in card.contents.get(name, []):
        value = prop.value
        if isinstance(value, list):
            found.extend(str(v) for v in value)
        else:
            found.append(str(value))
    return [v.strip() for v in found if str(v).strip()]


def _birthday(card: vobject.base.Component) -> str:
    """BDAY as stored: a date, a date without a year, or text (never a reason to refuse)."""
    prop = next(iter(card.contents.get("bday", [])), None)
    if prop is None:
        return ""
    value = str(prop.value).strip()
    is_text = any(str(v).lower() == "text" for v in prop.params.get("VALUE", []))
    return " ".join(value.split()) if is_text else birthdays.normalize(value)


def _record(card: vobject.base.Component, line: int) -> Record:
    name = (_values(card, "fn") or [""])[0]
    if not name and "n" in card.contents:
        n = card.n.value
        name = " ".join(filter(None, (n.prefix, n.given, n.additional, n.family, n.suffix)))
    name = " ".join(str(name).split())
    if not name:
        raise ValueError("no FN or N (no name)")
    org = card.contents.get("org")
    company = ""
    if org:
        value = org[0].value
        company = str(value[0] if isinstance(value, list) and value else value).strip()
    urls = _values(card, "url")
    phones = [p.removeprefix("tel:") for p in _values(card, "tel")]
    return Record(
        line=line,
        name=name,
        emails=[e.removeprefix("mailto:") for e in _values(card, "email")],
        phones=phones,
        company=company,
        role=(_values(card, "title") or [""])[0],
        linkedin_url=next((u.rstrip("/") for u in urls if "linkedin.com/" in u), ""),
        vcard_uid=(_values(card, "uid") or [""])[0],
        birthday=_birthday(card),
        tags=_values(card, "categories"),
        notes="\n".join(_values(card, "note")),
        related=_values(card, "related"),
    )


def parse(path: Path) -> Parsed:
    files = sorted(path.glob("*.vcf")) if path.is_dir() else [path]
    if path.is_dir() and not files:
        raise UnreadableFile(f"{path} holds no .vcf files.")
    records: list[Record] = []
    problems: list[Problem] = []
    for file in files:
        cards = _cards(read_text(file, "vCard"))
        if not cards:
            raise UnreadableFile(f"{file} is not a vCard file: no BEGIN:VCARD … END:VCARD.")
        for line, text in cards:
            if len(text) > MAX_CARD:
                problems.append(
                    Problem(file, line, f"the card is over {MAX_CARD >> 20} MB without its photo")
                )
                continue
            try:
                records.append(_record(vobject.readOne(text), line))
            except Exception as error:  # vobject raises many kinds of error on bad cards
                problems.append(Problem(file, line, _reason(error)))
    return Parsed(records, problems)


def _reason(error: Exception) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text[:160]


# -- export ------------------------------------------------------------------------------------


def uid_of(person: Person) -> str:
    return person.vcard_uid or f"urn:uuid:{person.id}"


_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")


def file_name(person: Person, uid: str | None = None) -> str:
    """The card's file name: unique per UID and the same at every export, whatever the UID
    holds (slashes, colons, dots, accents that normalize alike, case a file system folds).
    nettui's own UIDs and plain ones are used as they are, as earlier exports named them."""
    uid = uid or uid_of(person)
    if uid == f"urn:uuid:{person.id}":
        return f"{person.id}.vcf"
    if _SAFE_NAME.match(uid):
        return f"{uid}.vcf"
    slug = re.sub(
        r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", uid).encode("ascii", "ignore").decode().lower()
    )
    digest = hashlib.sha256(uid.encode("utf-8")).hexdigest()[:12]
    return f"{slug.strip('-')[:40] or 'card'}-{digest}.vcf"


def to_vcard(person: Person, introducer: Person | None, uid: str | None = None) -> str:
    card = vobject.vCard()
    card.add("version").value = "4.0"
    card.add("uid").value = uid or uid_of(person)
    card.add("fn").value = person.name
    given, _, family = person.name.rpartition(" ") if " " in person.name else ("", "", person.name)
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    for email in person.emails:
        card.add("email").value = email
    for phone in person.phones:
        card.add("tel").value = phone
    if person.company:
        card.add("org").value = [person.company]
    if person.role:
        card.add("title").value = person.role
    if person.tags:
        card.add("categories").value = list(person.tags)
    if person.birthday:
        value, is_text = birthdays.as_vcard(person.birthday)
        bday = card.add("bday")
        bday.value = value
        if is_text:
            bday.value_param = "text"
    if person.linkedin_url:
        card.add("url").value = person.linkedin_url
    if person.city:
        card.add("adr").value = vobject.vcard.Address(city=person.city)
    notes = [n for n in (person.notes, person.working_on and f"Working on: {person.working_on}") if n]
    if notes:
        card.add("note").value = "\n".join(notes)
    if introducer is not None:
        related = card.add("related")
        related.value = uid_of(introducer)
        related.type_param = "contact"
    return card.serialize()


def export(people: list[Person], folder: Path) -> tuple[int, int]:
    """Write one .vcf per person; returns (written, unchanged). Unchanged files are not touched."""
    try:
        ensure_private_folder(folder)
    except DatabaseError as error:
        raise UnreadableFile(str(error)) from None
    if not folder.is_dir():
        raise UnreadableFile(f"{folder} is not a folder.")
    by_id = {p.id: p for p in people}
    written = unchanged = 0
    taken: set[str] = set()
    for person in sorted(people, key=lambda p: (p.created, p.id)):
        uid = uid_of(person)
        if uid in taken:  # two people with one UID (a merge pending): each keeps a card
            uid = f"urn:uuid:{person.id}"
        taken.add(uid)
        data = to_vcard(person, by_id.get(person.introduced_by or ""), uid).encode("utf-8")
        target = folder / file_name(person, uid)
        with contextlib.suppress(OSError):
            if target.read_bytes() == data:
                unchanged += 1
                continue
        write_private(target, data)
        written += 1
    return written, unchanged
