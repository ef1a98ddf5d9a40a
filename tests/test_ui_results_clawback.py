"""The case editor's result table shows the modregning i beskæftigelsestilskud and its tail.

The dagpenge case of tests/test_employment_grant_case.py: municipal saving 376.000, then 416.000
kr. a year; clawback 0,5 × the saving two years earlier = 0, 0, 188.000, 208.000 kr.; after the
period 0,5 × (416.000 + 416.000 + 40.000) = 436.000 kr. of clawback and 40.000 kr. of saving.
"""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from test_employment_grant_case import dagpenge_case

from budgetapp.core.appraisal import appraise
from budgetapp.ui.models.results import ResultsModel

pytestmark = pytest.mark.gui


def test_the_clawback_row_and_its_tail(qapp):
    model = ResultsModel()
    model.set_appraisal(appraise(dagpenge_case()))
    row = model.row_of("employment_grant_clawback")
    assert row == model.row_of("municipal_saving") + 1
    assert model.headerData(row, pytest.importorskip("PySide6.QtCore").Qt.Orientation.Vertical) == (
        "Modregning i beskæftigelsestilskud")
    assert [model.value(row, c) for c in range(4)] == pytest.approx([0, 0, 188_000, 208_000])
    assert model.data(model.index(row, 3)) == "208,0"
    assert model.value(row, model.total_column) == pytest.approx(396_000)  # 188.000 + 208.000
    assert model.value(row, model.tail_column) == pytest.approx(436_000)
    # net result after the period: 40.000 saving − 436.000 clawback − 0 participant cost
    net = model.row_of("net_result")
    assert model.value(net, model.tail_column) == pytest.approx(40_000 - 436_000)


def test_no_clawback_row_without_the_opt_in(qapp):
    model = ResultsModel()
    model.set_appraisal(appraise(dagpenge_case(None)))
    assert "employment_grant_clawback" not in [r.key for r in model.rows]
