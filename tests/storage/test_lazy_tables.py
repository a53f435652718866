"""Tables left in file bytes until read, appends without a parse, and the conversation rollups."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import orjson
import pytest

from nettui.storage.domain.models import Conversation, Person
from nettui.storage.domain.rollups import CONVERSATION_ROLLUPS
from nettui.storage.engine.layout import split
from nettui.storage.errors import DatabaseError
from nettui.storage.queries.insights import compute
from nettui.storage.queries.upcoming import upcoming
from nettui.storage.repository import Repository
from tests.conftest import TODAY, Cli, canonical


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    """A file nettui wrote: two people, a few conversations, a group talk."""
    path = tmp_path / "db.json"
    repo = Repository(path)
    ada = repo.add_person(Person(name="Ada", every="2w"))
    alan = repo.add_person(Person(name="Alan", every="4w"))
    repo.log(Conversation(person=ada.id, date=day(-1), channel="coffee", energy=2, strengths=["listening"]))
    repo.log(Conversation(person=alan.id, date=day(-3), channel="event", energy=-1, with_=[ada.id]))
    repo.log(Conversation(person=ada.id, date=day(-40), channel="call"))
    return path


def test_a_nettui_file_is_cut_by_its_table_of_contents(filled: Path) -> None:
    raw = filled.read_bytes()
    assert raw.startswith(b'{\n"meta": {')  # meta first: it holds the sizes of the rest
    cut = split(raw)
    assert (
        cut is not None and set(cut.tables) >= {"people", "conversations"} and set(cut.toc) == set(cut.tables)
    )
    whole = json.loads(raw)
    assert whole.pop("meta")["1"] == cut.meta
    assert whole == {name: table.parse() for name, table in cut.tables.items()}


def test_reading_people_leaves_conversations_in_bytes(filled: Path) -> None:
    repo = Repository(filled)
    assert [p.name for p in repo.people()] == ["Ada", "Alan"]
    upcoming(repo, TODAY)
    compute(repo, TODAY)  # insights come from the rollups
    assert repo.db.in_bytes("conversations")


def test_logging_appends_without_parsing_and_matches_a_full_write(filled: Path) -> None:
    repo = Repository(filled)
    ada = repo.find("Ada")
    repo.log(Conversation(person=ada.id, date=TODAY, channel="walk", energy=1))
    repo.log(Conversation(person=ada.id, date=TODAY, channel="walk", energy=0))
    assert repo.db.in_bytes("conversations")
    raw = filled.read_bytes()
    assert raw == canonical(raw)  # the appended lines sit exactly where a full write puts them
    assert list(json.loads(raw)["conversations"]) == ["1", "2", "3", "4", "5"]
    assert sorted(c.energy for c in Repository(filled).conversations_with(ada.id) if c.date == TODAY) == [
        0,
        1,
    ]


def test_a_persons_talks_are_found_in_the_bytes(filled: Path) -> None:
    repo = Repository(filled)
    ada = repo.find("Ada")
    talks = repo.conversations_with(ada.id)
    assert [(t.date, t.channel) for t in talks] == [
        (day(-1), "coffee"),
        (day(-3), "event"),
        (day(-40), "call"),
    ]
    assert repo.db.in_bytes("conversations")


@pytest.mark.parametrize(
    "rewrite",
    [
        lambda data: json.dumps(data),  # one line, as TinyDB writes
        lambda data: json.dumps(data, indent=2),  # hand formatted
        lambda data: json.dumps(data, indent=0),  # keys at the start of lines
    ],
)
def test_other_layouts_are_read_whole_and_correctly(filled: Path, rewrite) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(filled.read_text())
    filled.write_text(rewrite(data))
    repo = Repository(filled)
    assert not repo.db.in_bytes("conversations")
    assert len(repo.conversations()) == 3
    repo.log(Conversation(person=repo.find("Ada").id, date=TODAY, channel="walk"))
    assert split(filled.read_bytes()) is not None  # written back in nettui's layout
    assert len(Repository(filled).conversations()) == 4


def test_a_damaged_table_in_bytes_stops_writes_and_leaves_the_file(filled: Path) -> None:
    raw = filled.read_bytes()
    start = raw.index(b"{", raw.index(b'"conversations": {\n') + 20)  # the first record's brace
    damaged = raw[:start] + b"#" + raw[start + 1 :]
    filled.write_bytes(damaged)
    repo = Repository(filled)
    assert [p.name for p in repo.people()] == ["Ada", "Alan"]  # what is intact still reads
    with pytest.raises(DatabaseError, match="is damaged"):
        repo.log(Conversation(person=repo.find("Ada").id, date=TODAY, channel="walk"))
    assert filled.read_bytes() == damaged
    cli = Cli(filled)
    result = cli("log", "ada")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and "is damaged" in result.stderr
    assert filled.read_bytes() == damaged


def test_out_of_order_ids_are_put_in_order_on_write(filled: Path) -> None:
    data = json.loads(filled.read_text())
    data["conversations"] = dict(reversed(list(data["conversations"].items())))
    filled.write_text(json.dumps(data))
    repo = Repository(filled)
    repo.log(Conversation(person=repo.find("Ada").id, date=TODAY, channel="walk"))
    assert list(json.loads(filled.read_text())["conversations"]) == ["1", "2", "3", "4"]


# -- the rollups ----------------------------------------------------------------------------


def rebuilt(path: Path) -> object:
    built = CONVERSATION_ROLLUPS.build(Repository(path).conversation_docs())
    return orjson.loads(orjson.dumps(CONVERSATION_ROLLUPS.dump(built)))


def index_file(path: Path) -> Path:
    return path.with_name(path.name + ".index")


def saved(path: Path) -> object:
    return orjson.loads(index_file(path).read_bytes())["data"]


def test_rollups_carried_forward_equal_a_rebuild(filled: Path) -> None:
    repo = Repository(filled)
    ada, alan = repo.find("Ada"), repo.find("Alan")
    for n in range(5):
        repo.log(
            Conversation(
                person=ada.id, date=day(-n), channel="walk", energy=n % 3 - 1, with_=[alan.id] * (n % 2)
            )
        )
    assert saved(filled) == rebuilt(filled)
    version = orjson.loads(index_file(filled).read_bytes())["version"]
    assert Repository(filled).db.table_version("conversations") == version


def test_writes_that_leave_conversations_alone_leave_the_rollups(filled: Path) -> None:
    before = index_file(filled).read_bytes()
    repo = Repository(filled)
    ada = repo.find("Ada")
    ada.company = "Analytical Engines"
    repo.save_person(ada)
    repo.set_setting("weekly_cap", 4)
    assert index_file(filled).read_bytes() == before
    fresh = Repository(filled)
    assert fresh.db.table_version("conversations") == orjson.loads(before)["version"]


def test_stale_or_missing_rollups_are_rebuilt_never_trusted(filled: Path) -> None:
    index = index_file(filled)
    good = Repository(filled).rollups()
    index.write_bytes(b"garbage")
    assert Repository(filled).rollups().days == good.days
    data = orjson.loads(index.read_bytes())
    data["version"] = "someone-else"
    data["data"]["days"] = {}
    index.write_bytes(orjson.dumps(data))
    assert Repository(filled).rollups().days == good.days
    index.unlink()
    assert compute(Repository(filled), TODAY).rated == 2


def test_a_hand_edit_of_conversations_is_noticed(filled: Path) -> None:
    raw = filled.read_bytes()
    filled.write_bytes(raw.replace(b'"energy":2', b'"energy":-2'))  # same layout, other size
    assert compute(Repository(filled), TODAY).energy_by_channel["coffee"] == -2.0


def test_forgetting_someone_rebuilds_the_rollups_without_them(filled: Path) -> None:
    repo = Repository(filled)
    alan = repo.find("Alan")
    repo.delete_person(alan.id)
    assert alan.id not in saved(filled)["people"]  # type: ignore[operator]
    assert saved(filled) == rebuilt(filled)
