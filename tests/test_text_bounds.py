"""Bounded text and one cell budget for the whole workbook: a cell over Excel's 32.767 characters
(inline string, shared string, ODS text, ``<text:s text:c="N"/>``), ODS text whose repeats add up
to more than the workbook's text budget, and sheets that together pass the cell limit are refused
while the file is scanned, with a Danish message naming the sheet and cell; python-calamine never
sees them. The memory-bound tests run ``import-check`` under a 1 GB address-space limit."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from budgetapp.io import text_bounds, workbook_reader
from budgetapp.io.import_budget import read_budget
from budgetapp.io.layouts import store
from budgetapp.io.workbook_reader import WorkbookError, open_workbook
from tests.import_helpers import BUDGET_HEADER, write_ods_table, write_raw_xlsx, xlsx_cell
from tests.test_import_bounded import assert_refused, limited_check

LIMIT = text_bounds.MAX_CELL_CHARS  # 32.767
ROW = ["dagpenge", 2027, 412.5, 231000, "medfinansiering-2016", 0.55, 14500]
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.fixture(autouse=True)
def private_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "config_path", lambda: tmp_path / "config" / "layouts.json")


def refusal(path: Path) -> str:
    with pytest.raises(WorkbookError) as caught:
        open_workbook(path)
    return str(caught.value)


def xlsx_with_row3(path: Path, cells: str, shared: bytes | None = None) -> Path:
    """A budget sheet (header, one row) and a third row of raw ``<c>`` elements."""
    extra = {"xl/sharedStrings.xml": shared} if shared is not None else None
    return write_raw_xlsx(path, {"Budget": [BUDGET_HEADER, ROW]},
                          extra_rows={"Budget": f'<row r="3">{cells}</row>'}, extra_members=extra)


# --- one cell over 32.767 characters --------------------------------------------------------------

def test_inline_string_at_the_limit_is_read_and_one_more_character_is_refused(tmp_path: Path) -> None:
    at_limit = xlsx_with_row3(tmp_path / "a.xlsx", xlsx_cell("H3", "x" * LIMIT))
    assert open_workbook(at_limit).sheet("Budget").rows[2][7] == "x" * LIMIT
    over = xlsx_with_row3(tmp_path / "b.xlsx", xlsx_cell("H3", "x" * (LIMIT + 1)))
    assert refusal(over) == ("Filen b.xlsx kan ikke indlæses: cellen Budget!H3 har over 32.767 tegn tekst, "
                             "som er det højeste, en celle i Excel kan rumme; filen er ikke skrevet af et "
                             "regnearksprogram og indlæses ikke")


@pytest.mark.parametrize("spelling", ["rich text runs", "character references", "prefixed elements",
                                      "formula string result", "empty cell nested", "cell nested"])
def test_long_cell_in_any_spelling_is_refused(tmp_path: Path, spelling: str) -> None:
    # each cell's text is 2 × 20.000 = 40.000 characters > 32.767
    half = "y" * 20_000
    cell = {
        "rich text runs": f'<c r="D3" t="inlineStr"><is><r><t>{half}</t></r><r><t>{half}</t></r></is></c>',
        "character references": f'<c r="D3" t="inlineStr"><is><t>{"&#65;" * 40_000}</t></is></c>',
        "prefixed elements": f'<x:c xmlns:x="{MAIN_NS}" r="D3" t="inlineStr"><x:is><x:t>{half}{half}'
                             "</x:t></x:is></x:c>",
        "formula string result": f'<c r="D3" t="str"><f>REPT("y",40000)</f><v>{half}{half}</v></c>',
        # python-calamine joins the text around an element nested in the cell: each piece between
        # two "<c" is short, the cell is not
        "empty cell nested": f'<c r="D3" t="inlineStr"><is><t>{half}</t><c/><t>{half}</t></is></c>',
        "cell nested": f'<c r="D3" t="inlineStr"><is><t>{half}</t><c r="Z9"></c>\n  <t>{half}</t></is></c>',
    }[spelling]
    path = xlsx_with_row3(tmp_path / "b.xlsx", cell)
    assert "cellen Budget!D3 har over 32.767 tegn tekst" in refusal(path)


def test_long_cell_is_named_by_its_position_on_a_second_sheet(tmp_path: Path) -> None:
    path = write_raw_xlsx(tmp_path / "b.xlsx", {"Budget": [BUDGET_HEADER, ROW], "Noter 2027": [["a"]]},
                          extra_rows={"Noter 2027": f'<row r="7">{xlsx_cell("C7", "z" * 40_000)}</row>'})
    assert "cellen 'Noter 2027'!C7 har over 32.767 tegn tekst" in refusal(path)


def test_long_shared_string_is_refused_before_calamine_reads_it(tmp_path: Path) -> None:
    shared = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}"><si><t>kort</t></si>'
              f'<si><r><t>{"s" * 30_000}</t></r><r><t>{"s" * 3_000}</t></r></si></sst>').encode()
    path = xlsx_with_row3(tmp_path / "b.xlsx", '<c r="H3" t="s"><v>1</v></c>', shared)
    # the second string has 30.000 + 3.000 = 33.000 characters
    assert "tekst nr. 2 i tekstlisten (xl/sharedStrings.xml) har over 32.767 tegn" in refusal(path)


def test_shared_string_at_the_limit_with_a_phonetic_run_is_read(tmp_path: Path) -> None:
    # the phonetic guide (<rPh>) is not the cell's text: 32.767 characters, read as they are
    shared = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}"><si><t>{"s" * LIMIT}</t>'
              f'<rPh sb="0" eb="1"><t>{"p" * 100}</t></rPh></si></sst>').encode()
    path = xlsx_with_row3(tmp_path / "b.xlsx", '<c r="H3" t="s"><v>0</v></c>', shared)
    assert open_workbook(path).sheet("Budget").rows[2][7].startswith("s" * LIMIT)


def ods_row(cell: str, attrs: str = "") -> str:
    return f"<table:table-row{attrs}>{cell}</table:table-row>"


@pytest.mark.parametrize(("cell", "where"), [
    (f'<table:table-cell office:value-type="string"><text:p>{"t" * (LIMIT + 1)}</text:p>'
     "</table:table-cell>", "A1"),
    ('<table:table-cell/><table:table-cell office:value-type="string"><text:p>a<text:s text:c="2000000000"/>'
     "</text:p></table:table-cell>", "B1"),
    # 20.000 paragraphs of one character and a line break each: 40.000 characters
    ('<table:table-cell office:value-type="string">' + "<text:p>a<text:line-break/></text:p>" * 20_000
     + "</table:table-cell>", "A1"),
    ('<table:table-cell office:value-type="string">' + "<text:tab/>" * 40_000 + "</table:table-cell>", "A1"),
    (f'<table:table-cell office:value-type="string" office:string-value="{"v" * 40_000}"/>', "A1"),
])
def test_ods_cell_over_the_limit_in_any_form_is_refused(tmp_path: Path, cell: str, where: str) -> None:
    path = write_ods_table(tmp_path / "b.ods", ods_row(cell))
    assert f"cellen Budget!{where} har over 32.767 tegn tekst" in refusal(path)


def test_ods_text_repeated_past_the_workbook_budget_is_refused(tmp_path: Path) -> None:
    # 30.000 characters in one cell, repeated over 10 columns and 500 rows: 30.000 × 10 × 500 =
    # 150.000.000 characters > 128 × 2^20 = 134.217.728 (calamine copies it into every position)
    cell = ('<table:table-cell table:number-columns-repeated="10" office:value-type="string">'
            f'<text:p>{"r" * 30_000}</text:p></table:table-cell>')
    path = write_ods_table(tmp_path / "b.ods", ods_row(cell, ' table:number-rows-repeated="500"'))
    assert "cellernes tekst fylder i alt over 134.217.728 tegn (grænsen blev passeret ved Budget!A1" \
        in refusal(path)
    # 30.000 × 10 × 400 = 120.000.000 ≤ 134.217.728: read
    under = write_ods_table(tmp_path / "c.ods", ods_row(cell, ' table:number-rows-repeated="400"'))
    assert open_workbook(under).sheet("Budget").rows[399][9] == "r" * 30_000


# --- one cell budget for the whole workbook -------------------------------------------------------

def test_ods_tables_each_under_the_limit_but_together_over_it_are_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook_reader, "MAX_CELLS", 1_000_000)
    # 50 tables of 1.000 rows × 200 columns = 200.000 cells each (one repeated value): each is under
    # the 1.000.000-cell limit, together 50 × 200.000 = 10.000.000 cells; the limit is passed at
    # table 6 (5 × 200.000 = 1.000.000 is not over it, 6 × 200.000 = 1.200.000 is)
    cell = ('<table:table-cell table:number-columns-repeated="200" office:value-type="float" '
            'office:value="1"/>')
    table = ods_row(cell, ' table:number-rows-repeated="1000"')
    path = write_ods_table(tmp_path / "b.ods", table, sheet="T1")
    with zipfile.ZipFile(path) as archive:
        content = archive.read("content.xml").decode()
    one = content[content.index("<table:table "):content.index("</table:table>") + len("</table:table>")]
    tables = "".join(one.replace('table:name="T1"', f'table:name="T{i}"') for i in range(1, 51))
    content = content.replace(one, tables)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    assert path.stat().st_size < 20_000
    message = refusal(path)
    assert message.startswith("Filen b.ods er for stor: arkene fylder tilsammen over 1.000.000 celler "
                              "(grænsen blev passeret ved arket 'T6', nr. 6)")


def test_xlsx_sheets_together_over_the_limit_are_refused(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook_reader, "MAX_CELLS", 20)
    # two sheets of 2 rows × 7 columns = 14 cells each: each ≤ 20, together 28 > 20
    path = write_raw_xlsx(tmp_path / "b.xlsx", {"Budget": [BUDGET_HEADER, ROW], "Kopi": [BUDGET_HEADER, ROW]})
    assert "arkene fylder tilsammen over 20 celler (grænsen blev passeret ved arket 'Kopi', nr. 2)" \
        in refusal(path)
    one = write_raw_xlsx(tmp_path / "c.xlsx", {"Budget": [BUDGET_HEADER, ROW]})
    assert read_budget(one).report.ok


# --- under a 1 GB memory limit --------------------------------------------------------------------

def test_cell_of_hundreds_of_mb_is_refused_under_1_gb(tmp_path: Path) -> None:
    # one inline string of 250 MB (about 250 KB on disk): calamine would abort the process (exit 134)
    path = write_raw_xlsx(tmp_path / "b.xlsx", {"Budget": [BUDGET_HEADER, ROW]})
    with zipfile.ZipFile(path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    head, tail = members.pop("xl/worksheets/sheet1.xml").split(b"</sheetData>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        archive_info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
        archive_info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(archive_info, "w", force_zip64=True) as stream:
            stream.write(head + b'<row r="3"><c r="B3" t="inlineStr"><is><t>')
            block = b"A" * 2**20
            for _ in range(250):
                stream.write(block)
            stream.write(b"</t></is></c></row></sheetData>" + tail)
    assert path.stat().st_size < 1_000_000
    assert_refused(limited_check(path), "cellen Budget!B3 har over 32.767 tegn tekst")


def test_repeated_spaces_of_two_billion_are_refused_under_1_gb(tmp_path: Path) -> None:
    cell = ('<table:table-cell office:value-type="string"><text:p>a<text:s text:c="2000000000"/></text:p>'
            "</table:table-cell>")
    path = write_ods_table(tmp_path / "b.ods", ods_row(cell))
    assert path.stat().st_size < 2_000
    assert_refused(limited_check(path), "cellen Budget!A1 har over 32.767 tegn tekst")


def test_longest_run_bounds_every_cell_across_steps() -> None:
    run = text_bounds.LongestRun(b"<c")
    data = b'<row><c r="A1"><v>1</v></c><c r="B1"><is><t>' + b"x" * 100 + b"</t></is></c></row>"
    for start in range(0, len(data), 7):  # fed in 7-byte steps, a separator often cut in two
        run.feed(data[start:start + 7])
    longest_cell = len(b'<c r="B1"><is><t>' + b"x" * 100 + b"</t></is></c></row>") - 2  # without "<c"
    assert run.longest >= longest_cell
    assert run.longest <= len(data)


@pytest.mark.parametrize("step", [1, 7, 1000, 1 << 20])
@pytest.mark.parametrize("nested", [
    b'<c r="A1"><is><t>x</t><c/><t>y</t></is></c>',
    b'<c r="A1"><is><t>x</t><c r="Z9"></c>' + b" " * 300 + b"<t>y</t></is></c>",
    b'<c r="A1"><is><t>x</t><c r="Z9"/>yyy</is></c>',
    b'<x:c r="A1"><x:is><x:t>x</x:t><x:c/><x:t>y</x:t></x:is></x:c>'])
def test_a_cell_nested_in_a_cell_lifts_the_bound_past_every_limit(nested: bytes, step: int) -> None:
    run = text_bounds.LongestRun(b"<c")
    for start in range(0, len(nested), step):
        run.feed(nested[start:start + step])
    run.feed(b"")
    assert run.longest > LIMIT


def test_cells_as_spreadsheet_programs_write_them_keep_a_short_bound() -> None:
    rows = b"".join(b'<row r="%d"><c r="A%d" s="1"/><c r="B%d"><f t="shared" si="0"/><v>2</v></c>\n'
                    b'<c r="C%d" t="inlineStr"><is><t>tekst</t></is></c></row>' % (n, n, n, n)
                    for n in range(1, 2000))
    sheet = (b'<worksheet><sheetViews><sheetView workbookViewId="0"><selection activeCell="A1"/></sheetView>'
             b"</sheetViews><sheetData>" + rows + b'</sheetData><pageMargins left="0.7"/></worksheet>')
    for step in (1, 13, 4096):
        run = text_bounds.LongestRun(b"<c")
        for start in range(0, len(sheet), step):
            run.feed(sheet[start:start + step])
        run.feed(b"")
        assert run.longest < 200  # the longest piece: a row's last cell, its end and the next row's start


@pytest.mark.parametrize("layout", ["nested", "nested and pretty-printed"])
def test_shared_string_joined_around_a_nested_string_is_refused(tmp_path: Path, layout: str) -> None:
    # two pieces of 20.000 characters around a nested <si/>: each piece searched for "</si>" is
    # short, the string python-calamine would build is 40.000 characters
    half = "n" * 20_000
    gap = "\n  " if layout.endswith("printed") else ""
    shared = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}">{gap}<si><t>kort</t></si>{gap}'
              f"<si><t>{half}</t><si></si><t>{half}</t></si>{gap}</sst>").encode()
    path = xlsx_with_row3(tmp_path / "b.xlsx", '<c r="H3" t="s"><v>1</v></c>', shared)
    assert "tekst nr. 2 i tekstlisten (xl/sharedStrings.xml) har over 32.767 tegn" in refusal(path)


def test_pretty_printed_shared_strings_under_the_limit_are_read(tmp_path: Path) -> None:
    shared = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}">\n  <si><t>kort</t></si>\n'
              f'  <si><t>{"l" * LIMIT}</t></si>\n</sst>').encode()
    path = xlsx_with_row3(tmp_path / "b.xlsx", '<c r="H3" t="s"><v>1</v></c>', shared)
    assert open_workbook(path).sheet("Budget").rows[2][7] == "l" * LIMIT


@pytest.mark.parametrize("step", [1, 5, 4096])
def test_shared_string_ends_are_counted_across_steps(step: int) -> None:
    plain = b'<sst><si><t>a</t></si><si><t>b</t></si></sst>'
    nested = b'<sst><si><t>a</t><si></si><t>b</t></si></sst>'
    for data, odd in ((plain, False), (nested, True)):
        ends = text_bounds.SharedStringEnds()
        for start in range(0, len(data), step):
            ends.feed(data[start:start + step])
        assert ends.odd is odd
