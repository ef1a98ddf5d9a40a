"""Bounds on the text of a workbook's cells, and the sizes below which a row or column is hidden.

**Text.** No cell may hold more than :data:`MAX_CELL_CHARS` characters, Excel's own limit
("Total number of characters that a cell can contain: 32,767 characters", Microsoft Support:
*Excel specifications and limits*). A longer cell is not something a spreadsheet program wrote: it
is refused while the part is scanned, before python-calamine reads it (calamine aborts the whole
process when an allocation fails, so it must never see such a file). For ODS the text a cell
expands to is counted as written: ``<text:s text:c="N"/>`` counts N spaces, ``text:tab`` and
``text:line-break`` one character each, and ``office:string-value`` its length; and the text of
all tables together, repeated cells and rows multiplied out (calamine copies a repeated cell's
text into every position), is bounded by :data:`MAX_WORKBOOK_TEXT_CHARS`.

For xlsx the scan cannot afford a Python call per text node, so :class:`LongestRun` bounds each
cell's text by the bytes between two cell starts (a character is at least one byte, an entity
only shrinks when resolved); only a part where that bound passes the limit is measured exactly
(:func:`measure_sheet_text`, :func:`measure_shared_text`), and the measuring stops at the first
cell over the limit.

**Hidden sizes.** A row lower than :data:`MIN_VISIBLE_PT` (1,5 pt = 2 pixels at 96 dpi) or a
column narrower than :data:`MIN_COLUMN_WIDTH_CHARS` characters (under 2 pixels with Excel's
default font, Calibri 11, whose digits are 7 pixels wide; ECMA-376 Part 1, §18.3.1.13 gives
width = pixels / 7 less the padding) shows no text: it is counted as hidden like ``hidden="1"``.
Excel itself shows a row of ``ht="0.0001"`` as hidden. ODS lengths (``style:row-height``,
``style:column-width``) are converted to points (1 in = 72 pt = 2,54 cm; 1 pc = 12 pt;
1 px = 0,75 pt; OpenDocument 1.2 Part 1, §18.3.18 length).
"""

from __future__ import annotations

import re
import xml.parsers.expat as expat
from collections.abc import Callable

MAX_CELL_CHARS = 32_767                       # Excel: characters in one cell
MAX_WORKBOOK_TEXT_CHARS = 128 * 1024 * 1024   # ODS: text of all cells, repeats multiplied out
MIN_VISIBLE_PT = 1.5                          # a lower row (an ODS narrower column) is hidden
MIN_COLUMN_WIDTH_CHARS = 0.2                  # an xlsx narrower column is hidden

TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
STYLE_NS = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
SEP = "}"
_POINTS = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "pc": 12.0, "px": 0.75}
_LENGTH = re.compile(r"\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([a-zA-Z]*)\s*$")
_REF = re.compile(r"\s*\$?([A-Za-z]{1,3})\$?(\d{1,7})\s*$")


class TextTooLong(Exception):
    """A cell's text over :data:`MAX_CELL_CHARS` (``total`` False), or the workbook's text over
    :data:`MAX_WORKBOOK_TEXT_CHARS` (``total`` True, at the cell where it passed). ``sheet``: the
    ODS table name or the xlsx worksheet part ("" for a shared string, ``shared_index`` ≥ 0)."""

    def __init__(self, sheet: str, row: int, col: int, chars: int, shared_index: int = -1,
                 total: bool = False) -> None:
        super().__init__(sheet, row, col, chars)
        self.sheet = sheet
        self.row = row
        self.col = col
        self.chars = chars
        self.shared_index = shared_index
        self.total = total


def text_refusal(exc: TextTooLong, sheet_name: str) -> str:
    """The Danish message for ``exc``; ``sheet_name`` is the sheet's name as the user sees it."""
    from budgetapp.core.formatting import format_number
    from budgetapp.io.cells import cell_name, sheet_ref

    if exc.shared_index >= 0:
        return (f"tekst nr. {format_number(exc.shared_index + 1)} i tekstlisten (xl/sharedStrings.xml) har "
                f"over {format_number(MAX_CELL_CHARS)} tegn, som er det højeste, en celle i Excel kan "
                "rumme; filen er ikke skrevet af et regnearksprogram og indlæses ikke")
    where = f"{sheet_ref(sheet_name)}!{cell_name(exc.row, exc.col)}"
    if exc.total:
        return (f"cellernes tekst fylder i alt over {format_number(MAX_WORKBOOK_TEXT_CHARS)} tegn "
                f"(grænsen blev passeret ved {where}, hvor gentagne celler og rækker tælles med hver "
                "gang); så meget tekst kan ikke indlæses sikkert")
    return (f"cellen {where} har over {format_number(MAX_CELL_CHARS)} tegn tekst, som er det højeste, en "
            "celle i Excel kan rumme; filen er ikke skrevet af et regnearksprogram og indlæses ikke")


def length_points(value: str | None) -> float | None:
    """An OpenDocument length (``0.452cm``, ``0in``, ``12pt``) in points; None when not one."""
    found = _LENGTH.match(value or "")
    if found is None:
        return None
    unit = found.group(2).lower() or "pt"
    factor = _POINTS.get(unit)
    return float(found.group(1)) * factor if factor is not None else None


def row_too_low(height_pt: float | None) -> bool:
    """A row height (points) under which no text is seen: the row counts as hidden."""
    return height_pt is not None and height_pt < MIN_VISIBLE_PT


def column_too_narrow(width_chars: float | None) -> bool:
    """An xlsx column width (characters) under which nothing is seen: the column counts as hidden."""
    return width_chars is not None and width_chars < MIN_COLUMN_WIDTH_CHARS


class OdsStyleSizes:
    """The automatic row and column styles of an ODS ``content.xml`` whose height or width hides
    what they format (:data:`MIN_VISIBLE_PT`). Fed the ``style:`` elements as they start."""

    def __init__(self) -> None:
        self.low_rows: set[str] = set()
        self.narrow_columns: set[str] = set()
        self._name = ""
        self._family = ""

    def start(self, local: str, attrs: dict[str, str]) -> None:
        if local == "style":
            self._name = attrs.get(STYLE_NS + SEP + "name", "")
            self._family = attrs.get(STYLE_NS + SEP + "family", "")
        elif local == "table-row-properties" and self._family == "table-row":
            if row_too_low(length_points(attrs.get(STYLE_NS + SEP + "row-height"))):
                self.low_rows.add(self._name)
        elif local == "table-column-properties" and self._family == "table-column" and \
                row_too_low(length_points(attrs.get(STYLE_NS + SEP + "column-width"))):
            self.narrow_columns.add(self._name)


class OdsCellText:
    """Counts the text of each ODS cell as it is parsed (:class:`~budgetapp.io.xml_scan.OdsScan`
    calls :meth:`begin` at a cell's start, :meth:`inner` at each element inside it, :meth:`chars`
    for the character data, :meth:`end` at its end). Raises TextTooLong."""

    def __init__(self) -> None:
        self.total = 0
        self._inside = False
        self._count = 0
        self._where = ("", 0, 0)

    def begin(self, attrs: dict[str, str], sheet: str, row: int, col: int) -> None:
        self._inside = True
        self._where = (sheet, row, col)
        self._count = 0
        value = attrs.get(OFFICE_NS + SEP + "string-value")
        if value is not None:
            self._add(len(value))

    def inner(self, name: str, attrs: dict[str, str]) -> None:
        if not self._inside or not name.startswith(TEXT_NS):
            return
        local = name[len(TEXT_NS) + 1:]
        if local == "s":
            try:
                spaces = int(attrs.get(TEXT_NS + SEP + "c", "1").strip())
            except ValueError:
                spaces = 1
            self._add(max(1, spaces))
        elif local in ("tab", "line-break"):
            self._add(1)

    def chars(self, data: str) -> None:
        if self._inside:
            self._add(len(data))

    def _add(self, count: int) -> None:
        self._count += count
        if self._count > MAX_CELL_CHARS:
            sheet, row, col = self._where
            raise TextTooLong(sheet, row, col, self._count)

    def end(self, col_repeat: int, row_repeat: int) -> None:
        """The cell is over; its text counts once per position it fills."""
        self._inside = False
        if self._count:
            self.total += self._count * col_repeat * row_repeat
            if self.total > MAX_WORKBOOK_TEXT_CHARS:
                sheet, row, col = self._where
                raise TextTooLong(sheet, row, col, self.total, total=True)


class LongestRun:
    """The most bytes between two occurrences of ``separator`` in a stream fed in steps (an upper
    bound of one cell's text when the separator is ``<c``). Searched in C (``bytes.split``); the
    step's start is searched with the last bytes of the step before.

    The bound holds only when no ``<c`` stands *inside* a cell: python-calamine joins the text
    of an inline string around an element nested in it, so ``<t>…</t><c/><t>…</t>`` would be one
    long cell in short pieces. A cell's end followed by anything but a cell, a row's start or end
    or the end of the sheet data (:func:`_nested_text`) never occurs in what spreadsheet programs
    write; when it does, ``longest`` is set past every limit, so the part is measured exactly."""

    def __init__(self, separator: bytes = b"<c") -> None:
        self.separator = separator
        self.longest = 0
        self._pending = 0
        self._tail = b""

    def feed(self, data: bytes) -> None:
        carry = self._tail[-(len(self.separator) - 1):] if self._tail else b""
        joined = carry + data  # a separator cut in two is found too
        sep = self.separator
        if len(joined) > 4 * _BLOCK and all(joined.find(sep, at, at + _BLOCK) >= 0
                                            for at in range(0, len(joined) - _BLOCK + 1, _BLOCK)):
            # every whole block of _BLOCK bytes holds a separator, so no gap inside reaches
            # 2 × _BLOCK (over the cell limit: such a gap holds a whole block); only the gaps at
            # the ends are measured (no split, no object per cell)
            self.longest = max(self.longest, self._pending - len(carry) + joined.find(sep), 2 * _BLOCK - 1)
            self._pending = len(joined) - joined.rfind(sep) - len(sep)
        else:
            pieces = joined.split(sep)
            if len(pieces) == 1:
                self._pending += len(data)
            else:
                first = self._pending - len(carry) + len(pieces[0])
                self.longest = max(self.longest, first, max(map(len, pieces[1:])))
                self._pending = len(pieces[-1])
        self.longest = max(self.longest, self._pending)
        region = self._tail + data
        found = _nested_text(region)
        if found >= 0 and (found < len(region) - _CARRY or not data):
            self.longest = 1 << 62
        # the next step sees again what may be cut: the last two tags and what follows them, at
        # least the last bytes, and a find near the end
        cut = min(len(region) - _CARRY, region.rfind(b"<", 0, max(0, region.rfind(b"<"))))
        self._tail = region[max(0, min(cut, found) if found >= 0 else cut):]
        if len(self._tail) > _MAX_TAIL:  # white space of megabytes after a cell: measure exactly
            self.longest = 1 << 62
            self._tail = self._tail[-_CARRY:]


_NAME = rb"(?:[\w.-]+:)?"
_REST = (rb"\s*(?:[^<\s]|<(?!" + _NAME + rb"c[\s>/]|/" + _NAME + rb"row\s*>|" + _NAME + rb"row[\s>/]|/"
         + _NAME + rb"sheetData\s*>))")  # what may not follow a cell's end
_AFTER_END = re.compile(rb"</c\s*>" + _REST)
_AFTER_PREFIXED_END = re.compile(rb"</" + _NAME + rb"c\s*>" + _REST)
_AFTER_EMPTY = re.compile(rb"/>" + _REST)
_CELL_TAG = re.compile(rb"<" + _NAME + rb"c[\s/]")
_CARRY = 64
_MAX_TAIL = 1 << 20
_BLOCK = (MAX_CELL_CHARS + 1) // 2  # 16.384 bytes


def _nested_text(region: bytes) -> int:
    """Where, in ``region``, a cell's end (``</c>``, or an empty ``<c .../>``) is followed by
    anything but a cell, a row's start or end or the end of the sheet data (the start of the
    find; -1 when there is none). The whole rows are counted in C first (each ``</c>`` followed
    at once by ``<c`` or ``</row>``, and as many ``<c`` as ``</c>``: nothing to find there); the
    rest is searched in C for the literal ``</c`` and ``/>``, and only an empty element so
    followed is looked at in Python."""
    first_row = region.find(b"<row")
    rows_end = region.rfind(b"</row>") + len(b"</row>")
    prefixed = b":c" in region
    if 0 <= first_row < rows_end and not prefixed:
        ends = region.count(b"</c>", first_row, rows_end)
        follow = region.count(b"</c><c", first_row, rows_end) + \
            region.count(b"</c></row>", first_row, rows_end)
        if ends == follow == region.count(b"<c", first_row, rows_end):
            before = _search(region, 0, first_row, False)
            return before if before >= 0 else _search(region, rows_end, len(region), False)
    return _search(region, 0, len(region), prefixed)


def _search(region: bytes, start: int, end: int, prefixed: bool) -> int:
    found = _AFTER_END.search(region, start, end)
    if found is None and prefixed:
        found = _AFTER_PREFIXED_END.search(region, start, end)
    first = found.start() if found is not None else -1
    for empty in _AFTER_EMPTY.finditer(region, start, first if first >= 0 else end):
        begin = region.rfind(b"<", start, empty.start())
        if begin >= 0 and _CELL_TAG.match(region, begin):
            return begin
    return first


def _local(name: str) -> str:
    return name.rpartition(SEP)[2]


def _parser(start: Callable[[str, dict[str, str]], None], end: Callable[[str], None],
            chars: Callable[[str], None]) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator=SEP)
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    return parser


class _Measure:
    """Feeds a part to a parser; a parse error ends the measuring (the scan reports it)."""

    parser: expat.XMLParserType

    def __init__(self) -> None:
        self._broken = False

    def feed(self, data: bytes, final: bool = False) -> None:
        if self._broken:
            return
        try:
            self.parser.Parse(data, final)
        except expat.ExpatError:
            self._broken = True


class SheetTextMeasure(_Measure):
    """The exact text of each cell of a worksheet part (values and inline strings, not formulas,
    phonetic runs or anything outside a ``<c>``); raises TextTooLong(``member``, row, col, …) at
    the first cell over :data:`MAX_CELL_CHARS`."""

    def __init__(self, member: str) -> None:
        super().__init__()
        self.member = member
        self.parser = _parser(self._start, self._end, self._chars)
        self._row = -1
        self._col = -1
        self._depth = 0      # > 0: inside a cell
        self._skip = 0       # > 0: inside a formula or a phonetic run
        self._count = 0

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if self._depth:
            self._depth += 1
            if local in ("f", "rPh") or self._skip:
                self._skip += 1
            return
        if local == "row":
            try:
                self._row = int(attrs.get("r", "").strip()) - 1
            except ValueError:
                self._row += 1
            self._col = -1
        elif local == "c":
            self._depth = 1
            self._count = 0
            found = _REF.match(attrs.get("r", ""))
            if found:
                from budgetapp.io.xml_scan import column_index

                self._col = column_index(found.group(1))
                self._row = int(found.group(2)) - 1
            else:
                self._col += 1

    def _end(self, _name: str) -> None:
        if self._depth:
            self._depth -= 1
            if self._skip:
                self._skip -= 1

    def _chars(self, data: str) -> None:
        if self._depth and not self._skip:
            self._count += len(data)
            if self._count > MAX_CELL_CHARS:
                raise TextTooLong(self.member, self._row, self._col, self._count)


class SharedTextMeasure(_Measure):
    """The exact text of each ``<si>`` of ``xl/sharedStrings.xml`` (phonetic runs left out);
    raises TextTooLong("", 0, 0, …, shared_index) at the first string over :data:`MAX_CELL_CHARS`."""

    def __init__(self) -> None:
        super().__init__()
        self.parser = _parser(self._start, self._end, self._chars)
        self._index = -1
        self._inside = 0  # depth inside a string (a string nested in one counts with it)
        self._skip = 0
        self._count = 0

    def _start(self, name: str, _attrs: dict[str, str]) -> None:
        local = _local(name)
        if self._skip or (self._inside and local == "rPh"):
            self._skip += 1
        elif local == "si":
            if not self._inside:
                self._index += 1
                self._count = 0
            self._inside += 1

    def _end(self, name: str) -> None:
        if self._skip:
            self._skip -= 1
        elif _local(name) == "si" and self._inside:
            self._inside -= 1

    def _chars(self, data: str) -> None:
        if self._inside and not self._skip:
            self._count += len(data)
            if self._count > MAX_CELL_CHARS:
                raise TextTooLong("", 0, 0, self._count, shared_index=self._index)


class SharedStringEnds:
    """Whether every ``</si>`` of a shared-strings part is followed at once by ``<si`` or
    ``</sst>``, as spreadsheet programs write it (counted in C, a step's start with the last bytes
    of the step before). When not (:attr:`odd`: white space, a prefix, or a string nested in a
    string, whose text python-calamine would join), the sizes found by searching for ``</si>``
    are no bound, and the strings are measured exactly."""

    _PATTERNS = (b"</si>", b"</si><si", b"</si></sst>")

    def __init__(self) -> None:
        self._counts = [0, 0, 0]
        self._carry = b""

    def feed(self, data: bytes) -> None:
        joined = self._carry + data
        for i, pattern in enumerate(self._PATTERNS):
            self._counts[i] += joined.count(pattern) - self._carry.count(pattern)
        self._carry = joined[-16:]

    @property
    def odd(self) -> bool:
        return self._counts[0] != self._counts[1] + self._counts[2]
