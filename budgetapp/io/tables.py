"""Find a table in a sheet by its Danish header row and read its rows with validation.

Shared by the budget, unit-cost and pool importers. A table is described by :class:`Column`
specs. The header row is found among the first rows of the sheet by the column names (any
order, any case, extra spaces, æ/ø/å or ae/oe/aa, a unit in brackets and a ``*`` marking a
required column are all accepted). Below it, blank spacer rows are skipped, note rows
("Kilde: ...") are skipped, and totals rows ("I alt", "Total", "Sum") are *checked* against the
rows above them and never read as data. Every unreadable cell goes to the report with its
address; a row with any error is left out (and the whole import refused by the caller).
"""

from __future__ import annotations

import operator
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from budgetapp.core.formatting import format_number
from budgetapp.io.cells import (
    CellError,
    Raw,
    cell_address,
    display,
    is_blank,
    sheet_ref,
    to_date,
    to_number,
    to_share,
    to_text,
    to_year,
)
from budgetapp.io.import_report import ImportReport
from budgetapp.io.workbook_reader import Sheet

HEADER_SCAN_ROWS = 30
TOTAL_WORDS = re.compile(r"(^|\s)(i alt|total|totalt|sum|subtotal|hovedtotal|samlet)(\s|$|:)")
NOTE_PREFIXES = ("kilde", "note", "anm", "bemærk", "bemaerk", "*", "obs", "forklaring")
TOTAL_TOLERANCE = 0.5  # a totals row may be rounded to the last decimal it shows


class ImportCancelled(Exception):
    """The caller's cancel callback asked the import to stop; nothing has been changed."""


@dataclass(frozen=True)
class Column:
    """One column of an import table.

    ``kind``: ``text``, ``choice`` (one of ``choices``), ``number``, ``money`` (kr.; a header
    in 1.000 kr. or mio. kr. is scaled), ``share`` (0-1, ``50 %``), ``year``, ``date``.
    ``additive`` columns are summed and checked in totals rows.
    """

    key: str
    header: str
    kind: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    unit: str = ""
    description: str = ""
    example: str = ""
    choices: tuple[str, ...] = ()
    minimum: float | None = 0.0
    maximum: float | None = None
    additive: bool = False
    default: object = None


@dataclass
class TableRow:
    row: int                       # zero-based sheet row
    values: dict[str, object]      # parsed values of the columns present (None when blank)


@dataclass
class Table:
    sheet: str
    header_row: int
    columns: dict[str, int]        # column key → zero-based sheet column
    scale: dict[str, float]
    rows: list[TableRow] = field(default_factory=list)
    bad_rows: int = 0
    totals_checked: int = 0

    def address(self, row: int, key: str) -> str:
        col = self.columns.get(key)
        if col is None:
            return f"{sheet_ref(self.sheet)}!A{row + 1}"
        return cell_address(self.sheet, row, col)


def normalise(text: str) -> str:
    """Header text compared without case, accents, punctuation, units in brackets or ``*``."""
    value = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    value = re.sub(r"\(.*?\)|\[.*?\]", " ", value)
    value = re.sub(r"[^a-z0-9+]+", " ", value)
    return " ".join(value.split())


def header_scale(text: str) -> float:
    """1.000 for a header in ``(1.000 kr.)`` / ``t.kr.``, 1e6 for ``mio. kr.``, else 1."""
    low = text.lower().replace(" ", "")
    if "mio" in low:
        return 1_000_000.0
    if "1.000kr" in low or "1000kr" in low or "t.kr" in low or "tkr" in low:
        return 1000.0
    return 1.0


def _names(column: Column) -> set[str]:
    return {normalise(column.header), *(normalise(a) for a in column.aliases)}


@dataclass
class HeaderMatch:
    row: int
    columns: dict[str, int]
    scale: dict[str, float]
    unknown: list[tuple[int, str]]
    duplicates: list[tuple[int, str]]


def find_header(sheet: Sheet, columns: tuple[Column, ...]) -> HeaderMatch | None:
    """The row among the first HEADER_SCAN_ROWS that names the most columns (at least two)."""
    lookup: dict[str, Column] = {}
    for column in columns:
        for name in _names(column):
            lookup[name] = column
    best: HeaderMatch | None = None
    best_score = 1
    for r, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        found: dict[str, int] = {}
        scale: dict[str, float] = {}
        unknown: list[tuple[int, str]] = []
        duplicates: list[tuple[int, str]] = []
        for c, value in enumerate(row):
            if not isinstance(value, str) or not value.strip():
                continue
            column = lookup.get(normalise(value))
            if column is None:
                unknown.append((c, value.strip()))
            elif column.key in found:
                duplicates.append((c, value.strip()))
            else:
                found[column.key] = c
                scale[column.key] = header_scale(value) if column.kind == "money" else 1.0
        if len(found) > best_score:
            best_score = len(found)
            best = HeaderMatch(r, found, scale, unknown, duplicates)
    return best


def header_score(sheet: Sheet, columns: tuple[Column, ...]) -> int:
    match = find_header(sheet, columns)
    return len(match.columns) if match else 0


def _row_label(row: list[Raw]) -> str:
    for value in row:
        if isinstance(value, str) and value.strip():
            return value.strip()
        if not is_blank(value):
            return ""
    return ""


def parse_cell(column: Column, value: Raw, scale: float) -> tuple[object, str | None]:
    """(parsed value, warning or None). Raises CellError with what was expected."""
    kind = column.kind
    if kind == "text":
        return to_text(value), None
    if kind == "choice":
        text = to_text(value)
        for choice in column.choices:
            if normalise(choice) == normalise(text):
                return choice, None
        raise CellError("en af: " + ", ".join(column.choices))
    if kind == "year":
        return to_year(value), None
    if kind == "date":
        return to_date(value), None
    warning = None
    if kind == "share":
        number, as_points = to_share(value)
        if as_points:
            warning = f"en andel; {display(value)} er læst som {format_number(number * 100, 1)} %"
    else:
        number = to_number(value) * (scale if kind == "money" else 1.0)
    if column.minimum is not None and number < column.minimum:
        raise CellError(_range_text(column))
    if column.maximum is not None and number > column.maximum:
        raise CellError(_range_text(column))
    return number, warning


def _range_text(column: Column) -> str:
    if column.kind == "share":
        low = format_number((column.minimum or 0) * 100)
        high = format_number((column.maximum if column.maximum is not None else 1) * 100)
        return f"en andel mellem {low} % og {high} %"
    if column.maximum is not None:
        return f"et tal mellem {format_number(column.minimum or 0)} og {format_number(column.maximum)}"
    return f"et tal på mindst {format_number(column.minimum or 0)}"


def read_table(
    sheet: Sheet,
    columns: tuple[Column, ...],
    report: ImportReport,
    cancel: Callable[[], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
    required_rows: bool = True,
) -> Table | None:
    """Read the table in ``sheet``; problems go to ``report``. None when no header row is found.

    With ``required_rows`` a table without a single data row is an error (an empty import would
    otherwise wipe what the project holds).
    """
    match = find_header(sheet, columns)
    ref = sheet_ref(sheet.name)
    required = [c for c in columns if c.required]
    if match is None:
        report.file_error(
            f"ingen overskriftsrække fundet i arket {sheet.name} (forventede en række med "
            f"{', '.join(c.header for c in required)} blandt de første {HEADER_SCAN_ROWS} rækker)",
            ref)
        return None
    table = Table(sheet.name, match.row, match.columns, match.scale)
    for c, text in match.duplicates:
        report.error(cell_address(sheet.name, match.row, c), text,
                     "hver kolonne kun én gang i overskriftsrækken")
    missing = [c for c in required if c.key not in match.columns]
    for column in missing:
        report.file_error(f"kolonnen '{column.header}' mangler i overskriftsrækken (række {match.row + 1})",
                          f"{ref}!{match.row + 1}:{match.row + 1}")
    for c, text in match.unknown:
        report.warning(cell_address(sheet.name, match.row, c), text,
                       "en kendt kolonneoverskrift; kolonnen springes over")
    if missing or match.duplicates:
        return table

    present = [(c, match.columns[c.key], match.scale.get(c.key, 1.0)) for c in columns
               if c.key in match.columns]
    cols = [col for _, col, _ in present]
    max_col = max(cols)
    getter = operator.itemgetter(*cols)
    pick = getter if len(cols) > 1 else (lambda row: (getter(row),))
    # Fast paths per column (1 number, 2 year, 3 remembered text); everything else is parse_cell.
    keys = [c.key for c, _, _ in present]
    fast = [1 if c.kind in ("money", "number", "share") else 2 if c.kind == "year"
            else 3 if c.kind in ("text", "choice") else 0 for c, _, _ in present]
    factors = [scale if c.kind == "money" else 1.0 for c, _, scale in present]
    lows = [-sys.float_info.max if c.minimum is None else c.minimum for c, _, _ in present]
    highs = [sys.float_info.max if c.maximum is None else c.maximum for c, _, _ in present]
    memos: list[dict[str, object]] = [{} for _ in present]
    additive = [c.key for c in columns if c.additive and c.key in match.columns]
    section = {k: 0.0 for k in additive}
    everything = {k: 0.0 for k in additive}
    section_start = match.row + 1
    bad_in_section = 0
    rows = sheet.rows
    total_rows = len(rows)
    label_is_total: dict[str, bool] = {}
    note_starts = {p[0] for p in NOTE_PREFIXES} | {p[0].upper() for p in NOTE_PREFIXES}
    for r in range(match.row + 1, total_rows):
        if r % 5000 == 0:
            if cancel is not None and cancel():
                raise ImportCancelled
            if progress is not None:
                progress(r, total_rows)
        row = rows[r]
        raw = pick(row) if len(row) > max_col else tuple(row[c] if c < len(row) else "" for c in cols)
        first = raw[0]
        if not (first.__class__ is str and first.strip()) and not any(
                (v.strip() if v.__class__ is str else v is not None) for v in raw):
            continue  # spacer row (or a row with text only outside the table)
        label = _row_label(row)
        is_total = label_is_total.get(label)
        if is_total is None:
            is_total = label_is_total[label] = bool(label and TOTAL_WORDS.search(label.lower()))
        if is_total:
            # A section with an unreadable row is already an error; its sum cannot be checked.
            if not bad_in_section:
                _check_totals(table, r, row, present, section, everything, section_start, report)
            section = {k: 0.0 for k in additive}
            section_start = r + 1
            bad_in_section = 0
            continue
        if label[:1] in note_starts and label.lower().startswith(NOTE_PREFIXES):
            non_blank = [v for v in raw if not is_blank(v)]
            if len(non_blank) == 1 and isinstance(non_blank[0], str):
                continue  # a note below or inside the table
        values: dict[str, object] = {}
        ok = True
        for i, value in enumerate(raw):
            cls = value.__class__
            fk = fast[i]
            if cls is float:
                if fk == 1:
                    number = value * factors[i]
                    if lows[i] <= number <= highs[i]:
                        values[keys[i]] = number
                        continue
                elif fk == 2 and 1990.0 <= value <= 2100.0 and value.is_integer():
                    values[keys[i]] = int(value)
                    continue
            elif cls is str and fk == 3:
                known = memos[i].get(value)
                if known is not None:
                    values[keys[i]] = known
                    continue
            # The slow path: blanks, text numbers, first sight of a text, and every error.
            column, col, scale = present[i]
            if value == "" or value is None or (cls is str and not value.strip()):
                if column.required:
                    report.error(cell_address(sheet.name, r, col), "",
                                 f"{column.header}: {_expected(column)} (feltet skal udfyldes)")
                    ok = False
                values[column.key] = column.default
                continue
            try:
                parsed, warning = parse_cell(column, value, scale)
            except CellError as exc:
                report.error(cell_address(sheet.name, r, col), display(value),
                             f"{column.header}: {exc.expected}")
                ok = False
                continue
            if warning:
                report.warning(cell_address(sheet.name, r, col), display(value), warning)
            elif fk == 3 and cls is str and len(memos[i]) < 100_000:
                memos[i][value] = parsed
            values[column.key] = parsed
        if not ok:
            table.bad_rows += 1
            bad_in_section += 1
            continue
        for key in additive:
            amount = values.get(key)
            if amount.__class__ is float:
                section[key] += amount  # type: ignore[operator]
                everything[key] += amount  # type: ignore[operator]
        table.rows.append(TableRow(r, values))
    if required_rows and not table.rows and not table.bad_rows:
        report.file_error(f"arket {sheet.name} har ingen datarækker under overskriftsrækken "
                          f"(række {match.row + 1}); en tom tabel importeres ikke", ref)
    return table


def _expected(column: Column) -> str:
    if column.kind == "choice":
        return "en af: " + ", ".join(column.choices)
    if column.kind == "year":
        return "et årstal"
    if column.kind == "date":
        return "en dato"
    if column.kind == "text":
        return "en tekst"
    if column.kind == "share":
        return "en andel, fx 50 %"
    return "et tal"


def _check_totals(table: Table, r: int, row: list[Raw], present, section: dict[str, float],
                  everything: dict[str, float], section_start: int, report: ImportReport) -> None:
    """Compare each additive column of a totals row with the rows above (its section, else all)."""
    table.totals_checked += 1
    for column, col, scale in present:
        if column.key not in section:
            continue
        value = row[col] if col < len(row) else ""
        if is_blank(value):
            continue
        address = cell_address(table.sheet, r, col)
        try:
            found = to_number(value) * scale
        except CellError as exc:
            report.error(address, display(value), f"{column.header} i en sumrække: {exc.expected}")
            continue
        tolerance = total_tolerance(value) * scale + 1e-9 * abs(found)
        if abs(found - section[column.key]) <= tolerance:
            continue
        if abs(found - everything[column.key]) <= tolerance:
            continue  # a grand total of everything above
        if table.bad_rows:
            continue  # rows above could not be read (already errors): a grand total cannot be checked
        if section_start < r - 1:
            rows_text = f"rækkerne {section_start + 1}-{r}"
        else:
            rows_text = f"række {r}" if section_start == r - 1 else "ingen rækker"

        report.error(address, display(value),
                     f"{column.header}: summen af {rows_text} ovenfor = "
                     f"{format_number(section[column.key] / scale, _decimals(section[column.key] / scale))}"
                     " (sumrækken stemmer ikke; rækken indlæses ikke som data)")


def total_tolerance(value: Raw) -> float:
    """Half a unit of the last decimal the total shows: ``712,5`` → 0,05; ``260`` → 0,5.

    A total rounded to what it shows is accepted; anything further off is an error.
    """
    if isinstance(value, str):
        text = value.strip().rstrip("%").strip()
        decimals = len(text.rsplit(",", 1)[1].rstrip(")- ")) if "," in text else 0
    else:
        text = repr(float(value))  # type: ignore[arg-type]
        decimals = 0 if "e" in text or text.endswith(".0") else len(text.split(".")[1])
    return TOTAL_TOLERANCE * 10.0 ** -min(decimals, 9)


def _decimals(value: float) -> int:
    return 0 if abs(value - round(value)) < 1e-9 else 2
