"""Basisbudget and Puljer pages: add and remove rows, lines, years and pools, each one undo step.

Drives the real main window on the demo project (Eksempel Kommune, budget year 2027, years
2025 and 2027-2030, six target groups, one HK6 line per year, one pool
``mentorpulje-2027`` funding the case "Mentorstøtte til aktivitetsparate").
"""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox

from budgetapp.ui.budget_dialogs import NEW_GROUP

pytestmark = pytest.mark.gui

MENTOR_CASE = "Mentorstøtte til aktivitetsparate"
STAFF_CASE = "To ekstra sagsbehandlere (lavere sagsstammer)"
POOL_FUNDING_ROW = 2  # ResultsModel row "Puljefinansiering"


def fill(dialog, **texts) -> None:
    for key, text in texts.items():
        dialog.fields[key].setText(text)


def closing_with(fill_in, seen: dict):
    """A dialog hook: fill the dialog, press OK, remember the dialog and whether it closed."""

    def hook(dialog) -> None:
        fill_in(dialog)
        dialog.ok_button.click()
        seen["dialog"] = dialog
        seen["accepted"] = dialog.result() == dialog.DialogCode.Accepted
        if not seen["accepted"]:
            dialog.reject()

    return hook


def select_row(view, row: int) -> None:
    view.setFocus()
    view.selectionModel().setCurrentIndex(
        view.model().index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


# --- Basisbudget ------------------------------------------------------------------------------


def test_add_year_copies_the_last_year_and_the_overview_shows_it(window):
    page = window.show_page("basisbudget")
    project = window.document.project
    assert project.budget.years == [2025, 2026, 2027, 2028, 2029, 2030]
    page.add_year_action.trigger()
    budget = window.document.project.budget
    assert budget.years == [2025, 2026, 2027, 2028, 2029, 2030, 2031]
    # 6 groups × 6 years = 36 rows + one row per group for 2031 = 42; two operation lines a year
    # (HK6 and the unassigned HK5): 14.
    assert len(budget.groups) == 42 and page.model.rowCount() == 42
    assert len(budget.operation) == 14
    dagpenge = {g.year: g for g in budget.groups if g.target_group == "dagpenge"}
    assert dagpenge[2031].full_year_persons == dagpenge[2030].full_year_persons == 800.2
    assert dagpenge[2031].benefit_per_full_year_person == 238043.0
    assert "fremskrevet uændret fra 2030" in dagpenge[2031].source
    overview = window.show_page("overblik")
    assert overview.projection.years == [2025, 2026, 2027, 2028, 2029, 2030, 2031]
    assert overview.model.headerData(6, Qt.Orientation.Horizontal) == "2031"
    # Same figures as 2030 → the same net expense without cases (refusion rules unchanged after 2030).
    assert overview.projection.total_net(2031) == pytest.approx(overview.projection.total_net(2030))
    # Lines copied from 2030: 56.862.000 kr. HK6 (6.45.53) on the operation line and 18.396.000 kr.
    # HK5 not assigned (5.68.90) on the line of measures not distributed on target groups.
    assert overview.projection.line("jobcenterdrift").net(2031) == pytest.approx(56_862_000.0)
    assert overview.projection.line("indsats_ikke_fordelt").net(2031) == pytest.approx(18_396_000.0)
    window.undo_action.trigger()
    assert window.document.project.budget.years == [2025, 2026, 2027, 2028, 2029, 2030]
    assert 2031 not in window.show_page("overblik").projection.years


def test_budget_year_and_overslagsaar_cannot_be_removed_but_an_added_year_can(window):
    page = window.show_page("basisbudget")
    select_row(page.table, 2)  # A-dagpenge 2027, the budget year
    before = window.document.project
    page.remove_year_action.trigger()
    assert page.message.text() == "2027 er budgetåret og kan ikke fjernes."
    assert window.document.project is before
    page.add_year_action.trigger()
    last = next(r for r in range(page.model.rowCount()) if page.model.group(r).year == 2031)
    select_row(page.table, last)
    page.remove_year_action.trigger()
    assert window.document.project.budget.years == [2025, 2026, 2027, 2028, 2029, 2030]
    assert window.document.undo_stack.count() == 2  # add year, remove year


def new_group_row(dialog) -> None:
    dialog.group.setCurrentIndex(dialog.group.findData(NEW_GROUP))
    dialog.year.setValue(2027)
    dialog.rule.setCurrentIndex(dialog.rule.findData("refusionstrappe-2016"))
    fill(dialog, name="Løntilskud", full_year_persons="120,5", benefit_per_full_year_person="180.000",
         measures_per_full_year_person="5.000", band_distribution="", average_refusion_rate="30")


def test_add_a_row_for_a_new_group_undo_redo_and_remove_it(window):
    page = window.show_page("basisbudget")
    seen: dict = {}
    page.dialog_hook = closing_with(new_group_row, seen)
    page.add_row_action.trigger()
    assert seen["accepted"]
    budget = window.document.project.budget
    assert len(budget.groups) == 37 and page.model.rowCount() == 37
    assert budget.group_names["loentilskud"] == "Løntilskud"
    row = next(r for r in range(37) if page.model.group(r).target_group == "loentilskud")
    group = page.model.group(row)
    assert (group.year, group.full_year_persons, group.average_refusion_rate) == (2027, 120.5, 0.30)
    # Gross: 120,5 × 180.000 = 21.690.000 (benefit) + 120,5 × 5.000 = 602.500 (measures) = 22.292.500 kr.
    # Refusion: 30 % × 21.690.000 = 6.507.000 (driftsrefusion on measures is 0 % in 2027).
    assert page.model.value(row, 6) == pytest.approx(22_292_500.0)
    assert page.model.value(row, 7) == pytest.approx(6_507_000.0)
    assert page.model.data(page.model.index(row, 0)) == "Løntilskud"
    overview = window.show_page("overblik")
    assert overview.projection.line("loentilskud").net(2027) == pytest.approx(22_292_500.0 - 6_507_000.0)

    window.undo_action.trigger()
    assert len(window.document.project.budget.groups) == 36
    assert "loentilskud" not in window.document.project.budget.target_groups
    window.redo_action.trigger()
    assert len(window.document.project.budget.groups) == 37

    page = window.show_page("basisbudget")
    row = next(r for r in range(37) if page.model.group(r).target_group == "loentilskud")
    select_row(page.table, row)
    page.remove_rows_action.trigger()
    assert "loentilskud" not in window.document.project.budget.target_groups
    assert page.model.rowCount() == 36
    window.undo_action.trigger()
    assert page.model.rowCount() == 37
    window.redo_action.trigger()
    assert page.model.rowCount() == 36


@pytest.mark.parametrize(
    ("texts", "field", "message"),
    [
        ({"full_year_persons": "-5"}, "full_year_persons", "skal være et tal på mindst 0, fandt -5"),
        ({"benefit_per_full_year_person": "mange"}, "benefit_per_full_year_person", "'mange' er ikke et tal"),
        # 10 + 50 + 20 + 10 = 90 % ≠ 100 %: the core's own check.
        ({"band_distribution": "10; 50; 20; 10"}, "band_distribution",
         "andelene skal summe til 1 (100 %), summen er 0,9000"),
        ({"average_refusion_rate": "130"}, "average_refusion_rate", "skal ligge mellem 0 og 1, fandt 1,3"),
    ],
)
def test_an_invalid_row_is_refused_beside_its_field_and_nothing_changes(window, texts, field, message):
    page = window.show_page("basisbudget")
    assert_dialog_refuses(window, page, page.add_row_action, new_group_row, texts, {field: message})


def assert_dialog_refuses(window, page, action, prepare, texts: dict, issues: dict) -> None:
    """Open the dialog with ``action``, fill it in, and check it is refused with ``issues``."""
    before = window.document.project
    seen: dict = {}

    def bad(dialog) -> None:
        prepare(dialog)
        fill(dialog, **texts)

    page.dialog_hook = closing_with(bad, seen)
    action.trigger()
    assert not seen["accepted"]
    assert seen["dialog"].issue_texts() == issues
    assert window.document.project is before
    assert window.document.undo_stack.count() == 0


def test_a_row_that_exists_is_refused(window):
    page = window.show_page("basisbudget")
    select_row(page.table, 0)  # A-dagpenge
    seen: dict = {}

    def duplicate(dialog) -> None:
        dialog.year.setValue(2028)

    page.dialog_hook = closing_with(duplicate, seen)
    page.add_row_action.trigger()
    assert seen["dialog"].issue_texts() == {"year": "målgruppen har allerede en række for 2028"}
    assert window.document.undo_stack.count() == 0


def test_the_last_rows_of_a_group_a_case_uses_cannot_be_removed(window):
    page = window.show_page("basisbudget")
    rows = [r for r in range(page.model.rowCount())
            if page.model.group(r).target_group == "kontant_uddannelseshjaelp"]
    assert rows == [6, 7, 8, 9, 10, 11]
    page.table.setFocus()
    selection = page.table.selectionModel()
    for r in rows:
        selection.select(page.model.index(r, 0),
                         QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    before = window.document.project
    page.remove_rows_action.trigger()
    assert page.message.text().startswith(
        "Målgruppen «Kontanthjælp» bruges af business casen «Straksaktivering af unge")
    assert window.document.project is before


def test_add_and_remove_an_operation_line(window):
    page = window.show_page("basisbudget")
    seen: dict = {}

    def line(dialog) -> None:
        dialog.name.setCurrentText("Projektmedarbejdere")
        dialog.year.setValue(2027)
        dialog.function.setText("6.45.53")   # jobcentre staff: HK6
        fill(dialog, amount="1.500.000")

    page.dialog_hook = closing_with(line, seen)
    page.add_line_action.trigger()
    assert seen["accepted"]
    assert page.operation_model.rowCount() == 13
    overview = window.show_page("overblik")
    # HK6: 56.862.000 (løn og drift) + 1.500.000 (projektmedarbejdere, 6.45.53) = 58.362.000 kr. in
    # 2027, no refusion; the HK5 not assigned (18.396.000, 5.68.90) stays on its own line.
    assert overview.projection.line("jobcenterdrift").net(2027) == pytest.approx(58_362_000.0)
    assert overview.projection.line("indsats_ikke_fordelt").net(2027) == pytest.approx(18_396_000.0)

    page = window.show_page("basisbudget")
    duplicate: dict = {}

    def twice(dialog) -> None:
        dialog.name.setCurrentText("Jobcenterdrift (løn og drift)")
        dialog.year.setValue(2028)
        fill(dialog, amount="1")

    page.dialog_hook = closing_with(twice, duplicate)
    page.add_line_action.trigger()
    assert duplicate["dialog"].issue_texts() == {"year": "linjen står to gange i samme år"}
    assert page.operation_model.rowCount() == 13

    row = next(r for r in range(13) if page.operation_model.lines()[r].name == "Projektmedarbejdere")
    select_row(page.operation_table, row)
    page.remove_rows_action.trigger()
    assert page.operation_model.rowCount() == 12
    assert window.document.undo_stack.count() == 2


def test_budget_shortcuts_open_the_dialog(window, qtbot):
    page = window.show_page("basisbudget")
    assert [s.toString() for s in page.add_row_action.shortcuts()] == ["Ctrl+Ins", "Ctrl++"]
    assert page.add_year_action.shortcut().toString() == "Ctrl+Shift+Y"
    window.activateWindow()
    page.table.setFocus()
    opened = []
    page.dialog_hook = lambda dialog: opened.append(type(dialog).__name__)
    qtbot.keyClick(page.table, Qt.Key.Key_Insert, Qt.KeyboardModifier.ControlModifier)
    assert opened == ["GroupYearDialog"]
    control_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(page.table, Qt.Key.Key_Y, control_shift)
    assert window.document.project.budget.years[-1] == 2031


# --- Puljer -------------------------------------------------------------------------------------


def new_pool(dialog) -> None:
    fill(dialog, name="Virksomhedsrettet pulje (test)", grantor="STAR", start_date="01.01.2027",
         end_date="31.12.2028", grant_rate="50", eligible_cost="1.000.000")
    for i in range(dialog.cases.count()):
        item = dialog.cases.item(i)
        if item.text() == STAFF_CASE:
            item.setCheckState(Qt.CheckState.Checked)


def case_pool_funding(window, name: str) -> dict[int, float]:
    projection = window.show_page("overblik").projection
    return next(c for c in projection.cases if c.name == name).series["pool_funding"]


def test_add_a_pool_edit_its_grant_rate_and_the_funded_case_follows(window):
    page = window.show_page("puljer")
    seen: dict = {}
    page.dialog_hook = closing_with(new_pool, seen)
    page.new_action.trigger()
    assert seen["accepted"]
    project = window.document.project
    pool = project.pools[1]
    assert pool.id == "virksomhedsrettet-pulje-test-2027"
    # 1.000.000 kr. spread over 2027-2028: 500.000 a year, 50 % grant = 250.000 a year.
    assert [(y.year, y.expense, y.income) for y in pool.years] == [
        (2027, 500_000.0, 250_000.0), (2028, 500_000.0, 250_000.0)]
    assert project.cases_funded_by(pool.id) == [STAFF_CASE]
    assert page.pools_model.rowCount() == 2
    assert page.pools_model.value(1, 2) == "50 %"
    assert case_pool_funding(window, STAFF_CASE) == {2027: 250_000.0, 2028: 250_000.0, 2029: 0.0, 2030: 0.0}

    page = window.show_page("puljer")
    assert page.current_row == 1
    edited: dict = {}
    page.dialog_hook = closing_with(lambda d: fill(d, grant_rate="80"), edited)
    page.edit_action.trigger()
    assert edited["accepted"]
    # Income scaled with the rate: 250.000 × 80/50 = 400.000 a year (= 80 % × 500.000).
    assert case_pool_funding(window, STAFF_CASE) == {2027: 400_000.0, 2028: 400_000.0, 2029: 0.0, 2030: 0.0}
    cases = window.show_page("cases")
    cases.select([c.name for c in window.document.project.cases].index(STAFF_CASE))
    assert cases.editor.results.model.value(POOL_FUNDING_ROW, 0) == pytest.approx(400_000.0)
    # Co-financing shown in the pool table: 1.000.000 × (1 − 0,80) = 200.000 kr. = 200,0 (1.000 kr.).
    page = window.show_page("puljer")
    assert page.pools_model.data(page.pools_model.index(1, 5)) == "200,0"

    window.undo_action.trigger()
    assert case_pool_funding(window, STAFF_CASE)[2027] == 250_000.0
    window.undo_action.trigger()
    assert len(window.document.project.pools) == 1
    assert case_pool_funding(window, STAFF_CASE)[2027] == 0.0
    assert window.document.project.issues() == []


@pytest.mark.parametrize(
    ("texts", "field", "message"),
    [
        ({"grant_rate": "120"}, "grant_rate", "skal ligge mellem 0 og 1, fandt 1,2"),
        ({"end_date": "31.12.2026"}, "end_date", "slutdatoen ligger før startdatoen"),
        ({"end_date": "31-12-2028"}, "end_date", "'31-12-2028' er ikke en dato; skriv dd.mm.åååå"),
        ({"name": ""}, "name", "mangler"),
        ({"eligible_cost": "-1"}, "eligible_cost", "kan ikke være negativ"),
        ({"id": "mentorpulje-2027"}, "id",
         "id'et bruges allerede af puljen «Pulje til mentorstøtte for aktivitetsparate (eksempel)»"),
    ],
)
def test_an_invalid_pool_is_refused_beside_its_field_and_nothing_changes(window, texts, field, message):
    page = window.show_page("puljer")
    assert_dialog_refuses(window, page, page.new_action, new_pool, texts, {field: message})


def test_a_lower_grant_rate_without_scaling_the_income_is_refused(window):
    page = window.show_page("puljer")
    before = window.document.project
    seen: dict = {}

    def lower(dialog) -> None:
        fill(dialog, grant_rate="50")
        dialog.spread.setChecked(False)

    page.dialog_hook = closing_with(lower, seen)
    page.edit_action.trigger()
    # Income 480.000 + 960.000 + 480.000 = 1.920.000 kr. > 50 % × 2.400.000 = 1.200.000 kr.
    assert seen["dialog"].issue_texts() == {
        "": "indtægterne i alt (1.920.000 kr.) overstiger tilskuddet efter tilskudsprocenten (1.200.000 kr.)"}
    assert window.document.project is before


def test_removing_a_pool_that_funds_a_case_names_the_case_and_asks(window, questions):
    page = window.show_page("puljer")
    before = window.document.project
    page.remove_action.trigger()
    assert questions == [
        "Fjern pulje: Puljen «Pulje til mentorstøtte for aktivitetsparate (eksempel)» finansierer business "
        "casen «Mentorstøtte til aktivitetsparate». Fjernes puljen, mister casen sin puljefinansiering "
        "(1.920.000 kr. i alt), og casens nettoudgift stiger tilsvarende.\n\n"
        "Fjern puljen? Du kan fortryde med Ctrl+Z."
    ]
    assert window.document.project is before  # answered No

    questions.answers["Fjern pulje"] = QMessageBox.StandardButton.Yes
    page.remove_action.trigger()
    project = window.document.project
    assert project.pools == []
    assert project.case(MENTOR_CASE).case.pool_funding == ()
    assert project.issues() == []
    assert page.detail.text() == "Projektet har ingen puljer."
    assert case_pool_funding(window, MENTOR_CASE) == {2027: 0.0, 2028: 0.0, 2029: 0.0, 2030: 0.0}
    window.undo_action.trigger()
    assert len(window.document.project.pools) == 1
    # 480.000 + 960.000 + 480.000 kr. from the pool's income again.
    assert case_pool_funding(window, MENTOR_CASE) == {2027: 480_000.0, 2028: 960_000.0, 2029: 480_000.0,
                                                      2030: 0.0}


def test_unticking_a_case_ends_its_funding(window):
    page = window.show_page("puljer")
    seen: dict = {}

    def untick(dialog) -> None:
        item = dialog.cases.findItems(MENTOR_CASE, Qt.MatchFlag.MatchExactly)[0]
        item.setCheckState(Qt.CheckState.Unchecked)

    page.dialog_hook = closing_with(untick, seen)
    page.edit_action.trigger()
    assert seen["accepted"]
    assert window.document.project.cases_funded_by("mentorpulje-2027") == []
    assert case_pool_funding(window, MENTOR_CASE)[2028] == 0.0


# --- models -------------------------------------------------------------------------------------


def test_models_pass_the_model_tester_after_structural_edits(window, qtmodeltester):
    page = window.show_page("basisbudget")
    page.add_year_action.trigger()
    page.dialog_hook = closing_with(new_group_row, {})
    page.add_row_action.trigger()
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.operation_model)
    pools = window.show_page("puljer")
    pools.dialog_hook = closing_with(new_pool, {})
    pools.new_action.trigger()
    qtmodeltester.check(pools.pools_model)
    qtmodeltester.check(pools.years_model)


def test_a_shorter_period_with_spending_after_it_is_refused_by_year(window):
    page = window.show_page("puljer")
    before = window.document.project
    seen: dict = {}
    page.dialog_hook = closing_with(lambda d: fill(d, end_date="31.12.2027"), seen)
    page.edit_action.trigger()
    # The demo pool spends 1.200.000 kr. and funds 2 årsværk in 2028.
    assert seen["dialog"].issue_texts() == {
        "": "2028, udgift: puljen slutter 2027-12-31, men har udgift eller årsværk i 2028"}
    assert window.document.project is before


def test_editing_a_year_of_a_funding_pool_updates_the_case_editor(window):
    cases = window.show_page("cases")
    cases.select([c.name for c in window.document.project.cases].index(MENTOR_CASE))
    assert cases.editor.results.model.value(POOL_FUNDING_ROW, 0) == pytest.approx(480_000.0)
    page = window.show_page("puljer")
    income_row, column_2027 = 1, 0
    assert page.years_model.setData(page.years_model.index(income_row, column_2027), "400")
    cases = window.show_page("cases")
    # 400 (1.000 kr.) typed = 400.000 kr. of pool funding in the case's first year, 2027.
    assert cases.editor.results.model.value(POOL_FUNDING_ROW, 0) == pytest.approx(400_000.0)


def test_new_rows_years_and_pools_are_saved_and_every_page_shows_them(window, tmp_path):
    from budgetapp.ui import files
    from budgetapp.ui.main_window import PAGE_CLASSES

    page = window.show_page("basisbudget")
    page.add_year_action.trigger()
    page.dialog_hook = closing_with(new_group_row, {})
    page.add_row_action.trigger()
    pools = window.show_page("puljer")
    pools.dialog_hook = closing_with(new_pool, {})
    pools.new_action.trigger()
    assert window.document.project.issues() == []
    for cls in PAGE_CLASSES:
        assert window.show_page(cls.key) is window.stack.currentWidget().widget()
    target = tmp_path / "udvidet.jcbudget"
    assert window.save_as(target)
    reopened = files.load_project(target)
    assert reopened.budget.years == [2025, 2026, 2027, 2028, 2029, 2030, 2031]
    assert reopened.budget.group_names["loentilskud"] == "Løntilskud"
    assert [p.id for p in reopened.pools] == ["mentorpulje-2027", "virksomhedsrettet-pulje-test-2027"]
    assert reopened.cases_funded_by("virksomhedsrettet-pulje-test-2027") == [STAFF_CASE]


def test_pool_shortcuts(window, qtbot):
    page = window.show_page("puljer")
    assert [s.toString() for s in page.new_action.shortcuts()] == ["Ctrl+Ins", "Ctrl++"]
    assert page.edit_action.shortcut().toString() == "Ctrl+Shift+E"
    window.activateWindow()
    page.pools_view.setFocus()
    opened = []
    page.dialog_hook = lambda dialog: opened.append(dialog.windowTitle())
    qtbot.keyClick(page.pools_view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(page.pools_view, Qt.Key.Key_Insert, Qt.KeyboardModifier.ControlModifier)
    assert opened == ["Ret puljen «Pulje til mentorstøtte for aktivitetsparate (eksempel)»", "Ny pulje"]
