"""Hidden data in every spelling XML allows, and valid spellings never refused as damaged.

Each test writes a small .xlsx/.ods by hand (zipfile with raw XML) and runs the real import: the
core path (``read_budget``) and the CLI (``budgetapp import`` / ``import-check`` via its main
function). A hidden row, column or sheet is either refused with a message naming sheet and row
or column, or imported when the user has chosen so (``include_hidden`` / ``--include-hidden``).
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from budgetapp.cli import main
from budgetapp.io.cells import cell_name
from budgetapp.io.import_budget import read_budget
from budgetapp.io.layouts import store
from budgetapp.io.workbook_reader import open_workbook
from budgetapp.resources import demo_project_path
from tests.import_helpers import BUDGET_HEADER, write_ods_table, write_raw_xlsx, xlsx_cell

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
VISIBLE = ["dagpenge", 2027, 412.5, 231000, "medfinansiering-2016", 0.55, 14500]
HIDDEN = ["kontanthjælp", 2027, 100, 120000, "medfinansiering-2016", 0.5, 9000]


@pytest.fixture(autouse=True)
def private_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "config_path", lambda: tmp_path / "config" / "layouts.json")


def row_xml(number: int, values: list[object], attrs: str = "") -> str:
    cells = "".join(xlsx_cell(cell_name(number - 1, c), v) for c, v in enumerate(values))
    return f'<row r="{number}"{attrs}>{cells}</row>'


def sheet_xml(third_row_attrs: str = "", before_data: str = "", second_row_attrs: str = "") -> str:
    """Header, a visible row and (row 3) the row that may be hidden, with the given attributes."""
    rows = (row_xml(1, BUDGET_HEADER, second_row_attrs) + row_xml(2, VISIBLE, second_row_attrs)
            + row_xml(3, HIDDEN, third_row_attrs))
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}">{before_data}'
            f"<sheetData>{rows}</sheetData></worksheet>")


def write_xlsx(path: Path, sheet: str | bytes, *, workbook: str | None = None,
               more_sheets: dict[str, list[list[object]]] | None = None) -> Path:
    """A workbook with the sheet 'Budget' (its XML as given) and ``more_sheets``; ``workbook``
    replaces xl/workbook.xml."""
    write_raw_xlsx(path, {"Budget": [BUDGET_HEADER], **(more_sheets or {})})
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["xl/worksheets/sheet1.xml"] = sheet.encode() if isinstance(sheet, str) else sheet
    if workbook is not None:
        members["xl/workbook.xml"] = workbook.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def messages(result) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(f"{p.address}: {p.expected}" for p in result.report.problems)


def groups(result) -> dict[str, tuple[float, float]]:  # type: ignore[no-untyped-def]
    return {g.target_group: (g.full_year_persons, g.benefit_per_full_year_person) for g in result.groups}


# --- hidden rows: every spelling ------------------------------------------------------------------

HIDDEN_ROW_SPELLINGS = {
    "plain": ' hidden="1"',
    "decimal character reference": ' hidden="&#49;"',
    "hex character reference": ' hidden="&#x31;"',
    "spaces in the value": ' hidden=" true "',
    "single quotes and spaces around =": " hidden = 'true'",
    "zero height": ' ht="0" customHeight="1"',
}


@pytest.mark.parametrize("spelling", HIDDEN_ROW_SPELLINGS)
def test_hidden_row_in_any_spelling_is_named_and_needs_a_choice(tmp_path: Path, spelling: str) -> None:
    path = write_xlsx(tmp_path / "b.xlsx", sheet_xml(HIDDEN_ROW_SPELLINGS[spelling]))
    refused = read_budget(path)
    assert refused.report.has_errors
    assert "Budget!A3: række 3 er skjult i regnearket og har data" in messages(refused)
    # with consent: both rows, exact figures as written
    chosen = read_budget(path, include_hidden=True)
    assert chosen.report.ok, chosen.report.to_text()
    assert groups(chosen)["dagpenge"] == (412.5, 231000)
    assert next(v for k, v in groups(chosen).items() if k != "dagpenge") == (100, 120000)
    assert "række 3 er skjult i regnearket; den indlæses, som valgt" in messages(chosen)
    # left out: only the visible row
    left_out = read_budget(path, include_hidden=False)
    assert list(groups(left_out)) == ["dagpenge"]


def test_rows_hidden_by_default_are_hidden_unless_they_have_their_own_height(tmp_path: Path) -> None:
    # <sheetFormatPr zeroHeight="1">: rows without their own height are hidden; rows 1 and 2 have one.
    sheet = sheet_xml("", '<sheetFormatPr defaultRowHeight="15" zeroHeight="1"/>',
                      second_row_attrs=' ht="15" customHeight="1"')
    path = write_xlsx(tmp_path / "b.xlsx", sheet)
    book = open_workbook(path)
    assert book.sheet("Budget").hidden_rows == frozenset({2})
    assert "Budget!A3: række 3 er skjult" in messages(read_budget(path))


def test_visible_rows_with_a_height_are_not_hidden(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "b.xlsx", sheet_xml(' ht="15" customHeight="1" hidden="0"'))
    result = read_budget(path)
    assert result.report.ok, result.report.to_text()
    assert len(result.groups) == 2


# --- hidden columns -------------------------------------------------------------------------------

@pytest.mark.parametrize("col", ['<col min="4" max="4" hidden="&#116;rue" width="12"/>',
                                 '<col min="3" max="4" width="0" customWidth="1"/>'])
def test_hidden_column_the_import_reads_is_named_and_needs_consent(tmp_path: Path, col: str) -> None:
    path = write_xlsx(tmp_path / "b.xlsx", sheet_xml("", f"<cols>{col}</cols>"))
    refused = read_budget(path)
    assert refused.report.has_errors and not refused.groups
    assert ("Budget!D:D: kolonne D (Ydelse pr. helårsperson (kr.)) er skjult i regnearket, og importen "
            "læser den") in messages(refused)
    # "leave hidden data out" cannot leave out a column the table needs: still refused
    assert "kan ikke udelades" in messages(read_budget(path, include_hidden=False))
    chosen = read_budget(path, include_hidden=True)
    assert chosen.report.ok, chosen.report.to_text()
    assert groups(chosen)["dagpenge"] == (412.5, 231000)
    assert ("kolonne D (Ydelse pr. helårsperson (kr.)) er skjult i regnearket; den indlæses"
            in messages(chosen))


def test_hidden_column_the_import_does_not_read_changes_nothing(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "b.xlsx", sheet_xml("", '<cols><col min="10" max="12" hidden="1"/></cols>'))
    result = read_budget(path)
    assert result.report.ok, result.report.to_text()
    assert len(result.groups) == 2


# --- hidden sheets --------------------------------------------------------------------------------

def workbook_with_states(state: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" xmlns:r="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="Budget" sheetId="1" r:id="rId1"/>'
            f'<sheet name="Gammel" sheetId="2" r:id="rId2" state={state}/></sheets></workbook>')


@pytest.mark.parametrize(("state", "label"), [('"&#104;idden"', "skjult"), ("'veryHidden'", "meget skjult"),
                                              ('"very&#72;idden"', "meget skjult")])
def test_hidden_sheet_in_any_spelling_is_named(tmp_path: Path, state: str, label: str) -> None:
    path = write_xlsx(tmp_path / "b.xlsx", sheet_xml(), workbook=workbook_with_states(state),
                      more_sheets={"Gammel": [BUDGET_HEADER, VISIBLE]})
    book = open_workbook(path)
    assert book.hidden_sheets == {"Gammel": label}
    result = read_budget(path, include_hidden=True)
    assert f"'Gammel' ({label})" in result.report.to_text()


# --- valid spellings are read, not refused as damaged ---------------------------------------------

def test_character_references_in_values_and_sheet_names_are_read(tmp_path: Path) -> None:
    # D2 = "&#50;31000" = 231000; C2 = "&#x34;12.5" = 412.5; the sheet's name "B&#117;dget" = "Budget"
    sheet = sheet_xml(' hidden="0"').replace("<v>231000</v>", "<v>&#50;31000</v>").replace(
        "<v>412.5</v>", "<v>&#x34;12.5</v>")
    workbook = workbook_with_states('"visible"').replace('name="Budget"', 'name="B&#117;dget"')
    path = write_xlsx(tmp_path / "b.xlsx", sheet, workbook=workbook,
                      more_sheets={"Gammel": [BUDGET_HEADER, VISIBLE]})
    result = read_budget(path)
    assert result.report.ok, result.report.to_text()
    assert groups(result)["dagpenge"] == (412.5, 231000)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-16-le without BOM"])
def test_utf16_sheet_is_read_and_its_hidden_row_named(tmp_path: Path, encoding: str) -> None:
    xml = sheet_xml(' hidden="1"').replace('encoding="UTF-8"', 'encoding="UTF-16"')
    data = {"utf-16": xml.encode("utf-16"), "utf-16-be": b"\xfe\xff" + xml.encode("utf-16-be"),
            # no byte-order mark: the declaration and the zero bytes say it (XML 1.0, appendix F)
            "utf-16-le without BOM": xml.encode("utf-16-le")}[encoding]
    path = write_xlsx(tmp_path / "b.xlsx", data)
    refused = read_budget(path)
    assert "Budget!A3: række 3 er skjult i regnearket og har data" in messages(refused)
    chosen = read_budget(path, include_hidden=True)
    assert chosen.report.ok, chosen.report.to_text()
    # exact figures from the UTF-16 sheet: 412,5 helårspersoner × 231.000 kr.; the hidden row 100 × 120.000
    assert groups(chosen)["dagpenge"] == (412.5, 231000)
    assert sorted(v for v in groups(chosen).values()) == [(100, 120000), (412.5, 231000)]


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE worksheet [<!ENTITY x "999999">]>',
    '<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
])
def test_document_type_declarations_are_refused(tmp_path: Path, doctype: str) -> None:
    sheet = sheet_xml().replace("?>", "?>" + doctype, 1).replace("<v>231000</v>", "<v>&x;</v>")
    result = read_budget(write_xlsx(tmp_path / "b.xlsx", sheet))
    assert not result.groups
    [error] = result.report.errors
    assert ("delen xl/worksheets/sheet1.xml kan ikke læses: delen har en dokumenttypeerklæring"
            in error.expected)


def test_a_sheet_that_is_not_well_formed_is_refused_as_damaged(tmp_path: Path) -> None:
    result = read_budget(write_xlsx(tmp_path / "b.xlsx", sheet_xml().replace("</sheetData>", "")))
    [error] = result.report.errors
    assert "Arket 'Budget' i b.xlsx er beskadiget: XML'en er ikke gyldig (linje 1" in error.expected


# --- ODS --------------------------------------------------------------------------------------------

def ods_cell(value: object) -> str:
    if isinstance(value, str):
        return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
    return (f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p>'
            "</table:table-cell>")


def ods_row(values: list[object], attrs: str = "") -> str:
    return f"<table:table-row{attrs}>{''.join(ods_cell(v) for v in values)}</table:table-row>"


ODS_HIDDEN_ROWS = {
    "character reference": ods_row(HIDDEN, ' table:visibility="&#99;ollapse"'),
    "filtered": ods_row(HIDDEN, " table:visibility='filter'"),
    "collapsed row group": ('<table:table-row-group table:display="false">' + ods_row(HIDDEN)
                            + "</table:table-row-group>"),
    "nested in a collapsed group": ('<table:table-row-group table:display="false"><table:table-row-group>'
                                    + ods_row(HIDDEN) + "</table:table-row-group></table:table-row-group>"),
}


@pytest.mark.parametrize("kind", ODS_HIDDEN_ROWS)
def test_ods_hidden_row_in_any_form_is_named_and_needs_a_choice(tmp_path: Path, kind: str) -> None:
    table = ods_row(BUDGET_HEADER) + ods_row(VISIBLE) + ODS_HIDDEN_ROWS[kind]
    path = write_ods_table(tmp_path / "b.ods", table)
    refused = read_budget(path)
    assert "Budget!A3: række 3 er skjult i regnearket og har data" in messages(refused)
    chosen = read_budget(path, include_hidden=True)
    assert chosen.report.ok, chosen.report.to_text()
    assert sorted(groups(chosen).values()) == [(100, 120000), (412.5, 231000)]


def test_ods_rows_after_a_collapsed_group_are_visible(tmp_path: Path) -> None:
    table = (ods_row(BUDGET_HEADER) + '<table:table-row-group table:display="false">' + ods_row(HIDDEN)
             + "</table:table-row-group>" + ods_row(VISIBLE))
    book = open_workbook(write_ods_table(tmp_path / "b.ods", table))
    assert book.sheet("Budget").hidden_rows == frozenset({1})


def test_ods_hidden_column_is_named(tmp_path: Path) -> None:
    columns = ('<table:table-column table:number-columns-repeated="3"/>'
               '<table:table-column table:visibility="&#99;ollapse"/>'
               '<table:table-column table:number-columns-repeated="3"/>')
    path = write_ods_table(tmp_path / "b.ods", columns + ods_row(BUDGET_HEADER) + ods_row(VISIBLE))
    assert open_workbook(path).sheet("Budget").hidden_columns == frozenset({3})
    assert "Budget!D:D: kolonne D (Ydelse pr. helårsperson (kr.)) er skjult" in messages(read_budget(path))
    assert groups(read_budget(path, include_hidden=True)) == {"dagpenge": (412.5, 231000)}


def test_ods_table_hidden_by_its_style_is_a_hidden_sheet(tmp_path: Path) -> None:
    styles = ('<office:automatic-styles><style:style style:name="ta2" style:family="table">'
              '<style:table-properties table:display="false"/></style:style></office:automatic-styles>')
    path = write_ods_table(tmp_path / "b.ods", ods_row(BUDGET_HEADER) + ods_row(VISIBLE), styles=styles)
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    content = members["content.xml"].decode().replace('table:name="Budget"',
                                                      'table:name="Budget" table:style-name="ta2"')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), members["mimetype"])
        for name in ("content.xml", "META-INF/manifest.xml"):
            archive.writestr(name, content if name == "content.xml" else members[name], zipfile.ZIP_DEFLATED)
    assert open_workbook(path).hidden_sheets == {"Budget": "skjult"}
    refused = read_budget(path)
    assert "arket 'Budget' er skjult i regnearket" in messages(refused)
    assert groups(read_budget(path, include_hidden=True)) == {"dagpenge": (412.5, 231000)}


def test_ods_huge_repeated_rows_are_refused_while_counting_under_1_gb(tmp_path: Path) -> None:
    from tests.test_import_bounded import assert_refused, limited_check

    # 1.048.576 repeated rows × 16.384 repeated columns inside a collapsed row group:
    # 1.048.576 × 16.384 = 17.179.869.184 cells if expanded; the count stops at the first.
    cell = ('<table:table-cell table:number-columns-repeated="16384" office:value-type="float" '
            'office:value="1"/>')
    table = ('<table:table-row-group table:display="false"><table:table-row table:number-rows-repeated='
             f'"1048576">{cell}</table:table-row></table:table-row-group>')
    path = write_ods_table(tmp_path / "b.ods", table)
    assert path.stat().st_size < 1000
    assert_refused(limited_check(path), "1.048.576 rækker × 16.384 kolonner (17.179.869.184 celler)")


# --- the CLI ----------------------------------------------------------------------------------------

def test_cli_import_refuses_a_hidden_row_and_imports_it_with_include_hidden(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "demo.jcbudget"
    shutil.copy(demo_project_path(), project)
    before = project.read_bytes()
    path = write_xlsx(tmp_path / "b.xlsx", sheet_xml(' hidden="&#49;"'))
    assert main(["import", str(project), str(path)]) == 1
    out = capsys.readouterr().out
    assert "Budget!A3: række 3 er skjult i regnearket og har data" in out
    assert project.read_bytes() == before  # nothing changed
    assert main(["import-check", str(path), "--include-hidden"]) == 0
    assert "række 3 er skjult i regnearket; den indlæses, som valgt" in capsys.readouterr().out
    code = main(["import", str(project), str(path), "--include-hidden"])
    out = capsys.readouterr().out
    assert code == 0, out
    # both rows in 2027: 412,5 × 231.000 + 100 × 120.000 = 95.287.500 + 12.000.000 = 107.287.500 kr.
    assert "2027                       107.287.500,0" in out
    assert project.read_bytes() != before


def test_cli_import_check_names_a_hidden_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(tmp_path / "b.xlsx", sheet_xml("", '<cols><col min="4" max="4" hidden=" 1 "/></cols>'))
    assert main(["import-check", str(path)]) == 1
    assert "Budget!D:D: kolonne D (Ydelse pr. helårsperson (kr.)) er skjult" in capsys.readouterr().out


# --- .xls (BIFF8) -----------------------------------------------------------------------------------

def xls_cells(row: int, values: list[object]) -> bytes:
    """LABEL (2.4.148, a two-byte-character string) and NUMBER (2.4.180) records for one row."""
    import struct

    from tests.test_import_xls_bounded import record

    out = b""
    for col, value in enumerate(values):
        if isinstance(value, str):
            text = value.encode("utf-16-le")
            out += record(0x0204, struct.pack("<HHHHB", row, col, 15, len(value), 1) + text)
        else:
            out += record(0x0203, struct.pack("<HHHd", row, col, 15, float(value)))  # type: ignore[arg-type]
    return out


def write_xls_budget(path: Path, hidden_row: bool = False, hidden_col: bool = False) -> Path:
    """Header, a visible row and row 3; Row record (2.4.221) with fDyZero for row 3 and a ColInfo
    record (2.4.53) with fHidden for column D, as asked."""
    import struct

    from tests.test_import_xls_bounded import record, write_xls

    body = b""
    if hidden_col:
        body += record(0x007D, struct.pack("<HHHHHH", 3, 3, 0, 15, 0x0001, 0))
    if hidden_row:
        body += record(0x0208, struct.pack("<HHHHHHBBH", 2, 0, 7, 0x0120, 0, 0, 0x20, 0, 15))
    body += xls_cells(0, BUDGET_HEADER) + xls_cells(1, VISIBLE) + xls_cells(2, HIDDEN)
    bof = struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 6)
    name = struct.pack("<BB", len("Budget"), 0) + b"Budget"
    globals_len = len(record(0x0809, bof)) + len(record(0x0085, b"\0" * 6 + name)) + len(record(0x000A, b""))
    sheet_bof = struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 6)
    stream = (record(0x0809, bof) + record(0x0085, struct.pack("<IBB", globals_len, 0, 0) + name)
              + record(0x000A, b"") + record(0x0809, sheet_bof) + body + record(0x000A, b""))
    return write_xls(path, stream)


def test_xls_hidden_row_is_named_and_needs_a_choice(tmp_path: Path) -> None:
    path = write_xls_budget(tmp_path / "b.xls", hidden_row=True)
    assert open_workbook(path).sheet("Budget").hidden_rows == frozenset({2})
    assert "Budget!A3: række 3 er skjult i regnearket og har data" in messages(read_budget(path))
    chosen = read_budget(path, include_hidden=True)
    assert chosen.report.ok, chosen.report.to_text()
    assert sorted(groups(chosen).values()) == [(100, 120000), (412.5, 231000)]
    # without the marks the same file imports both rows with no word
    assert read_budget(write_xls_budget(tmp_path / "c.xls")).report.ok


def test_xls_hidden_column_is_named(tmp_path: Path) -> None:
    path = write_xls_budget(tmp_path / "b.xls", hidden_col=True)
    assert open_workbook(path).sheet("Budget").hidden_columns == frozenset({3})
    assert "Budget!D:D: kolonne D (Ydelse pr. helårsperson (kr.)) er skjult" in messages(read_budget(path))


# --- counting while reading ------------------------------------------------------------------------

def test_one_cell_written_again_and_again_is_refused_while_reading(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from budgetapp.io import workbook_reader

    monkeypatch.setattr(workbook_reader, "MAX_CELLS", 1000)
    # the table (3 rows × 7 columns = 21 cells) then H4 written 1.000 times: 1.021 cells with a
    # value in a 4 × 8 = 32-cell extent, which no valid sheet has
    again = "<row r=\"4\">" + '<c r="H4"><v>1</v></c>' * 1000 + "</row>"
    path = write_xlsx(tmp_path / "b.xlsx", sheet_xml().replace("</sheetData>", again + "</sheetData>"))
    [error] = read_budget(path).report.errors
    assert error.expected.startswith("Arket 'Budget' er for stort: over 1.000 celler med indhold")


SHARED_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


@pytest.mark.parametrize("spelling", ["utf-16", "cdata"])
def test_long_shared_string_in_another_spelling_is_still_bounded(tmp_path: Path, spelling: str) -> None:
    # One 30.000-character shared string (under the 32.767-character cell limit) referred to by
    # 5.000 cells: 5.000 × 30.000 = 150.000.000 bytes of text > 128 MB = 134.217.728 bytes. In
    # UTF-16, or with a CDATA section holding "</si>" (which a search of the bytes would take for
    # the end of the string), the sizes are read exactly by the parser.
    long_text = "x" * 30_000
    if spelling == "cdata":
        body = f"<si><t><![CDATA[</si><si>{long_text}]]></t></si>"  # a search would say: 12 bytes
        shared = f'<?xml version="1.0" encoding="UTF-8"?><sst {SHARED_NS}>{body}</sst>'.encode()
    else:
        shared = (f'<?xml version="1.0" encoding="UTF-16"?><sst {SHARED_NS}><si><t>{long_text}</t></si>'
                  "</sst>").encode("utf-16")
    refs = "".join(f'<row r="{3 + i}"><c r="H{3 + i}" t="s"><v>0</v></c></row>' for i in range(5000))
    path = write_raw_xlsx(tmp_path / "b.xlsx", {"Budget": [BUDGET_HEADER, VISIBLE]},
                          extra_rows={"Budget": refs}, extra_members={"xl/sharedStrings.xml": shared})
    [error] = read_budget(path).report.errors
    assert "cellerne henviser til i alt" in error.expected and "tekst fra tekstlisten" in error.expected
