"""The decision panel: its four tabs show the core's figures, and charts save and export."""

from __future__ import annotations

import json

import pytest
from conftest import HILLEROD

from budgetapp.core.case import case_from_dict, load_case
from budgetapp.core.sensitivity import tornado
from budgetapp.core.simulation import simulate

pytest.importorskip("pytestqt")
from budgetapp.ui.decision import DecisionPanel

W = 72000 / 52
S = 459 * 12.25 * W * 0.5
C = 583500.0


@pytest.fixture
def case():
    data = json.loads(HILLEROD.read_text(encoding="utf-8"))
    data["uncertainty"] = [{"path": "inflow_per_year", "min": 380, "most_likely": 459, "max": 520}]
    data["scenarios"] = [{"name": "Kvart effekt", "overrides": {"deadweight": 0.75}}]
    return case_from_dict(data)


@pytest.fixture
def panel(qtbot, case):
    widget = DecisionPanel()
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    with qtbot.waitSignal(widget.computed, timeout=10000):
        widget.set_case(case)
    return widget


def test_tabs_and_tornado_data(panel, case):
    assert [panel.tabs.tabText(i) for i in range(panel.tabs.count())] == [
        "Følsomhed", "Usikkerhed", "Break-even", "Scenarier"]
    header, rows = panel.tornado_chart.data_table()
    assert header[0] == "Input"
    assert [r[1] for r in rows] == [b.path for b in tornado(case).bars]
    inflow = next(r for r in rows if r[1] == "inflow_per_year")
    # The three-point estimate 380-520 sets the range: (520 − 380)/459 · 3,5 · S.
    assert inflow[7] == pytest.approx(140 / 459 * 3.5 * S, rel=1e-12)
    assert "De input, der betyder mest" in panel.tornado_text.text()


def test_fan_chart_shows_the_seeded_simulation_and_its_explanation(panel, case, qtbot):
    expected = simulate(case, draws=10_000, seed=1)
    _, rows = panel.fan_chart.data_table()
    assert [r[2] for r in rows] == expected.p50
    assert panel.explanation.text().startswith("I 8 af 10 beregninger ligger det samlede nettoresultat")
    panel.seed.setValue(2)
    panel.cumulative.setChecked(True)  # recomputes
    again = simulate(case, draws=10_000, seed=2)
    assert [r[2] for r in panel.fan_chart.data_table()[1]] == again.cumulative_p50


def test_break_even_and_scenario_tables(panel):
    table = panel.break_even_table
    labels = [table.table.item(r, 0).text() for r in range(table.table.rowCount())]
    assert "Ydelse pr. helårsperson" in labels
    row = labels.index("Ydelse pr. helårsperson")
    assert table.table.item(row, 2).text() == "mindst 12.334 kr."
    scen = panel.scenario_table
    assert scen.header == ["", "Som indtastet", "Kvart effekt"]
    assert scen.table.item(2, 0).text() == "Nettoresultat i alt"
    # 1.000 kr.: (3,5 · S · 0,25 − 4c)/1000 = 1.072,1
    assert scen.table.item(2, 2).text() == "1.072,1"
    assert [r[0] for r in panel.scenario_chart.data_table()[1]] == ["Som indtastet", "Kvart effekt"]


def test_charts_save_png_svg_and_csv(panel, tmp_path):
    panel.tornado_chart.save_png(tmp_path / "t.png")
    panel.fan_chart.save_svg(tmp_path / "f.svg")
    panel.scenario_chart.export_csv(tmp_path / "s.csv")
    panel.break_even_table.export_csv(tmp_path / "b.csv")
    assert (tmp_path / "t.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in (tmp_path / "f.svg").read_text(encoding="utf-8")
    lines = (tmp_path / "s.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Scenarie;Samlet nettoresultat (kr.);Tilbagebetalingsår"
    assert lines[2] == "Kvart effekt;1072088,94;2014"  # 3,5 · S · 0,25 − 4c, two decimals
    assert (tmp_path / "b.csv").read_text(encoding="utf-8-sig").startswith("Input;Indtastet;")


def test_a_case_without_estimates_uses_the_default_range_and_says_so(qtbot):
    widget = DecisionPanel()
    qtbot.addWidget(widget)
    widget.set_case(load_case(HILLEROD))
    assert widget.explanation.text().startswith("Casen har ingen trepunktsestimater")
