"""The vCard export is the contacts' door to CardDAV through vdirsyncer: importing nettui's own
export changes nothing, and a card changed on the other side (the phone) comes back as exactly
that change, with no other card rewritten."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nettui.storage.domain.models import Person
from nettui.storage.domain.text import clean
from nettui.storage.formats import vcard
from tests.conftest import Cli

CONNECTIONS = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace,,Analytical Engines,Engineer,15 Mar 2023\n"
)
FOREIGN_UID = "2F1D-AB:contact/1@icloud.com"  # a UID another address book gave, odd characters and all
FOREIGN_CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.0//EN\r\n"
    f"UID:{FOREIGN_UID}\r\nFN:李 小龙\r\nN:李;小龙;;;\r\nEND:VCARD\r\n"
)
# every field of a person the card carries
CARRIED = ("emails", "phones", "company", "role", "city", "tags", "birthday", "notes", "working_on", "story",
           "how_i_can_help", "how_met", "linkedin_url", "vcard_uid", "introduced_by")  # fmt: skip
PEOPLE: dict[str, dict[str, str | list[str]]] = {
    "Ada Lovelace": {
        "--email": ["ada@engines.org", "ADA@home.org"],
        "--phone": ["+44 20 7946 0958", "+44 7700 900001"],
        "--tag": ["math", "poetry, verse"],
        "--community": ["Analytical Society"],
        "--every": "4w",
        "--city": "London",
        "--how-met": "at a salon; she asked about engines",
        "--birthday": "1815-12-10",
        "--note": "Likes poetry; engines, too.\nSecond line: C:\\new\\table\n\nAfter a blank line",
        "--working-on": "Notes on the engine\nwith a second line",
        "--story": 'Daughter of a poet, "Byron"',
        "--how-i-can-help": "An intro to Babbage's backers",
    },
    "José Müller-Łukasz": {
        "--email": ["JOSE@Example.org"],
        "--phone": ["+49 30 1234567"],
        "--company": "Müller; Söhne, GmbH",
        "--role": "Leiter \\ IT",
        "--tag": ["ünïcode"],
        "--introduced-by": "Ada Lovelace",
        "--city": "Washington, D.C.",
        "--how-met": "Ada introduced us",
        "--birthday": "--12-09",
        "--note": "Ein langer Satz über Öl, Äpfel und Übermut, " * 4,
        "--working-on": "Rust 🦀 tooling",
        "--story": "Moved from Kraków to Berlin",
        "--how-i-can-help": "Review his talk",
    },
    "O’Brien, Seán": {
        "--email": ["sean@example.ie"],
        "--company": "Éire Ltd",
        "--role": "CTO",
        "--tag": ["rugby"],
        "--city": "Dublin",
        "--how-met": "meetup",
        "--birthday": "circa 1900",
        "--note": "Tá sé go maith",
        "--working-on": "a book",
        "--story": "grew up in Cork",
        "--how-i-can-help": "proofreading",
    },
    "李 小龙": {
        "--email": ["xiaolong@example.cn"],
        "--phone": ["+86 10 1234 5678"],
        "--company": "功夫",
        "--role": "老师",
        "--tag": ["武术"],
        "--city": "香港",
        "--how-met": "dojo",
        "--birthday": "1940-11-27",
        "--note": "Be water, my friend 💧",
        "--working-on": "a film",
        "--story": "from San Francisco",
        "--how-i-can-help": "find a venue",
    },
    "Prince": {},  # one name, every other field empty
}


def fill(cli: Cli, tmp_path: Path) -> None:
    """Several people with every field filled: one from LinkedIn (a profile URL), one from
    another address book (a foreign vCard UID), the rest added by hand; unicode names,
    multi-line notes, commas, semicolons and backslashes."""
    (tmp_path / "Connections.csv").write_text(CONNECTIONS)
    cli.ok("import", "linkedin", str(tmp_path / "Connections.csv"))
    (tmp_path / "foreign.vcf").write_bytes(FOREIGN_CARD.encode())
    cli.ok("import", "vcard", str(tmp_path / "foreign.vcf"))
    for name, fields in PEOPLE.items():
        if name not in ("Ada Lovelace", "李 小龙"):
            cli.ok("add", name)
        args = [name]
        for flag, value in fields.items():
            args += [a for v in ([value] if isinstance(value, str) else value) for a in (flag, v)]
        cli.ok("edit", *args)


def stored_people(db_path: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    return {doc["name"]: doc for doc in json.loads(db_path.read_text())["people"].values()}


def files(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.glob("*.vcf"))}


def age(folder: Path) -> None:
    """Every card an hour older, so a rewrite shows in its mtime however fast the test runs."""
    for path in folder.glob("*.vcf"):
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns - 3_600_000_000_000))


def card_of(folder: Path, name: str) -> Path:
    return next(p for p in folder.glob("*.vcf") if vobject.readOne(p.read_text()).fn.value == name)


def test_importing_its_own_export_changes_nothing(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    fill(cli, tmp_path)
    filled = {field for doc in stored_people(db_path).values() for field in CARRIED if doc.get(field)}
    assert filled == set(CARRIED)  # every field the card carries is there to lose
    book = tmp_path / "book"
    assert "5 written, 0 unchanged" in cli.ok("export", "vcard", str(book))
    stored, cards = db_path.read_bytes(), files(book)
    said = cli.ok("import", "vcard", str(book))
    assert said.endswith("0 new, 0 updated, 5 unchanged, 0 skipped.\n"), said
    assert db_path.read_bytes() == stored  # not one byte of the database changed
    assert "0 written, 5 unchanged" in cli.ok("export", "vcard", str(book))
    assert files(book) == cards  # the same bytes, never rewritten
    for _ in range(2):  # and again: a fixed point, not a slow drift
        assert "0 updated, 5 unchanged" in cli.ok("import", "vcard", str(book))
        cli.ok("export", "vcard", str(book))
    assert files(book) == cards


def test_a_fresh_database_gets_every_field_the_card_carries(cli: Cli, tmp_path: Path) -> None:
    fill(cli, tmp_path)
    book, again = tmp_path / "book", tmp_path / "again"
    cli.ok("export", "vcard", str(book))
    fresh = Cli(tmp_path / "fresh.json")
    assert "5 new" in fresh.ok("import", "vcard", str(book))
    before, after = stored_people(cli.path), stored_people(fresh.path)
    assert before.keys() == after.keys()
    for name, person in before.items():
        for field in CARRIED:
            mine, theirs = person.get(field), after[name].get(field)
            if field == "vcard_uid":  # the card's UID, nettui's own or the one it came with
                mine = mine or f"urn:uuid:{person['id']}"
            if field == "introduced_by":  # an id in each database: the same person
                mine = next((n for n, p in before.items() if p["id"] == mine), None)
                theirs = next((n for n, p in after.items() if p["id"] == theirs), None)
            assert mine == theirs, (name, field)
    fresh.ok("export", "vcard", str(again))
    by_uid = {vobject.readOne(p.read_text()).uid.value: p.read_bytes() for p in book.glob("*.vcf")}
    assert {vobject.readOne(p.read_text()).uid.value: p.read_bytes() for p in again.glob("*.vcf")} == by_uid


VDIRSYNCER_CONFIG = """[general]
status_path = "{status}"

[pair contacts]
a = "nettui"
b = "phone"
collections = null

[storage nettui]
type = "filesystem"
path = "{a}"
fileext = ".vcf"

[storage phone]
type = "filesystem"
path = "{b}"
fileext = ".vcf"
"""


def vdirsyncer(tmp_path: Path, *args: str) -> None:
    """The real vdirsyncer, its config, status and home all inside ``tmp_path``."""
    config = tmp_path / "vdirsyncer.conf"
    if not config.exists():
        config.write_text(
            VDIRSYNCER_CONFIG.format(status=tmp_path / "status", a=tmp_path / "book", b=tmp_path / "phone")
        )
    home = tmp_path / "home"
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_DATA_HOME": str(home / ".local/share"), "XDG_CACHE_HOME": str(home / ".cache"),
           "LC_ALL": "C.UTF-8"}  # fmt: skip
    command = [str(Path(sys.executable).parent / "vdirsyncer"), "-c", str(config), *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, (done.stdout, done.stderr)


def synced_to_the_phone(cli: Cli, tmp_path: Path) -> tuple[Path, Path]:
    """People exported to the address book folder, and synced by vdirsyncer to the phone's."""
    fill(cli, tmp_path)
    book, phone = tmp_path / "book", tmp_path / "phone"
    phone.mkdir()
    cli.ok("export", "vcard", str(book))
    vdirsyncer(tmp_path, "discover")
    vdirsyncer(tmp_path, "sync")
    return book, phone


def test_a_number_added_on_the_phone_comes_back_through_vdirsyncer(
    cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    book, phone = synced_to_the_phone(cli, tmp_path)
    assert sorted(p.read_bytes() for p in phone.glob("*.vcf")) == sorted(
        p.read_bytes() for p in book.glob("*.vcf")
    )
    card = card_of(phone, "José Müller-Łukasz")  # the phone's contacts app adds a mobile number
    card.write_bytes(card.read_bytes().replace(b"END:VCARD", b"TEL;TYPE=cell:+49 170 5550100\r\nEND:VCARD"))
    vdirsyncer(tmp_path, "sync")
    assert b"+49 170 5550100" in card_of(book, "José Müller-Łukasz").read_bytes()
    before = stored_people(db_path)
    age(book)
    cards = files(book)
    said = cli.ok("import", "vcard", str(book))
    assert "updated    José Müller-Łukasz (phones)" in said
    assert said.endswith("0 new, 1 updated, 4 unchanged, 0 skipped.\n"), said
    after = stored_people(db_path)
    changed = {(name, field) for name, doc in after.items() for field in doc.keys() | before[name].keys()
               if doc.get(field) != before[name].get(field) and field != "updated"}  # fmt: skip
    assert changed == {("José Müller-Łukasz", "phones")}
    assert after["José Müller-Łukasz"]["phones"] == ["+49 30 1234567", "+49 170 5550100"]
    cli.ok("export", "vcard", str(book))  # the card already says it all: nothing rewritten
    assert files(book) == cards
    cli.ok("edit", "José Müller-Łukasz", "--story", "Moved to Hamburg")  # a change in nettui
    assert "1 written, 4 unchanged" in cli.ok("export", "vcard", str(book))
    now = files(book)
    assert [n for n in cards if now[n] != cards[n]] == [card_of(book, "José Müller-Łukasz").name]
    vdirsyncer(tmp_path, "sync")
    assert b"Hamburg" in card_of(phone, "José Müller-Łukasz").read_bytes()


# -- the card, field by field ------------------------------------------------------------------

_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=120)
_values = st.lists(_text, max_size=3)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    name=_text.filter(lambda n: clean(n).split()), emails=_values, phones=_values, company=_text, role=_text,
    tags=_values, notes=_text, city=_text, birthday=_text, texts=st.lists(_text, min_size=4, max_size=4),
    linkedin=st.sampled_from(["", "https://www.linkedin.com/in/ada/", "https://linkedin.com/in/x y"]),
)  # fmt: skip
def test_a_card_reads_back_as_it_was_written(
    name: str, emails: list[str], phones: list[str], company: str, role: str, tags: list[str],
    notes: str, city: str, birthday: str, texts: list[str], linkedin: str,
) -> None:  # fmt: skip
    working_on, story, how_i_can_help, how_met = texts
    person = Person(
        name=name, emails=emails, phones=phones, company=company, role=role, tags=tags, notes=notes,
        city=city, birthday=birthday, working_on=working_on, story=story, how_i_can_help=how_i_can_help,
        how_met=how_met, linkedin_url=linkedin,
    )  # fmt: skip
    introducer = Person(name="Ada")
    own = vcard.record_of(person, introducer)
    [read] = vcard.read_cards(vcard.to_vcard(own), Path("card.vcf")).records
    assert read == own


PHONE_MADE = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.0//EN\r\n"
    "UID:3F2504E0-4F89-11D3-9A0C-0305E82C3301\r\nN:Hopper;Grace;;;\r\nFN:Grace Hopper\r\n"
    "TEL;TYPE=CELL:+1 202 555 0142\r\nEND:VCARD\r\n"
)


def test_a_contact_made_on_the_phone_comes_in_once(cli: Cli, tmp_path: Path) -> None:
    """vdirsyncer names the new card by its UID; the next export finds it there and writes no
    second card of the same person (vdirsyncer refuses two cards with one UID)."""
    book, phone = synced_to_the_phone(cli, tmp_path)
    (phone / "new-contact.vcf").write_bytes(PHONE_MADE.encode())
    vdirsyncer(tmp_path, "sync")
    assert "1 new, 0 updated, 5 unchanged" in cli.ok("import", "vcard", str(book))
    assert "0 written, 6 unchanged" in cli.ok("export", "vcard", str(book))
    assert len(list(book.glob("*.vcf"))) == 6
    cli.ok("edit", "Grace Hopper", "--company", "US Navy")
    assert "1 written, 5 unchanged" in cli.ok("export", "vcard", str(book))
    vdirsyncer(tmp_path, "sync")
    assert b"US Navy" in (phone / "new-contact.vcf").read_bytes() and len(list(phone.glob("*.vcf"))) == 6
