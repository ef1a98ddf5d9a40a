"""Robust reading, each kind with a file the test writes: totals rows by label, the real used range,
encodings and separators, CSV shape, published rounded shares, hidden rows and sheets."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetapp.cli import main
from budgetapp.io import workbook_reader
from budgetapp.io.import_budget import read_budget
from budgetapp.io.import_unit_costs import read_unit_costs
from budgetapp.io.tables import suggest_header_row
from budgetapp.io.workbook_reader import Sheet, open_workbook
from tests.import_helpers import BUDGET_HEADER, write_raw_xlsx, write_xlsx

ROW = ["dagpenge", 2027, 412.5, 231000, "medfinansiering-2016", 0.55, 14500]


def check(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["import-check", str(path), *extra])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out + out.err


# --- totals and subtotal rows, by label in any text cell ------------------------------------------

def jobindsats_rows(total_persons: float) -> list[list[object]]:
    """Area name in column A, target group in B, and a total row labelled in B, not A."""
    header = ["Område", "Målgruppe", "År", "Helårspersoner", "Ydelse pr. helårsperson (kr.)",
              "Refusionsregel", "Gns. refusionssats (%)"]
    return [header,
            ["Hillerød", "dagpenge", 2025, 1480, 200000, "medfinansiering-2016", 0.55],
            ["Hillerød", "sygedagpenge", 2025, 980, 220000, "refusionstrappe-2016", 0.3],
            ["Hillerød", "ledighedsydelse", 2025, 1210, 180000, "refusionstrappe-2016", 0.3],
            ["Hillerød", "Ydelsesgrupper i alt", 2025, total_persons, None, None, None]]


def test_total_row_labelled_in_the_second_column_is_checked_not_imported(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 1.480 + 980 + 1.210 = 3.670 full-time persons: the total row agrees and is not a fourth group.
    path = write_xlsx(tmp_path / "jobindsats.xlsx", {"Budget": jobindsats_rows(3670)})
    result = read_budget(path)
    assert result.report.ok, result.report.to_text()
    assert [g.target_group for g in result.groups] == ["dagpenge", "sygedagpenge", "ledighedsydelse"]
    assert sum(g.full_year_persons for g in result.groups) == 3670
    assert "1 sumrækker kontrolleret" in result.report.notes[0]
    code, _ = check(path, capsys)
    assert code == 0


def test_total_row_that_disagrees_is_an_error_at_its_cell(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "jobindsats.xlsx", {"Budget": jobindsats_rows(3091)})
    result = read_budget(path)
    assert result.groups == ()
    [error] = result.report.errors
    assert (error.address, error.found) == ("Budget!D5", "3.091")
    assert error.expected.startswith("Helårspersoner: summen af rækkerne 2-4 ovenfor = 3.670")


@pytest.mark.parametrize("label", ["I alt", "Total", "Sum", "Samlet", "Målgrupper i alt", "TOTAL:"])
def test_total_labels(tmp_path: Path, label: str) -> None:
    rows = [BUDGET_HEADER, ROW, [label, None, 412.5, None, None, None, None]]
    result = read_budget(write_xlsx(tmp_path / "b.xlsx", {"Budget": rows}))
    assert result.report.ok, result.report.to_text()
    assert len(result.groups) == 1


def test_heraf_row_is_left_out_with_a_warning(tmp_path: Path) -> None:
    rows = [BUDGET_HEADER, ROW, ["heraf under 30 år", 2027, 100, 231000, "medfinansiering-2016", 0.55, 0]]
    result = read_budget(write_xlsx(tmp_path / "b.xlsx", {"Budget": rows}))
    assert result.report.ok
    assert len(result.groups) == 1
    [warning] = result.report.warnings
    assert warning.address == "Budget!A3:G3"
    assert "heraf-række" in warning.expected


def test_a_remark_saying_i_alt_does_not_make_a_total_row(tmp_path: Path) -> None:
    header = [*BUDGET_HEADER, "Kilde"]
    rows = [header, [*ROW, "Regnskab i alt for 2025"]]
    result = read_budget(write_xlsx(tmp_path / "b.xlsx", {"Budget": rows}))
    assert result.report.ok, result.report.to_text()
    assert len(result.groups) == 1


# --- used range: the cells actually present ---------------------------------------------------------

def test_stray_formatted_cell_at_the_last_row_does_not_refuse_a_tiny_sheet(tmp_path: Path) -> None:
    # The sheet states A1:L1048576 (1.048.576 × 12 = 12.582.912 cells) and has a formatted empty
    # cell at L1048576; its real cells are 2 rows × 7 columns.
    path = write_raw_xlsx(tmp_path / "b.xlsx", {"Budget": [BUDGET_HEADER, ROW]},
                          dimension={"Budget": "A1:L1048576"},
                          extra_rows={"Budget": '<row r="1048576"><c r="L1048576" s="1"/></row>'})
    result = read_budget(path)
    assert result.report.ok, result.report.to_text()
    assert len(result.groups) == 1


def test_lying_used_range_is_refused_from_the_real_cells(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook_reader, "MAX_CELLS", 1000)
    # The sheet states A1:A1 but holds 201 rows × 7 columns = 1.407 cells > 1.000. The reading
    # stops at the first cell over the limit: 142 rows × 7 = 994 ≤ 1.000, 143 rows × 7 = 1.001.
    path = write_raw_xlsx(tmp_path / "b.xlsx", {"Budget": [BUDGET_HEADER] + [ROW] * 200},
                          dimension={"Budget": "A1"})
    result = read_budget(path)
    message = "Arket 'Budget' er for stort: 143 rækker × 7 kolonner (1.001 celler); højst 1.000 celler"
    assert result.report.errors[0].expected.startswith(message)
    assert "Læsningen stoppede ved grænsen" in result.report.errors[0].expected
    # refused while the XML is read, before python-calamine is asked to load the sheet
    with pytest.raises(workbook_reader.WorkbookError, match=r"1\.001 celler"):
        open_workbook(path)


# --- encodings and separators --------------------------------------------------------------------------

UNIT_LINES = ["Målgruppe;År;Fuldtidsledige;Udgift til beskæftigelsesindsats",
              "Jobafklaringsforløb;2025;523,4;9.850.000",
              "Sygedagpengemodtagere;2025;612;11.200.000"]


@pytest.mark.parametrize(("encoding", "prefix", "note"), [
    ("utf-8", b"", None),
    ("utf-8", b"\xef\xbb\xbf", None),
    ("utf-16-le", b"\xff\xfe", "Tegnsæt: UTF-16 LE (Unicode-tekst) (filen er ikke UTF-8)"),
    ("utf-16-be", b"\xfe\xff", "Tegnsæt: UTF-16 BE (Unicode-tekst) (filen er ikke UTF-8)"),
    ("cp1252", b"", "Tegnsæt: Windows-1252 (Vesteuropæisk) (filen er ikke UTF-8)"),
    ("mac_roman", b"", "Tegnsæt: Mac OS Roman (Excel til Mac) (filen er ikke UTF-8)"),
])
@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_encodings_are_detected_and_named(tmp_path: Path, encoding: str, prefix: bytes, note: str | None,
                                          delimiter: str) -> None:
    text = "\r\n".join(line.replace(";", delimiter) for line in UNIT_LINES) + "\r\n"
    path = tmp_path / "enhed.csv"
    path.write_bytes(prefix + text.encode(encoding))
    result = read_unit_costs(path)
    assert result.report.ok, result.report.to_text()
    # "Jobafklaringsforløb" is the known group, not a new group "Jobafklaringsforl¿b"
    assert [g.target_group for g in result.groups] == ["jobafklaring", "sygedagpenge"]
    assert result.groups[0].full_year_persons == 523.4
    assert (note in result.report.notes) if note else not any("Tegnsæt" in n for n in result.report.notes)


def test_utf16_without_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "enhed.csv"
    path.write_bytes("\n".join(line.replace(";", "\t") for line in UNIT_LINES).encode("utf-16-le"))
    assert [g.target_group for g in read_unit_costs(path).groups] == ["jobafklaring", "sygedagpenge"]


def test_separator_inside_a_text_field_does_not_mislead(tmp_path: Path) -> None:
    lines = ["Målgruppe,År,Helårspersoner,Ydelse pr. helårsperson,Refusionsregel,Gns. refusionssats,Kilde",
             "dagpenge,2027,412.5,231000,medfinansiering-2016,0.55,Regnskab; korrigeret",
             'sygedagpenge,2027,300,240000,refusionstrappe-2016,0.3,"Budget; skøn"']
    path = tmp_path / "budget.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = read_budget(path)
    assert result.report.ok, result.report.to_text()
    assert [g.source for g in result.groups] == ["Regnskab; korrigeret", "Budget; skøn"]


def test_unquoted_decimal_comma_in_a_comma_csv_is_an_error_at_its_row(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = ["Målgruppe,År,Helårspersoner,Ydelse pr. helårsperson,Refusionsregel,Gns. refusionssats,"
             "Indsats pr. helårsperson",
             "sygedagpenge,2027,300,240000,refusionstrappe-2016,0.3,9000",
             "dagpenge,2027,412,231000,medfinansiering-2016,35,5,14500"]  # 35,5 % unquoted: 8 fields
    path = tmp_path / "budget.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = read_budget(path)
    assert result.groups == ()
    [error] = result.report.errors
    assert error.address == "budget!A3:H3"
    assert error.expected.startswith("højst 7 felter som overskriftsrækken (række 1), men rækken har 8: "
                                     "sandsynligvis et decimalkomma i en kommasepareret fil")
    code, text = check(path, capsys)
    assert code == 1
    assert "intet er indlæst" in text


def test_detected_separator_and_encoding_are_public(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes("a\tb\næ\tø\n".encode("utf-16"))
    book = open_workbook(path)
    assert (book.delimiter, book.encoding) == ("\t", "utf-16-le")


# --- shares with published rounding ----------------------------------------------------------------

BANDS_HEADER = ["Målgruppe", "År", "Helårspersoner", "Ydelse pr. helårsperson", "Refusionsregel",
                "Andel uge 1-4", "Andel uge 5-26", "Andel uge 27-52", "Andel uge 53+"]


def test_rounded_shares_summing_to_99_9_percent_are_normalised_with_a_warning(tmp_path: Path) -> None:
    rows = [BANDS_HEADER, ["sygedagpenge", 2027, 300, 240000, "refusionstrappe-2016",
                           "10,0 %", "40,0 %", "25,0 %", "24,9 %"]]
    result = read_budget(write_xlsx(tmp_path / "b.xlsx", {"Budget": rows}))
    assert result.report.ok, result.report.to_text()
    [warning] = result.report.warnings
    assert (warning.address, warning.found) == ("Budget!F2", "10 % + 40 % + 25 % + 24,9 %")
    assert "summen er 99,9 %" in warning.expected
    # each share ÷ 0,999: 0,1 / 0,999 = 0,1001001...; the four sum to 1
    bands = result.groups[0].band_distribution
    assert bands == pytest.approx((0.1 / 0.999, 0.4 / 0.999, 0.25 / 0.999, 0.249 / 0.999), abs=1e-12)
    assert sum(bands) == pytest.approx(1.0, abs=1e-12)


def test_import_check_never_exits_0_when_it_changes_figures(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    rows = [BANDS_HEADER, ["sygedagpenge", 2027, 300, 240000, "refusionstrappe-2016", 0.1, 0.4, 0.25, 0.249]]
    code, text = check(write_xlsx(tmp_path / "b.xlsx", {"Budget": rows}), capsys)
    assert code == 2
    assert text.strip().endswith("Ingen fejl, 1 advarsler; 1 af dem ændrer tal fra filen. Kontrollér dem.")
    exact = [BANDS_HEADER, ["sygedagpenge", 2027, 300, 240000, "refusionstrappe-2016", 0.1, 0.4, 0.25, 0.25]]
    assert check(write_xlsx(tmp_path / "ok.xlsx", {"Budget": exact}), capsys)[0] == 0


def test_shares_off_by_more_than_half_a_point_are_an_error_in_percent(tmp_path: Path) -> None:
    rows = [BANDS_HEADER, ["sygedagpenge", 2027, 300, 240000, "refusionstrappe-2016", 0.1, 0.4, 0.25, 0.244]]
    result = read_budget(write_xlsx(tmp_path / "b.xlsx", {"Budget": rows}))
    [error] = result.report.errors
    assert (error.address, error.found) == ("Budget!F2", "10 % + 40 % + 25 % + 24,4 %")
    assert error.expected.endswith("summen er 99,4 %")


# --- hidden rows and sheets -----------------------------------------------------------------------

def hidden_row_file(tmp_path: Path) -> Path:
    rows = [BUDGET_HEADER, ROW, ["kontanthjaelp", 2027, 300, 150000, "refusionstrappe-2016", 0.25, 12000],
            ["sygedagpenge", 2027, 200, 220000, "refusionstrappe-2016", 0.3, 9000]]
    return write_raw_xlsx(tmp_path / "b.xlsx", {"Budget": rows}, hidden_rows={"Budget": {2}})


def test_hidden_row_needs_a_choice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = hidden_row_file(tmp_path)
    result = read_budget(path)
    assert result.groups == ()
    [error] = result.report.errors
    assert error.address == "Budget!A3"
    assert "række 3 er skjult i regnearket og har data" in error.expected
    assert check(path, capsys)[0] == 1

    included = read_budget(path, include_hidden=True)
    assert [g.target_group for g in included.groups] == ["dagpenge", "kontanthjaelp", "sygedagpenge"]
    assert [w.address for w in included.report.warnings] == ["Budget!A3"]
    code, text = check(path, capsys, "--include-hidden")
    assert code == 0 and "den indlæses, som valgt" in text

    excluded = read_budget(path, include_hidden=False)
    assert [g.target_group for g in excluded.groups] == ["dagpenge", "sygedagpenge"]
    assert "den udelades, som valgt" in excluded.report.warnings[0].expected
    assert check(path, capsys, "--exclude-hidden")[0] == 2  # figures of the file left out: never 0


@pytest.mark.parametrize(("state", "label"), [("hidden", "skjult"), ("veryHidden", "meget skjult")])
def test_hidden_budget_sheet_needs_a_choice(tmp_path: Path, capsys: pytest.CaptureFixture[str], state: str,
                                            label: str) -> None:
    path = write_raw_xlsx(tmp_path / "b.xlsx", {"Forside": [["Budget 2027"]], "Budget": [BUDGET_HEADER, ROW]},
                          sheet_state={"Budget": state})
    result = read_budget(path)
    assert result.groups == ()
    assert f"arket 'Budget' er {label} i regnearket" in result.report.errors[0].expected
    assert f"Skjulte ark: 'Budget' ({label})" in result.report.notes[0]
    assert check(path, capsys)[0] == 1
    included = read_budget(path, include_hidden=True)
    assert len(included.groups) == 1
    assert included.report.warnings[0].expected == f"arket er {label}; det læses, som valgt"


def test_hidden_sheet_beside_the_table_is_named_and_not_read(tmp_path: Path) -> None:
    other = [BUDGET_HEADER, ["kontanthjaelp", 2027, 300, 150000, "refusionstrappe-2016", 0.25, 12000]]
    path = write_raw_xlsx(tmp_path / "b.xlsx", {"Budget": [BUDGET_HEADER, ROW], "Gammel": other},
                          sheet_state={"Gammel": "veryHidden"})
    result = read_budget(path)
    assert result.report.ok
    assert [g.target_group for g in result.groups] == ["dagpenge"]
    assert result.report.notes[0].startswith("Skjulte ark: 'Gammel' (meget skjult)")


def test_header_row_is_suggested_below_a_title_block() -> None:
    rows: list[list[object]] = [
        ["Budget 2027-2030, Eksempel Kommune", None, None],
        ["Beløb i 1.000 kr.", None, None],
        [],
        ["Funktion", "Budget 2027", "Overslag 2028"],
        ["5.57.71", "12.345", 12400.0],
        ["I alt", "12.345", 12400.0],
    ]
    assert suggest_header_row(Sheet("Budget", rows)) == 3
    assert suggest_header_row(Sheet("Tom", [["kun", "tekst"], ["og", "tekst"]])) is None


def test_wide_letter_bound_is_tightened_before_refusing(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook_reader, "MAX_CELLS", 10_000)
    # 301 rows × 30 columns (A..AD) = 9.030 cells fit; the quick bound (two-letter columns: 702)
    # would be 301 × 702 = 211.302, so the sheet is scanned again for its last column.
    header = [*BUDGET_HEADER, *(f"Ekstra {k}" for k in range(23))]
    rows = [header] + [[*ROW[:1], 1800 + k, *ROW[2:], *([None] * 22), 1] for k in range(300)]
    path = write_raw_xlsx(tmp_path / "b.xlsx", {"Budget": rows})
    book = open_workbook(path)
    assert len(book.sheet("Budget").rows) == 301
    assert (book._scans["Budget"].rows, book._scans["Budget"].cols) == (301, 30)


def test_hidden_row_in_an_ods_file_needs_a_choice(tmp_path: Path) -> None:
    from tests.test_import_bounded import write_ods_table

    def cell(v: object) -> str:
        kind = f'"float" office:value="{v}"' if isinstance(v, int | float) else '"string"'
        return f"<table:table-cell office:value-type={kind}><text:p>{v}</text:p></table:table-cell>"

    def row(values: list[object], hidden: bool = False) -> str:
        flag = ' table:visibility="collapse"' if hidden else ""
        return f"<table:table-row{flag}>{''.join(map(cell, values))}</table:table-row>"

    other = ["sygedagpenge", 2027, 200, 220000, "refusionstrappe-2016", 0.3, 9000]
    path = write_ods_table(tmp_path / "b.ods", row(BUDGET_HEADER) + row(ROW) + row(other, hidden=True))
    result = read_budget(path)
    assert [(e.address, "skjult" in e.expected) for e in result.report.errors] == [("Budget!A3", True)]
    assert len(read_budget(path, include_hidden=True).groups) == 2


def test_error_cell_position_without_cell_references_across_read_steps(tmp_path: Path) -> None:
    # Cells written without r="..." (as some programs do), in one row longer than a 1 MB read
    # step: the error value at the row's end is still placed at its own column.
    filler = '<c t="inlineStr"><is><t>' + "x" * 40 + "</t></is></c>"
    row = "<row>" + filler * 25_000 + '<c t="e"><v>#REF!</v></c></row>'
    path = write_raw_xlsx(tmp_path / "b.xlsx", {"Data": []}, extra_rows={"Data": row})
    rows = open_workbook(path).sheet("Data").rows
    assert len(rows[0]) == 25_001
    assert str(rows[0][25_000]) == "#REF!"
    assert rows[0][24_999] == "x" * 40
