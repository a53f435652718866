"""The import-linter contracts in pyproject.toml hold (the layers go one way only), and each
one breaks when its rule is broken."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def lint(tree: Path) -> subprocess.CompletedProcess[str]:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(lint_imports), str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """The two folders laid out as the one package they are installed as (import-linter reads
    the file system; the installed `nettui` maps them with package-dir)."""
    for name in ("storage", "tui"):
        shutil.copytree(ROOT / name, tmp_path / "nettui" / name, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def test_import_contracts_hold(tree: Path) -> None:
    result = lint(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("storage/domain/models.py", "import textual", "storage never imports Textual"),
        ("tui/cli/method.py", "import nettui.tui.screens.help", "the CLI never imports Textual"),
        ("storage/engine/state.py", "import nettui.storage.domain.models", "the engine never imports"),
        ("tui/widgets/log_form.py", "import nettui.storage.engine.store", "the UI never imports the engine"),
        ("storage/queries/upcoming.py", "import nettui.storage.engine.state", "only its door"),
    ],
)
def test_each_contract_catches_a_broken_rule(tree: Path, module: str, line: str, contract: str) -> None:
    path = tree / "nettui" / module
    path.write_text(path.read_text() + f"\n{line}  # noqa\n")
    result = lint(tree)
    assert result.returncode == 1
    broken = result.stdout.split("Broken contracts")[1]
    assert contract in broken
