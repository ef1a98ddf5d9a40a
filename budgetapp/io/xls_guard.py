"""Bounded reading of an Excel 97-2003 file (.xls, BIFF8) before python-calamine sees it.

calamine allocates, for each sheet, the rectangle from A1 to the last cell it finds; two cells far
apart (A1 and IV65536) in a 6 KB file make it ask for about a gigabyte and abort the process. So
the workbook stream is walked here first, record by record (no cell values are built), and each
worksheet's extent (last row and column of any cell record, formatted blanks included) is
returned for the caller to check against its cell budget, with the rows and columns the sheet
hides (so they are imported only when the user chooses to, as for .xlsx and .ods).

Format: Microsoft, "[MS-XLS]: Excel Binary File Format (.xls) Structure", sections 2.4.21 BOF,
2.4.221 Row, 2.4.53 ColInfo,
2.4.28 BoundSheet8 and the cell records (2.4.353 Number, 2.4.149 LabelSst, 2.4.220 RK, 2.4.175
MulRk, 2.4.174 MulBlank, 2.4.20 Blank, 2.4.127 Formula, 2.4.24 BoolErr, 2.4.148 Label).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

BOF, EOF, BOUNDSHEET = 0x0809, 0x000A, 0x0085
CELL_RECORDS = frozenset({0x0203, 0x00FD, 0x027E, 0x0201, 0x0006, 0x0205, 0x0204, 0x00D6})
MULTI_RECORDS = frozenset({0x00BD, 0x00BE})  # MulRk, MulBlank: row, first column, ..., last column
ROW, COLINFO = 0x0208, 0x007D
ROW_HIDDEN = 0x20      # Row, byte 12: fDyZero (the row is hidden; [MS-XLS] 2.4.221)
COLINFO_HIDDEN = 0x01  # ColInfo, bytes 8-9: fHidden ([MS-XLS] 2.4.53)
MAX_COLUMN = 16_383
MAX_STREAM_BYTES = 100 * 1024 * 1024


class XlsStructureError(Exception):
    """The OLE container or its workbook stream cannot be read; ``str(exc)`` is Danish."""


@dataclass
class XlsSheet:
    """One worksheet of an .xls: ``rows``/``cols`` spanned from A1 by its cell records, and the
    zero-based rows and columns it hides (Row.fDyZero; ColInfo.fHidden)."""

    rows: int = 0
    cols: int = 0
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)


def xls_extents(path: Path) -> dict[str, tuple[int, int]]:
    """Sheet name → (rows, columns) spanned from A1 by the sheet's cell records.

    Raises XlsStructureError (Danish) when the file has no readable workbook stream."""
    return {name: (sheet.rows, sheet.cols) for name, sheet in xls_sheets(path).items()}


def xls_sheets(path: Path) -> dict[str, XlsSheet]:
    """Sheet name → its extent and hidden rows and columns (see :class:`XlsSheet`).

    Raises XlsStructureError (Danish) when the file has no readable workbook stream."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            stream = "Workbook" if ole.exists("Workbook") else "Book" if ole.exists("Book") else ""
            if not stream:
                raise XlsStructureError("filen har ingen Excel-projektmappe indeni")
            if ole.get_size(stream) > MAX_STREAM_BYTES:
                raise XlsStructureError(f"projektmappen fylder over {MAX_STREAM_BYTES // 2**20} MB")
            data = ole.openstream(stream).read()
    except XlsStructureError:
        raise
    except Exception as exc:  # olefile raises OSError and its own errors for a broken container
        raise XlsStructureError(f"OLE-containeren kan ikke læses ({type(exc).__name__})") from None
    return _walk(data)


def _walk(data: bytes) -> dict[str, XlsSheet]:
    names: dict[int, str] = {}  # stream offset of a sheet's BOF → its name
    sheets: dict[str, XlsSheet] = {}
    current: str | None = None
    sheet = XlsSheet()
    pos, end = 0, len(data)
    unpack = struct.unpack_from
    while pos + 4 <= end:
        kind, length = unpack("<HH", data, pos)
        body = pos + 4
        if kind == BOUNDSHEET and length >= 8:
            offset = unpack("<I", data, body)[0]
            names[offset] = _short_string(data, body + 6, body + length)
        elif kind == BOF:
            current = names.get(pos)
            sheet = XlsSheet()
        elif current is None:
            pass
        elif length >= 4 and kind in CELL_RECORDS:
            row, col = unpack("<HH", data, body)
            sheet.rows, sheet.cols = max(sheet.rows, row + 1), max(sheet.cols, col + 1)
        elif length >= 6 and kind in MULTI_RECORDS:
            row = unpack("<H", data, body)[0]
            last = unpack("<H", data, body + length - 2)[0]
            sheet.rows, sheet.cols = max(sheet.rows, row + 1), max(sheet.cols, last + 1)
        elif kind == ROW and length >= 13:
            if data[body + 12] & ROW_HIDDEN:
                sheet.hidden_rows.add(unpack("<H", data, body)[0])
        elif kind == COLINFO and length >= 10:
            first, last, _width, _xf, flags = unpack("<HHHHH", data, body)
            if flags & COLINFO_HIDDEN:
                sheet.hidden_cols.update(range(first, min(last, MAX_COLUMN) + 1))
        elif kind == EOF:
            sheets[current] = sheet
            current = None
        pos = body + length
    return sheets


def _short_string(data: bytes, start: int, stop: int) -> str:
    """A ShortXLUnicodeString: length, flags (bit 0: two bytes a character), characters."""
    if start + 2 > stop:
        return ""
    count, flags = data[start], data[start + 1]
    raw = data[start + 2:stop]
    if flags & 1:
        return raw[:2 * count].decode("utf-16-le", "replace")
    return raw[:count].decode("latin-1")
