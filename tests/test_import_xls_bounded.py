"""An .xls (BIFF8) sheet whose cells span more than the cell budget is refused before
python-calamine (which reads every sheet when it opens the file, allocating each sheet's whole
rectangle) sees it: a 6 KB file with A1 and IV65536 used to abort the process."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from budgetapp.io.xls_guard import xls_extents
from tests.test_import_bounded import assert_refused, limited_check

pytest.importorskip("resource")

END, FREE, FAT_SECTOR, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def biff_stream(sheet: str, cells: list[tuple[int, int, float]]) -> bytes:
    """A workbook stream: globals (BOF, one BoundSheet8, EOF), then the sheet's BOF, NUMBER
    records at (row, column) and EOF ([MS-XLS] 2.4.21, 2.4.28, 2.4.180)."""
    bof = struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 6)
    name = struct.pack("<BB", len(sheet), 0) + sheet.encode("latin-1")
    globals_len = len(record(0x0809, bof)) + len(record(0x0085, b"\0" * 6 + name)) + len(record(0x000A, b""))
    stream = (record(0x0809, bof) + record(0x0085, struct.pack("<IBB", globals_len, 0, 0) + name)
              + record(0x000A, b""))
    sheet_bof = struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 6)
    stream += record(0x0809, sheet_bof)
    for row, col, value in cells:
        stream += record(0x0203, struct.pack("<HHHd", row, col, 15, value))
    return stream + record(0x000A, b"")


def write_xls(path: Path, stream: bytes) -> Path:
    """A minimal compound file (version 3, 512-byte sectors): sector 0 the FAT, sector 1 the
    directory (root and "Workbook"), then the stream, padded to 4.096 bytes so it needs no mini
    stream ([MS-CFB] 2.2, 2.3, 2.6)."""
    stream = stream.ljust(4096, b"\0")
    sectors = (len(stream) + 511) // 512
    fat = [FAT_SECTOR, END] + [3 + i for i in range(sectors - 1)] + [END]
    fat += [FREE] * (128 - len(fat))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
              + struct.pack("<I", 0) + struct.pack("<I", FREE) * 108)

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = (name + "\0").encode("utf-16-le") if name else b""
        return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1)
                + struct.pack("<III", NOSTREAM, NOSTREAM, child) + b"\0" * 16 + struct.pack("<I", 0)
                + b"\0" * 16 + struct.pack("<IQ", start, size))

    directory = (entry("Root Entry", 5, 1, END, 0) + entry("Workbook", 2, NOSTREAM, 2, len(stream))
                 + entry("", 0, NOSTREAM, 0, 0) * 2)
    path.write_bytes(header + struct.pack("<128I", *fat) + directory + stream.ljust(sectors * 512, b"\0"))
    return path


def test_extents_are_read_from_the_cell_records(tmp_path: Path) -> None:
    path = write_xls(tmp_path / "b.xls", biff_stream("Budget", [(0, 0, 1.0), (4, 2, 2.0)]))
    # the last cell is row index 4, column index 2: 5 rows × 3 columns from A1
    assert xls_extents(path) == {"Budget": (5, 3)}


def test_xls_with_two_cells_far_apart_is_refused_before_loading_under_1_gb(tmp_path: Path) -> None:
    # A1 and IV65536: 65.536 rows × 256 columns = 16.777.216 cells, over the 3.000.000-cell budget
    path = write_xls(tmp_path / "b.xls", biff_stream("Budget", [(0, 0, 1.0), (65535, 255, 2.0)]))
    assert path.stat().st_size < 8192
    assert_refused(limited_check(path), "Arket 'Budget' er for stort: 65.536 rækker × 256 kolonner "
                                        "(16.777.216 celler)")


def test_xls_without_a_workbook_stream_is_called_damaged(tmp_path: Path) -> None:
    path = tmp_path / "b.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert_refused(limited_check(path), "Filen b.xls er beskadiget")
