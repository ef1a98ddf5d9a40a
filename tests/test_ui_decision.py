"""The decision panel: its four tabs show the core's figures, and charts save and export."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from conftest import HILLEROD

from budgetapp.core.break_even import break_even
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
        "Følsomhed", "Usikkerhed", "Break-even", "Scenarier", "Opfølgning"]
    header, rows = panel.tornado_chart.data_table()
    assert header[0] == "Input"
    assert [r[1] for r in rows] == [b.path for b in tornado(case).bars]
    inflow = next(r for r in rows if r[1] == "effects[0].inflow_per_year")
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
    widget.set_case(dataclasses.replace(load_case(HILLEROD), uncertainty=()))
    assert widget.explanation.text().startswith("Casen har ingen trepunktsestimater")


def test_the_break_even_input_is_chosen_from_every_variable_input(panel, case):
    combo = panel.break_even_input
    paths = [combo.itemData(i) for i in range(combo.count())]
    # first the default table, then the default inputs, then the other key inputs
    assert paths[:3] == [None, "saved_weeks_per_entrant", "effects[0].segments[0].share"]
    assert {"effects[0].deadweight", "effects[0].persistence", "effects[0].effect_phase_in[0]",
            "costs[0].amount_per_year"} <= set(paths)
    combo.setCurrentIndex(paths.index("effects[0].deadweight"))
    table = panel.break_even_table
    assert table.table.rowCount() == 1 and table.table.item(0, 0).text() == "Dødvægt"
    # All four years lie in the budget period; the cumulative net result is largest in the last:
    # 3,5 · S · (1 − d) − 4c ≥ 0  ⇔  d ≤ 1 − 4c / (3,5 · S) = 1 − 2.334.000 / 13.624.355,77 = 0,8287
    assert table.rows[0][2] == pytest.approx(1 - 4 * C / (3.5 * S), abs=1e-12)
    assert table.rows[0][2] == break_even(case, "deadweight", 4).value
    assert table.table.item(0, 2).text() == "højst 82,9 %"
    assert "Dødvægt skal være højst 82,9 %" in panel.break_even_text.text()
    panel.set_case(case)  # the choice survives a recalculation of the same case
    assert combo.currentData() == "effects[0].deadweight"


def test_a_large_simulation_runs_in_a_worker_thread_with_the_same_result(panel, case, monkeypatch, qtbot):
    import budgetapp.ui.decision.panel as module

    calls = []
    original = module.run_with_progress
    monkeypatch.setattr(module, "THREAD_DRAWS", 500)
    monkeypatch.setattr(module, "run_with_progress", lambda *a, **k: calls.append(a[1]) or original(*a, **k))
    panel.draws.setValue(1000)
    panel.refresh_simulation()
    assert calls == ["Simulering"]
    assert panel.simulation.p50 == simulate(case, draws=1000, seed=1).p50


def test_follow_up_tab_shows_plan_against_actual_and_the_criteria(qtbot):
    from budgetapp.ui.decision.follow_up_view import FollowUpView

    data = json.loads(HILLEROD.read_text(encoding="utf-8"))
    data["follow_up"] = {
        "decision_date": "2014-06-30",
        "success_criteria": [{"name": "Nettoresultat 2013 mindst 1 mio. kr.", "metric": "net_result",
                              "operator": ">=", "target": 1000000, "year": 2013}],
        "actuals": [{"year": 2013, "entrants": 400, "weeks_on_benefit": 5.7, "spend": 700000}],
    }
    view = FollowUpView()
    qtbot.addWidget(view)
    view.set_case(case_from_dict(data), today=dt.date(2014, 6, 1))
    assert view.decision.text() == ("<b>Beslutning om at fortsætte eller lukke indsatsen: 30.6.2014 "
                                    "(om 29 dage).</b>")
    years = view.years_table
    assert years.header[:3] == ["År", "Tilgang: plan", "Tilgang: faktisk"]
    assert [years.table.item(0, c).text() for c in range(3)] == ["2013", "459,0", "400,0"]
    # estimated actual net result 2013 (tests/test_follow_up.py): 400 · 11,3 · w · 0,25 − 700.000 ·
    # (1 − 83.500/667.000) = 1.564.615,38 − 612.368,82 = 952.246,57 kr. → 952,2 (1.000 kr.)
    net = years.header.index("Nettoresultat (1.000 kr.): faktisk")
    assert years.table.item(0, net).text() == "952,2"
    assert years.table.item(1, net).text() == ""  # 2014 not measured yet
    crit = view.criteria_table
    assert [crit.table.item(0, c).text() for c in (0, 1, 3, 4)] == [
        "Nettoresultat 2013 mindst 1 mio. kr.", "Nettoresultat (kr.) ≥ 1.000.000 i 2013", "952.247",
        "ikke opfyldt"]
    assert view.note.text() == ""


def test_a_case_without_follow_up_says_what_to_enter(panel):
    assert panel.follow_up.note.text().startswith("Casen har ingen opfølgning endnu.")
    assert panel.follow_up.criteria_table.table.item(0, 0).text() == "Ingen succeskriterier angivet"


def test_the_analyses_run_in_a_worker_while_the_window_keeps_answering(qtbot, case, monkeypatch):
    """set_case computes tornado, simulation and break-even off the GUI thread: here the worker's
    tornado waits for a timer that only the GUI thread's event loop can fire, so the test can only
    pass if the window keeps processing events while the analyses run."""
    import threading

    from PySide6.QtCore import QTimer

    import budgetapp.ui.decision.panel as module

    fired = threading.Event()
    threads = []
    original = module.tornado

    def slow_tornado(c):
        threads.append(threading.current_thread().name)
        assert fired.wait(20), "the GUI thread did not run its event loop during the analyses"
        return original(c)

    monkeypatch.setattr(module, "tornado", slow_tornado)
    widget = DecisionPanel()
    qtbot.addWidget(widget)
    QTimer.singleShot(0, fired.set)
    widget.set_case(case)
    assert threads == ["budgetapp-task"]
    assert [b.path for b in widget.tornado.bars] == [b.path for b in tornado(case).bars]
    assert widget.simulation.p50 == simulate(case, draws=10_000, seed=1).p50


def test_a_cancelled_analysis_says_so_and_keeps_the_panel_usable(qtbot, case, monkeypatch):
    import budgetapp.ui.decision.panel as module

    def cancelled(*_args, **_kwargs):
        raise module.TaskCancelled()

    monkeypatch.setattr(module, "run_with_progress", cancelled)
    widget = DecisionPanel()
    qtbot.addWidget(widget)
    widget.set_case(case)
    assert widget.tornado_text.text().startswith("Beregningen blev annulleret")
    assert widget.simulation is None
    monkeypatch.undo()
    widget.refresh_tornado()
    assert widget.tornado is not None
