"""Streaming, namespace-aware reading of a spreadsheet's XML parts while they are inflated.

Each part is fed, step by step, to an expat parser (``xml.parsers.expat``, the parser under
``xml.etree.ElementTree.iterparse``) with namespace processing: element and attribute names are
compared as (namespace, local name), attribute values arrive with character references resolved
and quotes, white space around ``=`` and the encoding (UTF-8, UTF-16 with a byte order mark or a
declaration) already dealt with. So no spelling XML allows can hide a cell, a hidden row or a
hidden sheet, and none is refused as damaged. A document type declaration is refused before any
of it is read (no external entity is fetched, no entity expanded).

What is read, in one pass per part:

- a worksheet (:class:`XlsxSheetScan`): the extent of the cells that hold a value (zero-based, so
  a lying ``<dimension>`` is never trusted), cached error values, formulas without a stored value,
  hidden rows (``hidden``, a zero height ``ht="0"``, or rows hidden by default with
  ``<sheetFormatPr zeroHeight="1">``), hidden columns (``<col hidden="1">`` or zero width), cells
  that refer to the shared strings;
- an ODS ``content.xml`` (:class:`OdsScan`): the same per table, repeated rows and columns
  counted arithmetically, rows hidden by ``table:visibility`` (collapse or filter) or inside a
  collapsed row group (``<table:table-row-group table:display="false">``), hidden columns
  (visibility or a collapsed column group), and tables hidden by ``table:display="false"`` on the
  table or its automatic style;
- ``xl/sharedStrings.xml`` (:class:`SharedStringsScan`): the size of each string;
- ``xl/workbook.xml`` and its relations (:func:`workbook_sheets`, :func:`relationships`).

Format references: ECMA-376 Part 1 (5th ed., 2021), §18.3.1.73 row (``hidden``, ``ht``,
``customHeight``), §18.3.1.13 col (``hidden``, ``width``), §18.3.1.81 sheetFormatPr
(``zeroHeight``), §18.2.19 sheet (``state``); OASIS OpenDocument 1.2 Part 1, §9.1.3
table:table-row, §9.1.9 table:table-row-group, §19.749 table:visibility, §17.15 table:display.
"""

from __future__ import annotations

import re
import xml.parsers.expat as expat
from array import array
from dataclasses import dataclass, field

from budgetapp.io.text_bounds import OdsCellText, OdsStyleSizes, column_too_narrow, row_too_low

MAIN_NAMESPACES = frozenset({
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
    "",
})
REL_NAMESPACES = frozenset({
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
})
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
MAX_COLUMNS = 16_384   # Excel's widest sheet; a hidden column range is cut there
MAX_ELEMENT_BYTES = 16 * 1024 * 1024  # one tag (with its attributes) not yet parsed
MAX_KEPT_TEXT = 64 * 1024   # of a value or a formula: enough for an error value or a formula's text
MAX_HIDDEN_REPEAT = 100_000  # hidden rows named for one repeated ODS row (its extent is checked first)
SEP = "}"
_REF = re.compile(r"\s*\$?([A-Za-z]{1,3})\$?(\d{1,7})\s*$")


class XmlPartError(Exception):
    """A part is not well-formed XML, or declares a document type; ``str(exc)`` is Danish."""


class SheetTooLarge(Exception):
    """A sheet whose cells with a value span more than the limit (found while reading).
    ``sheet``: the ODS table name, or the xlsx worksheet part (the caller names the sheet)."""

    def __init__(self, sheet: str, rows: int, cols: int, cells: int = 0) -> None:
        super().__init__(sheet, rows, cols)
        self.sheet = sheet
        self.rows = rows
        self.cols = cols
        self.cells = cells  # > 0: more cells with a value than the limit (a position written twice)


def is_true(value: str | None) -> bool:
    """An xsd:boolean attribute (white space collapsed): "1" or "true"."""
    return value is not None and value.strip().lower() in ("1", "true")


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value.strip()) if value is not None else default
    except ValueError:
        return default


def column_index(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number - 1


def _split(name: str) -> tuple[str, str]:
    ns, _, local = name.rpartition(SEP)
    return ns, local


class _Stream:
    """An expat parser fed in steps. A parse error is kept (``error``), not raised at once, so
    the caller can first finish counting the part's inflated size against its budget."""

    def __init__(self) -> None:
        parser = expat.ParserCreate(namespace_separator=SEP)
        parser.buffer_text = True
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._doctype
        self.parser = parser
        self.error = ""
        self.stopped = False  # no more is parsed (the sheet is already over its cell limit)
        self._fed = 0

    def _doctype(self, *_args: object) -> None:
        raise XmlPartError("delen har en dokumenttypeerklæring (DOCTYPE/ENTITY), som et regneark ikke "
                           "bruger; den læses ikke af sikkerhedshensyn")

    def feed(self, data: bytes, final: bool = False) -> None:
        if self.error or self.stopped:
            return
        self._fed += len(data)
        try:
            self.parser.Parse(data, final)
        except expat.ExpatError as exc:
            self.error = f"XML'en er ikke gyldig (linje {exc.lineno}, kolonne {exc.offset + 1})"
            return
        if self._fed - max(0, self.parser.CurrentByteIndex) > MAX_ELEMENT_BYTES:
            raise XmlPartError("et element i delen er over 16 MB (filen er beskadiget eller bygget til at "
                               "opbruge hukommelsen)")


def _names(*locals_: str) -> dict[str, str]:
    """Expanded name (in any of the main namespaces, or none) → local name."""
    return {(ns + SEP if ns else "") + local: local for ns in MAIN_NAMESPACES for local in locals_}


_SHEET_NAMES = _names("c", "v", "f", "is", "row", "col", "sheetFormatPr")
_CELL_END = frozenset(k for k, v in _SHEET_NAMES.items() if v == "c")
_TEXT_END = frozenset(k for k, v in _SHEET_NAMES.items() if v in ("v", "f"))
_DIGITS = "0123456789$"
_V_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main" + SEP + "v"
_C_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main" + SEP + "c"


@dataclass
class XlsxSheetScan(_Stream):
    """What one worksheet's XML holds (zero-based rows and columns). ``rows``/``cols``: the extent
    of the cells that hold a value (``<v>`` or an inline string); ``errors``: cached error values
    by cell; ``no_value``: formulas without a stored value (the formula text, "" for a shared
    formula); ``hidden_rows``/``hidden_cols``: rows and columns marked hidden; ``shared_refs``:
    cells of type "s"; ``shared_text``: with ``shared_lengths`` given, Σ of the referred strings'
    sizes. ``limit_cells`` (0: none) raises SheetTooLarge(``member``, …) as soon as the extent
    passes it.

    Speed: an ordinary cell costs two calls (its ``<c>`` and ``<v>`` start); only a cell with a
    formula, an error value or (in the shared-text pass) a shared string has its text and end read.
    """

    member: str = ""
    limit_cells: int = 0
    shared_lengths: array | None = None
    rows: int = 0
    cols: int = 0
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    no_value: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    shared_refs: int = 0
    shared_text: int = 0
    filled: int = 0  # cells with a value read so far
    needs_exact: bool = False  # set by the quick reading when it gives up (xml_quick_scan)

    def __post_init__(self) -> None:
        _Stream.__init__(self)
        self.parser.StartElementHandler = self._start
        self._row = -1
        self._col = -1
        self._zero_height = False
        self._type = "n"
        self._letters: dict[str, int] = {}
        self._most = self.limit_cells or 1 << 62
        self._row_digits = ""  # the digits of the last cell reference whose row was read
        self._special = False
        self._collect: list[str] | None = None
        self._value: list[str] = []
        self._formula: list[str] = []
        self._has_v = self._has_f = self._has_is = False

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        if name == _V_MAIN and not self._special:  # the usual value of a cell: the quickest path
            self.filled += 1
            if self._row >= self.rows or self._col >= self.cols or self.filled > self._most:
                self._filled()
            return
        local = "c" if name == _C_MAIN else _SHEET_NAMES.get(name)
        if local is None:
            return
        if local == "c":
            self._cell_start(attrs)
        elif local == "v" or local == "is":
            if self._special:
                self._has_v = True
                if local == "v":
                    self._collect = self._value
                else:
                    self._has_is = True
                return
            self.filled += 1
            self._filled()
        elif local == "f":
            if not self._special:
                self._begin_special()
            self._has_f = True
            self._collect = self._formula
        elif local == "row":
            self._row = _int(attrs.get("r"), self._row + 2) - 1
            self._row_digits = ""
            self._col = -1
            if self._row_hidden(attrs):
                self.hidden_rows.add(self._row)
        elif local == "col":
            self._column(attrs)
        elif local == "sheetFormatPr":
            self._zero_height = is_true(attrs.get("zeroHeight"))

    def _cell_start(self, attrs: dict[str, str]) -> None:
        """A ``<c>``: its position (from ``r``, or the next column) and type."""
        ref = attrs.get("r")
        if ref:
            letters = ref.rstrip(_DIGITS)
            known = self._letters.get(letters)
            if known is None:
                found = _REF.match(ref)
                known = self._letters[letters] = column_index(found.group(1)) if found else -2
            if known >= 0:
                self._col = known
                digits = ref[len(letters):]
                if digits != self._row_digits:
                    self._row = int(digits.lstrip("$")) - 1
                    self._row_digits = digits
            else:
                self._col += 1
        else:
            self._col += 1
        kind = attrs.get("t")
        if kind is None:
            self._type = "n"
            return
        self._type = kind = kind.strip()
        if kind == "s":
            self.shared_refs += 1
            if self.shared_lengths is not None:
                self._begin_special()
        elif kind == "e":
            self._begin_special()

    def _begin_special(self) -> None:
        """Read this cell's text and end: it has a formula, an error value or a shared string."""
        self._special = True
        self._value, self._formula = [], []
        self._has_v = self._has_f = self._has_is = False
        self._collect = None
        self.parser.CharacterDataHandler = self._text
        self.parser.EndElementHandler = self._end

    def _row_hidden(self, attrs: dict[str, str]) -> bool:
        if is_true(attrs.get("hidden")):
            return True
        height = _number(attrs.get("ht"))
        if row_too_low(height) or (height is not None and height <= 0):
            return True
        return self._zero_height and not (is_true(attrs.get("customHeight")) and bool(height))

    def _column(self, attrs: dict[str, str]) -> None:
        width = _number(attrs.get("width"))
        if is_true(attrs.get("hidden")) or (width is not None and (width <= 0 or column_too_narrow(width))):
            first = max(1, _int(attrs.get("min"), 1))
            last = min(MAX_COLUMNS, _int(attrs.get("max"), first))
            self.hidden_cols.update(range(first - 1, last))

    def _text(self, data: str) -> None:
        collect = self._collect
        if collect is not None and len(collect) < MAX_KEPT_TEXT // 1024:
            collect.append(data[:MAX_KEPT_TEXT])

    def _end(self, name: str) -> None:
        if name in _TEXT_END:
            self._collect = None
        elif name in _CELL_END:
            self._special = False
            self.parser.CharacterDataHandler = None
            self.parser.EndElementHandler = None
            self._special_cell()

    def _special_cell(self) -> None:
        where = (self._row, self._col)
        value = "".join(self._value).strip()
        kind = self._type
        if kind == "s":
            lengths = self.shared_lengths
            if lengths is not None and value.isdigit() and int(value) < len(lengths):
                self.shared_text += lengths[int(value)]
        if kind == "e":
            self.errors[where] = value or "#FEJL"
        elif self._has_f and not value and not (kind == "str" and self._has_v):
            self.no_value[where] = "".join(self._formula).strip()
        elif not value and not self._has_is:
            return
        self.filled += 1
        self._filled()

    def _filled(self) -> None:
        """The current cell holds a value: widen the extent, and check it against the limit. No
        valid sheet has more cells with a value than its extent holds, so a count over the limit
        (one position written again and again) is refused too, before it costs much time."""
        if self._row >= self.rows or self._col >= self.cols:
            self.rows = max(self.rows, self._row + 1)
            self.cols = max(self.cols, self._col + 1)
            if self.limit_cells and self.rows * self.cols > self.limit_cells:
                raise SheetTooLarge(self.member, self.rows, self.cols)
        if self.filled > self._most:  # after the extent: a sheet merely too large is named as such
            raise SheetTooLarge(self.member, self.rows, self.cols, self.filled)


@dataclass
class _OdsTable:
    scan: XlsxSheetScan
    hidden_cols: list[tuple[int, int]] = field(default_factory=list)  # [first, end) ranges
    next_col: int = 0


@dataclass
class OdsScan(_Stream):
    """Per table of an ODS ``content.xml``: the extent of the cells with a value (repeats
    expanded arithmetically, never in memory), the hidden rows and columns, and the hidden
    tables. ``limit_cells`` raises SheetTooLarge(table name, …) while reading."""

    limit_cells: int = 0
    tables: dict[str, XlsxSheetScan] = field(default_factory=dict)
    hidden_tables: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        _Stream.__init__(self)
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self._table: _OdsTable | None = None
        self._name = ""
        self._row = 0
        self._row_repeat = 1
        self._row_hidden = False
        self._col = 0
        self._groups: list[bool] = []      # row groups open: collapsed?
        self._col_groups: list[bool] = []  # column groups open: collapsed?
        self._cell: tuple[int, bool, str | None] | None = None  # repeat, value, formula
        self._cell_content = False
        self._style = ""
        self._hidden_styles: set[str] = set()
        self._sizes = OdsStyleSizes()  # row and column styles too small to show (text_bounds)
        self._text = OdsCellText()
        self.parser.CharacterDataHandler = self._text.chars

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        ns, local = _split(name)
        if self._cell is not None:
            self._cell_content = True  # a paragraph or annotation inside a cell
            self._text.inner(name, attrs)
            return
        if ns == STYLE:
            self._sizes.start(local, attrs)
            if local == "style":
                self._style = attrs.get(STYLE + SEP + "name", "") \
                    if attrs.get(STYLE + SEP + "family") == "table" else ""
            elif local == "table-properties" and self._style and \
                    attrs.get(TABLE + SEP + "display", "").strip() == "false":
                self._hidden_styles.add(self._style)
            return
        if ns != TABLE:
            return
        if local == "table":
            self._open_table(attrs)
            return
        table = self._table
        if table is None:
            return
        if local in ("table-cell", "covered-table-cell"):
            self._cell = (self._repeat(attrs, "number-columns-repeated"),
                          OFFICE + SEP + "value-type" in attrs
                          or TABLE + SEP + "formula" in attrs,
                          attrs.get(TABLE + SEP + "formula"))
            self._cell_content = False
            self._text.begin(attrs, self._name, self._row, self._col)
        elif local == "table-row":
            self._row_repeat = self._repeat(attrs, "number-rows-repeated")
            visibility = attrs.get(TABLE + SEP + "visibility", "visible").strip()
            self._row_hidden = visibility != "visible" or any(self._groups)
            self._row_hidden = self._row_hidden or \
                attrs.get(TABLE + SEP + "style-name", "") in self._sizes.low_rows
            self._col = 0
        elif local == "table-row-group":
            self._groups.append(attrs.get(TABLE + SEP + "display", "true").strip() == "false")
        elif local == "table-column-group":
            self._col_groups.append(attrs.get(TABLE + SEP + "display", "true").strip() == "false")
        elif local == "table-column":
            repeat = self._repeat(attrs, "number-columns-repeated")
            visibility = attrs.get(TABLE + SEP + "visibility", "visible").strip()
            first = table.next_col
            table.next_col = min(MAX_COLUMNS * 64, first + repeat)
            if attrs.get(TABLE + SEP + "style-name", "") in self._sizes.narrow_columns:
                visibility = "collapse"  # too narrow to show (text_bounds)
            if visibility != "visible" or any(self._col_groups):
                table.hidden_cols.append((first, table.next_col))

    def _open_table(self, attrs: dict[str, str]) -> None:
        name = attrs.get(TABLE + SEP + "name") or f"Ark{len(self.tables) + 1}"
        scan = self.tables.setdefault(name, XlsxSheetScan(member=name))
        self._table = _OdsTable(scan)
        self._name = name
        self._row = 0
        self._groups, self._col_groups = [], []
        style = attrs.get(TABLE + SEP + "style-name", "")
        if attrs.get(TABLE + SEP + "display", "").strip() == "false" or style in self._hidden_styles:
            self.hidden_tables.append(name)

    @staticmethod
    def _repeat(attrs: dict[str, str], local: str) -> int:
        return max(1, _int(attrs.get(TABLE + SEP + local), 1))

    def _end(self, name: str) -> None:
        ns, local = _split(name)
        if ns != TABLE or self._table is None:
            return
        if local in ("table-cell", "covered-table-cell") and self._cell is not None:
            repeat, has_value, formula = self._cell
            self._cell = None
            self._filled(repeat, has_value or self._cell_content, has_value, formula)
            self._text.end(repeat, self._row_repeat)
            self._col += repeat
        elif self._cell is not None:
            return
        elif local == "table-row":
            self._row += self._row_repeat
            self._row_repeat = 1
        elif local == "table-row-group" and self._groups:
            self._groups.pop()
        elif local == "table-column-group" and self._col_groups:
            self._col_groups.pop()
        elif local == "table":
            table = self._table
            end = min(table.scan.cols, MAX_COLUMNS)
            for first, stop in table.hidden_cols:
                table.scan.hidden_cols.update(range(first, min(stop, end)))
            self._table = None

    def _filled(self, repeat: int, filled: bool, typed: bool, formula: str | None) -> None:
        if not filled:
            return
        scan = self._table.scan  # type: ignore[union-attr]
        scan.rows = max(scan.rows, self._row + self._row_repeat)
        scan.cols = max(scan.cols, self._col + repeat)
        if formula is not None and not typed:
            scan.no_value[(self._row, self._col)] = formula
        if self.limit_cells and scan.rows * scan.cols > self.limit_cells:
            raise SheetTooLarge(self._name, scan.rows, scan.cols)
        if self._row_hidden:  # a hidden row holding data (bounded by the extent just checked)
            scan.hidden_rows.update(range(self._row, self._row + min(self._row_repeat, MAX_HIDDEN_REPEAT)))


class SharedStringsScan(_Stream):
    """The size in bytes of each ``<si>`` of ``xl/sharedStrings.xml`` (its markup included, an
    upper bound of the text), so the text the cells would copy out of it can be bounded.

    A part of millions of tiny strings must not cost a parser call per element, so the quick
    reading parses without element handlers (well-formedness and the refusal of a document type
    still hold) and finds the ends of the strings by a search for ``</si>`` (any prefix) in the
    bytes. That search is exact only for UTF-8 without comments, CDATA sections or processing
    instructions (where a ``</si>`` could be text): when the part has any of them, ``trusted`` is
    False and ``longest`` is the size of the whole part, and the caller asks for the exact sizes
    (``exact=True``: a handler at each ``<si>``) only when that bound is over its limit."""

    def __init__(self, exact: bool = False) -> None:
        super().__init__()
        self.lengths: array = array("q")
        self.longest = 0
        self.trusted = True
        self.exact = exact
        self._size = 0
        self._start_at = 0
        self._pending = 0   # bytes since the last </si> found by the search
        self._head = b""
        self._carry = b""
        if exact:
            self.parser.StartElementHandler = self._start
            self.parser.EndElementHandler = self._end
        else:
            self.parser.StartCdataSectionHandler = self._untrusted
            self.parser.CommentHandler = self._untrusted
            self.parser.ProcessingInstructionHandler = self._untrusted

    def _untrusted(self, *_args: object) -> None:
        self.trusted = False

    def feed(self, data: bytes, final: bool = False) -> None:
        if not self.exact and self._size < 256:  # the first bytes: the encoding
            self._head += data[:256]
            head = self._head.lstrip()
            if not_utf8(head):
                self.trusted = False
        self._size += len(data)
        super().feed(data, final)
        if not self.exact:
            self._search(data, final)
            if not self.trusted:
                self.longest = self._size

    def _search(self, data: bytes, final: bool) -> None:
        """Split at each ``</si>`` in C (``re.split``, no Python call per string): a string's size
        is the bytes since the previous end tag. The last 16 bytes are carried to the next step
        (an end tag may be cut in two); they are counted once (``_pending`` holds them)."""
        tail = self._carry
        pieces = _SI_END.split(tail + data)
        rest = pieces.pop()
        if pieces:
            first = self._pending - len(tail) + len(pieces[0])
            sizes = array("q", map(len, pieces))
            sizes[0] = first
            self.lengths.extend(sizes)
            self.longest = max(self.longest, max(sizes))
            self._pending = len(rest)
        else:
            self._pending += len(data)
        self._carry = b"" if final else rest[-16:]
        if final:  # what follows the last end tag (or a part without one) counts too
            self.longest = max(self.longest, self._pending)

    def _start(self, name: str, _attrs: dict[str, str]) -> None:
        if name.endswith(SEP + "si") or name == "si":
            self._start_at = self.parser.CurrentByteIndex

    def _end(self, name: str) -> None:
        if name.endswith(SEP + "si") or name == "si":
            size = max(1, self.parser.CurrentByteIndex - self._start_at + 6)
            self.lengths.append(size)
            self.longest = max(self.longest, size)


_SI_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?si\s*>")
_NOT_UTF8 = re.compile(rb"<\?xml[^>]*encoding\s*=\s*[\"'](?!utf-?8[\"'])", re.I)


def not_utf8(head: bytes) -> bool:
    """Whether an XML part whose first bytes (leading white space removed) are ``head`` is not
    plain UTF-8: a byte-order mark (UTF-16 or UTF-32), UTF-16 without one (a zero byte among the
    first two), or a declaration naming another encoding. python-calamine reads only UTF-8, so
    such a part is handed to it as a UTF-8 copy."""
    return head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00", b"<\x00")) or (
        head.startswith(b"<?xml") and _NOT_UTF8.match(head) is not None)


@dataclass
class SheetEntry:
    """One ``<sheet>`` of ``xl/workbook.xml``: its name, state ("" visible, "hidden",
    "veryhidden") and relation id."""

    name: str
    state: str
    rid: str


def _parse_whole(data: bytes, start) -> None:  # type: ignore[no-untyped-def]
    stream = _Stream()
    stream.parser.StartElementHandler = start
    stream.feed(data, True)
    if stream.error:
        raise XmlPartError(stream.error)


def workbook_sheets(data: bytes) -> list[SheetEntry]:
    """The sheets ``xl/workbook.xml`` lists, in order. Raises XmlPartError."""
    entries: list[SheetEntry] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        ns, local = _split(name)
        if local == "sheet" and ns in MAIN_NAMESPACES:
            rid = next((v for k, v in attrs.items() if _split(k)[0] in REL_NAMESPACES
                        and _split(k)[1] == "id"), "")
            entries.append(SheetEntry(attrs.get("name", ""), (attrs.get("state") or "").strip().lower(),
                                      rid.strip()))

    if data:
        _parse_whole(data, start)
    return entries


def relationships(data: bytes) -> dict[str, str]:
    """Relation id → target of a ``.rels`` part. Raises XmlPartError."""
    targets: dict[str, str] = {}

    def start(name: str, attrs: dict[str, str]) -> None:
        if _split(name)[1] == "Relationship" and "Id" in attrs and "Target" in attrs:
            targets[attrs["Id"].strip()] = attrs["Target"].strip()

    if data:
        _parse_whole(data, start)
    return targets


class Respeller:
    """Rewrites an XML part, fed in steps, in plain UTF-8 to ``write``: the same elements,
    attributes (namespace declarations included, as written) and text, with character references
    resolved and only ``& < > "`` escaped. Comments and processing instructions are dropped;
    a document type declaration is refused (XmlPartError). A parse error is kept in ``error``."""

    def __init__(self, write) -> None:  # type: ignore[no-untyped-def]
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = _Stream._doctype.__get__(self)
        parser.EntityDeclHandler = _Stream._doctype.__get__(self)
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        self.parser = parser
        self.error = ""
        self._write = write
        self._out: list[str] = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n']

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        self._out.append("<" + name + "".join(f' {k}="{_escape_attr(v)}"' for k, v in attrs.items()) + ">")

    def _end(self, name: str) -> None:
        self._out.append(f"</{name}>")

    def _text(self, data: str) -> None:
        self._out.append(data.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))

    def feed(self, data: bytes, final: bool = False) -> None:
        if self.error:
            return
        try:
            self.parser.Parse(data, final)
        except expat.ExpatError as exc:
            self.error = f"XML'en er ikke gyldig (linje {exc.lineno}, kolonne {exc.offset + 1})"
        if self._out:
            self._write("".join(self._out).encode("utf-8"))
            self._out = []


def _escape_attr(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
