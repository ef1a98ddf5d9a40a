"""The demo's decision texts (Indstilling) state no amount that the product computes differently.

Every "N kr." in a demo case's decision text must be one of the case's own yearly figures at the
project's price level (gross cost, net cost); the Hillerød case, moved to 2027 under today's rules
and converted from 2013 p/l, must not quote the source's 583.500 kr. for 2013-2016.
"""

from __future__ import annotations

import re

import pytest
from conftest import RESOURCES

from budgetapp.core.appraisal import appraise
from budgetapp.core.projection import ProjectionEngine
from budgetapp.io.project_file import load_project

DEMO = RESOURCES / "demo" / "eksempel-kommune.jcbudget"
AMOUNT = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)? kr\.")


def test_the_pattern_finds_amounts():
    assert AMOUNT.findall("afsættes 583.500 kr. netto og 1.120.000 kr. årligt") == ["583.500", "1.120.000"]


def test_every_amount_in_a_demo_decision_text_is_the_cases_computed_figure():
    project = load_project(DEMO)
    engine = ProjectionEngine(project)
    checked = 0
    for entry in project.cases:
        text = entry.case.decision_text
        assert "583.500" not in text and "2013-2016" not in text, entry.name
        amounts = [float(a.replace(".", "")) for a in AMOUNT.findall(text)]
        if not amounts:
            continue
        ap = appraise(engine.converted_case(entry.name))
        figures = {round(v) for key in ("gross_cost", "net_cost") for v in ap.series[key]}
        for amount in amounts:
            assert round(amount) in figures, (entry.name, amount, sorted(figures))
            checked += 1
    # "To ekstra sagsbehandlere": 2 × 560.000 = 1.120.000 kr. a year at 2026 p/l (the project's)
    assert checked >= 1
    assert project.price_level_year == 2026


@pytest.mark.parametrize("index", [0])
def test_the_hillerod_demo_case_refers_to_the_computed_net_cost(index):
    case = load_project(DEMO).cases[index].case
    assert "nettoudgiften i afsnittet Økonomi" in case.decision_text
    assert "583.500" in case.notes["decision_text"]  # the note says what the source said and why
