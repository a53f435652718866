"""vCard exports never overwrite one card with another: file names are unique per person and
stable across exports whatever the UIDs hold, the count printed is the files written, and
importing the export gives the same people back."""

from __future__ import annotations

from pathlib import Path

from nettui.storage.domain.models import Person
from nettui.storage.repository import Repository
from tests.conftest import Cli

AWKWARD = [
    "a/b",
    "a_b",
    "a:b",
    "A.B",
    "a.b",
    "urn:uuid:plain-1",
    "plain-1",
    "José",
    "Jose\u0301",
    "..",
    "ABC",
    "abc",
]


def test_awkward_uids_get_a_file_each_stable_across_exports(tmp_path: Path) -> None:
    repo = Repository(tmp_path / "nettui.json")
    for n, uid in enumerate(AWKWARD):
        repo.add_person(Person(name=f"P{n}", vcard_uid=uid))
    repo.add_person(Person(name="Twin", vcard_uid="abc"))  # two people, one UID
    repo.add_person(Person(name="Own"))  # nettui's own UID
    cli = Cli(repo.path)
    out = tmp_path / "cards"
    said = cli.ok("export", "vcard", str(out))
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == len(AWKWARD) + 2
    assert f"{len(files)} written, 0 unchanged" in said
    assert all("/" not in f and not f.startswith(".") for f in files)
    again = cli.ok("export", "vcard", str(out))
    assert f"0 written, {len(files)} unchanged" in again
    assert sorted(p.name for p in out.iterdir()) == files
    into = Cli(tmp_path / "other.json")
    into.ok("import", "vcard", str(out))
    assert sorted(p.name for p in Repository(tmp_path / "other.json").people()) == sorted(
        p.name for p in repo.people()
    )
    assert "0 new" in into.ok("import", "vcard", str(out))  # and again: nobody twice
