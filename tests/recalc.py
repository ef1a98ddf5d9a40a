"""Recalculate workbooks with LibreOffice, an independent spreadsheet engine, for the tests.

``recalc_all(files, outdir)`` converts every file with ``soffice --headless --convert-to xlsx``
in one LibreOffice run, with a private, fresh user profile whose "recalculate on load" setting is
*always*, so the values the exporter cached are never trusted: each formula is computed again.
The results land in ``outdir`` under the same names; read them with openpyxl (``data_only=True``).

``require_soffice()`` is called by every test that needs LibreOffice: without ``soffice`` the test
is skipped on a developer machine, but **fails** when ``CI`` is set (``scripts/system-deps``
installs ``libreoffice-calc-nogui`` there), so the check can never silently stop running in CI.

Run by hand: ``scripts/recalc-xlsx IN.xlsx [IN2.xlsx ...] OUTDIR``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ERRORS = ("#REF!", "#NAME?", "#VALUE!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "Err:")

PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    """The soffice command; skips the calling test without it, except in CI where it fails."""
    import pytest

    found = soffice()
    if found is None:
        message = "soffice (Debian: libreoffice-calc-nogui, installed by scripts/system-deps) is missing"
        if os.environ.get("CI"):
            pytest.fail(message + "; in CI the LibreOffice checks must run")
        pytest.skip(message)
    return found


def require_tools(*names: str) -> None:
    """Skip without the command-line tools ``names`` (e.g. pdftotext from poppler-utils), except in
    CI, where scripts/system-deps installs them and a missing tool fails the test."""
    import pytest

    missing = [n for n in names if shutil.which(n) is None]
    if missing:
        message = f"{', '.join(missing)} (Debian: poppler-utils, installed by scripts/system-deps) is missing"
        if os.environ.get("CI"):
            pytest.fail(message + "; in CI these checks must run")
        pytest.skip(message)


def convert(files: list[Path], outdir: Path, target: str = "xlsx", timeout: int = 600) -> list[Path]:
    """Convert ``files`` with LibreOffice (``target`` e.g. ``xlsx`` or ``pdf``) into ``outdir``.

    Raises RuntimeError when LibreOffice is missing or produced no output for a file.
    """
    command = soffice()
    if command is None:
        raise RuntimeError("soffice (libreoffice-calc-nogui) is missing")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        (Path(profile) / "user").mkdir()
        (Path(profile) / "user" / "registrymodifications.xcu").write_text(PROFILE, encoding="utf-8")
        subprocess.run([command, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                        "--norestore", "--convert-to", target, "--outdir", str(outdir),
                        *map(str, files)], check=True, capture_output=True, timeout=timeout)
    outputs = [outdir / (Path(f).stem + "." + target.split(":")[0]) for f in files]
    for out in outputs:
        if not out.is_file() or out.stat().st_size == 0:
            raise RuntimeError(f"LibreOffice produced no output for {out.name}")
    return outputs


def recalc_all(files: list[Path], outdir: Path) -> list[Path]:
    """Every formula of every workbook recomputed by LibreOffice; returns the new files."""
    return convert(files, outdir, "xlsx")


def error_cells(path: Path) -> list[str]:
    """``Sheet!A1: #NAME?`` for every cell of a (recalculated) workbook holding an error value."""
    import openpyxl

    found = []
    wb = openpyxl.load_workbook(path, data_only=True)
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(ERRORS):
                    found.append(f"{ws.title}!{cell.coordinate}: {cell.value}")
    return found


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("brug: recalc-xlsx IND.xlsx [IND2.xlsx ...] UDMAPPE", file=sys.stderr)
        return 2
    *files, outdir = argv
    try:
        outputs = recalc_all([Path(f).resolve() for f in files], Path(outdir).resolve())
    except (RuntimeError, subprocess.SubprocessError) as exc:
        print(f"recalc-xlsx: {exc}", file=sys.stderr)
        return 1
    status = 0
    for out in outputs:
        errors = error_cells(out)
        print(f"{out}: {len(errors)} fejlværdier")
        for line in errors[:20]:
            print("  " + line)
        status = status or (1 if errors else 0)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
