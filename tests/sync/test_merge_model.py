"""Random histories on two machines, merged, checked against what a merge must guarantee: no
acknowledged conversation lost, no record pointing at nobody, nobody forgotten coming back,
merge(a, b) = merge(b, a) up to doc ids, and merging either side in again changes nothing."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nettui.storage import clock
from nettui.storage.domain.models import Conversation, Person, Plan
from nettui.storage.maintenance.forget import forget, whom
from nettui.storage.repository import Repository
from nettui.storage.sync.merge import identities
from tests.sync.helpers import Machines, by_identity

NAMES = ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra"]
DAY = dt.date(2026, 11, 20)

person_pick = st.integers(min_value=0, max_value=7)
text = st.sampled_from(["", "alpha", "beta", "gamma"])
operation = st.one_of(
    st.tuples(st.just("add"), st.sampled_from(["Katherine Johnson", "Dorothy Vaughan", "Mary Jackson"])),
    st.tuples(st.just("log"), person_pick, st.sampled_from(["coffee", "call", "walk"])),
    st.tuples(st.just("edit"), person_pick, st.sampled_from(["company", "city", "notes"]), text),
    st.tuples(st.just("tag"), person_pick, st.sampled_from(["math", "navy", "cobol"])),
    st.tuples(st.just("untag"), person_pick),
    st.tuples(st.just("delete"), person_pick),
    st.tuples(st.just("forget"), person_pick),
    st.tuples(st.just("plan"), person_pick),
    st.tuples(st.just("retalk"), person_pick, text),
    st.tuples(st.just("setting"), st.sampled_from(["weekly_cap", "pitch"]), st.integers(1, 9)),
)
history = st.lists(st.tuples(st.sampled_from("ab"), operation), max_size=12)


def apply(repo: Repository, op: tuple[Any, ...], serial: int) -> None:
    kind = op[0]
    everyone = sorted(repo.people(), key=lambda p: (p.name, p.id))
    if kind == "add":
        repo.add_person(Person(name=op[1]))
        return
    if kind == "setting":
        repo.set_setting(op[1], op[2] if op[1] == "weekly_cap" else f"pitch {op[2]}")
        return
    if not everyone:
        return
    person = everyone[op[1] % len(everyone)]
    if kind == "log":
        repo.log(Conversation(person=person.id, date=DAY, channel=op[2], note=f"talk {serial}"))
    elif kind == "edit":
        repo.update_person(person.id, {op[2]: op[3]})
    elif kind == "tag":
        repo.update_person(person.id, {"tags": sorted({*person.tags, op[2]})})
    elif kind == "untag":
        repo.update_person(person.id, {"tags": person.tags[1:]})
    elif kind == "delete":
        repo.delete_person(person.id)
    elif kind == "forget":
        forget(repo, whom(repo, person.id))
    elif kind == "plan":
        repo.add_plan(Plan(person=person.id, date=DAY + dt.timedelta(days=serial)))
    elif kind == "retalk":
        talks = repo.conversations_with(person.id)
        if talks:
            repo.update_conversation(talks[0].id, {"note": f"{op[2]} {serial}"})


def talks(tables: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return identities("conversations", tables.get("conversations", {}))


def forgotten(tables: dict[str, Any]) -> set[str]:
    return {doc["id"] for doc in tables.get("forgotten", {}).values()}


def check_nothing_acknowledged_lost(
    base: dict[str, Any], sides: list[dict[str, Any]], merged: dict[str, Any]
) -> None:
    gone_for_good = forgotten(sides[0]) | forgotten(sides[1])
    kept = talks(merged)
    was = talks(base)
    for index, side in enumerate(sides):
        other = sides[1 - index]
        for talk_id, talk in talks(side).items():
            if {talk.get("person"), *talk.get("with", [])} & gone_for_good:
                continue
            deleted_there = talk_id in was and talk_id not in talks(other) and talk == was[talk_id]
            if not deleted_there:
                assert talk_id in kept, f"conversation {talk.get('note')!r} was lost"
    people = {doc["id"] for doc in merged.get("people", {}).values()}
    for talk in kept.values():
        assert talk["person"] in people, "a conversation points at nobody"
        assert talk["person"] not in gone_for_good
    assert not people & gone_for_good, "a forgotten person came back"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history)
def test_random_histories_merge_as_the_model_says(steps: list[tuple[str, tuple[Any, ...]]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        machines = Machines(Path(folder))
        base = machines.start()
        for name in NAMES:
            base.add_person(Person(name=name, tags=["math"]))
        grace = base.find("Grace")
        base.log(Conversation(person=grace.id, date=DAY, channel="coffee", note="base talk"))
        a, b = machines.split()
        for serial, (side, op) in enumerate(steps):
            machines.tick()
            apply(a if side == "a" else b, op, serial)
        clock.set_today(None)
        from tests.sync.helpers import tables

        base_tables, a_tables, b_tables = (
            tables(p) for p in (machines.base, machines.a_path, machines.b_path)
        )
        one = machines.merged()
        two = machines.merged(machines.b_path, machines.a_path)
        assert by_identity(one) == by_identity(two)
        check_nothing_acknowledged_lost(base_tables, [a_tables, b_tables], one)
        merged_path = machines.folder / "merged-a-b.json"
        for side in (machines.a_path, machines.b_path):
            assert by_identity(machines.merged(merged_path, side)) == by_identity(one)
