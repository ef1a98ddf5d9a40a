"""A case with many segments: the council workbook and the decision support stay bounded.

The workbook writes one row of computed values per segment (the segment table), never one block
or one formula per segment, so its formulas do not grow with the number of segments; the decision
sheet checks each segment column with one status formula, the assumptions sheet points to the
table. The exported totals are the engine's, and LibreOffice recalculates the workbook to the same
figures, with a changed segment share marked "ÆNDRET". Break-even names the saved weeks per entrant
instead of single segment shares. (Timing is measured in ``bench/bench_large_case.py``, not here.)
"""

from __future__ import annotations

import numpy as np
import openpyxl
import pytest
from recalc import ERRORS, recalc_all, require_soffice

from budgetapp.core.appraisal import CaseArrays, appraise, evaluate
from budgetapp.core.break_even import break_even_table, default_break_even_paths
from budgetapp.core.case import (
    BenefitRefusion,
    BusinessCase,
    CostLine,
    FlowEffect,
    PriorWeeks,
    Segment,
)
from budgetapp.core.case_inputs import MAX_SEGMENT_INPUTS, SAVED_WEEKS, apply_values
from budgetapp.export.council_workbook import build_council_workbook, content_from_cases
from budgetapp.export.decision_sheet import CHANGED, DECISION_SHEET, UNCHANGED
from budgetapp.export.summary_sheets import ASSUMPTIONS_SHEET

SEGMENTS = 500


def many_segments(n: int) -> BusinessCase:
    """``n`` segments with shares 1..n / Σ, 20-59 weeks without the effort and 4-9 with it (4 in the
    effort), under the 2016 staircase, calendar timing, 5 years."""
    total = n * (n + 1) / 2
    segments = tuple(Segment(f"segment {i}", (i + 1) / total, 20 + i % 40, 4 + i % 6, 4)
                     for i in range(n))
    effect = FlowEffect("Mange segmenter", "Kontanthjælp", 300.0, 150_000.0,
                        BenefitRefusion("refusionstrappe-2016"), segments, (PriorWeeks(10, 1.0),))
    return BusinessCase(f"{n} segmenter", 2027, 5, (effect,),
                        costs=(CostLine("Løn", amount_per_year=2_000_000.0),
                               CostLine("Mentor", kind="per_participant",
                                        amount_per_full_year_participant=40_000.0)))


def export(case: BusinessCase, path):
    content = content_from_cases([case])
    content.draws = 200
    return build_council_workbook(path, content)


def formula_count(path) -> int:
    wb = openpyxl.load_workbook(path)
    return sum(cell.data_type == "f" for ws in wb for row in ws.iter_rows() for cell in row)


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("large")
    case = many_segments(SEGMENTS)
    out = tmp / "large.xlsx"
    return case, out, export(case, out), tmp


def check_totals(ws, lay, case) -> None:
    ap = appraise(case)
    for key in ("net_cost", "gross_saving", "municipal_saving", "net_result"):
        row, sign = lay.result_rows[key], lay.result_signs[key]
        for j, year in enumerate(lay.years):
            got = ws.cell(row + 1, lay.year_col(year) + 1).value
            assert got == pytest.approx(sign * ap.series[key][j], rel=1e-9, abs=1e-6), (key, year)
        total = ws.cell(row + 1, lay.total_col + 1).value
        assert total == pytest.approx(sign * sum(ap.series[key]), rel=1e-9, abs=1e-6), key


def test_the_exported_totals_are_the_engines(large):
    case, out, layout, _ = large
    lay = layout.cases[0]
    wb = openpyxl.load_workbook(out, data_only=True)
    check_totals(wb[lay.sheet], lay, case)
    # the segment table has one row per segment, with the case's shares
    assert len(lay.segment_rows) == SEGMENTS
    col = lay.segment_cols["share"]
    assert wb[lay.sheet].cell(lay.segment_rows[-1] + 1, col + 1).value == pytest.approx(
        SEGMENTS / (SEGMENTS * (SEGMENTS + 1) / 2))


def test_formulas_do_not_grow_with_the_segments(large, tmp_path):
    # 30 and 500 segments (both above MAX_SEGMENT_INPUTS): the same sheets, the same formulas
    _, out, _, _ = large
    small = tmp_path / "small.xlsx"
    export(many_segments(MAX_SEGMENT_INPUTS + 10), small)
    assert formula_count(out) == formula_count(small)


def test_decision_and_assumption_sheets_summarise_the_segments(large):
    _, out, layout, _ = large
    sec = layout.decision[0]
    segment_lines = [label for label in sec.input_status_rows if label.startswith("Segmenternes")]
    # one line per segment field shown in the table (share, weeks before/after/in effort, active
    # weeks before, benefit intensity), each naming the count
    assert len(segment_lines) == 6
    assert all(f"({SEGMENTS} segmenter)" in label for label in segment_lines)
    wb = openpyxl.load_workbook(out)
    texts = [c.value for row in wb[ASSUMPTIONS_SHEET].iter_rows() for c in row if isinstance(c.value, str)]
    assert f"{SEGMENTS} segmenter" in texts
    assert not any(t.startswith("Segment 'segment 1'") for t in texts)


@pytest.mark.slow
def test_libreoffice_recalculates_the_large_workbook_and_sees_a_changed_share(large):
    require_soffice()
    case, out, layout, tmp = large
    lay, sec = layout.cases[0], layout.decision[0]
    changed = tmp / "changed.xlsx"
    wb = openpyxl.load_workbook(out)
    share_col = lay.segment_cols["share"]
    wb[lay.sheet].cell(lay.segment_rows[7] + 1, share_col + 1).value = 0.5
    wb.save(changed)
    fresh, stale = recalc_all([out, changed], tmp / "out")

    stored = openpyxl.load_workbook(out, data_only=True)
    recalced = openpyxl.load_workbook(fresh, data_only=True)
    formulas = openpyxl.load_workbook(out)
    wrong = []
    for ws in formulas:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                a, b = stored[ws.title][cell.coordinate].value, recalced[ws.title][cell.coordinate].value
                assert not (isinstance(b, str) and b.startswith(ERRORS)), f"{ws.title}!{cell.coordinate}: {b}"
                if isinstance(a, float | int) and isinstance(b, float | int):
                    ok = b == pytest.approx(a, rel=1e-9, abs=1e-6)
                else:
                    ok = (a or "") == (b or "")
                if not ok:
                    wrong.append(f"{ws.title}!{cell.coordinate}: {a!r} / {b!r}")
    assert wrong == []
    check_totals(recalced[lay.sheet], lay, case)
    statuses = {label: recalced[DECISION_SHEET].cell(row + 1, 4).value
                for label, row in sec.input_status_rows.items()}
    assert set(statuses.values()) == {UNCHANGED}

    after = openpyxl.load_workbook(stale, data_only=True)[DECISION_SHEET]
    statuses = {label: after.cell(row + 1, 4).value for label, row in sec.input_status_rows.items()}
    share_line = next(label for label in statuses if label.startswith("Segmenternes andele"))
    assert statuses.pop(share_line) == CHANGED
    assert set(statuses.values()) == {UNCHANGED}


def test_break_even_of_many_segments_uses_the_saved_weeks():
    case = many_segments(SEGMENTS)
    paths = default_break_even_paths(case)
    assert paths[0] == SAVED_WEEKS
    assert not any(".share" in p for p in paths)
    # a case with few segments still names each share
    few = many_segments(3)
    assert [p for p in default_break_even_paths(few) if ".share" in p] == [
        f"effects[0].segments[{i}].share" for i in range(3)]
    budget, horizon = break_even_table(case, [SAVED_WEEKS])[0]
    # at the break-even value the case pays back exactly: scaling every segment's saved weeks to it
    # gives a cumulative net result whose best year in the budget period is 0 (to the krone)
    assert budget.status == "found" and 0 < budget.value < budget.base_value
    out = evaluate(apply_values(case, CaseArrays.from_case(case), {SAVED_WEEKS: np.array([budget.value])}))
    assert out["cumulative_net_result"][0, :4].max() == pytest.approx(0.0, abs=0.5)
    assert horizon.value <= budget.value


@pytest.mark.gui
def test_the_decision_panel_computes_a_large_case_off_the_gui_thread(qtbot):
    pytest.importorskip("pytestqt")
    from PySide6.QtCore import QTimer

    from budgetapp.ui.decision import DecisionPanel

    case = many_segments(SEGMENTS)
    panel = DecisionPanel()
    qtbot.addWidget(panel)
    panel.draws.setValue(2000)
    panel.show()
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)         # fires only while the GUI thread's event loop runs
    with qtbot.waitSignal(panel.computed, timeout=120_000):
        panel.set_case(case)
    timer.stop()
    # the event loop kept running while the analyses ran in the worker
    assert ticks
    # the break-even tab names the saved weeks, not 500 segment shares
    labels = [row[0] for row in panel.break_even_table.rows]
    assert labels[0] == "Sparede ydelsesuger pr. tilgang"
    assert not any(label.startswith("Andel") for label in labels)
    assert "Sparede ydelsesuger pr. tilgang" in panel.break_even_text.text()
    assert "Andel:" not in panel.break_even_text.text()
