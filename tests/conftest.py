"""Shared fixtures: a frozen clock, a fresh database, a CLI runner."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from nettui.storage import clock
from nettui.storage.repository import Repository
from nettui.tui.cli import main

TODAY = dt.date(2026, 11, 25)  # a Wednesday


@pytest.fixture(autouse=True)
def frozen_clock(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dt.date]:
    """Every test runs on Wednesday 2026-11-25, subprocesses too."""
    monkeypatch.setenv("NETTUI_TODAY", TODAY.isoformat())
    monkeypatch.setenv("NETTUI_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))  # never ~/.config
    monkeypatch.delenv("NETTUI_DB", raising=False)
    clock.set_today(TODAY)
    yield TODAY
    clock.set_today(None)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "nettui.json"


@pytest.fixture
def repo(db_path: Path) -> Repository:
    return Repository(db_path)


class Cli:
    """Runs `nettui --db PATH ...` in-process through click's runner."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None) -> Result:
        return self.runner.invoke(main, ["--db", str(self.path), *args], input=input)

    def ok(self, *args: str) -> str:
        result = self(*args)
        assert result.exit_code == 0, (result.output, result.stderr)
        return result.stdout


@pytest.fixture
def cli(db_path: Path) -> Cli:
    return Cli(db_path)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A run that collected no tests is a failure, never a silent pass."""
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def canonical(raw: bytes) -> bytes:
    """``raw`` as nettui's serializer writes the tables it holds: equal to ``raw`` exactly
    when the file is in nettui's layout with a true table of contents."""
    import orjson

    from nettui.storage.engine.serialize import serialize_tables

    data = orjson.loads(raw)
    meta = data.pop("meta")["1"]
    versions = {entry[0]: entry[2] for entry in meta["toc"]}
    record = {k: v for k, v in meta.items() if k not in ("toc", "layout")}
    return serialize_tables(data, record, versions)
