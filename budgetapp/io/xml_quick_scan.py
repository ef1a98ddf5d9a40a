"""The quick reading of a worksheet's XML: the same findings as :class:`XlsxSheetScan`, without a
Python call per element for the usual spelling.

The exact reading (:class:`budgetapp.io.xml_scan.XlsxSheetScan`) calls Python at every element
start, about three times per cell: 5 s for a 1,4 mio.-cell sheet where calamine reads it in 1,5 s.
The quick reading lets expat check the whole part with no element handler (well-formedness, and
the refusal of a document type, stay the parser's), and reads the sheet in steps of whole rows
with searches in C over the bytes.

The searches are exact only for the spelling spreadsheet programs write, so each step first
checks that it has it, and gives up (:attr:`needs_exact`; the caller then reads the part again
with the exact reading, within the same bounds) on anything else: a part not in UTF-8; a comment,
CDATA section or processing instruction anywhere (where markup could be text); a character
reference (``&#...;``); a prefixed ``c``, ``v``, ``f``, ``is``, ``row``, ``col`` or
``sheetFormatPr``, or a default namespace other than SpreadsheetML's; a row without a plain
``r="N"``; ``zeroHeight``; cells outside rows; a step of more than 16 MB without a row end; and
any limit passed (the exact reading decides, so a bound never refuses a sheet the exact reading
would take). Within a step:

- cells all written ``<c r="A1" ...``: the extent is bounded by the positions of *all* cells
  (the letters and the row digits of each ``r``, taken apart by ``bytes.translate`` in C), and
  the count of cells with a value by the count of cells;
- a step with a formula, an error value (``t="e"``) or a cell in another spelling has its rows
  read by the exact reading's own handlers (one expat parse of the rows, without namespaces,
  which the checks above make equivalent);
- cells none of which has ``r`` in any spelling (each one column right of the one before), in
  rows that all have a plain ``r="N"``: the extent is bounded by the last row number and the most cells in one
  row;
- rows with ``hidden`` or ``ht``, and ``<col>`` elements, are read one by one.

So ``rows``/``cols`` are an upper bound of the extent of the cells with a value (exact when the
step was read exactly), never above the limit.
"""

from __future__ import annotations

import re
import xml.parsers.expat as expat
from dataclasses import dataclass

from budgetapp.io.xml_scan import (
    MAIN_NAMESPACES,
    MAX_ELEMENT_BYTES,
    SheetTooLarge,
    XlsxSheetScan,
    _int,
    column_index,
    not_utf8,
)

_VALUE = rb'(?:"[^"]*"|\'[^\']*\')'
_ATTRS = rb"((?:\s+[A-Za-z_][\w:.-]*\s*=\s*" + _VALUE + rb")*)\s*/?>"
_ATTR = re.compile(rb"([A-Za-z_][\w:.-]*)\s*=\s*(" + _VALUE + rb")")
_ROW_TAG = re.compile(rb"<row" + _ATTRS)
_COL_TAG = re.compile(rb"<col" + _ATTRS)
# A row number without leading zeros: "XFD0000001" (row 1) would compare as a longer, so larger,
# number than "999999"; such a reference is left to the exact reading.
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3}[1-9][0-9]{0,6})"')
_ODD_CELL = re.compile(rb"<c[>/\t\n\r]")
_ROW_START = re.compile(rb"<row[\s/>]")
_ANY_R = re.compile(rb"\sr\s*=")
_ROW_NUMBER = re.compile(rb'<row r="([0-9]{1,7})"')
_TYPE = re.compile(rb"""t\s*=\s*["']\s*(\w+)""")
_PREFIXED = re.compile(rb":(?:c|v|f|is|row|col|sheetFormatPr)[\s/>]")
_DEFAULT_NS = re.compile(rb"""xmlns\s*=\s*(["'])(.*?)\1""")
_DIGITS = b"0123456789"
_LETTERS = bytes(range(65, 91))
_ROW_END = b"</row>"


def _count_cells(row: bytes) -> int:
    return row.count(b"<c")


def _attributes(raw: bytes) -> dict[str, str]:
    return {name.decode(): value[1:-1].decode("utf-8", "replace") for name, value in _ATTR.findall(raw)}


@dataclass
class QuickSheetScan(XlsxSheetScan):
    """A worksheet's scan by the quick reading (see the module text). Fed like the exact one;
    when :attr:`needs_exact` is set it has stopped, and the part must be read again with
    :class:`XlsxSheetScan`."""

    def __post_init__(self) -> None:
        super().__post_init__()
        parser = self.parser
        parser.StartElementHandler = None
        parser.CommentHandler = self._untrusted
        parser.StartCdataSectionHandler = self._untrusted
        parser.ProcessingInstructionHandler = self._untrusted
        self._trusted = True
        self._carry = b""
        self._size = 0
        self._head = b""

    def _untrusted(self, *_args: object) -> None:
        self._trusted = False

    def _give_up(self) -> None:
        self.needs_exact = True
        self.stopped = True
        self._carry = b""

    def feed(self, data: bytes, final: bool = False) -> None:
        if self.error or self.stopped:
            return
        if self._size < 256:  # the first bytes: the encoding
            self._head += data[:256]
            head = self._head.lstrip()
            if not_utf8(head):
                self._trusted = False
        self._size += len(data)
        super().feed(data, final)  # well-formedness and the document type: expat, no handlers
        if self.error or self.stopped:
            return
        if not self._trusted:
            self._give_up()
            return
        region = self._carry + data
        cut = len(region) if final else region.rfind(_ROW_END) + len(_ROW_END)
        if cut < len(_ROW_END):
            if len(region) > MAX_ELEMENT_BYTES:
                self._give_up()
            else:
                self._carry = region
            return
        self._carry = region[cut:]
        self._step(region[:cut])

    def _step(self, region: bytes) -> None:
        """Read a region of whole rows (or the part's end)."""
        if (b"&" in region and b"&#" in region) or b"zeroHeight" in region or _PREFIXED.search(region) or (
                b"xmlns" in region and any(ns.decode("utf-8", "replace") not in MAIN_NAMESPACES
                                           for _, ns in _DEFAULT_NS.findall(region))):
            self._give_up()
            return
        refs = _CELL_REF.findall(region)
        plain = region.count(b"<c") == len(refs) or (
            region.count(b"<c ") == len(refs) and not _ODD_CELL.search(region))
        types = _TYPE.findall(region) if b"t" in region else []
        simple = b"<f" not in region and b"e" not in types
        if simple and plain:
            self.shared_refs += types.count(b"s")
            self._extent(refs)
        elif not self._rows_numbered(region):
            return
        elif simple and not refs and len(_ANY_R.findall(region)) == region.count(b'<row r="'):
            # no cell has an r attribute in any spelling: each is one column right of the one before
            self.shared_refs += types.count(b"s")
            self._extent_by_rows(region)
        elif not self._rows_exactly(region):
            return
        if self.stopped:
            return
        if (b"hidden" in region or b"ht" in region) and self._rows_numbered(region):
            self._hidden_rows(region)
        if b"<col" in region:
            for found in _COL_TAG.finditer(region):
                self._column(_attributes(found.group(1)))

    def _rows_numbered(self, region: bytes) -> bool:
        """Every row of ``region`` starts ``<row r="``; else give up (a row's number would depend
        on the rows before it)."""
        numbered = region.count(b'<row r="')
        if region.count(b"<row") == numbered or len(_ROW_START.findall(region)) == numbered:
            return True
        self._give_up()
        return False

    def _extent(self, refs: list[bytes]) -> None:
        """Bound the extent by the positions of all cells (all written ``<c r="..."``)."""
        if not refs:
            return
        joined = b" ".join(refs)
        letters = set(joined.translate(None, _DIGITS).split())
        digits = joined.translate(None, _LETTERS).split()
        lengths = set(map(len, digits))
        longest = max(lengths)
        # digit strings of one length compare as their numbers do
        top = max(digits) if len(lengths) == 1 else max(d for d in digits if len(d) == longest)
        self.rows = max(self.rows, int(top))
        self.cols = max(self.cols, max(column_index(x.decode()) for x in letters) + 1)
        self.filled += len(refs)  # at least the cells with a value
        if self.filled > self._most or (self.limit_cells and self.rows * self.cols > self.limit_cells):
            self._give_up()

    def _extent_by_rows(self, region: bytes) -> None:
        """Bound the extent when no cell has ``r`` (each is one column right of the one before):
        the last row number by the rows, the columns by the most cell starts in one row."""
        numbers = _ROW_NUMBER.findall(region)
        if len(numbers) != region.count(b'<row r="'):  # a row number that is not a number
            self._give_up()
            return
        if numbers:
            self.rows = max(self.rows, max(map(int, numbers)))
        pieces = region.split(_ROW_END)
        cells = region.count(b"<c")  # ``<c`` also starts other names: an upper bound
        self.cols = max(self.cols, max(map(_count_cells, pieces)))
        self.filled += cells
        if self.filled > self._most or (self.limit_cells and self.rows * self.cols > self.limit_cells):
            self._give_up()

    def _rows_exactly(self, region: bytes) -> bool:
        """Read the rows of ``region`` with the exact reading's handlers; False when it gave up."""
        first = region.find(b"<row")
        end = region.rfind(_ROW_END) + len(_ROW_END)
        if first < 0 or end < first:
            outside = region
            body = b""
        else:
            outside = region[:first] + region[end:]
            body = region[first:end]
        if b"<c " in outside or _ODD_CELL.search(outside):
            self._give_up()
            return False
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler = self._start
        main, self.parser = self.parser, parser
        try:
            parser.Parse(b"<w>" + body + b"</w>", True)
        except (expat.ExpatError, SheetTooLarge):
            self._give_up()
            return False
        finally:
            self.parser = main
            self._special = False
        if self.limit_cells and self.rows * self.cols > self.limit_cells:
            self._give_up()
            return False
        return True

    def _hidden_rows(self, region: bytes) -> None:
        for found in _ROW_TAG.finditer(region):
            raw = found.group(1)
            if b"hidden" not in raw and b"ht" not in raw:
                continue
            attrs = _attributes(raw)
            if self._row_hidden(attrs):
                row = _int(attrs.get("r"), 0) - 1
                if row < 0:
                    self._give_up()
                    return
                self.hidden_rows.add(row)
