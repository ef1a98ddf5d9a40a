"""Bounded reading of a zip container (.xlsx, .ods) before any parser sees it.

Every member of the archive is inflated here once, in 1 MB steps, from its raw compressed bytes
(not trusting the sizes the archive states), and the inflated bytes of *all* members together
are counted against one budget, :data:`MAX_INFLATED_BYTES`. The count stops at the limit, so a
zip bomb in ``sharedStrings.xml``, ``workbook.xml``, a ``.rels`` file or a worksheet costs at most
one step of memory before it is refused. The declared sizes are checked first, without inflating
anything.

While the worksheets stream past, they are scanned (:class:`XlsxSheetScan`, :class:`OdsScan`) for
what python-calamine does not tell: the extent of the cells that hold a value (so a sheet is
refused from its real cells, never from a stated used range), cells with a cached error value
(``t="e"``), formulas without a stored value, and hidden rows. The scan looks at bytes with
regular expressions and never builds a tree, so an entity or a deep nesting costs nothing; each
region is first brought to one spelling (:func:`normalise_xml`: no element prefix, double quotes,
no space around ``=``), so XML's freedoms cannot hide a cell or a hidden row.
"""

from __future__ import annotations

import re
import struct
import zlib
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from budgetapp.core.formatting import format_number

MAX_INFLATED_BYTES = 300 * 1024 * 1024   # all members of one archive together, inflated
MAX_SHARED_STRINGS_BYTES = 128 * 1024 * 1024  # xl/sharedStrings.xml alone (held in memory by the reader)
MAX_MEMBERS = 10_000                     # entries in one archive
MAX_KEPT_BYTES = 16 * 1024 * 1024        # workbook.xml and its relations, kept for reading
MAX_ELEMENT_BYTES = 16 * 1024 * 1024     # one row of a sheet, or one ODS tag
STEP = 1 << 20

LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
LOCAL_SIGNATURE = 0x04034B50
KEPT_MEMBERS = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "mimetype", "[Content_Types].xml")


class ZipLimitError(Exception):
    """The archive breaks a limit or cannot be inflated; ``str(exc)`` is Danish."""


@dataclass
class XlsxSheetScan:
    """What one worksheet's XML holds, found while it streams past (zero-based rows and columns).

    ``rows``/``cols``: the extent of the cells that hold a value (calamine allocates this
    rectangle), as an upper bound that ``mode`` makes tighter: ``QUICK`` (while the file is first
    read: the last row tag, and 26, 702 or 16.384 columns from the longest column letters seen),
    ``LETTERS`` (the exact last column of any cell), ``VALUES`` (exact: only cells with a value;
    a region whose cells do not start with ``r="..."`` is read cell by cell). ``cols_exact`` is
    True once the extent is exact. ``errors``: cached error values by cell;
    ``no_value``: formulas without a stored value (the formula text, or "" for a shared formula);
    ``hidden_rows``: rows marked hidden.
    """

    rows: int = 0
    cols: int = 0
    cols_exact: bool = False
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    no_value: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)
    shared_refs: int = 0  # cells of type "s" (a reference into the shared strings)
    mode: int = 0  # QUICK, LETTERS or VALUES
    _row: int = -1
    _col: int = -1
    _carry: bytes = b""

    def feed(self, data: bytes, final: bool = False) -> None:
        region = normalise_xml(self._carry + data)
        if final:
            cut = len(region)
        else:
            ends = (region.rfind(b"</c>"), region.rfind(b"</row>"), region.rfind(b"<row"))
            cut = max(ends[0] + 4 if ends[0] >= 0 else 0, ends[1] + 6 if ends[1] >= 0 else 0, ends[2])
            if cut <= 0:
                if len(region) > MAX_ELEMENT_BYTES:
                    raise ZipLimitError("en række i regnearket er over 16 MB (filen er beskadiget eller "
                                        "bygget til at opbruge hukommelsen)")
                self._carry = region
                return
        self._carry = region[cut:]
        self._scan(region[:cut])

    def _scan(self, region: bytes) -> None:
        """The quick scan: a few passes of C-level searches over the bytes. Only a region with an
        error value, a formula or a row without a leading ``r`` attribute is read cell by cell."""
        self.shared_refs += region.count(b' t="s"')
        special = b't="e"' in region or b"<f" in region
        if special or self.mode == VALUES:
            if not special and self._scan_values(region):
                return
            self._scan_cells(region)
            return
        rows = _ROW_ANY.findall(region)
        if b"" in rows:  # a row tag without a leading r="..."
            self._scan_cells(region)
            return
        if rows:
            last = max(map(int, rows))
            self._row = max(self._row, last - 1)
            self.rows = max(self.rows, last)  # an upper bound: a row may hold only empty cells
            if b"hidden" in region:
                for attrs in _ROW_TAG.findall(region):
                    if _HIDDEN.search(attrs):
                        found = _R_ATTR.search(attrs)
                        if found:
                            self.hidden_rows.add(int(found.group(1)) - 1)
        if self.mode == LETTERS:
            letters = set(_CELL_LETTERS.findall(region))
            if letters:
                self.cols = max(self.cols, max(_column_index(x) for x in letters) + 1)
        elif self.cols < 702:
            two = _COL2.search(region)
            wide = two is not None and _COL3.search(region, two.start()) is not None
            self.cols = max(self.cols, 26 if two is None else 16384 if wide else 702)
        elif self.cols < 16384 and _COL3.search(region):
            self.cols = 16384

    def _scan_values(self, region: bytes) -> bool:
        """Exact extent of the cells with a value, by one search; False when some cell does not
        start with ``r="..."`` (then the caller reads the region cell by cell)."""
        cells = _CELL_REF.findall(region)
        if len(cells) != region.count(b"<c ") + region.count(b"<c>"):
            return False
        filled = [(letters, row) for letters, row, closed in cells if not closed]
        if filled:
            self.rows = max(self.rows, max(int(row) for _, row in filled))
            self.cols = max(self.cols, max(_column_index(x) for x in {letters for letters, _ in filled}) + 1)
        rows = _ROW_ANY.findall(region)
        if rows and b"" not in rows:
            self._row = max(self._row, max(map(int, rows)) - 1)
        if b"hidden" in region:
            for attrs in _ROW_TAG.findall(region):
                found = _R_ATTR.search(attrs)
                if found and _HIDDEN.search(attrs):
                    self.hidden_rows.add(int(found.group(1)) - 1)
        return True

    def _scan_cells(self, region: bytes) -> None:
        """Cell by cell: positions, errors, formulas without value, hidden rows, exact extent."""
        col = self._col  # a region may end inside a row: the position carries over
        for match in _CELL_OR_ROW.finditer(region):
            row_attrs, cell_attrs, closed, content = match.groups()
            if row_attrs is not None:
                found = _R_ATTR.search(row_attrs)
                self._row = int(found.group(1)) - 1 if found else self._row + 1
                col = -1
                if _HIDDEN.search(row_attrs):
                    self.hidden_rows.add(self._row)
                continue
            ref = _REF_ATTR.search(cell_attrs)
            if ref:
                col = _column_index(ref.group(1))
                self._row = int(ref.group(2)) - 1
            else:
                col += 1
            if closed or content is None:
                continue
            where = (self._row, col)
            kind = _T_ATTR.search(cell_attrs)
            cell_type = kind.group(1) if kind else b"n"
            value = _V_TEXT.search(content)
            has_value = value is not None and bool(value.group(1))
            if cell_type == b"e":
                self.errors[where] = _unescape(value.group(1)) if value else "#FEJL"
            elif b"<f" in content and not has_value and not (cell_type == b"str" and value is not None):
                formula = _F_TEXT.search(content)
                self.no_value[where] = _unescape(formula.group(1)) if formula else ""
            elif not has_value and b"<is" not in content:
                continue
            self.rows = max(self.rows, self._row + 1)
            self.cols = max(self.cols, col + 1)
        self._col = col


@dataclass
class OdsScan:
    """Per table of an ODS ``content.xml``: the extent of the cells with a value (repeats
    expanded arithmetically, never in memory) and the hidden (collapsed or filtered) rows."""

    tables: dict[str, XlsxSheetScan] = field(default_factory=dict)
    _current: XlsxSheetScan | None = None
    _name: str = ""
    _row: int = 0
    _row_repeat: int = 1
    _row_hidden: bool = False
    _col: int = 0
    _carry: bytes = b""
    limit_cells: int = 0

    def feed(self, data: bytes, final: bool = False) -> None:
        region = normalise_xml(self._carry + data, ods=True)
        cut = len(region) if final else region.rfind(b">") + 1
        if cut <= 0:
            if len(region) > MAX_ELEMENT_BYTES:
                raise ZipLimitError("et element i content.xml er over 16 MB")
            self._carry = region
            return
        self._carry = region[cut:]
        for match in _ODS_TAG.finditer(region, 0, cut):
            self._tag(*match.groups())

    def _tag(self, end: bytes, name: bytes, attrs: bytes, empty: bytes) -> None:
        if name == b"table":
            if end:
                self._current = None
                return
            found = _ODS_NAME.search(attrs)
            sheet = _unescape(found.group(1)) if found else f"Ark{len(self.tables) + 1}"
            self._current = self.tables.setdefault(sheet, XlsxSheetScan(cols_exact=True))
            self._name = sheet
            self._row = 0
            return
        scan = self._current
        if scan is None:
            return
        if name == b"table-row":
            if end:
                self._row += self._row_repeat
                return
            self._row_repeat = _repeat(attrs, _ODS_ROWS_REPEATED)
            self._row_hidden = bool(_ODS_HIDDEN.search(attrs))
            self._col = 0
            if empty:
                self._row += self._row_repeat
            return
        if end:
            return
        repeat = _repeat(attrs, _ODS_COLS_REPEATED)
        has_value = b"value-type" in attrs or b"formula" in attrs or not empty
        if has_value:
            scan.rows = max(scan.rows, self._row + self._row_repeat)
            scan.cols = max(scan.cols, self._col + repeat)
            if b"formula" in attrs and b"value-type" not in attrs:
                formula = _ODS_FORMULA.search(attrs)
                scan.no_value[(self._row, self._col)] = _unescape(formula.group(1)) if formula else ""
            if self.limit_cells and scan.rows * scan.cols > self.limit_cells:
                raise OdsTooLarge(self._name, scan.rows, scan.cols)
            if self._row_hidden:  # a hidden row holding data (bounded by the extent just checked)
                scan.hidden_rows.update(range(self._row, self._row + min(self._row_repeat, 100_000)))
        self._col += repeat


@dataclass
class SharedStringsScan:
    """The length in bytes of each ``<si>`` of ``xl/sharedStrings.xml`` (its markup included, an
    upper bound of the text), so the text the cells would copy out of it can be bounded."""

    lengths: array = field(default_factory=lambda: array("q"))
    longest: int = 0
    _offset: int = 0   # absolute position of the region's start
    _last: int = 0     # absolute end of the last </si>
    _carry: bytes = b""

    def feed(self, data: bytes, final: bool = False) -> None:
        region = self._carry + data
        for match in _SI_END.finditer(region):
            end = self._offset + match.end()
            self.lengths.append(end - self._last)
            self.longest = max(self.longest, end - self._last)
            self._last = end
        keep = 0 if final else min(len(region), 16)
        self._carry = region[len(region) - keep:]
        self._offset += len(region) - keep


def shared_text_bytes(path: Path, members: list[str], shared: SharedStringsScan) -> int:
    """Σ over the cells of ``members`` that refer to a shared string of that string's length: the
    text a reader materialises, one copy per cell (a 20 MB string referred to by 100 cells is 2 GB
    although the file is 22 KB). Read in one more bounded pass over the worksheets."""
    import zipfile

    total = 0
    lengths = shared.lengths

    def count(region: bytes) -> None:
        nonlocal total
        for index in _SHARED_REF.findall(region):
            number = int(index)
            total += lengths[number] if number < len(lengths) else 0

    carry = b""

    def sink(data: bytes, final: bool) -> None:
        nonlocal carry
        region = normalise_xml(carry + data)
        cut = len(region) if final else region.rfind(b"</c>") + 4
        if cut < 4 and not final:
            if len(region) > MAX_ELEMENT_BYTES:
                raise ZipLimitError("en celle i regnearket er over 16 MB")
            carry = region
            return
        count(region[:cut])
        carry = region[cut:]

    with zipfile.ZipFile(path) as archive, path.open("rb") as raw:
        for member in members:
            carry = b""
            _inflate(raw, archive.getinfo(member), MAX_INFLATED_BYTES, sink, None)
    return total


class OdsTooLarge(Exception):
    """An ODS table whose cells with a value span more than the limit (found while reading)."""

    def __init__(self, sheet: str, rows: int, cols: int) -> None:
        super().__init__(sheet, rows, cols)
        self.sheet = sheet
        self.rows = rows
        self.cols = cols


@dataclass
class ZipContents:
    """What :func:`check_zip` found: inflated bytes in total, the kept small members, and the
    scans of the worksheets (xlsx: by member path; ods: by table name)."""

    inflated: int
    kept: dict[str, bytes]
    sheets: dict[str, XlsxSheetScan]
    names: list[str]
    shared: SharedStringsScan | None = None


def check_zip(path: Path, ods_cell_limit: int = 0) -> ZipContents:
    """Inflate every member of the archive at ``path`` within :data:`MAX_INFLATED_BYTES`.

    Raises ZipLimitError (Danish) when a member is encrypted, compressed with an unknown method,
    or the total (declared or actual) passes the budget; zipfile errors pass through for the
    caller's "beskadiget" message. ``ods_cell_limit`` refuses an ODS table whose cells with a value
    span more cells (rows × columns, repeats counted) while it is being read (OdsTooLarge).
    """
    import zipfile

    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ZipLimitError(f"arkivet har {format_number(len(infos))} dele; højst "
                                f"{format_number(MAX_MEMBERS)} kan læses")
        declared = sum(i.file_size for i in infos)
        if declared > MAX_INFLATED_BYTES:
            raise ZipLimitError(_too_large(declared, "oplyst"))
        names = [i.filename for i in infos]
        is_ods = "content.xml" in names and "mimetype" in names
        contents = ZipContents(0, {}, {}, names)
        ods = OdsScan(limit_cells=ods_cell_limit) if is_ods else None
        with path.open("rb") as raw:
            for info in infos:
                sink: Callable[[bytes, bool], None] | None = None
                kept: list[bytes] | None = None
                if ods is not None and info.filename == "content.xml":
                    sink = ods.feed
                elif not is_ods and _may_be_sheet(info.filename):
                    scan = contents.sheets[info.filename] = XlsxSheetScan()
                    sink = scan.feed
                if not is_ods and info.filename == "xl/sharedStrings.xml":
                    contents.shared = SharedStringsScan()
                    sink = contents.shared.feed
                if info.filename in KEPT_MEMBERS:
                    kept = []
                budget = MAX_INFLATED_BYTES - contents.inflated
                if info.filename == "xl/sharedStrings.xml" and budget > MAX_SHARED_STRINGS_BYTES:
                    try:
                        size = _inflate(raw, info, MAX_SHARED_STRINGS_BYTES, sink, kept)
                    except ZipLimitError:
                        raise ZipLimitError(
                            f"tekstlisten (xl/sharedStrings.xml) fylder over "
                            f"{MAX_SHARED_STRINGS_BYTES // 2**20} MB udpakket; så meget kan ikke indlæses "
                            "sikkert (filen kan være en zip-bombe)") from None
                else:
                    size = _inflate(raw, info, budget, sink, kept)
                contents.inflated += size
                if kept is not None:
                    contents.kept[info.filename] = b"".join(kept)
        if ods is not None:
            contents.sheets.update(ods.tables)
        return contents


def _may_be_sheet(name: str) -> bool:
    """Worksheets are scanned wherever the relations put them: every XML part under ``xl/``
    except those that are surely not a sheet."""
    return (name.startswith("xl/") and name.endswith(".xml") and name not in KEPT_MEMBERS
            and not name.startswith(("xl/theme/", "xl/_rels/", "xl/drawings/", "xl/charts/"))
            and name not in ("xl/sharedStrings.xml", "xl/styles.xml", "xl/calcChain.xml"))


def scan_member(path: Path, member: str, mode: int) -> XlsxSheetScan:
    """Scan one worksheet again in ``mode`` (LETTERS or VALUES) for a tighter extent (used when
    the quick scan's bound is over a limit: a stray formatted cell far below the table, or a wide
    bound from the column letters, must not refuse a sheet whose real cells fit)."""
    import zipfile

    scan = XlsxSheetScan(mode=mode)
    with zipfile.ZipFile(path) as archive, path.open("rb") as raw:
        _inflate(raw, archive.getinfo(member), MAX_INFLATED_BYTES, scan.feed, None)
    scan.cols_exact = mode == VALUES
    return scan


def _inflate(raw, info, budget: int, sink: Callable[[bytes, bool], None] | None,
             kept: list[bytes] | None) -> int:
    """Inflate one member from its raw bytes, ``STEP`` at a time; its actual inflated size."""
    if info.flag_bits & 0x1:
        raise ZipLimitError(f"delen {info.filename} er krypteret")
    raw.seek(info.header_offset)
    header = raw.read(LOCAL_HEADER.size)
    if len(header) < LOCAL_HEADER.size:
        raise EOFError
    fields = LOCAL_HEADER.unpack(header)
    if fields[0] != LOCAL_SIGNATURE:
        raise EOFError
    raw.seek(info.header_offset + LOCAL_HEADER.size + fields[9] + fields[10])
    left = info.compress_size
    if info.compress_type == 0:
        decompress = None
    elif info.compress_type == 8:
        decompress = zlib.decompressobj(-15)
    else:
        raise ZipLimitError(f"delen {info.filename} er pakket med en ukendt metode ({info.compress_type})")
    total = 0
    while left > 0 or (decompress is not None and decompress.unconsumed_tail):
        if decompress is not None and decompress.unconsumed_tail:
            data = decompress.decompress(decompress.unconsumed_tail, STEP)
        else:
            chunk = raw.read(min(STEP, left))
            if not chunk:
                raise EOFError
            left -= len(chunk)
            data = chunk if decompress is None else decompress.decompress(chunk, STEP)
        total += len(data)
        if total > budget:
            raise ZipLimitError(_too_large(total, "udpakket", info.filename))
        if kept is not None:
            if total > MAX_KEPT_BYTES:
                raise ZipLimitError(f"delen {info.filename} er over {MAX_KEPT_BYTES // 2**20} MB udpakket")
            kept.append(data)
        if sink is not None and data:
            sink(data, False)
        if decompress is not None and decompress.eof:
            break
    if decompress is not None and not decompress.eof:
        total += _drain(decompress, budget - total, info.filename, sink, kept)
    if sink is not None:
        sink(b"", True)
    return total


def _drain(decompress, budget: int, member: str, sink: Callable[[bytes, bool], None] | None,
           kept: list[bytes] | None) -> int:
    """Inflate what the decompressor still holds back once all input is given, ``STEP`` at a time."""
    total = 0
    while True:
        data = decompress.decompress(b"", STEP) if not decompress.unconsumed_tail else \
            decompress.decompress(decompress.unconsumed_tail, STEP)
        if not data:
            return total
        total += len(data)
        if total > budget:
            raise ZipLimitError(_too_large(total, "udpakket", member))
        if kept is not None:
            if total > MAX_KEPT_BYTES:
                raise ZipLimitError(f"delen {member} er over {MAX_KEPT_BYTES // 2**20} MB udpakket")
            kept.append(data)
        if sink is not None:
            sink(data, False)


def _too_large(size: int, how: str, member: str = "") -> str:
    where = f" (stoppet i {member})" if member else ""
    return (f"indholdet fylder over {format_number(MAX_INFLATED_BYTES // 2**20)} MB {how}{where}; "
            "så meget kan ikke indlæses sikkert (filen kan være en zip-bombe). Gem tabellen i en "
            "mindre fil")


def normalise_xml(region: bytes, ods: bool = False) -> bytes:
    """The same markup in the one spelling the scans' searches expect, so XML's freedoms cannot hide
    a cell, a row or a hidden mark from them: an element prefix bound to the main namespace
    (``<x:row>``, ``</x:c>``) is dropped (for ODS: any prefix of a table element or attribute
    becomes ``table:``), an attribute in single quotes gets double quotes, and white space
    around ``=`` goes. Idempotent, and a no-op (one C-level search or three) for the usual
    spelling, so a region carried over to the next step may pass again. An attribute value
    holding the other quote character keeps its quotes (it names nothing the scans read)."""
    if ods:
        if _ODS_ODD_PREFIX.search(region):
            region = _ODS_ODD_PREFIX.sub(rb"\1table:\2", region)
    elif b":" in region and _PREFIXED_TAG.search(region):
        region = _PREFIXED_TAG.sub(rb"<\1\2", region)
    if b"'" in region or _SPACED_EQ.search(region):
        region = _QUOTED_ATTR.sub(_double_quoted, region)
    return region


def _double_quoted(match: re.Match[bytes]) -> bytes:
    name, double, single = match.groups()
    value = double if double is not None else single
    if b'"' in value:
        return match.group(0)
    return b" " + name + b'="' + value + b'"'


_PREFIXED_TAG = re.compile(
    rb"<(/?)[A-Za-z_][\w.-]*:(worksheet|sheetData|row|c|v|f|is|t|r|dimension)(?=[\s/>])")
_ODS_ODD_PREFIX = re.compile(
    rb"([<\s]/?)(?!table:)[A-Za-z_][\w.-]*:(table|table-row|table-cell|covered-table-cell|name|"
    rb"number-rows-repeated|number-columns-repeated|visibility|formula)(?=[\s/>=])")
_SPACED_EQ = re.compile(rb"\s[\w:.-]+\s+=|\s[\w:.-]+=\s")
_QUOTED_ATTR = re.compile(rb"""\s+([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')""")


def _column_index(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number - 1


def _repeat(attrs: bytes, pattern: re.Pattern[bytes]) -> int:
    found = pattern.search(attrs)
    return max(1, int(found.group(1))) if found else 1


def _unescape(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace")
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


QUICK, LETTERS, VALUES = 0, 1, 2
_SI_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?si>")
_SHARED_REF = re.compile(rb'<c\b[^>]*\st="s"[^>]*>\s*<v>\s*(\d{1,12})\s*</v>')
_CELL_LETTERS = re.compile(rb'<c r="([A-Z]{1,3})')
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,9})"[^>]*?(/?)>')
_ROW_ANY = re.compile(rb'<row\b(?: r="(\d{1,9})")?')
_COL2 = re.compile(rb'r="[A-Z][A-Z]')
_COL3 = re.compile(rb'r="[A-Z][A-Z][A-Z]')
_ROW_TAG = re.compile(rb"<row\b([^>]*)>")
_R_ATTR = re.compile(rb'\br="(\d{1,9})"')
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_CELL_OR_ROW = re.compile(rb"<row\b([^>]*)>|<c\b([^>]*?)(?:(/)>|>(.*?)</c>)", re.S)
_REF_ATTR = re.compile(rb'\br="([A-Z]{1,3})(\d{1,9})"')
_T_ATTR = re.compile(rb'\bt="(\w+)"')
_V_TEXT = re.compile(rb"<v>([^<]*)</v>|<v\s*/>")
_F_TEXT = re.compile(rb"<f\b[^>]*>([^<]*)</f>")
_ODS_TAG = re.compile(rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*?)(/?)>")
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')
_ODS_ROWS_REPEATED = re.compile(rb'table:number-rows-repeated="(\d{1,10})"')
_ODS_COLS_REPEATED = re.compile(rb'table:number-columns-repeated="(\d{1,10})"')
_ODS_HIDDEN = re.compile(rb'table:visibility="(?:collapse|filter)"')
_ODS_FORMULA = re.compile(rb'table:formula="([^"]*)"')
