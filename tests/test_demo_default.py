"""`nettui demo` never fills your own database: without --db it writes a separate demo file."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from nettui.storage.repository import Repository
from nettui.tui.cli import main


def test_demo_without_a_database_writes_a_separate_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    runner = CliRunner()
    assert runner.invoke(main, ["add", "Ada Lovelace"]).exit_code == 0  # my real network
    result = runner.invoke(main, ["demo", "--people", "5", "--conversations", "10"])
    assert result.exit_code == 0, result.output
    demo = tmp_path / "data" / "nettui" / "demo.json"
    assert f"nettui --db {demo}" in result.stdout
    assert [p.name for p in Repository(tmp_path / "data" / "nettui" / "nettui.json").people()] == [
        "Ada Lovelace"
    ]
    assert len(Repository(demo).people()) == 5
