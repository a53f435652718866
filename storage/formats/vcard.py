"""vCard 3.0 and 4.0 (RFC 6350): single files with many cards, or vdir folders of .vcf files.

Reading uses vobject card by card, so one broken card is one problem with its line number.
Writing gives one vCard 4.0 file per person, named by UID, as khard and vdirsyncer expect.
A card is written from :func:`record_of`, the very record reading it gives back, so nettui's
own export read again is no news, and a card changed elsewhere (a phone's contacts app, through
CardDAV and vdirsyncer) reads as exactly what was changed there.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import vobject

from nettui.storage.domain import birthdays
from nettui.storage.domain.models import Person
from nettui.storage.domain.text import clean
from nettui.storage.engine import ensure_private_folder
from nettui.storage.engine import write_file as write_private
from nettui.storage.errors import DatabaseError
from nettui.storage.formats.records import Parsed, Problem, Record, UnreadableFile, read_text

_BEGIN = re.compile(r"^BEGIN:VCARD\s*$", re.IGNORECASE)
_END = re.compile(r"^END:VCARD\s*$", re.IGNORECASE)
_LINE_END = re.compile(r"\r\n|\r|\n")  # never str.splitlines: a note can hold U+2028


_UNUSED = re.compile(r"^(?:[\w-]+\.)?(PHOTO|LOGO|SOUND|KEY)[;:]", re.IGNORECASE)  # nettui keeps none
MAX_CARD = 1 << 20  # bytes of one card, once photos are left out: past it vobject needs gigabytes

# What only nettui keeps, in properties of its own (other programs keep them and leave them be).
_OWN_PROPERTIES = {
    "how_met": "x-nettui-how-met",
    "working_on": "x-nettui-working-on",
    "story": "x-nettui-story",
    "how_i_can_help": "x-nettui-how-i-can-help",
}
_SCHEME = re.compile(r"^(?:\s*(?:mailto|tel):)+", re.IGNORECASE)
_URL_END = re.compile(r"[\s/]+$")


def _cards(text: str) -> list[tuple[int, str]]:
    """Each card's text with the line its BEGIN is on, without the properties nettui does not
    keep (photos, logos, sounds, keys: the bulk of most cards)."""
    cards, start, buffer, skipping = [], 0, [], False
    for number, line in enumerate(_LINE_END.split(text), start=1):
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


# -- one value as a card holds it: reading a card and writing one both go through these ---------


def _text(value: object) -> str:
    return clean(str(value)).strip()


def _one_line(value: object) -> str:
    return " ".join(clean(str(value)).split())


def _items(values: Iterable[object]) -> list[str]:
    return [text for value in values if (text := _text(value))]


def _first(values: Iterable[object]) -> str:
    return next(iter(_items(values)), "")


def _joined(values: Iterable[object]) -> str:
    return "\n".join(_items(values))


def _addresses(values: Iterable[object]) -> list[str]:
    """E-mail addresses or phone numbers, without their URI scheme (``mailto:``, ``tel:``)."""
    return _items(_SCHEME.sub("", _text(value)) for value in values)


def _linkedin(urls: Iterable[object]) -> str:
    """The LinkedIn profile among the URLs, without a trailing slash."""
    return next((url for url in (_URL_END.sub("", u) for u in _items(urls)) if "linkedin.com/" in url), "")


def _birthday(value: object, is_text: bool) -> str:
    """BDAY as stored: a date, a date without a year, or text (never a reason to refuse)."""
    return _one_line(value) if is_text else birthdays.normalize(_text(value))


# -- reading -------------------------------------------------------------------------------------


def _values(card: vobject.base.Component, name: str) -> list[object]:
    """Every value of the property, lists (CATEGORIES, ORG) flattened."""
    found: list[object] = []
    for prop in card.contents.get(name, []):
        found.extend(prop.value if isinstance(prop.value, list) else [prop.value])
    return found


def _name(card: vobject.base.Component) -> str:
    name = _first(_values(card, "fn"))
    if not name and "n" in card.contents:
        n = card.n.value
        name = " ".join(filter(None, (n.prefix, n.given, n.additional, n.family, n.suffix)))
    return _one_line(name)


def _card_birthday(card: vobject.base.Component) -> str:
    prop = next(iter(card.contents.get("bday", [])), None)
    if prop is None:
        return ""
    return _birthday(prop.value, any(str(v).lower() == "text" for v in prop.params.get("VALUE", [])))


def _city(card: vobject.base.Component) -> str:
    cities = (adr.value.city for adr in card.contents.get("adr", []))
    return _first(",".join(city) if isinstance(city, list) else city for city in cities)


def _record(card: vobject.base.Component, line: int) -> Record:
    name = _name(card)
    if not name:
        raise ValueError("no FN or N (no name)")
    return Record(
        line=line,
        name=name,
        emails=_addresses(_values(card, "email")),
        phones=_addresses(_values(card, "tel")),
        company=_first(_values(card, "org")),
        role=_first(_values(card, "title")),
        linkedin_url=_linkedin(_values(card, "url")),
        vcard_uid=_first(_values(card, "uid")),
        birthday=_card_birthday(card),
        tags=_items(_values(card, "categories")),
        notes=_joined(_values(card, "note")),
        city=_city(card),
        related=_items(_values(card, "related")),
        **{field: _joined(_values(card, prop)) for field, prop in _OWN_PROPERTIES.items()},
    )


def parse(path: Path) -> Parsed:
    files = sorted(path.glob("*.vcf")) if path.is_dir() else [path]
    if path.is_dir() and not files:
        raise UnreadableFile(f"{path} holds no .vcf files.")
    records: list[Record] = []
    problems: list[Problem] = []
    for file in files:
        parsed = read_cards(read_text(file, "vCard"), file)
        records.extend(parsed.records)
        problems.extend(parsed.problems)
    return Parsed(records, problems)


def read_cards(text: str, file: Path) -> Parsed:
    """The cards of one file's text, each a record or a problem on ``file``'s line."""
    cards = _cards(text)
    if not cards:
        raise UnreadableFile(f"{file} is not a vCard file: no BEGIN:VCARD … END:VCARD.")
    records: list[Record] = []
    problems: list[Problem] = []
    for line, card in cards:
        if len(card) > MAX_CARD:
            problems.append(Problem(file, line, f"the card is over {MAX_CARD >> 20} MB without its photo"))
            continue
        try:
            records.append(_record(vobject.readOne(card), line))
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


def record_of(person: Person, introducer: Person | None = None, uid: str | None = None) -> Record:
    """The person as their card says them: :func:`to_vcard` writes exactly this record and
    reading the card gives it back, so a card that reads as anything else was changed elsewhere
    (``uid``: the card's UID when it is not the person's own, see :func:`export`)."""
    return Record(
        line=0,
        name=_one_line(person.name),
        emails=_addresses(person.emails),
        phones=_addresses(person.phones),
        company=_text(person.company),
        role=_text(person.role),
        linkedin_url=_linkedin([person.linkedin_url]),
        vcard_uid=_text(uid or uid_of(person)),
        birthday=_birthday(*birthdays.as_vcard(_text(person.birthday))),
        tags=_items(person.tags),
        notes=_text(person.notes),
        city=_text(person.city),
        related=_items([uid_of(introducer)] if introducer is not None else []),
        **{field: _text(getattr(person, field)) for field in _OWN_PROPERTIES},
    )


def to_vcard(record: Record) -> str:
    """The vCard 4.0 text of a person's card (see :func:`record_of`)."""
    card = vobject.vCard()
    card.add("version").value = "4.0"
    card.add("uid").value = record.vcard_uid
    card.add("fn").value = record.name
    given, _, family = record.name.rpartition(" ")
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    for email in record.emails:
        card.add("email").value = email
    for phone in record.phones:
        card.add("tel").value = phone
    if record.company:
        card.add("org").value = [record.company]
    if record.role:
        card.add("title").value = record.role
    if record.tags:
        card.add("categories").value = list(record.tags)
    if record.birthday:
        value, is_text = birthdays.as_vcard(record.birthday)
        bday = card.add("bday")
        bday.value = value
        if is_text:
            bday.value_param = "text"
    if record.linkedin_url:
        card.add("url").value = record.linkedin_url
    if record.city:
        card.add("adr").value = vobject.vcard.Address(city=record.city)
    if record.notes:
        card.add("note").value = record.notes
    for field, name in _OWN_PROPERTIES.items():
        if value := getattr(record, field):
            card.add(name).value = value
    for uid in record.related:
        related = card.add("related")
        related.value = uid
        related.type_param = "contact"
    return card.serialize()


def export(people: list[Person], folder: Path) -> tuple[int, int]:
    """Write one .vcf per person; returns (written, unchanged). A file that says what nettui
    knows already is not touched (see :func:`_says`)."""
    try:
        ensure_private_folder(folder)
    except DatabaseError as error:
        raise UnreadableFile(str(error)) from None
    if not folder.is_dir():
        raise UnreadableFile(f"{folder} is not a folder.")
    cards = _named_records(people)
    names = {name for name, _ in cards}
    strays = _strays(folder, names) if any(not (folder / name).exists() for name in names) else {}
    written = unchanged = 0
    for name, record in cards:
        target = folder / name
        if not target.exists():
            target = strays.get(record.vcard_uid, target)
        data = to_vcard(record).encode("utf-8")
        if _says(target, data, record):
            unchanged += 1
            continue
        write_private(target, data)
        written += 1
    return written, unchanged


def _named_records(people: list[Person]) -> list[tuple[str, Record]]:
    """Each person's card with the file name nettui gives it."""
    by_id = {p.id: p for p in people}
    cards: list[tuple[str, Record]] = []
    taken: set[str] = set()
    for person in sorted(people, key=lambda p: (p.created, p.id)):
        uid = uid_of(person)
        if uid in taken:  # two people with one UID (a merge pending): each keeps a card
            uid = f"urn:uuid:{person.id}"
        taken.add(uid)
        cards.append((file_name(person, uid), record_of(person, by_id.get(person.introduced_by or ""), uid)))
    return cards


def _strays(folder: Path, names: set[str]) -> dict[str, Path]:
    """The files of one card nettui did not name, by the card's UID: a contact made on a phone,
    which vdirsyncer names after its UID. Its person's card is written there, never beside it
    (two files with one UID stop vdirsyncer)."""
    found: dict[str, Path] = {}
    for path in sorted(folder.glob("*.vcf")):
        if path.name in names:
            continue
        try:
            parsed = parse(path)
        except UnreadableFile:
            continue
        if len(parsed.records) == 1 and not parsed.problems:
            found.setdefault(parsed.records[0].vcard_uid, path)
    return found


def _says(target: Path, data: bytes, record: Record) -> bool:
    """The file says what nettui knows already: nettui's own bytes, or the same card as a phone
    wrote it back through CardDAV (its labels, photo and layout are left as they are)."""
    try:
        if target.read_bytes() == data:
            return True
        parsed = parse(target)
    except (OSError, UnreadableFile):
        return False
    return not parsed.problems and parsed.records == [record]
