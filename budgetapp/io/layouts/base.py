"""What every real-world layout shares: fields to map, the user's choices, and the result.

A layout reads one sheet (raw cell values from :mod:`budgetapp.io.workbook_reader`) with the
choices the import wizard or ``budgetapp import`` made: the header row, which column holds which
field, the unit of the amounts and their price level. It never touches a project: it returns a
:class:`LayoutResult` with the report (every problem with its cell, in Danish), the totals per
year against the file's own total rows, and a function that applies the import to a *copy* of
a project, all or nothing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from budgetapp.core.formatting import format_number
from budgetapp.io.cells import CellError, cell_address, is_blank, to_number
from budgetapp.io.import_report import ImportReport
from budgetapp.io.workbook_reader import Sheet

HEADER_SCAN_ROWS = 30
UNITS = {1.0: "kr.", 1000.0: "1.000 kr.", 1_000_000.0: "mio. kr."}
TOTAL_LABEL = re.compile(
    r"(^|[\s(])(i alt|ialt|total|totalt|subtotal|sum|heraf|samlet|hovedtotal)([\s:).]|$)", re.IGNORECASE
)
YEAR_IN_TEXT = re.compile(r"(?<!\d)(19[9]\d|20\d\d|2100)(?![\d.,]\d|\d)")


class LayoutError(Exception):
    """The layout cannot be read with these choices; ``str()`` is a Danish message."""


@dataclass(frozen=True)
class Field:
    """A field the user maps a column to. ``multiple``: several columns may hold it (years)."""

    key: str
    label: str
    description: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    multiple: bool = False


@dataclass
class Choices:
    """The user's choices for one file (suggested by the layout, changed in the wizard)."""

    sheet: str
    header_row: int = 0  # zero-based
    mapping: dict[int, str] = field(default_factory=dict)  # column → field key
    unit: float = 1.0  # kr. per unit of the file's amounts
    unit_detected: str = ""  # where the unit was read, if it was
    price_level: int | None = None  # p/l of the amounts (None: project's)
    options: dict[str, str] = field(default_factory=dict)  # e.g. {"area": "Eksempel Kommune"}
    targets: dict[str, dict[str, str]] = field(default_factory=dict)  # kontoplan mapping overrides

    def columns_of(self, key: str) -> list[int]:
        return sorted(c for c, k in self.mapping.items() if k == key)

    def column_of(self, key: str) -> int | None:
        cols = self.columns_of(key)
        return cols[0] if cols else None


@dataclass(frozen=True)
class TotalCheck:
    """One year's total: what is imported, and what the file's own total row says (file units)."""

    label: str
    imported: float
    file_total: float | None
    unit: str
    not_imported: float = 0.0

    @property
    def matches(self) -> bool | None:
        if self.file_total is None:
            return None
        return abs(self.imported + self.not_imported - self.file_total) <= max(
            0.5, 1e-9 * abs(self.file_total)
        )


@dataclass
class LayoutResult:
    """What a layout read. ``apply`` is None when the report has errors (nothing can be applied)."""

    report: ImportReport
    totals: list[TotalCheck] = field(default_factory=list)
    lines: list[tuple[str, str, str]] = field(default_factory=list)  # (line, year, status) for the preview
    apply: Callable | None = None

    @property
    def ok(self) -> bool:
        return self.report.ok and self.apply is not None


def normalise(text: str) -> str:
    """Header text compared without case, accents, punctuation or units in brackets."""
    value = str(text).lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    value = re.sub(r"\(.*?\)|\[.*?\]", " ", value)
    value = re.sub(r"[^a-z0-9+]+", " ", value)
    return " ".join(value.split())


def unit_in_text(text: str) -> float | None:
    """1.000 for ``1.000 kr.``/``t.kr.``, 1e6 for ``mio. kr.``, 1 for a plain ``kr.``; else None."""
    low = str(text).lower().replace(" ", "").replace("\u00a0", "")
    if "mio.kr" in low or "mio kr" in str(text).lower() or "mio.dkk" in low:
        return 1_000_000.0
    if "1.000kr" in low or "1000kr" in low or "t.kr" in low or "tkr." in low or "1.000dkk" in low:
        return 1000.0
    if re.search(r"(^|[^a-z])kr\.?($|[^a-z])", low) or "dkk" in low:
        return 1.0
    return None


def price_level_in_text(text: str) -> int | None:
    """The year of ``2027 p/l``, ``2027-priser`` or ``(p/l 2027)``; None when not stated."""
    low = str(text).lower()
    found = re.search(r"(20\d\d)\s*-?\s*(p/l|pl\b|priser|prisniveau)", low) or re.search(
        r"(p/l|prisniveau)\s*(20\d\d)", low
    )
    if not found:
        return None
    year = found.group(1) if found.group(1).isdigit() else found.group(2)
    return int(year)


def row_texts(row: list[object]) -> list[str]:
    return [str(v).strip() for v in row if isinstance(v, str) and v.strip()]


def is_total_label(text: str) -> bool:
    return bool(TOTAL_LABEL.search(str(text)))


def cell(row: list[object], col: int | None) -> object:
    if col is None or col >= len(row):
        return ""
    return row[col]


def column_values(sheet: Sheet, choices: Choices, field_key: str) -> list[str]:
    """The distinct non-blank texts of the column mapped to ``field_key`` below the header, in the
    order they first appear (the areas or price units a file holds); empty when it is not mapped."""
    col = choices.column_of(field_key)
    if col is None:
        return []
    return list(dict.fromkeys(str(cell(r, col)).strip() for r in sheet.rows[choices.header_row + 1:]
                              if not is_blank(cell(r, col))))


def read_amount(value: object, address: str, report: ImportReport, what: str) -> float | None:
    """A number from a cell, or None with an error naming the cell (blank is None, no error)."""
    if is_blank(value):
        return None
    try:
        number = to_number(value)
    except CellError as exc:
        report.error(address, _shown(value), f"{what}: {exc.expected}")
        return None
    if not math.isfinite(number):
        report.error(address, _shown(value), f"{what}: et endeligt tal")
        return None
    return number


def _shown(value: object) -> str:
    from budgetapp.io.cells import display

    return display(value)


def header_text(value: object) -> str:
    """A header cell as text: a number that is a year (2027 stored as a number, as Excel does) as
    ``2027``, never ``2.027`` or ``2027.0``; other numbers as Danish numbers; text as it stands."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float) and math.isfinite(value) and float(value).is_integer() \
            and 1900 <= value <= 2100:
        return str(int(value))
    return _shown(value)


def suggest_header(
    sheet: Sheet,
    fields: tuple[Field, ...],
    extra: Callable[[str], str | None] | None = None,
) -> tuple[int, dict[int, str]]:
    """The header row among the first rows that names the most fields, and its suggested mapping.

    ``extra(text)`` may name a field for a header the aliases do not know (a year column).
    Returns (0, {}) when no row names any field.
    """
    lookup: dict[str, str] = {}
    for f in fields:
        for name in (f.label, *f.aliases):
            lookup[normalise(name)] = f.key
    best: tuple[int, int, dict[int, str]] = (0, 0, {})
    for r, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        mapping: dict[int, str] = {}
        taken: set[str] = set()
        for c, raw in enumerate(row):
            value = header_text(raw)
            if not value.strip():
                continue
            key = lookup.get(normalise(value)) if isinstance(raw, str) else None
            if key is None and extra is not None:
                key = extra(value)
            if key is None:
                continue
            multiple = any(f.multiple for f in fields if f.key == key)
            if key in taken and not multiple:
                continue
            taken.add(key)
            mapping[c] = key
        if len(mapping) > best[1]:
            best = (r, len(mapping), mapping)
    return best[0], best[2]


def apply_remembered(
    sheet: Sheet, choices: Choices, remembered: dict[str, str], fields: tuple[Field, ...]
) -> None:
    """Override the suggested mapping with what the user chose before for the same header text."""
    if not remembered or choices.header_row >= len(sheet.rows):
        return
    keys = {f.key for f in fields} | {""}
    for c, raw in enumerate(sheet.rows[choices.header_row]):
        value = header_text(raw)
        if value.strip() and normalise(value) in remembered:
            key = remembered[normalise(value)]
            if key not in keys:
                continue
            if key:
                choices.mapping[c] = key
            else:
                choices.mapping.pop(c, None)


def mapping_to_remember(sheet: Sheet, choices: Choices) -> dict[str, str]:
    """Header text → field (``""`` for a column the user left out), to suggest next time."""
    if choices.header_row >= len(sheet.rows):
        return {}
    out: dict[str, str] = {}
    for c, raw in enumerate(sheet.rows[choices.header_row]):
        value = header_text(raw)
        if value.strip():
            out[normalise(value)] = choices.mapping.get(c, "")
    return out


def detect_unit(sheet: Sheet, header_row: int) -> tuple[float, str]:
    """The unit stated in the title block or the header row (``1.000 kr.`` …), and where."""
    for r, row in enumerate(sheet.rows[: header_row + 1]):
        for c, value in enumerate(row):
            if isinstance(value, str):
                unit = unit_in_text(value)
                if unit is not None:
                    return unit, f"{cell_address(sheet.name, r, c)}: {value.strip()[:60]}"
    return 1.0, ""


def detect_price_level(sheet: Sheet, header_row: int) -> int | None:
    for row in sheet.rows[: header_row + 1]:
        for value in row:
            if isinstance(value, str):
                year = price_level_in_text(value)
                if year is not None:
                    return year
    return None


def missing_required(fields: tuple[Field, ...], choices: Choices, report: ImportReport, sheet: Sheet) -> bool:
    """Report every required field no column is mapped to; True when any is missing."""
    missing = [f for f in fields if f.required and not choices.columns_of(f.key)]
    for f in missing:
        report.file_error(
            f"ingen kolonne er valgt som '{f.label}' (overskriftsrække {choices.header_row + 1}); "
            f"vælg kolonnen i guidens trin 'Kolonner'",
            f"{sheet.name}!{choices.header_row + 1}:{choices.header_row + 1}",
        )
    return bool(missing)


def fmt(value: float, decimals: int = 1) -> str:
    return format_number(value, decimals)


def choose_area(
    found: list[str], choices: Choices, municipality: str, report: ImportReport, where: str
) -> str | None:
    """The area to read when a file has an area column (jobindsats ``Område``, Statistikbanken ``OMRÅDE``).

    One area: that one. Several: the one the user chose (``choices.options["area"]``), else the
    one equal to the project's municipality (compared without case and accents), else None with
    an error listing the areas — never a silent pick of the first. The chosen area is written to
    ``choices.options["area"]`` and named in the report's notes.
    """
    if not found:
        return ""
    chosen = choices.options.get("area", "").strip()
    if len(found) == 1 and chosen in ("", found[0]):
        choices.options["area"] = found[0]
        return found[0]
    if chosen in found:
        return chosen
    if chosen:
        report.file_error(
            f"området '{chosen}' findes ikke i filen; filen har {len(found)} områder: "
            f"{', '.join(found[:10])}; vælg et med --option area=… (i guiden: feltet 'Område')",
            where,
        )
        return None
    own = normalise(municipality)
    match = next((a for a in found if own and normalise(a) == own), None)
    if match is not None:
        choices.options["area"] = match
        report.notes.append(
            f"Filen har {len(found)} områder; '{match}' er valgt, fordi det er projektets kommune"
        )
        return match
    report.file_error(
        f"filen har {len(found)} områder: {', '.join(found[:10])}; vælg et med --option area=… "
        "(i guiden: feltet 'Område')",
        where,
    )
    return None
