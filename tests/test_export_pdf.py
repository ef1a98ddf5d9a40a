"""The committee proposal PDF: A4, page 1 not blank, the key figures in its text layer."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import HILLEROD, RESOURCES

from budgetapp.cli import main
from budgetapp.core.case import load_case

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
                                reason="poppler-utils (pdftoppm, pdftotext) is missing")


def test_hillerod_proposal(tmp_path, qapp):
    from PySide6.QtGui import QImage

    from budgetapp.export.proposal_pdf import export_proposal_pdf

    out = tmp_path / "indstilling.pdf"
    proposal = export_proposal_pdf(out, load_case(HILLEROD))
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "595 x 842 pts (A4)" in info
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(out), str(tmp_path / "p")],
                   check=True)
    png = next(tmp_path.glob("p*.png"))
    image = QImage(str(png))
    dark = sum(1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
               if image.pixelColor(x, y).lightness() < 200)
    assert dark > 500, "page 1 is (nearly) blank"
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    # net cost 500.000 + 167.000 × 0,5 = 583.500 kr. → 583,5; municipal saving in 2013 at half effect
    # 459 × 12,25 / 52 × 72.000 × 0,5 × 0,5 = 1.946.336,5 kr. → −1.946,3 (revenue negative);
    # gross cost 667,0 and cost refusion −83,5 (167.000 × 50 %).
    for needle in ("Straksaktivering af unge (Hillerød)", "Indstilling", "Økonomiske konsekvenser",
                   "583,5", "-1.946,3", "667,0", "-83,5", "Risici", "Opfølgning", "Stopkriterium"):
        assert needle in text, needle
    assert proposal.years == [2013, 2014, 2015, 2016]


def test_cli_pdf_for_the_demo_project(tmp_path, qapp):
    demo = RESOURCES / "demo" / "eksempel-kommune.jcbudget"
    if not demo.exists():
        pytest.skip("the demo project file is not built")
    out = tmp_path / "mentor.pdf"
    assert main(["export", str(demo), "--pdf", str(out), "--case", "Mentorstøtte til aktivitetsparate"]) == 0
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Eksempel Kommune" in text and "2026 p/l" in text and "2027" in text
    assert main(["export", str(demo), "--pdf", str(out)]) == 2  # a PDF needs exactly one --case
