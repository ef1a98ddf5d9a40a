"""Builders for import test files, generated in tmp_path (no binary fixtures in the repository)."""

from __future__ import annotations

import json
import shutil
import socket
import struct
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

import openpyxl
import pytest

if TYPE_CHECKING:
    from budgetapp.core.project import Project

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
    return write_ods_table(path, "".join(cells_xml), sheet)


def write_ods_table(path: Path, table_xml: str, sheet: str = "Budget", styles: str = "") -> Path:
    """An OpenDocument spreadsheet whose one table holds ``table_xml`` as written (rows, repeats,
    hidden rows: whatever a test needs, hostile or not), after ``styles`` (e.g. an
    ``<office:automatic-styles>`` element with row heights and column widths)."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
        'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'{styles}<office:body><office:spreadsheet><table:table table:name="{escape(sheet)}">'
        + table_xml + "</table:table></office:spreadsheet></office:body></office:document-content>")
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


def xlsx_cell(ref: str, value: object) -> str:
    """One ``<c>`` element: a number, an inline string, ``("e", "#N/A")`` for a cached error value,
    ``("f", "A1*2")`` for a formula without a stored value, or a raw XML string starting with ``<c``."""
    if isinstance(value, str) and value.startswith("<c"):
        return value
    if isinstance(value, tuple) and value[0] == "e":
        return f'<c r="{ref}" t="e"><f>VLOOKUP(A1,Opslag!A:B,2,FALSE)</f><v>{escape(value[1])}</v></c>'
    if isinstance(value, tuple) and value[0] == "f":
        return f'<c r="{ref}"><f>{escape(value[1])}</f></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def write_raw_xlsx(path: Path, sheets: dict[str, list[list[object]]], *, hidden_rows: dict[str, set[int]]
                   | None = None, sheet_state: dict[str, str] | None = None,
                   extra_rows: dict[str, str] | None = None, dimension: dict[str, str] | None = None,
                   extra_members: dict[str, bytes] | None = None) -> Path:
    """An .xlsx written as XML by hand, for what openpyxl cannot write: cached error values,
    formulas without a stored value, hidden rows (zero-based, per sheet), hidden or veryHidden
    sheets, a stated ``<dimension>``, raw rows appended after the table, extra zip members."""
    from budgetapp.io.cells import cell_name

    hidden_rows = hidden_rows or {}
    sheet_state = sheet_state or {}
    names = list(sheets)
    entries = "".join(
        f'<sheet name="{escape(n)}" sheetId="{i + 1}" r:id="rId{i + 1}"'
        + (f' state="{sheet_state[n]}"' if n in sheet_state else "") + "/>" for i, n in enumerate(names))
    workbook = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
                'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                f'relationships"><sheets>{entries}</sheets></workbook>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships">' + "".join(
                f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                f'relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>' for i in range(len(names)))
            + "</Relationships>")
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/'
                        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                        for i in range(len(names)))
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
             '2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
             'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
             f'officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>')
    root_rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                 'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                 'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                 '</Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", root_rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        for i, name in enumerate(names):
            xml_rows = []
            for r, row in enumerate(sheets[name]):
                cells = "".join(xlsx_cell(cell_name(r, c), v) for c, v in enumerate(row) if v is not None)
                hidden = ' hidden="1"' if r in hidden_rows.get(name, set()) else ""
                xml_rows.append(f'<row r="{r + 1}"{hidden}>{cells}</row>')
            dim = (dimension or {}).get(name, "A1")
            body = "".join(xml_rows) + (extra_rows or {}).get(name, "")
            archive.writestr(f"xl/worksheets/sheet{i + 1}.xml",
                             '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                             f'openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dim}"/>'
                             f"<sheetData>{body}</sheetData></worksheet>")
        for member, data in (extra_members or {}).items():
            archive.writestr(member, data)
    return path


# --- the set-up of tests that run ``budgetapp import`` into a project ------------------------------
# A test module uses the fixtures ``demo_path`` and ``private_store`` by importing them (the
# ``as`` form marks the import as used on purpose):
#     from tests.import_helpers import demo_path_fixture as demo_path_fixture
#     from tests.import_helpers import private_store_fixture as private_store_fixture
#     pytestmark = pytest.mark.usefixtures("private_store")


def copy_demo(folder: Path, name: str = "demo.jcbudget") -> Path:
    """A copy of the demo project in ``folder``, for a test to import into and change."""
    from budgetapp.resources import demo_project_path

    path = folder / name
    shutil.copy(demo_project_path(), path)
    return path


@pytest.fixture(name="demo_path")
def demo_path_fixture(tmp_path: Path) -> Path:
    """A copy of the demo project in ``tmp_path``."""
    return copy_demo(tmp_path)


@pytest.fixture(name="private_store")
def private_store_fixture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The layout store the import remembers mappings in (``layouts.json``) lives in ``tmp_path``,
    never in the user's own configuration folder."""
    from budgetapp.io.layouts import store

    path = tmp_path / "config" / "layouts.json"
    monkeypatch.setattr(store, "config_path", lambda: path)
    return path


def write_lock(path: Path, pid: int, process_started: float, user: str = "kollega") -> None:
    """A lock file on the project ``path`` as another program on this computer writes it."""
    from budgetapp.io.project_lock import lock_path

    lock_path(path).write_text(json.dumps(
        {"user": user, "host": socket.gethostname(), "pid": pid, "since": "29.11.2026 09:15",
         "started": time.time(), "process_started": process_started}), encoding="utf-8")


def dead_pid() -> int:
    """The pid of a process that has ended (its pid names no live process, or a later one with
    another start time): the owner of a stale lock."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@contextmanager
def live_process() -> Iterator[subprocess.Popen]:
    """Another program running on this computer for the duration (killed afterwards)."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        yield child
    finally:
        child.kill()
        child.wait()


def persons_by_group(path: Path, year: int) -> dict[str, float]:
    """Full-year persons per target group of ``year`` in the project file ``path``."""
    from budgetapp.io.project_file import load_project

    return {g.target_group: g.full_year_persons for g in load_project(path).budget.groups if g.year == year}


def net_by_year(project: Project) -> dict[int, float]:
    """The base budget's net amount (kr.) per year: the sum of ``budget_figures``' net."""
    from budgetapp.core.budget import budget_figures

    out: dict[int, float] = {}
    for fig in budget_figures(project.budget):
        out[fig.year] = out.get(fig.year, 0.0) + fig.net
    return out
