"""Bounded reading of a zip container (.xlsx, .ods) before any parser sees it.

Every member of the archive is inflated here once, in 1 MB steps, from its raw compressed bytes
(not trusting the sizes the archive states), and the inflated bytes of *all* members together
are counted against one budget, :data:`MAX_INFLATED_BYTES`. The count stops at the limit, so a
zip bomb in ``sharedStrings.xml``, ``workbook.xml``, a ``.rels`` file or a worksheet costs at most
one step of memory before it is refused. The declared sizes are checked first, without inflating
anything.

While the worksheets stream past, they are parsed (:mod:`budgetapp.io.xml_scan`, a streaming
namespace-aware XML parse) for what python-calamine does not tell: the extent of the cells that
hold a value (a sheet is refused from its real cells while it is read, never from a stated used
range), cached error values, formulas without a stored value, hidden rows and columns. A part
that is not well-formed XML, or that declares a document type (entities), is refused.

python-calamine reads neither character references in values and attributes nor UTF-16 parts.
Members that use them (valid XML all the same) are listed in :attr:`ZipContents.respelled`, and
:func:`canonical_copy` writes the archive with those members in plain UTF-8 for calamine to read.
"""

from __future__ import annotations

import shutil
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from budgetapp.core.formatting import format_number
from budgetapp.io.text_bounds import (
    MAX_CELL_CHARS,
    LongestRun,
    SharedStringEnds,
    SharedTextMeasure,
    SheetTextMeasure,
    TextTooLong,
)
from budgetapp.io.xml_quick_scan import QuickSheetScan
from budgetapp.io.xml_scan import (
    OdsScan,
    Respeller,
    SharedStringsScan,
    SheetTooLarge,
    XlsxSheetScan,
    XmlPartError,
    not_utf8,
)

MAX_INFLATED_BYTES = 300 * 1024 * 1024   # all members of one archive together, inflated
MAX_SHARED_STRINGS_BYTES = 128 * 1024 * 1024  # xl/sharedStrings.xml alone (held in memory by the reader)
MAX_MEMBERS = 10_000                     # entries in one archive
MAX_KEPT_BYTES = 16 * 1024 * 1024        # workbook.xml and its relations, kept for reading
STEP = 1 << 20

LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
LOCAL_SIGNATURE = 0x04034B50
KEPT_MEMBERS = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "mimetype", "[Content_Types].xml")


class ZipLimitError(Exception):
    """The archive breaks a limit or cannot be inflated; ``str(exc)`` is Danish."""


def _raise_parse_error(member: str, stream: XlsxSheetScan | OdsScan | SharedStringsScan) -> None:
    if stream.error:
        raise ZipLimitError(f"delen {member} er beskadiget: {stream.error}")


@dataclass
class _Spelling:
    """Whether a member needs a plain UTF-8 copy for calamine: not UTF-8, or with a character
    reference (``&#...;``) somewhere (the last byte of a step is carried to the next)."""

    respell: bool = False
    _first: bool = True
    _tail: bytes = b""

    def feed(self, data: bytes) -> None:
        if self.respell:
            return
        if self._first:
            self._first = False
            head = data[:200].lstrip()
            if not_utf8(head):
                self.respell = True
                return
        if b"&#" in self._tail + data[:1] or (b"&" in data and b"&#" in data):  # "&" alone: a quick memchr
            self.respell = True
        self._tail = data[-1:]




def shared_text_bytes(path: Path, members: list[str], shared: SharedStringsScan) -> int:
    """Σ over the cells of ``members`` that refer to a shared string of that string's length: the
    text a reader materialises, one copy per cell (a 20 MB string referred to by 100 cells is 2 GB
    although the file is 22 KB). Read in one more bounded pass over the worksheets."""
    import zipfile

    total = 0
    with zipfile.ZipFile(path) as archive, path.open("rb") as raw:
        if not shared.trusted:  # the quick sizes cannot be trusted: read the exact ones
            shared = SharedStringsScan(exact=True)
            info = archive.getinfo("xl/sharedStrings.xml")
            _inflate(raw, info, MAX_SHARED_STRINGS_BYTES, shared.feed, None)
            _raise_parse_error("xl/sharedStrings.xml", shared)
        for member in members:
            scan = XlsxSheetScan(member=member, shared_lengths=shared.lengths)
            _inflate(raw, archive.getinfo(member), MAX_INFLATED_BYTES, scan.feed, None)
            _raise_parse_error(member, scan)
            total += scan.shared_text
    return total


@dataclass
class ZipContents:
    """What :func:`check_zip` found: inflated bytes in total, the kept small members, the scans of
    the worksheets (xlsx: by member path; ods: by table name; a worksheet's parse error is in its
    scan's ``error``), the hidden ODS tables, and the members to be respelled for calamine."""

    inflated: int
    kept: dict[str, bytes]
    sheets: dict[str, XlsxSheetScan]
    names: list[str]
    shared: SharedStringsScan | None = None
    hidden_tables: list[str] = field(default_factory=list)
    respelled: list[str] = field(default_factory=list)
    too_large: list[SheetTooLarge] = field(default_factory=list)
    too_long: list[TextTooLong] = field(default_factory=list)  # cells over text_bounds.MAX_CELL_CHARS


def check_zip(path: Path, ods_cell_limit: int = 0, cell_limit: int = 0) -> ZipContents:
    """Inflate every member of the archive at ``path`` within :data:`MAX_INFLATED_BYTES`, parsing
    the worksheets (or ``content.xml``) and the shared strings while they stream past.

    Raises ZipLimitError (Danish) when a member is encrypted, compressed with an unknown method,
    the total (declared or actual) passes the budget, ``content.xml`` or the shared strings are not
    well-formed XML, or any parsed part declares a document type; zipfile errors pass through for
    the caller's "beskadiget" message. ``ods_cell_limit`` / ``cell_limit`` refuse an ODS table /
    an xlsx worksheet whose cells with a value span more cells (rows × columns, repeats counted)
    while it is being read (SheetTooLarge, with the table name or the worksheet part).
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
                _check_member(raw, info, contents, ods, cell_limit)
        if contents.too_large:  # raised once all is read, so workbook.xml can name the sheet
            exc = contents.too_large[0]
            exc.kept = dict(contents.kept)  # type: ignore[attr-defined]
            raise exc
        if contents.too_long:  # likewise: the sheet is named from workbook.xml
            long_text = contents.too_long[0]
            long_text.kept = dict(contents.kept)  # type: ignore[attr-defined]
            raise long_text
        if ods is not None:
            _raise_parse_error("content.xml", ods)
            contents.sheets.update(ods.tables)
            contents.hidden_tables = ods.hidden_tables
        return contents


def _check_member(raw, info, contents: ZipContents, ods: OdsScan | None, cell_limit: int) -> None:
    """Inflate one member into its parser (if any), counting it against the budget."""
    name = info.filename
    parser: XlsxSheetScan | OdsScan | SharedStringsScan | None = None
    if ods is not None:
        parser = ods if name == "content.xml" else None
    elif name == "xl/sharedStrings.xml":
        parser = contents.shared = SharedStringsScan()
    elif _may_be_sheet(name):
        parser = contents.sheets[name] = QuickSheetScan(member=name, limit_cells=cell_limit)
    spelling = _Spelling() if name.endswith((".xml", ".rels")) else None
    kept: list[bytes] | None = [] if name in KEPT_MEMBERS else None
    feed = _feeder(parser, contents, ods is not None)
    runs = LongestRun() if isinstance(parser, XlsxSheetScan) else None  # bounds each cell's text
    ends = SharedStringEnds() if isinstance(parser, SharedStringsScan) else None

    def sink(data: bytes, final: bool) -> None:
        if spelling is not None and data:
            spelling.feed(data)
        if runs is not None:
            runs.feed(data)
        if ends is not None:
            ends.feed(data)
        feed(data, final)

    budget = MAX_INFLATED_BYTES - contents.inflated
    try:
        if name == "xl/sharedStrings.xml" and budget > MAX_SHARED_STRINGS_BYTES:
            try:
                size = _inflate(raw, info, MAX_SHARED_STRINGS_BYTES, sink, kept)
            except ZipLimitError:
                raise ZipLimitError(
                    f"tekstlisten (xl/sharedStrings.xml) fylder over "
                    f"{MAX_SHARED_STRINGS_BYTES // 2**20} MB udpakket; så meget kan ikke indlæses "
                    "sikkert (filen kan være en zip-bombe)") from None
        else:
            size = _inflate(raw, info, budget, sink, kept)
    except XmlPartError as exc:
        raise ZipLimitError(f"delen {name} kan ikke læses: {exc}") from None
    contents.inflated += size
    if runs is not None and runs.longest > MAX_CELL_CHARS and _text_too_long(raw, info, size, contents):
        return
    if isinstance(parser, XlsxSheetScan) and parser.needs_exact:
        # the quick reading gave up (an odd spelling, or a limit to be decided exactly): read again
        exact = contents.sheets[name] = XlsxSheetScan(member=name, limit_cells=cell_limit)
        try:
            _inflate(raw, info, size, _feeder(exact, contents, False), None)
        except XmlPartError as exc:
            raise ZipLimitError(f"delen {name} kan ikke læses: {exc}") from None
    if kept is not None:
        contents.kept[name] = b"".join(kept)
    if isinstance(parser, SharedStringsScan):
        _raise_parse_error(name, parser)
        if parser.longest > MAX_CELL_CHARS or (ends is not None and ends.odd):  # measure exactly
            _inflate(raw, info, size, SharedTextMeasure().feed, None)
    if spelling is not None and spelling.respell:
        contents.respelled.append(name)


def _text_too_long(raw, info, size: int, contents: ZipContents) -> bool:
    """Measure the text of a worksheet's cells exactly (a cell's markup was over the cell limit);
    a cell over the limit is kept for refusal (True), and the part is read no more."""
    try:
        _inflate(raw, info, size, SheetTextMeasure(info.filename).feed, None)
    except TextTooLong as exc:
        contents.too_long.append(exc)
        return True
    return False


def _feeder(parser: XlsxSheetScan | OdsScan | SharedStringsScan | None, contents: ZipContents,
            is_ods: bool) -> Callable[[bytes, bool], None]:
    """Feed a member's inflated steps to its parser. An xlsx worksheet over the cell limit is
    parsed no more (its size is still counted); the refusal is kept for after the whole archive
    is read, so ``workbook.xml`` can name the sheet."""

    def feed(data: bytes, final: bool) -> None:
        if parser is None:
            return
        try:
            parser.feed(data, final)
        except SheetTooLarge as exc:
            if is_ods:
                raise
            parser.stopped = True
            contents.too_large.append(exc)

    return feed


def canonical_copy(path: Path, respelled: list[str], target: Path) -> None:
    """Write the archive at ``path`` to ``target`` with each member in ``respelled`` rewritten in
    plain UTF-8 XML (character references resolved, no declaration of another encoding), the
    others copied as they are. Only for an archive :func:`check_zip` has passed (its sizes are
    known to be within the budget). Raises ZipLimitError when a member cannot be parsed."""
    import zipfile

    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED,
                                                           compresslevel=1) as out:
        for info in source.infolist():
            with source.open(info) as reader, out.open(info.filename, "w", force_zip64=True) as writer:
                if info.filename not in respelled:
                    shutil.copyfileobj(reader, writer, STEP)
                    continue
                respeller = Respeller(writer.write)
                while chunk := reader.read(STEP):
                    respeller.feed(chunk)
                respeller.feed(b"", True)
                if respeller.error:
                    raise ZipLimitError(f"delen {info.filename} er beskadiget: {respeller.error}")


def _may_be_sheet(name: str) -> bool:
    """Worksheets are scanned wherever the relations put them: every XML part under ``xl/``
    except those that are surely not a sheet."""
    return (name.startswith("xl/") and name.endswith(".xml") and name not in KEPT_MEMBERS
            and not name.startswith(("xl/theme/", "xl/_rels/", "xl/drawings/", "xl/charts/"))
            and name not in ("xl/sharedStrings.xml", "xl/styles.xml", "xl/calcChain.xml"))


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


