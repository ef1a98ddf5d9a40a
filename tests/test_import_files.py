"""Broken files of every kind are refused with a precise Danish message and exit code 1; nothing imported."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from budgetapp.cli import main
from budgetapp.io import workbook_reader
from budgetapp.io.import_budget import read_budget
from budgetapp.io.import_pools import read_pools
from budgetapp.io.import_unit_costs import read_unit_costs
from tests.import_helpers import BUDGET_HEADER, write_encrypted_office_file, write_xlsx

GOOD_ROW = ["dagpenge", 2026, 100, 200000, "refusionstrappe-2016", 0.3, 0]


def check(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["import-check", str(path), *extra])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out + out.err


def refused(path: Path, capsys: pytest.CaptureFixture[str], message: str) -> None:
    """Every importer refuses the file with ``message`` and imports nothing; the CLI exits 1."""
    for result in (read_budget(path), read_unit_costs(path), read_pools(path)):
        assert not result.report.ok
        assert any(message in p.expected for p in result.report.errors), result.report.to_text()
    assert read_budget(path).groups == ()
    code, text = check(path, capsys)
    assert code == 1
    assert message in text
    assert "intet er indlæst" in text


def test_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "budget.xlsx"
    path.write_bytes(b"")
    refused(path, capsys, "Filen budget.xlsx er tom (0 byte)")


def test_corrupt_zip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", {"Budget": [BUDGET_HEADER, GOOD_ROW]})
    path = tmp_path / "budget.xlsx"
    path.write_bytes(good.read_bytes()[:2000])  # cut off mid-download
    refused(path, capsys, "Filen budget.xlsx er beskadiget: zip-arkivet kan ikke læses")


def test_password_protected_xlsx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_encrypted_office_file(tmp_path / "budget.xlsx")
    refused(path, capsys, "Filen budget.xlsx er beskyttet med adgangskode (krypteret)")


def test_renamed_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "budget.xlsx"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    refused(path, capsys, "Filen budget.xlsx er en PDF-fil, ikke et regneark")


def test_word_document_renamed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "budget.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    refused(path, capsys, "Filen budget.xlsx er et Word-dokument, ikke et regneark")


def test_binary_junk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "budget.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    refused(path, capsys, "Filen budget.xlsx er ikke et regneark, selv om den hedder .xlsx")


def test_huge_sheet_is_refused_before_it_is_loaded(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    # Two cells, A1 and Z1048576: the sheet spans 1.048.576 rows × 26 columns = 27.262.976
    # cells, far over the limit, so the sheet is refused from its <dimension> without loading.
    path = write_xlsx(tmp_path / "budget.xlsx", {"Budget": [BUDGET_HEADER]})
    import openpyxl

    book = openpyxl.load_workbook(path)
    book["Budget"]["Z1048576"] = 1
    book.save(path)
    refused_text = "Arket 'Budget' er for stort: 1.048.576 rækker × 26 kolonner (27.262.976 celler)"
    result = read_budget(path)
    assert result.report.errors[0].expected.startswith(refused_text)
    code, text = check(path, capsys)
    assert code == 1
    assert refused_text in text


def test_huge_csv_stops_at_the_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook_reader, "MAX_CSV_CELLS", 1000)
    path = tmp_path / "budget.csv"
    path.write_text("Målgruppe;År;Helårspersoner\n" + "dagpenge;2026;1\n" * 400, encoding="utf-8")
    # 3 + 400 × 3 = 1.203 cells > 1.000
    result = read_budget(path)
    assert result.report.errors[0].expected == \
        "Filen budget.csv er for stor: over 1.000 celler. Del filen op"


def test_too_large_file_is_refused_by_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook_reader, "MAX_FILE_BYTES", 100 * 1024 * 1024)
    path = tmp_path / "budget.xlsx"
    with path.open("wb") as handle:  # a sparse 101 MB file: no disk is written
        handle.truncate(101 * 1024 * 1024)
    result = read_budget(path)
    assert result.report.errors[0].expected.startswith("Filen budget.xlsx er for stor (101 MB)")


def test_missing_sheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(tmp_path / "budget.xlsx", {"Ark1": [["Hej"], ["med"], ["dig"]]})
    result = read_budget(path)
    [problem] = result.report.errors
    assert problem.expected == ("arket med budget mangler: forventede et ark med navnet Budget eller "
                                "Basisbudget (fundet: Ark1)")
    code, text = check(path, capsys)
    assert code == 1
    assert "filen ligner hverken et basisbudget" in text
    code, text = check(path, capsys, "--kind", "budget")
    assert code == 1
    assert "arket med budget mangler" in text


def test_wrong_headers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [["Målgruppe", "År", "Personer", "Ydelse pr. helårsperson", "Refusion"], GOOD_ROW[:5]]
    path = write_xlsx(tmp_path / "budget.xlsx", {"Budget": rows})
    result = read_budget(path)
    messages = [(p.address, p.expected) for p in result.report.errors]
    assert messages == [
        ("Budget!1:1", "kolonnen 'Helårspersoner' mangler i overskriftsrækken (række 1)"),
        ("Budget!1:1", "kolonnen 'Refusionsregel' mangler i overskriftsrækken (række 1)"),
    ]
    assert [w.address for w in result.report.warnings] == ["Budget!C1", "Budget!E1"]
    code, text = check(path, capsys, "--kind", "budget")
    assert code == 1
    assert "Fejl i Budget!1:1: kolonnen 'Helårspersoner' mangler" in text


def test_no_header_at_all(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "budget.xlsx", {"Budget": [["noget"], [1, 2, 3]]})
    [problem] = read_budget(path).report.errors
    assert problem.address == "Budget"
    assert problem.expected.startswith("ingen overskriftsrække fundet i arket Budget")


def test_empty_table_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "budget.xlsx", {"Budget": [BUDGET_HEADER, [], []]})
    [problem] = read_budget(path).report.errors
    assert "ingen datarækker" in problem.expected


def test_missing_file_and_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, text = check(tmp_path / "findes-ikke.xlsx", capsys)
    assert code == 1
    assert "Filen findes-ikke.xlsx findes ikke" in text
    code, text = check(tmp_path, capsys)
    assert code == 1
    assert "er en mappe, ikke en fil" in text


def test_clean_file_exits_0_and_errors_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(tmp_path / "budget.xlsx", {"Budget": [BUDGET_HEADER, GOOD_ROW]})
    code, text = check(path, capsys)
    assert code == 0
    assert "Art: basisbudget" in text
    assert text.strip().endswith("Ingen fejl.")
    bad = write_xlsx(tmp_path / "bad.xlsx", {"Budget": [BUDGET_HEADER, [*GOOD_ROW[:2], "mange"]]})
    code, text = check(bad, capsys)
    assert code == 1
    assert "Fejl i Budget!C2: fandt 'mange', forventede Helårspersoner: et tal i dansk format" in text


def test_json_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    bad = write_xlsx(tmp_path / "bad.xlsx", {"Budget": [BUDGET_HEADER, [*GOOD_ROW[:2], "mange"]]})
    code = main(["import-check", str(bad), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert data["kind"] == "budget"
    # C2 is not a number; D2 and E2 (benefit, refusion rule) are required and empty
    assert data["errors"] == 3
    assert [p["address"] for p in data["problems"]] == ["Budget!C2", "Budget!D2", "Budget!E2"]
    assert data["problems"][1]["expected"] == "Ydelse pr. helårsperson: et tal (feltet skal udfyldes)"
