"""The rollups kept beside the database are written only beside a database that exists."""

from __future__ import annotations

from pathlib import Path

from nettui.storage.queries.insights import compute
from nettui.storage.repository import Repository
from tests.conftest import TODAY


def test_a_first_run_leaves_nothing_beside_a_database_not_yet_made(tmp_path: Path) -> None:
    repo = Repository(tmp_path / "new.json")
    compute(repo, TODAY)  # what the dashboard shows on a first run, rollups included
    assert list(tmp_path.iterdir()) == []


def test_the_rollups_are_kept_beside_a_database(tmp_path: Path) -> None:
    from nettui.storage.domain.models import Person

    repo = Repository(tmp_path / "db.json")
    repo.add_person(Person(name="Ada"))
    compute(Repository(repo.path), TODAY)
    assert (tmp_path / "db.json.index").exists()
