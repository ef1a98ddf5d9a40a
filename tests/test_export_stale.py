"""The sheet "Følsomhed og usikkerhed" cannot go stale unnoticed.

Its figures are computed in budgetapp and do not recalculate. Each section states the inputs it
used with a live status; LibreOffice recalculates an untouched workbook (all "uændret", the plain
note) and one where a reader changed the dead-weight on the case sheet (that input "ÆNDRET", the
red warning). Conditional formatting marks both red.
"""

from __future__ import annotations

import openpyxl
import pytest
from conftest import HILLEROD
from recalc import recalc_all, require_soffice

from budgetapp.core.case import load_case
from budgetapp.export.council_workbook import build_council_workbook, content_from_cases
from budgetapp.export.decision_sheet import CHANGED, DECISION_SHEET, FRESH_NOTE, STALE_WARNING, UNCHANGED

pytestmark = [pytest.mark.slow]


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("stale")
    content = content_from_cases([load_case(HILLEROD)])
    content.draws = 200
    out = tmp / "hill.xlsx"
    layout = build_council_workbook(out, content)
    wb = openpyxl.load_workbook(out)
    lay = layout.cases[0]
    r, c = lay.scalar_cells["deadweight"]
    wb[lay.sheet].cell(r + 1, c + 1).value = 0.25
    wb.save(tmp / "changed.xlsx")
    return out, tmp / "changed.xlsx", layout, tmp


def test_the_section_lists_its_inputs_and_marks_a_changed_one(books):
    require_soffice()
    out, changed, layout, tmp = books
    fresh, stale = recalc_all([out, changed], tmp / "out")
    sec = layout.decision[0]
    wr, wc = sec.warning_cell
    ws = openpyxl.load_workbook(fresh, data_only=True)[DECISION_SHEET]
    assert ws.cell(wr + 1, wc + 1).value == FRESH_NOTE
    statuses = {label: ws.cell(row + 1, 4).value for label, row in sec.input_status_rows.items()}
    assert set(statuses.values()) == {UNCHANGED}
    assert {"Dødvægt", "Tilgang til målgruppen (pr. år)", "Ydelse pr. helårsperson"} <= set(statuses)
    ws = openpyxl.load_workbook(stale, data_only=True)[DECISION_SHEET]
    assert ws.cell(wr + 1, wc + 1).value == STALE_WARNING
    statuses = {label: ws.cell(row + 1, 4).value for label, row in sec.input_status_rows.items()}
    assert statuses.pop("Dødvægt") == CHANGED
    assert set(statuses.values()) == {UNCHANGED}


def test_conditional_formatting_turns_the_warning_red(books):
    out, _, layout, _ = books
    ws = openpyxl.load_workbook(out)[DECISION_SHEET]
    sec = layout.decision[0]
    wr, _ = sec.warning_cell
    rules = {str(rng.sqref): list(rs) for rng, rs in ws.conditional_formatting._cf_rules.items()}
    warning = [r for rng, rs in rules.items() if rng.startswith(f"A{wr + 1}") for r in rs]
    assert warning and f'"{CHANGED}"' in warning[0].formula[0]
    status = [r for rng, rs in rules.items() if rng.startswith("D") for r in rs]
    assert status and status[0].operator == "equal"
    # the cached values (what a viewer that does not recalculate shows) are the fresh state
    cached = openpyxl.load_workbook(out, data_only=True)[DECISION_SHEET]
    assert cached.cell(wr + 1, 1).value == FRESH_NOTE
