"""Big input: a CSV cell over the csv module's limit, a huge note, a card with a big photo:
one sentence or a successful import, never a traceback."""

from __future__ import annotations

from pathlib import Path

from nettui.storage.repository import Repository
from tests.conftest import Cli

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def test_a_csv_cell_over_the_default_limit_imports(cli: Cli, tmp_path: Path) -> None:
    big = "x" * 2_000_000  # the csv module stops at 131,072 by default
    source = tmp_path / "Connections.csv"
    source.write_text(HEADER + f'Ada,Lovelace,,,Engines,"{big}",15 Mar 2023\n')
    result = cli("import", "linkedin", str(source))
    assert result.exit_code == 0, result.output
    assert Repository(cli.path).find("ada").role == big


def card(name: str, extra: str = "") -> str:
    return f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\n{extra}END:VCARD\r\n"


def folded(prop: str, size: int) -> str:
    value = "A" * size
    lines = [prop + value[:70]] + [" " + value[i : i + 74] for i in range(70, size, 74)]
    return "\r\n".join(lines) + "\r\n"


def test_a_card_with_a_big_photo_imports_without_it(cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "cards.vcf"
    source.write_text(
        card("Ada Lovelace", folded("PHOTO;ENCODING=b;TYPE=JPEG:", 3_000_000)) + card("Alan Turing")
    )
    result = cli("import", "vcard", str(source))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in Repository(cli.path).people()) == ["Ada Lovelace", "Alan Turing"]


def test_a_card_too_big_to_read_is_one_problem(cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "cards.vcf"
    source.write_text(card("Ada Lovelace", folded("NOTE:", 2_000_000)) + card("Alan Turing"))
    result = cli("import", "vcard", str(source))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{source}:1: the card is over 1 MB" in result.stderr
    assert not cli.path.exists() or Repository(cli.path).people() == []
    assert cli("import", "vcard", str(source), "--skip-bad").exit_code == 0
    assert [p.name for p in Repository(cli.path).people()] == ["Alan Turing"]


def test_a_csv_cell_over_32_mb_is_one_sentence(cli: Cli, tmp_path: Path) -> None:
    cli.ok("add", "Grace Hopper")
    before = cli.path.read_bytes()
    huge = "x" * (33 * 1024 * 1024)
    linkedin = tmp_path / "Connections.csv"
    linkedin.write_text(HEADER + f'Ada,Lovelace,,,Engines,"{huge}",15 Mar 2023\n')
    google = tmp_path / "contacts.csv"
    google.write_text(f'First Name,Last Name,E-mail 1 - Value,Notes\nAda,Lovelace,a@x.io,"{huge}"\n')
    for kind, source in (("linkedin", linkedin), ("google", google)):
        for extra in ([], ["--dry-run"], ["--skip-bad"]):
            result = cli("import", kind, str(source), *extra)
            assert result.exit_code == 1, result.output
            assert isinstance(result.exception, SystemExit)  # a sentence, not a crash
            assert "over 32 MB" in result.stderr and "Traceback" not in result.output
            assert len(result.stderr.strip().splitlines()) == 1
    assert cli.path.read_bytes() == before
