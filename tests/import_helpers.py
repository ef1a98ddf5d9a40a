"""Builders for import test files, generated in tmp_path (no binary fixtures in the repository)."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl

BUDGET_HEADER = ["Målgruppe", "År", "Helårspersoner", "Ydelse pr. helårsperson (kr.)", "Refusionsregel",
                 "Gns. refusionssats (%)", "Indsats pr. helårsperson (kr.)"]


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """An .xlsx with one sheet per entry, rows written from A1 (None = empty cell)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


def write_ods(path: Path, sheet: str, rows: list[list[object]]) -> Path:
    """A minimal but valid OpenDocument spreadsheet (what LibreOffice reads) with one sheet."""
    cells_xml = []
    for row in rows:
        cells = []
        for value in row:
            if value is None:
                cells.append("<table:table-cell/>")
            elif isinstance(value, int | float):
                cells.append(f'<table:table-cell office:value-type="float" office:value="{value}">'
                             f"<text:p>{value}</text:p></table:table-cell>")
            else:
                cells.append(f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}'
                             "</text:p></table:table-cell>")
        cells_xml.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{escape(sheet)}">'
        + "".join(cells_xml) + "</table:table></office:spreadsheet></office:body></office:document-content>")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def write_encrypted_office_file(path: Path) -> Path:
    """A compound file (OLE/CFB v3) laid out as Excel saves a password-protected .xlsx.

    Streams ``EncryptionInfo`` and ``EncryptedPackage`` (4.096 bytes each, random-looking
    content) in regular 512-byte sectors; sector 0 is the FAT, sector 1 the directory.
    """
    end, free, fat_sect, no_stream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    stream_sectors = 8  # 4096 / 512
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<I", header, 76, 0)  # DIFAT[0]: the FAT is sector 0
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, free)
    fat = [fat_sect, end]
    first_streams = []
    for s in range(2):
        start = 2 + s * stream_sectors
        first_streams.append(start)
        fat += [start + k + 1 for k in range(stream_sectors - 1)] + [end]
    fat += [free] * (128 - len(fat))
    fat_bytes = struct.pack("<128I", *fat)

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        raw = bytearray(128)
        encoded = (name + "\x00").encode("utf-16-le") if name else b""
        raw[0:len(encoded)] = encoded
        struct.pack_into("<HBB", raw, 64, len(encoded), kind, 1)
        struct.pack_into("<III", raw, 68, left, right, child)
        struct.pack_into("<IQ", raw, 116, start, size)
        return bytes(raw)

    directory = (entry("Root Entry", 5, no_stream, no_stream, 1, end, 0)
                 + entry("EncryptionInfo", 2, no_stream, 2, no_stream, first_streams[0], 4096)
                 + entry("EncryptedPackage", 2, no_stream, no_stream, no_stream, first_streams[1], 4096)
                 + entry("", 0, no_stream, no_stream, no_stream, 0, 0))
    payload = bytes((i * 37 + 11) % 251 for i in range(4096))
    path.write_bytes(bytes(header) + fat_bytes + directory + payload + payload)
    return path
