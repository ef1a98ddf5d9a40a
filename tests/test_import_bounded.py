"""Bounded reading: hostile files, small on disk, are refused with a Danish message before any
parser sees them. The memory-bound tests run ``import-check`` in a subprocess whose address space
is limited to 1 GB (``resource.setrlimit``) and assert a clean refusal: exit 1, the message, no
traceback."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from budgetapp.io import zip_guard
from budgetapp.io.import_budget import read_budget
from tests.import_helpers import BUDGET_HEADER, write_ods_table, write_raw_xlsx

resource = pytest.importorskip("resource")

ROW = ["dagpenge", 2027, 412.5, 231000, "medfinansiering-2016", 0.55, 14500]
LIMIT_MB = zip_guard.MAX_INFLATED_BYTES // 2**20
BOMB_BYTES = zip_guard.MAX_INFLATED_BYTES + 50 * 2**20  # just over the budget when inflated
ROOT = Path(__file__).resolve().parent.parent


def add_bomb(path: Path, member: str, lie: bool, piece: bytes = b"<si><t>x</t></si>") -> Path:
    """Append ``member`` to the zip at ``path``: BOMB_BYTES of ``piece`` repeated (about 1 MB on
    disk). With ``lie``, the archive states 1.000 bytes as its size (local and central headers)."""
    piece = piece * (2**20 // len(piece))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        info = zipfile.ZipInfo(member)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=False) as stream:
            written = 0
            while written < BOMB_BYTES:
                stream.write(piece)
                written += len(piece)
    if lie:
        _state_size(path, member, 1000)
    return path


def _state_size(path: Path, member: str, size: int) -> None:
    """Rewrite the uncompressed size the archive states for ``member`` (local and central header)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
        start = archive.start_dir  # type: ignore[attr-defined]
    struct.pack_into("<I", data, info.header_offset + 22, size)
    pos = start
    while data[pos:pos + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, pos + 28)
        if data[pos + 46:pos + 46 + name_len].decode() == member:
            struct.pack_into("<I", data, pos + 24, size)
        pos += 46 + name_len + extra_len + comment_len
    path.write_bytes(bytes(data))


def limited_check(path: Path, *extra: str, limit: int = 1 << 30) -> subprocess.CompletedProcess[str]:
    """``budgetapp import-check`` in a child process with its address space limited to ``limit``."""
    code = ("import resource, sys\n"
            f"resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))\n"
            "from budgetapp.cli import main\n"
            f"sys.exit(main(['import-check', {str(path)!r}, *{list(extra)!r}]))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300,
                          check=False)


def assert_refused(result: subprocess.CompletedProcess[str], message: str) -> None:
    out = result.stdout + result.stderr
    assert "Traceback" not in out and "MemoryError" not in out, out
    assert result.returncode == 1, out
    assert message in out, out
    assert "intet er indlæst" in out


@pytest.mark.parametrize("member", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml", "xl/workbook.xml",
                                    "xl/_rels/workbook.xml.rels", "docProps/custom.xml"])
def test_any_member_stating_a_size_over_the_budget_is_refused(tmp_path: Path, member: str) -> None:
    path = write_raw_xlsx(tmp_path / "b.xlsx", {"Budget": [BUDGET_HEADER, ROW]})
    if member not in zipfile.ZipFile(path).namelist():
        with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(member, "<sst/>")
    _state_size(path, member, BOMB_BYTES)
    [error] = read_budget(path).report.errors
    assert error.expected.startswith(
        f"Filen b.xlsx kan ikke indlæses: indholdet fylder over {LIMIT_MB} MB oplyst")


def test_sharedstrings_bomb_with_a_lying_size_is_stopped_at_the_limit_under_1_gb(tmp_path: Path) -> None:
    path = add_bomb(write_raw_xlsx(tmp_path / "b.xlsx", {"Budget": [BUDGET_HEADER, ROW]}),
                    "xl/sharedStrings.xml", lie=True)
    assert_refused(limited_check(path), "tekstlisten (xl/sharedStrings.xml) fylder over 128 MB udpakket")


def test_worksheet_bomb_with_a_lying_size_is_stopped_under_1_gb(tmp_path: Path) -> None:
    path = write_raw_xlsx(tmp_path / "b.xlsx", {"Budget": [BUDGET_HEADER, ROW]})
    with zipfile.ZipFile(path) as archive:
        members = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:  # the sheet part is the bomb
        for name, data in members.items():
            if name != "xl/worksheets/sheet1.xml":
                archive.writestr(name, data)
    add_bomb(path, "xl/worksheets/sheet1.xml", lie=True, piece=b'<c r="A1"><v>1</v></c>')
    assert_refused(limited_check(path), "(stoppet i xl/worksheets/sheet1.xml)")


def test_one_endless_row_is_refused(tmp_path: Path) -> None:
    path = write_raw_xlsx(tmp_path / "b.xlsx", {"Budget": [BUDGET_HEADER, ROW]})
    # one processing instruction that never ends: the parser would hold all of it unparsed
    add_bomb(path, "xl/worksheets/sheet9.xml", lie=True, piece=b"<?x " + b"y" * 1000)
    [error] = read_budget(path).report.errors
    assert error.expected == ("Filen b.xlsx kan ikke indlæses: delen xl/worksheets/sheet9.xml kan ikke "
                              "læses: et element i delen er over 16 MB (filen er beskadiget eller bygget "
                              "til at opbruge hukommelsen)")


def test_two_cells_far_apart_are_refused_before_loading_under_1_gb(tmp_path: Path) -> None:
    # A1 and XFD1048576: 1.048.576 rows × 16.384 columns = 17.179.869.184 cells if loaded.
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    path = write_raw_xlsx(tmp_path / "b.xlsx", {"Budget": [BUDGET_HEADER, ROW]}, extra_rows={"Budget": far},
                          dimension={"Budget": "A1:G2"})
    assert_refused(limited_check(path), "1.048.576 rækker × 16.384 kolonner (17.179.869.184 celler)")


VALUE_CELL = ('<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p>'
              "</table:table-cell>")


def test_ods_repeated_rows_and_columns_are_refused_while_reading_under_1_gb(tmp_path: Path) -> None:
    cell = VALUE_CELL.replace("<table:table-cell ", '<table:table-cell table:number-columns-repeated="1000" ')
    path = write_ods_table(tmp_path / "b.ods",
                           f'<table:table-row table:number-rows-repeated="1000000">{cell}</table:table-row>')
    assert path.stat().st_size < 1000  # under 1 KB on disk
    assert_refused(limited_check(path), "1.000.000 rækker × 1.000 kolonner (1.000.000.000 celler)")


def test_ods_trailing_empty_repeated_rows_are_not_counted(tmp_path: Path) -> None:
    header = "".join(f'<table:table-cell office:value-type="string"><text:p>{h}</text:p></table:table-cell>'
                     for h in BUDGET_HEADER)
    values = [f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
              if isinstance(v, str) else VALUE_CELL.replace('"1"', f'"{v}"').replace(">1<", f">{v}<")
              for v in ROW]
    trailing = ('<table:table-row table:number-rows-repeated="1048000">'
                '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
    path = write_ods_table(tmp_path / "b.ods", f"<table:table-row>{header}</table:table-row>"
                           f"<table:table-row>{''.join(values)}</table:table-row>{trailing}")
    result = read_budget(path)
    assert result.report.ok, result.report.to_text()
    assert result.groups[0].full_year_persons == 412.5


def test_declared_sizes_are_checked_without_inflating(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_raw_xlsx(tmp_path / "b.xlsx", {"Budget": [BUDGET_HEADER, ROW]})
    _state_size(path, "xl/worksheets/sheet1.xml", 2**31)  # states 2 GB
    calls: list[str] = []
    monkeypatch.setattr(zip_guard, "_inflate", lambda *args: calls.append("inflate") or 0)
    [error] = read_budget(path).report.errors
    assert "indholdet fylder over" in error.expected and "oplyst" in error.expected
    assert calls == []


def test_long_shared_string_repeated_by_many_cells_is_refused_under_1_gb(tmp_path: Path) -> None:
    # One 30.000-character shared string (under the 32.767-character cell limit) referred to by
    # 5.000 cells. The string's size is bounded with its markup (the part's head, <si><t> and
    # </t></si>: 30.151 bytes), so 5.000 × 30.151 = 150.755.000 bytes = 143,8 MB ≈ 144 MB of text
    # if each cell gets its copy, over the 128 MB budget; the file itself is tens of KB.
    shared = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
              b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>' + b"x" * 30_000
              + b"</t></si></sst>")
    refs = "".join(f'<row r="{3 + i}"><c r="H{3 + i}" t="s"><v>0</v></c></row>' for i in range(5000))
    path = write_raw_xlsx(tmp_path / "b.xlsx", {"Budget": [BUDGET_HEADER, ROW]}, extra_rows={"Budget": refs},
                          extra_members={"xl/sharedStrings.xml": shared})
    assert path.stat().st_size < 200_000
    assert_refused(limited_check(path), "cellerne henviser til i alt 144 MB tekst fra tekstlisten")


def test_short_shared_strings_repeated_by_many_cells_are_read(tmp_path: Path) -> None:
    # 20.000 cells referring to one 10-byte string: 200 KB of text, far under the budget
    shared = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
              b'spreadsheetml/2006/main"><si><t>dagpenge</t></si></sst>')
    refs = "".join(f'<row r="{3 + i}"><c r="J{3 + i}" t="s"><v>0</v></c></row>' for i in range(20_000))
    path = write_raw_xlsx(tmp_path / "b.xlsx", {"Budget": [BUDGET_HEADER, ROW]}, extra_rows={"Budget": refs},
                          extra_members={"xl/sharedStrings.xml": shared})
    from budgetapp.io.workbook_reader import open_workbook

    rows = open_workbook(path).sheet("Budget").rows
    assert rows[2][9] == "dagpenge" and len(rows) == 20_002
