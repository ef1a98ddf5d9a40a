"""A text cell never exceeds what Excel holds, counted as Excel counts: UTF-16 code units."""

from __future__ import annotations

import xlsxwriter

from budgetapp.export.sheet_writer import CUT_NOTE, MAX_CELL_TEXT, SheetWriter
from budgetapp.export.workbook_style import make_styles


def written(tmp_path, text: str) -> str:
    book = xlsxwriter.Workbook(str(tmp_path / "t.xlsx"))
    sheet = book.add_worksheet("Ark")
    writer = SheetWriter(book, sheet, "Ark", make_styles(book))
    writer.text(0, 0, text)
    book.close()
    return writer.row_labels[0]


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_emoji_are_counted_as_excel_counts_them(tmp_path):
    # 20.000 emoji are 20.000 characters but 40.000 UTF-16 units, over Excel's 32.767.
    out = written(tmp_path, "😀" * 20_000)
    assert out.endswith(CUT_NOTE) and units(out) <= MAX_CELL_TEXT <= 32_767
    assert out[:-len(CUT_NOTE)] == "😀" * ((MAX_CELL_TEXT - len(CUT_NOTE)) // 2)  # never half an emoji


def test_a_text_within_the_limit_is_written_whole(tmp_path):
    text = "æ" * MAX_CELL_TEXT   # 32.000 units: whole
    assert written(tmp_path, text) == text
