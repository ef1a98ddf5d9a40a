"""Cell formats and page set-up shared by every sheet of the council workbook.

Numbers are stored in kroner at full precision and shown through Excel number-format codes, never
as pre-formatted text. Format codes are stored in the file in the international syntax
(``,`` = thousands, ``.`` = decimal); Danish Excel and LibreOffice show them with Danish
separators. A trailing ``,`` divides by 1.000 for display: ``#,##0.0,`` shows 1946336,5 as
``1.946,3`` (1.000 kr.). Inputs (cells a reader may change) are yellow with blue text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

FMT_THOUSAND_KR = '#,##0.0,;-#,##0.0,;0.0'   # kr. shown in 1.000 kr., one decimal
FMT_KR = '#,##0;-#,##0;0'                     # whole kroner
FMT_THOUSANDS = '#,##0.0;-#,##0.0;0.0'        # a figure already in 1.000 kr. (typed so), one decimal
FMT_SHARE = '0.0%'
FMT_WEEKS = '#,##0.00'
FMT_PERSONS = '#,##0.00'
FMT_FACTOR = '0.0000'
FMT_YEAR = '0'
FMT_WEEK_EDGE = '[>=100000]"∞";#,##0'       # an open-ended band's end (stored as 1E9)

INPUT_FILL = "#FFF2CC"
INPUT_FONT = "#1F4E79"
HEADER_FILL = "#DDEBF7"
A4 = 9

OPEN_END = 1e9  # a band without end ("uge 53+") ends at 10⁹ weeks in the sheet


@dataclass
class Styles:
    """The workbook's formats, created once per workbook."""

    title: Any
    subtitle: Any
    note: Any
    section: Any
    header: Any
    header_left: Any
    label: Any
    label_bold: Any
    label_indent: Any
    unit: Any
    text: Any
    text_wrap: Any
    source: Any
    input_text: Any
    number: dict[str, Any]
    input: dict[str, Any]
    total: dict[str, Any]


def make_styles(workbook) -> Styles:
    base = {"font_name": "Calibri", "font_size": 10, "valign": "top"}

    def fmt(**kw: Any):
        return workbook.add_format({**base, **kw})

    codes = {
        "thousand_kr": FMT_THOUSAND_KR, "kr": FMT_KR, "share": FMT_SHARE, "weeks": FMT_WEEKS,
        "persons": FMT_PERSONS, "factor": FMT_FACTOR, "year": FMT_YEAR, "edge": FMT_WEEK_EDGE,
        "thousands": FMT_THOUSANDS,
    }
    return Styles(
        title=fmt(bold=True, font_size=14),
        subtitle=fmt(italic=True, font_color="#404040"),
        note=fmt(font_color="#404040"),
        section=fmt(bold=True, font_size=11, bottom=1),
        header=fmt(bold=True, bg_color=HEADER_FILL, bottom=1, align="center", text_wrap=True),
        header_left=fmt(bold=True, bg_color=HEADER_FILL, bottom=1, text_wrap=True),
        label=fmt(),
        label_bold=fmt(bold=True),
        label_indent=fmt(indent=1),
        unit=fmt(font_color="#595959"),
        text=fmt(),
        text_wrap=fmt(text_wrap=True),
        source=fmt(font_color="#595959", font_size=9, text_wrap=True),
        input_text=fmt(bg_color=INPUT_FILL, font_color=INPUT_FONT, border=1, border_color="#BFBFBF"),
        number={k: fmt(num_format=v) for k, v in codes.items()},
        input={k: fmt(num_format=v, bg_color=INPUT_FILL, font_color=INPUT_FONT, border=1,
                      border_color="#BFBFBF") for k, v in codes.items()},
        total={k: fmt(num_format=v, bold=True, top=1) for k, v in codes.items()},
    )


def page_setup(sheet, header_rows: tuple[int, int] | None, landscape: bool = True) -> None:
    """A4, landscape, fit to the page width, the header rows repeated on every printed page."""
    sheet.set_paper(A4)
    if landscape:
        sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    sheet.set_footer("&L&8&A&R&8Side &P af &N")
    if header_rows is not None:
        sheet.repeat_rows(*header_rows)


def ref(row: int, col: int, absolute: bool = False) -> str:
    """A1 reference of a 0-based cell."""
    return xl_rowcol_to_cell(row, col, row_abs=absolute, col_abs=absolute)


def sheet_ref(sheet: str, row: int, col: int) -> str:
    """``'Sheet name'!$C$5``: a reference to a cell on another sheet."""
    return f"{quote_sheetname(sheet)}!{ref(row, col, absolute=True)}"


INVALID_SHEET_CHARS = set('[]:*?/\\')
RESERVED_SHEETS = {"resumé", "basisbudget", "puljer", "forudsætninger", "følsomhed og usikkerhed",
                   "fremskrivning", "økonomiske konsekvenser", "opfølgning", "history"}
SHEET_NAME_MAX = 31
FORMULA_START = "=+-@"


def sheet_name(wanted: str, used: set[str]) -> str:
    """A valid, unique, readable sheet name for a case, pool or line called ``wanted``.

    Excel allows at most 31 characters and none of ``[]:*?/\\``; those become ``_``. An
    apostrophe becomes ’ and ``!`` is left out, since both break references and defined names in
    other sheets' formulas (``'Sag''s plan'!A1``); control characters (tab, CR, LF) become spaces,
    and a leading ``= + - @`` is dropped, so the tab never looks like a formula. A name that is
    taken (compared as Excel does, ignoring case) or reserved for the workbook's own sheets gets
    `` (2)``, `` (3)`` … within the 31 characters. ``used`` holds the casefolded names taken so
    far and is updated. The full name as typed is always written in a cell of the sheet.
    """
    clean = []
    for ch in wanted:
        if ch in INVALID_SHEET_CHARS:
            clean.append("_")
        elif ch == "'":
            clean.append("\u2019")
        elif ch == "!":
            continue
        elif ord(ch) < 32 or ord(ch) == 127:
            clean.append(" ")
        else:
            clean.append(ch)
    text = " ".join("".join(clean).split()).lstrip(FORMULA_START + " ").strip() or "Business case"
    candidate = text[:SHEET_NAME_MAX].rstrip()
    n = 2
    while candidate.casefold() in used or candidate.casefold() in RESERVED_SHEETS:
        suffix = f" ({n})"
        candidate = text[: SHEET_NAME_MAX - len(suffix)].rstrip() + suffix
        n += 1
    used.add(candidate.casefold())
    return candidate
