"""Find a table in a sheet by its Danish header row and read its rows with validation.

Shared by the budget, unit-cost and pool importers. A table is described by :class:`Column`
specs. The header row is found among the first rows of the sheet by the column names (any
order, any case, extra spaces, æ/ø/å or ae/oe/aa, a unit in brackets and a ``*`` marking a
required column are all accepted). Below it, blank spacer rows are skipped, note rows
("Kilde: ...") are skipped, and totals rows ("I alt", "Total", "Sum") are *checked* against the
rows above them and never read as data. A totals row is recognised by its label in *any* text cell
of the row ("Ydelsesgrupper i alt" in the second column counts as much as "I alt" in the first);
a "heraf" row (a part of the row above) is left out with a warning. Every unreadable cell goes to
the report with its address: an error value (``#N/A``), a formula without a stored result, a
date where a number belongs, a number that is not finite or beyond the field's sane bound
(:data:`~budgetapp.io.cells.MAX_MONEY`, :data:`~budgetapp.io.cells.MAX_NUMBER`). A row with any
error is left out (and the whole import refused by the caller).

Hidden rows (``Sheet.hidden_rows``) that hold data need a choice (``include_hidden``): None (the
default) makes each one an error naming the row, True reads them with a warning each, False
leaves them out with a warning each. In a CSV file, a row with more fields than the header row
is an error naming the likely cause (a decimal comma in a comma-separated file), never a shift.
"""

from __future__ import annotations

import math
import operator
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import repeat

from budgetapp.core.formatting import format_number
from budgetapp.io.cells import (
    ERROR_CODES,
    MAX_MONEY,
    MAX_NUMBER,
    CellError,
    Raw,
    cell_address,
    column_letter,
    display,
    is_blank,
    sheet_ref,
    to_date,
    to_number,
    to_share,
    to_text,
    to_year,
)
from budgetapp.io.hidden_data import hidden_columns_chosen
from budgetapp.io.import_report import ImportReport
from budgetapp.io.workbook_reader import Sheet

HEADER_SCAN_ROWS = 30
TOTAL_WORDS = re.compile(r"(^|\s)(i alt|ialt|total|totalt|totaler|sum|summa|subtotal|hovedtotal|samlet|"
                         r"samlede|heraf)(\s|$|:|,)")
PART_WORDS = re.compile(r"(^|\s)heraf(\s|$|:|,)")
FREE_TEXT_KEYS = ("source",)  # columns whose text is a remark: "i alt" there does not make a total
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
    free_text: bool = False  # a remark column: its text never marks a totals row


@dataclass
class TableRow:
    row: int                       # zero-based sheet row
    values: dict[str, object]      # parsed values of the columns present (None when blank)


@dataclass
class Table:
    """The rows read from a sheet, held column by column: ``data[key][i]`` is the parsed value of
    column ``key`` (the column's default when blank) in the i-th good row, which is sheet row
    ``row_numbers[i]`` (zero-based). Rows with errors, spacer, note and totals rows are left out."""

    sheet: str
    header_row: int
    columns: dict[str, int]        # column key → zero-based sheet column
    scale: dict[str, float]
    data: dict[str, list[object]] = field(default_factory=dict)
    row_numbers: list[int] = field(default_factory=list)
    bad_rows: int = 0
    totals_checked: int = 0
    hidden_rows: list[int] = field(default_factory=list)  # hidden data rows met (zero-based)

    def address(self, row: int, key: str) -> str:
        col = self.columns.get(key)
        if col is None:
            return f"{sheet_ref(self.sheet)}!A{row + 1}"
        return cell_address(self.sheet, row, col)

    @property
    def rows(self) -> list[TableRow]:
        """The good rows one by one, each with a dict of its values (for small tables)."""
        keys = list(self.data)
        return [TableRow(r, dict(zip(keys, values, strict=True)))
                for r, *values in zip(self.row_numbers, *self.data.values(), strict=True)]


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
            hit = lookup.get(normalise(value))
            if hit is None:
                unknown.append((c, value.strip()))
            elif hit.key in found:
                duplicates.append((c, value.strip()))
            else:
                found[hit.key] = c
                scale[hit.key] = header_scale(value) if hit.kind == "money" else 1.0
        if len(found) > best_score:
            best_score = len(found)
            best = HeaderMatch(r, found, scale, unknown, duplicates)
    return best


def suggest_header_row(sheet: Sheet, scan_rows: int = HEADER_SCAN_ROWS) -> int | None:
    """The likely header row (zero-based) of a table whose columns are not known yet (for a
    wizard's first guess): among the first ``scan_rows`` rows, the one with the most text cells
    (at least two) that is followed by a row holding a number, so a title block above the table
    is passed over. None when no row qualifies.
    """
    rows = sheet.rows[:scan_rows + 1]
    best: tuple[int, int] | None = None  # (text cells, -row)
    for r, row in enumerate(rows[:scan_rows]):
        texts = sum(1 for v in row if isinstance(v, str) and v.strip() and not is_total_label(v))
        if texts < 2:
            continue
        below = next((n for n in rows[r + 1:] if any(not is_blank(v) for v in n)), None)
        if below is None or not any((isinstance(v, int | float) and not isinstance(v, bool))
                                    or (isinstance(v, str) and _looks_numeric(v)) for v in below):
            continue
        if best is None or texts > best[0]:
            best = (texts, r)
    return best[1] if best else None


def _looks_numeric(text: str) -> bool:
    try:
        to_number(text)
    except CellError:
        return False
    return True


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


def _sole_text(row: list[Raw]) -> str:
    """The row's only text cell (numbers and blanks beside it), or "" when it has none or several:
    a total label written after the numbers, in a remark column ("Helårspersoner i alt")."""
    texts = [v for v in row if v.__class__ is str and v.strip()]  # type: ignore[attr-defined]
    return texts[0].strip() if len(texts) == 1 else ""  # type: ignore[attr-defined]


def is_total_label(text: str) -> bool:
    """A text that labels a totals or subtotal row: "I alt", "Ydelsesgrupper i alt", "Total",
    "Sum", "Samlet", "Heraf ..." (any case, as a whole word)."""
    return bool(TOTAL_WORDS.search(" ".join(text.lower().split())))


def total_label(row: list[Raw], skip: frozenset[int] = frozenset()) -> str:
    """The first text cell of ``row`` that labels a totals row, or "" when the row is not a totals
    row. A cell in a column of ``skip`` (remarks) counts only when it is the row's first or only
    text."""
    first = _row_label(row)
    for c, value in enumerate(row):
        if value.__class__ is str and value and is_total_label(value) and (  # type: ignore[arg-type]
                c not in skip or value.strip() in (first, _sole_text(row))):  # type: ignore[attr-defined]
            return value.strip()  # type: ignore[attr-defined]
    return ""


def parse_cell(column: Column, value: Raw, scale: float) -> tuple[object, str | None]:
    """(parsed value, warning or None). Raises CellError with what was expected."""
    kind = column.kind
    if kind == "text":
        return to_text(value), None  # raises for an error value or a formula without value
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
        bound = MAX_MONEY if kind == "money" else MAX_NUMBER
        if abs(number) > bound and (column.maximum is None or column.maximum > bound):
            raise CellError(f"et tal højst {format_number(bound)}{' kr.' if kind == 'money' else ''} "
                            "(større tal er urimelige for feltet og kan ikke regnes med)")
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
    include_hidden: bool | None = None,
) -> Table | None:
    """Read the table in ``sheet``; problems go to ``report``. None when no header row is found.

    ``include_hidden``: what to do with hidden rows that hold data (None: an error each, asking
    for the choice; True: read them, with a warning each; False: leave them out, with a warning
    each).

    With ``required_rows`` a table without a single data row is an error (an empty import would
    otherwise wipe what the project holds).

    The cells are parsed a column at a time (:func:`_parse_column`) where that is certain: real
    numbers in range, and texts whose reading is the same wherever they stand. Only the rows that
    need more (a blank required cell, an unreadable or doubtful value, a spacer, note or totals
    row) are then read row by row, in sheet order, so the report lists problems in file order.
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
    if sheet.hidden_columns and not hidden_columns_chosen(  # hidden columns read: need the choice
            sheet, [(col, c.header) for c, col, _ in present], match.row, include_hidden, report):
        return table
    cols = [col for _, col, _ in present]
    start = match.row + 1
    body = sheet.rows[start:]
    n = len(body)
    total_rows = len(sheet.rows)
    if min(map(len, body), default=0) > max(cols):
        raw_cols = [list(map(operator.itemgetter(c), body)) for c in cols]
        first_cells = raw_cols[0] if cols[0] == 0 else list(map(operator.itemgetter(0), body))
    else:  # ragged rows (a sheet built by hand): a missing cell is blank
        raw_cols = [[row[c] if c < len(row) else "" for row in body] for c in cols]
        first_cells = [row[0] if row else "" for row in body]

    # 1. Each column at once; SKIP marks the cells that need the cell-by-cell reading below.
    parsed: list[list[object]] = []
    for i, (column, _, scale) in enumerate(present):
        if cancel is not None and cancel():
            raise ImportCancelled
        parsed.append(_parse_column(column, scale, raw_cols[i]))
        if progress is not None:
            progress(start + n * (i + 1) // len(present), total_rows)

    # 2. Rows that are plainly data: the first cell is a text that is neither a total nor a note,
    # and no text cell of the row labels a total. Every other row, every row with a SKIP cell,
    # every hidden row and every CSV row wider than the header is read row by row.
    kinds: dict[object, bool] = {}
    for value in set(first_cells) if cols[0] == 0 else set(first_cells) | set(raw_cols[0]):
        kinds[value] = value.__class__ is str and _plain_label(value.strip())
    special: set[int] = set()
    plain = list(map(kinds.__getitem__, first_cells))
    if cols[0] != 0:
        plain = [a and b for a, b in zip(plain, map(kinds.__getitem__, raw_cols[0]), strict=True)]
    if False in plain:
        special.update(k for k, is_plain in enumerate(plain) if not is_plain)
    for values in parsed:
        if SKIP in values:
            special.update(k for k, value in enumerate(values) if value is SKIP)
    free = frozenset(col for c, col, _ in present if c.free_text or c.key in FREE_TEXT_KEYS)
    special.update(_total_rows(body, raw_cols, cols, free))
    hidden = {r - start for r in sheet.hidden_rows if r >= start}
    special.update(hidden)
    too_wide = _too_wide_rows(sheet, match.row, start)
    special.update(too_wide)
    unlabelled = _unlabelled_rows(sheet, match.row, start, too_wide)
    special.update(unlabelled)
    split = _split_decimal_rows(sheet, present, body)
    special.update(split)

    additive = [i for i, (c, _, _) in enumerate(present) if c.additive]
    everything = {present[i][0].key: 0.0 for i in additive}
    summed_to = 0  # everything holds the good rows above this body row
    section_start = 0
    bad_in_section = 0
    dropped: set[int] = set()  # body rows that are not data (or not good data)
    note_starts = {p[0] for p in NOTE_PREFIXES} | {p[0].upper() for p in NOTE_PREFIXES}
    ordered = sorted(special)
    errors_before = report.error_count
    for done, k in enumerate(ordered):
        if done % 5000 == 4999 and cancel is not None and cancel():
            raise ImportCancelled
        if report.error_count - errors_before >= MAX_SHEET_ERRORS:
            _stop_reading(report, sheet.name, start + k, ref)
            dropped.update(ordered[done:])  # not read: never data
            break
        r = start + k
        row = body[k]
        raw = tuple(values[k] for values in raw_cols)
        first = raw[0]
        if not (first.__class__ is str and first.strip()) and not any(
                (v.strip() if v.__class__ is str else v is not None) for v in raw):
            dropped.add(k)
            continue  # spacer row (or a row with text only outside the table)
        if k in too_wide or k in split or k in unlabelled:
            if k in split:
                _report_split_decimal(report, sheet, r, *split[k])
            elif k in unlabelled:
                _report_unlabelled(report, sheet, r, match.row, unlabelled[k])
            else:
                _report_too_wide(report, sheet, r, match.row)
            table.bad_rows += 1
            bad_in_section += 1
            dropped.add(k)
            continue
        label = _row_label(row)
        total = total_label(row, free)
        if total and PART_WORDS.search(" ".join(total.lower().split())):
            dropped.add(k)  # "heraf": a part of the row above, already counted there
            report.warning(f"{ref}!A{r + 1}:{column_letter(len(row) - 1)}{r + 1}", total,
                           "en datarække; en heraf-række er en del af rækken ovenfor og indlæses ikke")
            continue
        if total:
            dropped.add(k)
            # A section with an unreadable row is already an error; its sum cannot be checked.
            if not bad_in_section:
                section = {present[i][0].key: _sum_good(parsed[i], section_start, k, dropped, 0.0)
                           for i in additive}
                for i in additive:
                    key = present[i][0].key
                    everything[key] = _sum_good(parsed[i], summed_to, k, dropped, everything[key])
                summed_to = k
                _check_totals(table, r, row, present, section, everything, start + section_start, report)
            section_start = k + 1
            bad_in_section = 0
            continue
        if label[:1] in note_starts and label.lower().startswith(NOTE_PREFIXES):
            non_blank = [v for v in raw if not is_blank(v)]
            if len(non_blank) == 1 and isinstance(non_blank[0], str):
                dropped.add(k)
                continue  # a note below or inside the table
        if k in hidden:
            table.hidden_rows.append(r)
            if not _hidden_row(report, sheet.name, r, include_hidden):
                if include_hidden is None:
                    table.bad_rows += 1
                    bad_in_section += 1
                dropped.add(k)
                continue
        ok = True
        for i, value in enumerate(raw):
            if parsed[i][k] is not SKIP:
                continue
            column, col, scale = present[i]
            if value == "" or value is None or (value.__class__ is str and not value.strip()):
                if column.required:
                    report.error(cell_address(sheet.name, r, col), "",
                                 f"{column.header}: {_expected(column)} (feltet skal udfyldes)")
                    ok = False
                parsed[i][k] = column.default
                continue
            try:
                value_read, warning = parse_cell(column, value, scale)
            except CellError as exc:
                report.error(cell_address(sheet.name, r, col), display(value),
                             f"{column.header}: {exc.expected}")
                ok = False
                continue
            if warning:
                report.warning(cell_address(sheet.name, r, col), display(value), warning, adjusted=True)
            parsed[i][k] = value_read
        if not ok:
            table.bad_rows += 1
            bad_in_section += 1
            dropped.add(k)

    # 3. The good rows, column by column.
    if dropped:
        keep = [k for k in range(n) if k not in dropped]
        table.data = {c.key: list(map(values.__getitem__, keep))
                      for (c, _, _), values in zip(present, parsed, strict=True)}
        table.row_numbers = [start + k for k in keep]
    else:
        table.data = {c.key: values for (c, _, _), values in zip(present, parsed, strict=True)}
        table.row_numbers = list(range(start, start + n))
    if not sheet.field_counts:  # a spreadsheet: a value under an empty header cell is named
        _warn_unlabelled_columns(report, sheet, match.row, table.row_numbers)
    if required_rows and not table.row_numbers and not table.bad_rows:
        report.file_error(f"arket {sheet.name} har ingen datarækker under overskriftsrækken "
                          f"(række {match.row + 1}); en tom tabel importeres ikke", ref)
    return table


SKIP = object()  # a cell that _parse_column leaves to the cell-by-cell reading

# After this many errors in one sheet the reading stops: the file is refused anyway, the report
# lists the first ones, and a sheet whose every cell is wrong (text where numbers belong) is
# refused in seconds instead of minutes.
MAX_SHEET_ERRORS = 1_000


def _stop_reading(report: ImportReport, sheet_name: str, row: int, ref: str) -> None:
    """The error that ends the reading of a sheet after MAX_SHEET_ERRORS errors (``row`` 0-based)."""
    report.file_error(f"arket {sheet_name} har mindst {format_number(MAX_SHEET_ERRORS)} fejl; læsningen "
                      f"stoppede ved række {format_number(row + 1)}. Ret de første fejl (ofte en kolonne "
                      "med tekst, hvor der skal stå tal, eller en forkert overskriftsrække) og prøv igen",
                      ref)


def _total_rows(body: list[list[Raw]], raw_cols: list[list[Raw]], cols: list[int],
                free: frozenset[int]) -> set[int]:
    """Body rows with a totals label in any text cell outside the remark columns, found one
    column at a time (each distinct text is looked at once)."""
    found: set[int] = set()
    width = max(map(len, body), default=0)
    by_col = dict(zip(cols, raw_cols, strict=True))
    for c in range(width):
        values = by_col.get(c)
        if values is None:
            values = [row[c] if c < len(row) else "" for row in body]
        labels = {v for v in set(values) if v.__class__ is str and v and is_total_label(v)}  # type: ignore[arg-type]
        if labels:  # in a remark column only as the row's first text ("I alt" in column A)
            found.update(k for k, v in enumerate(values) if v in labels
                         and (c not in free or v.strip() in (_row_label(body[k]), _sole_text(body[k]))))  # type: ignore[attr-defined]
    return found


def _too_wide_rows(sheet: Sheet, header_row: int, start: int) -> set[int]:
    """Body rows (index from ``start``) of a CSV file with more non-empty fields than the header."""
    counts = sheet.field_counts
    if not counts or header_row >= len(counts):
        return set()
    width = counts[header_row]
    return {r - start for r in range(start, len(counts)) if counts[r] > width
            and any(not is_blank(v) for v in sheet.rows[r][width:counts[r]])}


def _unlabelled_rows(sheet: Sheet, header_row: int, start: int, too_wide: set[int]) -> dict[int, int]:
    """Body rows (index from ``start``) of a CSV file with a value under an empty header field
    (``…,Indsats,`` with a trailing comma, as Excel writes it), each with the first such column.

    Such a row has the header's field count, so it is not too wide, but its value belongs to no
    column: ``14,5`` without quotes under ``Indsats,`` reads as 14 and a stray 5. Never skipped
    silently: the caller makes it an error at the row."""
    counts = sheet.field_counts
    if not counts or header_row >= len(counts):
        return {}
    header = sheet.rows[header_row][:counts[header_row]]
    empty = [c for c, v in enumerate(header) if is_blank(v)]
    if not empty:
        return {}
    found: dict[int, int] = {}
    for r in range(start, len(counts)):
        if r - start in too_wide:
            continue
        row = sheet.rows[r]
        hit = next((c for c in empty if c < counts[r] and not is_blank(row[c])), None)
        if hit is not None:
            found[r - start] = hit
    return found


def _warn_unlabelled_columns(report: ImportReport, sheet: Sheet, header_row: int,
                             data_rows: list[int]) -> None:
    """A warning per column of a spreadsheet whose header cell is empty but whose data rows hold
    values: they are not read, and the user is told so at the column's first such cell."""
    header = sheet.rows[header_row]
    width = max((len(sheet.rows[r]) for r in data_rows), default=0)
    for c in range(width):
        if c < len(header) and not is_blank(header[c]):
            continue
        r = next((r for r in data_rows if c < len(sheet.rows[r]) and not is_blank(sheet.rows[r][c])), None)
        if r is not None:
            report.warning(cell_address(sheet.name, r, c), display(sheet.rows[r][c]),
                           f"en overskrift over kolonne {column_letter(c)} (række {header_row + 1}); "
                           "kolonnen har værdier men ingen overskrift og indlæses ikke")


def _report_unlabelled(report: ImportReport, sheet: Sheet, r: int, header_row: int, c: int) -> None:
    row = sheet.rows[r]
    if sheet.delimiter == ",":
        previous = str(row[c - 1]).strip() if c > 0 else ""
        joined = f" ('{previous},{str(row[c]).strip()}')" if previous else ""
        cause = (f"sandsynligvis et decimalkomma i en kommasepareret fil{joined}, som deler tallet i to "
                 "felter, så tallet før kommaet læses forkert. Sæt tal med komma i anførselstegn "
                 "(fx \"14,5\"), eller gem filen med semikolon som skilletegn")
    else:
        cause = ("sandsynligvis et skilletegn inde i en tekst uden anførselstegn, som har rykket "
                 "værdierne. Sæt teksten i anførselstegn eller fjern skilletegnet")
    report.error(cell_address(sheet.name, r, c), display(row[c]),
                 f"ingen værdi i kolonne {column_letter(c)}: kolonnen har ingen overskrift i "
                 f"overskriftsrækken (række {header_row + 1}), men række {r + 1} har en værdi dér: {cause}. "
                 "Rækken indlæses ikke; værdien springes aldrig over i stilhed")


NUMBER_KINDS = ("number", "money", "share")
DIGITS = re.compile(r"\d{1,3}")
INTEGER_TEXT = re.compile(r"-?\d+( ?%)?")
NUMBER_ONLY = re.compile(r"-?\d+(?:[.,]\d+)?( ?%)?")


def _split_decimal_rows(sheet: Sheet, present, body: list[list[Raw]]) -> dict[int, tuple[int, int, int]]:
    """Body rows of a comma-separated file where a decimal comma without quotes split a number.

    The sign: a number column followed by a text column whose cell holds only digits (``412,5``
    read as 412 and the text "5"), or a row that also lacks its last field so that its count is
    right but a number lands in the last (text) column (:func:`_shifted_into_text`). Returns body
    row → (number column, the column after it, the text column that got a number; -1 if none).
    """
    if sheet.delimiter != ",":
        return {}
    kinds = {col: c.kind for c, col, _ in present}
    pairs = [(col, col + 1) for col, kind in kinds.items()
             if kind in NUMBER_KINDS and kinds.get(col + 1) == "text"]
    found: dict[int, tuple[int, int, int]] = {}
    for k, row in enumerate(body):
        for num, text in pairs:
            if text < len(row) and isinstance(row[text], str) and DIGITS.fullmatch(row[text].strip()) \
                    and isinstance(row[num], str) and INTEGER_TEXT.fullmatch(row[num].strip()):
                found[k] = (num, text, -1)
                break
        else:
            shifted = _shifted_into_text(kinds, row)
            if shifted is not None:
                found[k] = shifted
    return found


def _shifted_into_text(kinds: dict[int, str], row: list[Raw]) -> tuple[int, int, int] | None:
    """The split that also lacks its last field: ``…,35,5,14500`` under ``…,Sats,Indsats,Kilde``
    has the header's field count, but the last filled column (a text column) got a number only,
    and joining an integer with the 1-3 digits after it (``35,5``) would move every following
    value into a number column. Returns (number column, the column after it, the text column)."""
    last = max((i for i, v in enumerate(row) if not is_blank(v)), default=-1)
    value = row[last] if last >= 0 else None
    if kinds.get(last) != "text" or not isinstance(value, str) or not NUMBER_ONLY.fullmatch(value.strip()):
        return None
    for num in range(last - 2, -1, -1):
        if kinds.get(num) not in NUMBER_KINDS:
            break
        if not all(kinds.get(j) in NUMBER_KINDS for j in range(num + 1, last)):
            continue
        first, after = row[num], row[num + 1]
        if isinstance(first, str) and isinstance(after, str) and INTEGER_TEXT.fullmatch(first.strip()) \
                and DIGITS.fullmatch(after.strip()):
            return num, num + 1, last
    return None


def _report_split_decimal(report: ImportReport, sheet: Sheet, r: int, num: int, text: int, last: int) -> None:
    row = sheet.rows[r]
    joined = f"{str(row[num]).strip()},{str(row[text]).strip()}"
    if last >= 0:
        pair = f"{cell_address(sheet.name, r, num)} og {cell_address(sheet.name, r, text)}"
        report.error(cell_address(sheet.name, r, last), display(row[last]),
                     f"et tal i en tekstkolonne, og rækken mangler sit sidste felt; '{joined}' ({pair}) "
                     "er sandsynligvis ét tal med decimalkomma i en kommasepareret fil, som kommaet har "
                     "delt i to felter, så de følgende værdier er rykket én kolonne. Sæt tal med komma i "
                     "anførselstegn, eller gem filen med semikolon som skilletegn. Rækken indlæses ikke")
        return
    report.error(cell_address(sheet.name, r, text), display(row[text]),
                 f"tekst i kolonnen efter tallet i {cell_address(sheet.name, r, num)}; '{joined}' er "
                 "sandsynligvis et tal med decimalkomma i en kommasepareret fil, som kommaet har delt i "
                 "to felter. Sæt tal med komma i anførselstegn, eller gem filen med semikolon som "
                 "skilletegn. Rækken indlæses ikke")


def _report_too_wide(report: ImportReport, sheet: Sheet, r: int, header_row: int) -> None:
    counts = sheet.field_counts or []
    width, n = counts[header_row], counts[r]
    if sheet.delimiter == ",":
        cause = ("sandsynligvis et decimalkomma i en kommasepareret fil (fx 35,5 uden anførselstegn), "
                 "som deler tallet i to felter. Gem filen med semikolon som skilletegn, eller sæt "
                 "tal med komma i anførselstegn")
    else:
        cause = ("sandsynligvis et skilletegn inde i en tekst uden anførselstegn. Sæt teksten i "
                 "anførselstegn eller fjern skilletegnet")
    found = display(sheet.delimiter.join(str(v) for v in sheet.rows[r][:n]))
    report.error(f"{sheet_ref(sheet.name)}!A{r + 1}:{column_letter(n - 1)}{r + 1}", found,
                 f"højst {width} felter som overskriftsrækken (række {header_row + 1}), men rækken har "
                 f"{n}: {cause}. Rækken indlæses ikke; kolonnerne forskydes aldrig")


def _hidden_row(report: ImportReport, sheet: str, r: int, include_hidden: bool | None) -> bool:
    """Report a hidden data row as the choice says; True when it is to be read as data."""
    where = f"{sheet_ref(sheet)}!A{r + 1}"
    if include_hidden is None:
        report.error(where, "-", f"række {r + 1} er skjult i regnearket og har data. Vælg om skjulte "
                     "rækker skal med eller udelades (i importguiden, eller --include-hidden / "
                     "--exclude-hidden på kommandolinjen), eller "
                     "vis rækken i regnearket og ret eller slet den")
        return False
    if include_hidden:
        report.warning(where, "-", f"række {r + 1} er skjult i regnearket; den indlæses, som valgt")
        return True
    report.warning(where, "-", f"række {r + 1} er skjult i regnearket; den udelades, som valgt",
                   adjusted=True)
    return False


def _plain_label(label: str) -> bool:
    """A row labelled so is data for sure: a text that is neither a total nor may be a note."""
    low = label.lower()
    return bool(label) and not TOTAL_WORDS.search(low) and not low.startswith(NOTE_PREFIXES)


def _parse_column(column: Column, scale: float, values: list[Raw]) -> list[object]:
    """Each cell's value where it is certain without the row: a real number in range (a year
    for a year column), or a text whose reading has no warning and no error (a blank text gives
    the column's default when the column is optional). Every other cell is SKIP.

    Each distinct value is read once and looked up for every cell (a dict holds texts only, and
    numbers only when the column holds nothing but texts and numbers other than -0, whose sign a
    lookup could lose, so a lookup never mistakes one kind of value for another).
    """
    distinct = set(values)
    memo: dict[object, object] = {}
    texts = [v for v in distinct if v.__class__ is str]
    if column.kind == "text":  # what to_text gives, without its call per text (a name column is all distinct)
        for text in texts:
            words = text.split()
            if not words:
                if not column.required:
                    memo[text] = column.default
            elif len(words) > 1 or words[0] not in ERROR_CODES:
                memo[text] = " ".join(words)
        return list(map(memo.get, values, repeat(SKIP)))
    for text in texts:
        if not text.strip():
            if not column.required:
                memo[text] = column.default
            continue
        try:
            value, warning = parse_cell(column, text, scale)
        except CellError:
            continue
        if warning is None:
            memo[text] = value
    get = memo.get
    kind = column.kind
    if kind not in ("money", "number", "share", "year"):
        return list(map(get, values, repeat(SKIP)))
    floats = [v for v in distinct if v.__class__ is float]
    only_floats_and_texts = set(map(type, values)) <= {float, str}  # not of distinct: True == 1.0
    if kind == "year":
        if only_floats_and_texts:
            memo.update((v, int(v)) for v in floats if 1990.0 <= v <= 2100.0 and v.is_integer())
            return list(map(get, values, repeat(SKIP)))
        return [((int(v) if 1990.0 <= v <= 2100.0 and v.is_integer() else SKIP) if v.__class__ is float
                 else get(v, SKIP) if v.__class__ is str else SKIP) for v in values]
    bound = MAX_MONEY if kind == "money" else MAX_NUMBER if kind == "number" else sys.float_info.max
    low = -bound if column.minimum is None else max(column.minimum, -bound)
    high = bound if column.maximum is None else min(column.maximum, bound)
    factor = scale if kind == "money" else 1.0
    if only_floats_and_texts and not (0.0 in floats and any(
            v == 0.0 and math.copysign(1.0, v) < 0 for v in values if v.__class__ is float)):
        memo.update((v, x) for v in floats if low <= (x := v * factor) <= high)
        return list(map(get, values, repeat(SKIP)))
    return [((x if low <= (x := v * factor) <= high else SKIP) if v.__class__ is float
             else get(v, SKIP) if v.__class__ is str else SKIP) for v in values]


def _sum_good(values: list[object], low: int, high: int, dropped: set[int], total: float) -> float:
    """``total`` plus the amounts of the good rows low..high-1, added in row order."""
    for k in range(low, high):
        if k not in dropped:
            amount = values[k]
            if amount.__class__ is float:
                total += amount  # type: ignore[operator]
    return total


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
