"""The committee proposal PDF: A4, page 1 not blank, the key figures in its text layer."""

from __future__ import annotations

import subprocess

import pytest
from conftest import HILLEROD, RESOURCES
from recalc import require_tools

from budgetapp.cli import main
from budgetapp.core.case import load_case
from budgetapp.core.formatting import format_thousand_kr


@pytest.fixture(autouse=True)
def _poppler():
    require_tools("pdftoppm", "pdftotext", "pdfinfo")


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
    for needle in ("Straksaktivering af unge (Hillerød)", "Indstilling", "samlede økonomiske konsekvenser",
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


def _pdf_text(path) -> str:
    """The PDF's text layer; NFKC turns the font's ligatures (ﬀ, ﬁ) back into letters."""
    import unicodedata

    return unicodedata.normalize("NFKC", subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout)


def test_the_proposal_follows_an_udvalg_agenda_item(tmp_path, qapp):
    demo = RESOURCES / "demo" / "eksempel-kommune.jcbudget"
    out = tmp_path / "mentor.pdf"
    assert main(["export", str(demo), "--pdf", str(out), "--case", "Mentorstøtte til aktivitetsparate"]) == 0
    text = _pdf_text(out)
    positions = [text.index(h) for h in ("Sagsfremstilling", "Økonomi", "Risici og usikkerhed",
                                         "Indstilling", "Bilag")]
    assert positions == sorted(positions)
    assert "Forslagets samlede økonomiske konsekvenser" in text
    # Mentor 2028: service 1.200.000 − 960.000 pool = 240,0; overførsler −388,8; total −148,8; varig
    # ændring 2030: 1.200,0 − 388,8 = 811,2 (arithmetic in tests/test_projection.py)
    assert "Investering: udgifter på" in text and "Effekt: mindreudgift til" in text
    for figure in ("240,0", "-388,8", "-148,8", "811,2"):
        assert figure in text, figure
    assert "Tilbagebetalingstid: Tjener sig ikke hjem inden for perioden" in text
    # the project's budget per styringsområde with the chosen cases: the same totals as Overblik and
    # project summary --json, e.g. 2028 service 120.744,3 + 2.206,9 = 122.951,3 and in all
    # 120.744.326,60 + 365.205.219,66 (base) − 5.287.784,01 (cases in 2028, calendar timing,
    # tests/test_projection.py) = 480.661.762,25, shown 480.661,8
    from budgetapp.core.projection import ProjectionEngine
    from budgetapp.io.project_file import load_project

    projection = ProjectionEngine(load_project(demo)).result()
    assert "Budgettet pr. styringsområde med de valgte business cases" in text
    # the PDF says which cases its projection holds: the demo's three switched-on cases
    assert "Med i fremskrivningen: 'Straksaktivering af unge (Hillerød-modellen)', 'To ekstra" in " ".join(
        text.split())
    for area in ("service", "overførsler"):
        shown = format_thousand_kr(projection.projected_by_area(area, 2028))
        assert shown in text, (area, shown)
    assert "122.951,3" in text and format_thousand_kr(projection.total_projected_net(2028)) == "480.661,8"
    assert "480.661,8" in text
    pages = int(next(line.split()[-1] for line in subprocess.run(
        ["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout.splitlines()
        if line.startswith("Pages:")))
    for n in range(1, pages + 1):
        assert f"Side {n} af {pages}" in text
    # every money table states its unit and price level
    assert text.count("1.000 kr., 2026 p/l") >= 4
    assert "segments[" not in text and "costs[" not in text


def new_sygedagpenge_case():
    """A case typed in by hand (as after "Ny"): no uncertainty, scenarios or notes of any example."""
    from budgetapp.core.case import BenefitRefusion, CostLine, Segment, single_effect_case

    return single_effect_case(
        timing="calendar", name="Tidlig indsats for sygemeldte", target_group="Sygedagpenge",
        start_year=2027, years=4,
        inflow_per_year=120, benefit_per_full_year_person=230_000,
        segments=(Segment("Raskmeldt tidligere", 0.4, 22, 16, 4), Segment("Øvrige", 0.6, 22, 22, 4)),
        benefit_refusion=BenefitRefusion("refusionstrappe-2016"), effect_phase_in=(0.5, 1.0),
        costs=(CostLine("Ergoterapeut", amount_per_year=550_000),),
        description="Tværfaglig indsats i de første uger af sygeforløbet.",
        decision_text="Det indstilles, at indsatsen afprøves i 2027-2030.")


# text of the shipped examples and raw field paths (development references are scanned for in
# tests/test_no_dev_references.py)
EXAMPLE_TEXT = ("Hillerød", "459 unge", "match 1", "Løn 500.000", "Pessimistisk", "Optimistisk",
                "mentor", "straksaktivering", "segments[", "weeks_after")


def test_a_new_case_prints_none_of_the_examples_text(tmp_path, qapp):
    from budgetapp.export.council_workbook import content_from_cases, export_council_workbook
    from budgetapp.export.proposal_pdf import export_proposal_pdf

    case = new_sygedagpenge_case()
    pdf = tmp_path / "ny.pdf"
    proposal = export_proposal_pdf(pdf, case, "Eksempel Kommune", "2026 p/l", 2027)
    text = _pdf_text(pdf)
    assert "Tidlig indsats for sygemeldte" in text and "Ergoterapeut" in text
    assert proposal.uncertainty == []
    assert "egne skøn over usikkerheden" not in text
    for needle in EXAMPLE_TEXT:
        assert needle.lower() not in text.lower(), needle
    content = content_from_cases([case])
    content.draws = 100
    book = tmp_path / "ny.xlsx"
    export_council_workbook(book, content)
    for needle in EXAMPLE_TEXT:
        assert needle.lower() not in workbook_text(book).lower(), needle


def workbook_text(path) -> str:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    parts = [" ".join(wb.sheetnames)]
    for ws in wb:
        for row in ws.iter_rows():
            parts.extend(str(c.value) for c in row if isinstance(c.value, str))
    props = wb.properties
    parts.extend(str(v) for v in (props.title, props.subject, props.description, props.creator) if v)
    return "\n".join(parts)


def test_tables_repeat_their_header_and_the_bilag_starts_a_page(tmp_path, qapp):
    """Every table's header row is a <thead> (Qt repeats it on each page the table spans), and
    the Bilag begins on a page of its own, so its heading never sits alone at a page foot."""
    from PySide6.QtGui import QTextDocument

    from budgetapp.export.proposal_content import build_proposal
    from budgetapp.export.proposal_pdf import proposal_html
    from budgetapp.io.project_file import load_project

    demo = RESOURCES / "demo" / "eksempel-kommune.jcbudget"
    project = load_project(demo)
    html = proposal_html(build_proposal(project.cases[1].case, project.municipality, "2026 p/l",
                                        project.budget_year, project))
    doc = QTextDocument()
    doc.setHtml(html)
    from PySide6.QtGui import QTextTable

    tables = [f for f in doc.rootFrame().childFrames() if isinstance(f, QTextTable)]
    assert len(tables) >= 3
    assert all(t.format().headerRowCount() == 1 for t in tables)
    out = tmp_path / "to.pdf"
    assert main(["export", str(demo), "--pdf", str(out), "--case", project.cases[1].name]) == 0
    pages = _pdf_text(out).split("\f")
    bilag = next(i for i, page in enumerate(pages) if "Bilag 1: Forudsætninger og kilder" in page)
    assert pages[bilag].lstrip().startswith("Bilag")
    follows = [p for p in pages[bilag + 1:] if p.strip()]
    for page in follows:
        if "Kilde" in page and "Bilag 2" not in page.split("Kilde")[0]:
            assert "Forudsætning" in page  # the assumptions table's header repeated
