"""storage never imports Textual or click; CLI sub-commands never import Textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

STORAGE = Path(__file__).parents[1] / "storage"
STORAGE_MODULES = sorted(
    ".".join(p.relative_to(STORAGE).with_suffix("").parts).removesuffix(".__init__")
    for p in STORAGE.rglob("*.py")
)


def test_every_storage_module_is_checked() -> None:
    assert {"engine.store", "formats.vcard", "repository", "domain.models", "session"} <= set(STORAGE_MODULES)


def loaded_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print(' '.join(sys.modules))"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return set(out.stdout.split())


def test_storage_imports_neither_textual_nor_click() -> None:
    imports = "\n".join(f"import nettui.storage.{name}" for name in STORAGE_MODULES if name != "__init__")
    modules = loaded_after(imports)
    assert {f"nettui.storage.{n}" for n in STORAGE_MODULES if n != "__init__"} <= modules
    assert not {m for m in modules if m.split(".")[0] in {"textual", "click"} or m.startswith("nettui.tui")}


def test_cli_subcommands_do_not_import_textual(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    code = (
        "from click.testing import CliRunner\n"
        "from nettui.tui.cli import main\n"
        f"db = {str(db)!r}\n"
        "r = CliRunner()\n"
        "for args in (['demo', '--people', '5', '--conversations', '20'], ['add', 'Ada Lovelace'],\n"
        "             ['log', 'Ada Lovelace', '--energy', '1'], ['plan', 'Ada Lovelace', 'fri'],\n"
        "             ['upcoming'], ['people', '--json'], ['show', 'Ada Lovelace', '--json']):\n"
        "    assert r.invoke(main, ['--db', db, *args]).exit_code == 0, args\n"
    )
    modules = loaded_after(code)
    assert "nettui.tui.cli" in modules
    assert not {m for m in modules if m == "textual" or m.startswith("textual.")}
