"""The quick worksheet reading (budgetapp.io.xml_quick_scan) finds what the exact one finds.

For any sheet XML, in any spelling and fed in steps of any size, the quick reading either gives
up (and the part is read again exactly) or reports the same error values, formulas without a
value, hidden rows and columns, and an extent at least the exact one and within the limit. For
the spelling spreadsheet programs write, it must not give up: that is what makes it quick.
"""

from __future__ import annotations

import io
import zipfile

import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetapp.io.xml_quick_scan import QuickSheetScan
from budgetapp.io.xml_scan import SheetTooLarge, XlsxSheetScan

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def feed(scan: XlsxSheetScan, data: bytes, step: int) -> None:
    for start in range(0, len(data), step):
        scan.feed(data[start:start + step])
    scan.feed(b"", True)


def exact_scan(data: bytes, limit: int = 0) -> XlsxSheetScan | SheetTooLarge:
    scan = XlsxSheetScan(member="s", limit_cells=limit)
    try:
        feed(scan, data, 1 << 20)
    except SheetTooLarge as exc:
        return exc
    return scan


def quick_scan(data: bytes, step: int, limit: int = 0) -> QuickSheetScan:
    scan = QuickSheetScan(member="s", limit_cells=limit)
    feed(scan, data, step)  # the quick reading never raises SheetTooLarge: it gives up
    return scan


def assert_same(data: bytes, step: int, limit: int = 0) -> QuickSheetScan:
    quick = quick_scan(data, step, limit)
    exact = exact_scan(data, limit)
    if quick.needs_exact:
        return quick
    if quick.error:  # refused as damaged; the exact reading refuses it too (maybe first as too large)
        assert isinstance(exact, SheetTooLarge) or exact.error == quick.error
        return quick
    assert not isinstance(exact, SheetTooLarge), "the quick reading passed a sheet over the limit"
    assert not exact.error
    assert quick.errors == exact.errors
    assert quick.no_value == exact.no_value
    assert quick.hidden_rows == exact.hidden_rows
    assert quick.hidden_cols == exact.hidden_cols
    assert quick.shared_refs >= exact.shared_refs
    assert quick.rows >= exact.rows and quick.cols >= exact.cols
    assert quick.filled >= exact.filled
    if limit:
        assert quick.rows * quick.cols <= limit
    return quick


def letters(col: int) -> str:
    name = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        name = chr(65 + rest) + name
    return name


CONTENTS = ["<v>1</v>", "<f>A1+1</f>", "<f>A1</f><v>2</v>", "<f t=\"shared\" si=\"0\"/>",
            "<is><t>x</t></is>", "", "<v></v>", "<v>#N/A</v>", "<v>&#35;REF!</v>",
            "<f>1</f><is><t>y</t></is>"]
TYPES = ["", ' t="s"', ' t="e"', " t='e'", ' t = "str"', ' t="inlineStr"', ' t=" e "', ' t="n"']
ROW_ATTRS = ["", ' hidden="1"', " hidden='true'", ' ht="0"', ' ht="15" customHeight="1"', ' ht="0.0"',
             ' hidden="0"', ' spans="1:3" x14ac:dyDescent="0.25"', ' hidden=" &#49; "']


@st.composite
def sheets(draw: st.DrawFn) -> bytes:
    clean = draw(st.booleans())  # only what the quick reading reads itself (else it mostly gives up)
    prefix = "" if clean else draw(st.sampled_from(["", "x:"]))
    spellings = draw(st.sampled_from([["canon", "canon", "canon", "none", "late", "far"], ["canon"],
                                      ["none"], ["none", "late"], ["none", "single"]]))
    rows = []
    row_number = 0
    for _ in range(draw(st.integers(0, 8))):
        row_number += draw(st.integers(1, 4))
        spelled = "canon" if clean else draw(st.sampled_from(["canon", "canon", "canon", "none", "spaced"]))
        r = {"canon": f' r="{row_number}"', "none": "", "spaced": f" r = '{row_number}'"}[spelled]
        attrs = draw(st.sampled_from(ROW_ATTRS[:-1] if clean else ROW_ATTRS))
        cells = []
        col = -1
        for _ in range(draw(st.integers(0, 5))):
            col += draw(st.integers(1, 30))
            ref = draw(st.sampled_from(spellings))
            position = {"canon": f' r="{letters(col)}{row_number}"', "none": "",
                        "single": f" r='{letters(col)}{row_number}'",
                        "late": f' s="1" r="{letters(col)}{row_number}"',
                        "far": f' r="{letters(col)}{row_number + 5000}"'}[ref]
            kind = draw(st.sampled_from(TYPES))
            content = draw(st.sampled_from([c for c in CONTENTS if not clean or "&#" not in c]))
            content = content.replace("<", "<" + prefix).replace("<" + prefix + "/", "</" + prefix)
            cells.append(f"<{prefix}c{position}{kind}>{content}</{prefix}c>")
        if draw(st.booleans()) and not cells:
            rows.append(f"<{prefix}row{r}{attrs}/>")
        else:
            rows.append(f"<{prefix}row{r}{attrs}>{''.join(cells)}</{prefix}row>")
    cols = draw(st.sampled_from(["", '<cols><col min="2" max="3" hidden="1"/></cols>',
                                 '<cols><col min="1" max="1" width="0"/></cols>']))
    extra = "" if clean else draw(st.sampled_from(["", "<!-- <row r=\"9\" hidden=\"1\"/> -->", "<?pi x?>",
                                                   '<sheetFormatPr zeroHeight="1"/>']))
    if prefix:
        root = f'<x:worksheet xmlns:x="{MAIN}" xmlns:x14ac="urn:x14ac">'
        cols = cols.replace("<", "<x:").replace("<x:/", "</x:")
        end = "</x:worksheet>"
    else:
        root = f'<worksheet xmlns="{MAIN}" xmlns:x14ac="urn:x14ac">'
        end = "</worksheet>"
    data = f"{prefix}sheetData"
    body = f'<?xml version="1.0" encoding="UTF-8"?>\n{root}{extra}{cols}<{data}>{"".join(rows)}</{data}>{end}'
    return body.encode("utf-8")


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheets(), st.integers(1, 300), st.sampled_from([0, 50, 400, 200_000]))
def test_quick_reading_finds_what_the_exact_one_finds(data: bytes, step: int, limit: int) -> None:
    assert_same(data, step, limit)


def canonical_sheet(rows: list[str], before: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'{before}<sheetData>{"".join(rows)}</sheetData></worksheet>').encode()


def test_excel_spelling_is_read_quickly_with_errors_formulas_and_hidden_rows() -> None:
    rows = [f'<row r="{n}" spans="1:3"><c r="A{n}" t="s"><v>0</v></c><c r="B{n}"><v>{n}</v></c></row>'
            for n in range(1, 3000)]
    rows[10] = '<row r="11" hidden="1"><c r="A11"><v>5</v></c></row>'
    rows[20] = '<row r="21" ht="0" customHeight="1"><c r="C21"><v>5</v></c></row>'
    rows[2000] = ('<row r="2001"><c r="A2001" t="e"><v>#N/A</v></c><c r="B2001"><f>SUM(B1:B2)</f></c>'
                  '<c r="D2001"><f>B1</f><v>3</v></c></row>')
    data = canonical_sheet(rows, '<cols><col min="5" max="6" width="0" customWidth="1"/></cols>')
    quick = assert_same(data, 4096, 6_000_000)
    assert not quick.needs_exact
    assert quick.hidden_rows == {10, 20}
    assert quick.hidden_cols == {4, 5}
    assert quick.errors == {(2000, 0): "#N/A"}
    assert quick.no_value == {(2000, 1): "SUM(B1:B2)"}
    # 2.999 rows (1..2.999) × 4 columns (A..D, D only in row 2.001); 2 cells a row, 3 in row 2.001,
    # 1 in rows 11 and 21: 2 × 2.999 - 2 + 1 = 5.997 cells
    assert (quick.rows, quick.cols) == (2999, 4)
    assert quick.shared_refs == 2999 - 3  # every row's A cell but rows 11, 21 and 2.001


def test_a_lying_cell_far_away_sends_the_sheet_to_the_exact_reading() -> None:
    rows = ['<row r="1"><c r="A1"><v>1</v></c><c r="XFD1048576" s="1"/></row>']
    quick = quick_scan(canonical_sheet(rows), 1 << 20, 6_000_000)
    assert quick.needs_exact  # 1.048.576 × 16.384 cells by the bound; the exact reading decides
    exact = exact_scan(canonical_sheet(rows), 6_000_000)
    assert isinstance(exact, XlsxSheetScan) and (exact.rows, exact.cols) == (1, 1)


def test_a_file_written_by_xlsxwriter_is_read_quickly() -> None:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Budget")
    for n in range(500):
        sheet.write_row(n, 0, ["gruppe", 2027, 12.5, "=B1*2"])
    sheet.set_row(3, None, None, {"hidden": True})
    book.close()
    data = zipfile.ZipFile(buffer).read("xl/worksheets/sheet1.xml")
    quick = assert_same(data, 65536, 6_000_000)
    assert not quick.needs_exact
    assert quick.hidden_rows == {3}
    assert (quick.rows, quick.cols) == (500, 4)
    assert quick.no_value == {}  # XlsxWriter stores a result (0) with each formula


def test_cells_without_a_reference_are_read_quickly_and_bounded_by_the_widest_row() -> None:
    rows = [f'<row r="{n}">' + "<c><v>1</v></c>" * (3 if n != 7 else 5) + "</row>" for n in range(1, 200)]
    rows[50] = '<row r="51" hidden="1"><c t="inlineStr"><is><t>x</t></is></c></row>'
    quick = assert_same(canonical_sheet(rows), 1000, 6_000_000)
    assert not quick.needs_exact
    # rows 1..199; row 7 has 5 cells (A..E), the others 3 or 1
    assert (quick.rows, quick.cols) == (199, 5)
    assert quick.hidden_rows == {50}


def test_a_row_number_that_is_not_a_number_sends_the_sheet_to_the_exact_reading() -> None:
    rows = ['<row r="5"><c><v>1</v></c></row>', '<row r="x"><c><v>1</v></c></row>']
    quick = quick_scan(canonical_sheet(rows), 1 << 20, 6_000_000)
    assert quick.needs_exact
    exact = exact_scan(canonical_sheet(rows), 6_000_000)
    assert isinstance(exact, XlsxSheetScan) and exact.rows == 6  # the row after row 5


def test_a_cell_whose_reference_is_spelled_otherwise_is_never_bounded_by_counting() -> None:
    for cell in ('<c s="1" r="XFD1"><v>1</v></c>', "<c r='XFD1'><v>1</v></c>", '<c r = "XFD1"><v>1</v></c>'):
        rows = ['<row r="1"><c><v>1</v></c>' + cell + "</row>"]
        quick = assert_same(canonical_sheet(rows), 1 << 20, 6_000_000)
        assert quick.needs_exact or quick.cols == 16_384, cell


def test_a_row_number_with_leading_zeros_never_hides_the_sheets_real_height() -> None:
    # "XFD0000001" is row 1 in a column far right; compared as digits it would beat "999999" by
    # length and leave the quick reading at 1 row × 16.384 columns, while the sheet really spans
    # 999.999 rows × 16.384 columns (16.383.983.616 cells), far over any limit.
    rows = ['<row r="1"><c r="XFD0000001"><v>1</v></c></row>',
            '<row r="999999"><c r="A999999"><v>2</v></c></row>']
    quick = assert_same(canonical_sheet(rows), 1 << 20, 6_000_000)
    assert quick.needs_exact or quick.rows >= 999_999
    assert isinstance(exact_scan(canonical_sheet(rows), 6_000_000), SheetTooLarge)
