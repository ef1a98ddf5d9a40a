"""No programmer's identifier reaches a council document.

The committee PDF and the council workbook of the demo project and of every shipped example are
scanned for snake_case words (``saved_weeks``, ``net_result``, ``weeks_on_benefit`` …): a reader
must see the field's Danish label instead. Formulas (cells beginning with "=") are not text a
reader sees and are skipped; so are defined names.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from conftest import RESOURCES
from recalc import require_tools

IDENTIFIER = re.compile(r"\b[a-z]+_[a-z_]+\b")
# a data file's name or a TOML table instead of the public source it records
FILE_NAME = re.compile(r"\.(?:csv|toml|json)\b|resources/|\[\[")
ALLOWED: set[str] = set()
SOURCES = [RESOURCES / "demo" / "eksempel-kommune.jcbudget",
           *sorted((RESOURCES / "examples").glob("*.json"))]


def identifiers(text: str) -> list[str]:
    return ([m.group(0) for m in IDENTIFIER.finditer(text) if m.group(0) not in ALLOWED]
            + [m.group(0) for m in FILE_NAME.finditer(text)])


def test_the_pattern_finds_identifiers():
    assert identifiers("Efter perioden: saved_weeks") == ["saved_weeks"]
    assert identifiers("weeks_on_benefit skal være højst 27,0") == ["weeks_on_benefit"]
    assert identifiers("Nettovirkning for kommunen, 1.000 kr. (2027-p/l)") == []
    assert identifiers("Refusionstrappen 2016 (resources/rules/refusionstrappe-2016.toml)") == [
        "resources/", ".toml"]
    assert identifiers("se [[versions.groupings]]") == ["[["]


def _workbook_texts(path: Path) -> list[str]:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    texts = list(wb.sheetnames)
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and not cell.value.startswith("="):
                    texts.append(f"{ws.title}!{cell.coordinate}: {cell.value}")
    return texts


def _case_names(source: Path) -> list[str]:
    if source.suffix == ".json":
        from budgetapp.core.case import load_case

        return [load_case(source).name]
    from budgetapp.io.project_file import load_project

    return [entry.name for entry in load_project(source).cases]


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_no_identifiers_in_the_pdf_and_workbook(source, tmp_path, qapp):
    require_tools("pdftotext")
    from budgetapp.cli import main

    book = tmp_path / "byraadsmappe.xlsx"
    assert main(["export", str(source), "--xlsx", str(book), "--simulate", "100"]) == 0
    found = [f"{t} → {identifiers(t)}" for t in _workbook_texts(book) if identifiers(t)]
    for i, name in enumerate(_case_names(source)):
        pdf = tmp_path / f"indstilling-{i}.pdf"
        assert main(["export", str(source), "--pdf", str(pdf), "--case", name,
                     "--simulate", "100"]) == 0
        text = unicodedata.normalize("NFKC", subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
        found += [f"{name} (PDF): {line}" for line in text.splitlines() if identifiers(line)]
    assert found == [], f"{len(found)} identifiers in the exports:\n" + "\n".join(found[:60])


def test_every_result_sheet_states_its_sign(tmp_path):
    """Resumé shows the council convention (− = mindreudgift), Opfølgning and Følsomhed the gain
    as + ; each sheet says which in its header or intro so a reader cannot mix them up."""
    import openpyxl

    from budgetapp.export.council_workbook import build_council_workbook, content_from_project
    from budgetapp.io.project_file import load_project

    content = content_from_project(load_project(SOURCES[0]))
    content.draws = 100
    out = tmp_path / "b.xlsx"
    build_council_workbook(out, content)
    wb = openpyxl.load_workbook(out)

    def texts(sheet: str) -> str:
        return " ".join(str(c.value) for r in wb[sheet].iter_rows() for c in r
                        if isinstance(c.value, str))

    assert "Nettovirkning for kommunen (1.000 kr.; − = mindreudgift)" in texts("Resumé")
    assert "(+ = gevinst)" in texts("Opfølgning")
    assert "+ = gevinst" in texts("Følsomhed og usikkerhed")
