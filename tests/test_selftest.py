"""``budgetapp --selftest`` from source: it passes on the shipped demo and fails when it should.

The frozen build runs the same module (``packaging/build.sh``); these tests keep it honest from
source and fast (each run writes one workbook and one PDF to a temporary folder).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT

from budgetapp import cli, selftest

CHECK_NAMES = [name for name, _function, _needs in selftest.CHECKS]


def run(tmp_path: Path) -> tuple[int, str]:
    out = io.StringIO()
    code = selftest.run(out=out, log_dir=tmp_path / "logs")
    return code, out.getvalue()


def test_selftest_passes_on_the_shipped_demo_from_the_command_line() -> None:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}  # it must go offscreen itself
    done = subprocess.run([sys.executable, "-m", "budgetapp", "--selftest"], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    for name in CHECK_NAMES:
        assert f"OK    {name}" in done.stdout
    assert f"Resultat: alle {len(CHECK_NAMES)} kontroller bestået" in done.stdout
    # The published Hillerød figure: 459 × 12,25 / 52 × 72.000 × 0,5 = 3.892.673 kr.
    assert "Hillerød-casen giver 3.892.673 kr. i kommunal besparelse i 2014" in done.stdout
    assert "(offscreen)" in done.stdout


def test_the_report_is_also_written_to_the_log_folder(tmp_path: Path) -> None:
    code, output = run(tmp_path)
    assert code == 0, output
    log = (tmp_path / "logs" / "selvtest.log").read_text(encoding="utf-8")
    stamp, rest = log.split("\n", 1)
    assert len(stamp) == len("2026-01-31 12:00:00")
    assert rest == output


def test_a_broken_demo_project_fails_and_skips_what_depends_on_it(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "eksempel-kommune.jcbudget"
    broken.write_bytes(b"PK\x03\x04 not a project")
    monkeypatch.setattr(selftest, "demo_project_path", lambda: broken)
    code, output = run(tmp_path)
    assert code == 1
    assert "FEJL  Demoprojekt" in output
    assert "eksempel-kommune.jcbudget" in output
    for dependent in ("Beregning", "Byrådsregneark", "Udvalgsindstilling (PDF)", "Hovedvindue"):
        assert f"FEJL  {dependent}" in output
    assert "ikke kørt: Demoprojekt fejlede" in output
    assert "OK    Finansieringsregler" in output  # independent checks still run
    assert f"Resultat: 5 af {len(CHECK_NAMES)} kontroller fejlede" in output
    assert "Traceback" not in output


def test_a_workbook_without_the_apps_figure_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def wrong_workbook(project, target: Path) -> None:
        book = openpyxl.Workbook()
        book.active.title = "Resumé"
        book.active["B2"] = 1234.0  # not a figure of any demo case
        book.save(target)

    monkeypatch.setattr(selftest, "_write_council_workbook", wrong_workbook)
    code, output = run(tmp_path)
    assert code == 1
    assert "FEJL  Byrådsregneark" in output
    assert "regnearket indeholder ikke" in output
    assert "som gemt værdi" in output
    assert "OK    Udvalgsindstilling (PDF)" in output


def test_a_file_that_is_not_a_pdf_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selftest, "_write_proposal_pdf",
                        lambda project, name, target: target.write_bytes(b"<html>ikke en pdf</html>"))
    code, output = run(tmp_path)
    assert code == 1
    assert "FEJL  Udvalgsindstilling (PDF)  filen er ikke en PDF (begynder ikke med %PDF-)" in output


def test_a_pdf_without_pages_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selftest, "_write_proposal_pdf",
                        lambda project, name, target: target.write_bytes(b"%PDF-1.4\n%%EOF\n"))
    code, output = run(tmp_path)
    assert code == 1
    assert "FEJL  Udvalgsindstilling (PDF)  PDF-filen har ingen sider" in output


def test_contains_accepts_kroner_and_thousands_within_half_a_krone() -> None:
    # 3.892.673,08 kr. shown in 1.000 kr. is 3.892,67308; 3.892,67308 × 1.000 is within 0,5 kr.
    assert selftest._contains([3892.67308], 3_892_673.08)
    assert selftest._contains([3_892_673.5], 3_892_673.08)
    # 3.892,7 (rounded to one decimal) × 1.000 = 3.892.700, 26,92 kr. off: not the same figure
    assert not selftest._contains([3892.7], 3_892_673.08)


def test_cli_selftest_flag_runs_the_selftest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selftest, "run", lambda: 1)
    assert cli.main(["--selftest"]) == 1
