"""The import wizard on the real main window (pytest-qt, offscreen): layouts a-d end to end.

Each test writes its example file, opens the wizard from Filer › Importér › Importguide, walks
through every page as a user would, presses Importér, and checks the window's project against
the file's own totals; then Ctrl+Z brings the project back in one step.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from budgetapp.core.budget import budget_figures
from budgetapp.io.layouts import store
from budgetapp.ui import import_wizard
from budgetapp.ui.import_wizard import SETTINGS_KEY, ImportWizard
from tests.test_layouts_examples import (
    KONTOPLAN_YEARS,
    kontoplan_net_total,
    statbank_total_kr,
    write_jobindsats,
    write_kontoplan,
    write_staircase,
    write_statbank,
)

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def private_settings(tmp_path, monkeypatch):
    """The wizard's layout store in an ini file in tmp_path, never the user's settings."""
    ini = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(import_wizard, "settings", lambda: ini)
    return ini


def net_by_year(project) -> dict[int, float]:
    out: dict[int, float] = {}
    for fig in budget_figures(project.budget):
        out[fig.year] = out.get(fig.year, 0.0) + fig.net
    return out


def through_wizard(window, steps, accept=True):
    """Open the wizard from the menu and run ``steps(wizard)``; press Importér (or Annullér)."""
    seen: dict[str, object] = {}

    def drive() -> None:
        wizard = QApplication.activeModalWidget()
        assert isinstance(wizard, ImportWizard)
        seen["wizard"] = wizard
        try:
            steps(wizard)
            seen["complete"] = wizard.preview_page.isComplete()
            if accept:
                wizard.accept()
            if wizard.isVisible():
                wizard.reject()
        except BaseException as exc:
            seen["error"] = exc
            wizard.reject()

    QTimer.singleShot(0, drive)
    window.import_wizard_action.trigger()
    if "error" in seen:
        raise seen["error"]  # type: ignore[misc]
    return seen


def walk(path, *, before_next=None):
    """Steps that choose ``path`` and press Næste on every page up to the preview."""

    def steps(wizard: ImportWizard) -> None:
        wizard.file_page.path.setText(str(path))
        for _ in range(5):
            if before_next is not None:
                before_next(wizard)
            current = wizard.currentPage()
            wizard.next()
            assert wizard.currentPage() is not current, current.title()
        assert wizard.currentPage() is wizard.preview_page

    return steps


def test_kontoplan_budget_through_the_wizard_then_undo(window, tmp_path, questions):
    path = write_kontoplan(tmp_path / "budget.xlsx")
    before = window.document.project
    seen = through_wizard(window, walk(path))
    wizard = seen["wizard"]
    assert seen["complete"] is True
    assert wizard.layout.id == "kontoplan" and wizard.choices.header_row == 4
    project = window.document.project
    assert project is not before
    for year in KONTOPLAN_YEARS:
        # The file's "I alt" (1.000 kr.) × 1.000 = the project's net budget of the year, in kr.
        assert net_by_year(project)[year] == pytest.approx(kontoplan_net_total(year) * 1000.0, abs=0.01)
    assert any(a.status == "helårspersoner mangler" for a in project.budget.amount_lines)
    assert any(q.startswith("Helårspersoner mangler: 16 budgetlinjer") for q in questions)
    window.undo_action.trigger()  # one undo step brings the project back
    assert window.document.project is before


def test_wizard_pages_show_detected_unit_and_totals(window, tmp_path):
    path = write_kontoplan(tmp_path / "budget.xlsx")
    captured: dict[str, object] = {}

    def steps(wizard: ImportWizard) -> None:
        walk(path)(wizard)
        captured["unit"] = wizard.unit_page.unit.currentText()
        captured["note"] = wizard.unit_page.unit_note.text()
        captured["pl"] = wizard.unit_page.price_level.value()
        table = wizard.preview_page.totals
        captured["row0"] = [table.item(0, c).text() for c in range(4)]
        captured["header"] = table.horizontalHeaderItem(1).text()

    through_wizard(window, steps, accept=False)
    assert captured["unit"] == "1.000 kr." and "A3" in str(captured["note"])
    assert captured["pl"] == 2026
    # 2027: 292.849,5 (1.000 kr.) imported and in the file's "I alt" row.
    assert captured["row0"] == ["2027", "292.849,5", "292.849,5", "stemmer"]
    assert captured["header"] == "Indlæses (1.000 kr.)"


def test_refused_file_lists_problems_with_cells_and_changes_nothing(window, tmp_path):
    path = write_kontoplan(tmp_path / "bad.xlsx", total_override=1.0)
    before = window.document.project
    captured: dict[str, object] = {}

    def steps(wizard: ImportWizard) -> None:
        walk(path)(wizard)
        report = wizard.result.report
        captured["cells"] = [p.address for p in report.errors]
        captured["tab"] = wizard.preview_page.tabs.currentIndex()

    seen = through_wizard(window, steps)
    assert seen["complete"] is False  # Importér stays disabled
    assert captured["cells"] == ["'Budget 2027-2030'!D14"] and captured["tab"] == 2
    assert window.document.project is before and not window.document.undo_stack.count()


def test_user_maps_an_unknown_function_in_the_kontoplan_tab(window, tmp_path):
    extra = ("5.46.61", 1, "Introduktionsprogram", (10.0, 20.0, 30.0, 40.0))
    path = write_kontoplan(tmp_path / "c.xlsx", extra_row=extra)

    def map_it(wizard: ImportWizard) -> None:
        if wizard.currentPage() is wizard.mapping_page:
            wizard.mapping_page.set_target("5.46.61", "measures", "integration")

    seen = through_wizard(window, walk(path, before_next=map_it))
    assert seen["complete"] is True
    line = next(
        a
        for a in window.document.project.budget.amount_lines
        if a.target_group == "integration" and a.year == 2027
    )
    assert (line.area, line.gross) == ("beskæftigelsesindsats", 10_000.0)  # 10 (1.000 kr.)
    # The choice is remembered for the layout: the next kontoplan file gets it.
    wizard = ImportWizard(window.document.project, window)
    assert wizard.open(write_kontoplan(tmp_path / "next.xlsx", extra_row=extra)) == ""
    assert wizard.choices.targets["5.46.61"] == {
        "target": "measures",
        "name": "integration",
        "group_name": "integration",
    }


def test_statistikbanken_through_the_wizard(window, tmp_path):
    seen = through_wizard(window, walk(write_statbank(tmp_path / "budk.csv")))
    assert seen["complete"] is True and seen["wizard"].layout.id == "statistikbanken"
    assert net_by_year(window.document.project)[2026] == pytest.approx(statbank_total_kr())


def test_jobindsats_through_the_wizard(window, tmp_path):
    seen = through_wizard(window, walk(write_jobindsats(tmp_path / "jobindsats.xlsx")))
    assert seen["complete"] is True and seen["wizard"].layout.id == "jobindsats"
    persons = {
        g.target_group: g.full_year_persons for g in window.document.project.budget.groups if g.year == 2027
    }
    # 523,4 + 612,0 + 410,3 = 1.545,7 = the file's "Ydelsesgrupper i alt"; the total row is not a group.
    assert persons["dagpenge"] + persons["kontant_uddannelseshjaelp"] + persons[
        "sygedagpenge"
    ] == pytest.approx(1545.7)
    assert "Ydelsesgrupper i alt" not in persons


def test_staircase_through_the_wizard(window, tmp_path):
    seen = through_wizard(window, walk(write_staircase(tmp_path / "trappe.xlsx")))
    assert seen["complete"] is True and seen["wizard"].layout.id == "refusionstrappe"
    warnings = seen["wizard"].result.report.warnings
    assert warnings[0].found == "6,1 % + 22,4 % + 18,3 % + 53,1 % = 99,9 %"
    budget_year = window.document.project.budget.budget_year
    lines = seen["wizard"].result.lines
    # No year column: the preview names the budget years B..B+3, the accounts years are kept.
    assert any(f"{budget_year}-{budget_year + 3}" in year for _, year, _ in lines)
    for g in window.document.project.budget.groups:
        if g.target_group == "sygedagpenge" and budget_year <= g.year <= budget_year + 3:
            assert g.band_distribution == pytest.approx((0.142, 0.485, 0.251, 0.122))


def test_changed_mapping_is_remembered_for_the_layout(window, tmp_path, private_settings):
    """The user leaves the Tekst column out; the next file of the layout gets the same choice."""
    path = write_kontoplan(tmp_path / "budget.xlsx")

    def leave_out_text(wizard: ImportWizard) -> None:
        if wizard.currentPage() is wizard.mapping_page:
            wizard.mapping_page.set_field(2, "")

    through_wizard(window, walk(path, before_next=leave_out_text))
    remembered = store.parse(private_settings.value(SETTINGS_KEY))
    assert remembered["kontoplan"]["tekst"] == "" and remembered["kontoplan"]["funktion"] == "function"
    wizard = ImportWizard(window.document.project, window)
    assert wizard.open(write_kontoplan(tmp_path / "next.xlsx")) == ""
    assert 2 not in wizard.choices.mapping and wizard.choices.mapping[0] == "function"


def test_header_row_can_be_changed(window, tmp_path):
    path = write_kontoplan(tmp_path / "budget.xlsx")
    wizard = ImportWizard(window.document.project, window)
    wizard.show()
    wizard.file_page.path.setText(str(path))
    wizard.next()
    wizard.next()
    assert wizard.header_page.row.value() == 5
    wizard.header_page.row.setValue(2)  # a title row: no field is found there
    assert "function" not in wizard.choices.mapping.values()
    wizard.header_page.row.setValue(5)
    assert wizard.choices.mapping[0] == "function"
    wizard.reject()


def test_file_that_cannot_be_read_stays_on_the_first_page(window, tmp_path):
    bad = tmp_path / "budget.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    wizard = ImportWizard(window.document.project, window)
    wizard.show()
    wizard.file_page.path.setText(str(bad))
    wizard.next()
    assert wizard.currentPage() is wizard.file_page
    assert "beskadiget" in wizard.file_page.message.text()
    wizard.reject()


def test_hent_skabelon_writes_each_template(window, tmp_path, questions):
    from budgetapp.io import layouts

    wizard = ImportWizard(window.document.project, window)
    for kind in ("budget", "unitcosts", "pools"):
        target = tmp_path / f"{kind}.xlsx"
        assert wizard.file_page.save_template(kind, target)
        layout, _ = layouts.guess(layouts.open_file(target), kind)
        assert layout.id == kind
    assert questions[-1].startswith("Skabelon gemt")


def test_budget_template_with_a_column_the_user_maps_by_hand(window, tmp_path):
    """A budget sheet whose persons column is called "Antal": unknown to the importer until mapped."""
    from tests.test_layouts_examples import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Budget"
    ws.append(
        [
            "Målgruppe",
            "År",
            "Antal",
            "Ydelse pr. helårsperson (kr.)",
            "Refusionsregel",
            "Gns. refusionssats (%)",
        ]
    )
    ws.append(["sygedagpenge", 2031, 400.0, 250_000.0, "refusionstrappe-2016", "40 %"])
    ws.append(["kontant_uddannelseshjaelp", 2031, 600.0, 150_000.0, "refusionstrappe-2016", "35 %"])
    path = tmp_path / "budget.xlsx"
    book.save(path)

    def map_persons(wizard: ImportWizard) -> None:
        if wizard.currentPage() is wizard.mapping_page:
            wizard.mapping_page.set_field(2, "full_year_persons")

    seen = through_wizard(window, walk(path, before_next=map_persons))
    assert seen["complete"] is True and seen["wizard"].layout.id == "budget"
    groups = {g.target_group: g for g in window.document.project.budget.groups if g.year == 2031}
    assert groups["sygedagpenge"].full_year_persons == 400.0
    # Gross 2031: 400 × 250.000 + 600 × 150.000 = 190.000.000 kr.
    gross = sum(g.full_year_persons * g.benefit_per_full_year_person for g in groups.values())
    assert gross == 190_000_000.0


def test_statistikbanken_area_is_chosen_on_the_unit_page(window, tmp_path):
    """Two municipalities in one BUDK export: the user picks the second on the unit page."""
    path = write_statbank(tmp_path / "budk.csv")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    other = [line.replace("Eksempel;", "Nabo;").replace(";97100", ";1000") for line in lines[1:]]
    path.write_text("\n".join(lines + other) + "\n", encoding="utf-8-sig")

    def pick(wizard: ImportWizard) -> None:
        if wizard.currentPage() is wizard.unit_page:
            assert wizard.unit_page.area.isEnabled()
            wizard.unit_page.area.setCurrentText("Nabo")

    seen = through_wizard(window, walk(path, before_next=pick))
    assert seen["complete"] is True
    # Nabo: 1.000 - 29.800 + 121.500 + 44.000 (1.000 kr.) = 136.700.000 kr. net in 2026
    net = net_by_year(window.document.project)[2026]
    assert net == pytest.approx((1_000 - 29_800 + 121_500 + 44_000) * 1000.0)


def _two_area_file(path, first: str, second: str):
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Område", "Ydelsesgrupper", "Periode", "Antal fuldtidspersoner"])
    ws.append([first, "A-dagpenge mv.", "2027", 52340.0])
    ws.append([second, "A-dagpenge mv.", "2027", 800.2])
    book.save(path)
    return path


def test_several_areas_need_an_explicit_choice_in_the_wizard(window, tmp_path):
    """'Hele landet' first and no area equal to the project's municipality: nothing is picked."""
    path = _two_area_file(tmp_path / "to.xlsx", "Hele landet", "Nabo Kommune")
    state: dict[str, object] = {}

    def steps(wizard: ImportWizard) -> None:
        wizard.file_page.path.setText(str(path))
        while wizard.currentPage() is not wizard.unit_page:
            wizard.next()
        page = wizard.unit_page
        state["shown"] = page.area.currentText()
        state["note"] = page.area_note.text()
        wizard.next()  # refused: the placeholder is not an area
        state["stayed"] = wizard.currentPage() is page
        page.area.setCurrentText("Nabo Kommune")
        wizard.next()
        assert wizard.currentPage() is wizard.preview_page

    seen = through_wizard(window, steps)
    assert state["shown"] == "— vælg område —" and state["stayed"] is True
    assert state["note"] == "Filen har 2 områder (Hele landet, Nabo Kommune); vælg det der skal indlæses."
    assert seen["complete"] is True
    dagpenge = next(g for g in window.document.project.budget.groups
                    if g.target_group == "dagpenge" and g.year == 2027)
    assert dagpenge.full_year_persons == 800.2


def test_the_projects_municipality_is_chosen_among_several_areas(window, tmp_path):
    path = _two_area_file(tmp_path / "to.xlsx", "Hele landet", "Eksempel Kommune")
    state: dict[str, object] = {}

    def look(wizard: ImportWizard) -> None:
        if wizard.currentPage() is wizard.unit_page:
            state["area"] = wizard.unit_page.area.currentText()

    through_wizard(window, walk(path, before_next=look))
    assert state["area"] == "Eksempel Kommune"
    dagpenge = next(g for g in window.document.project.budget.groups
                    if g.target_group == "dagpenge" and g.year == 2027)
    assert dagpenge.full_year_persons == 800.2


def test_hidden_rows_are_named_and_chosen_on_the_sheet_page(window, tmp_path):
    from tests.import_helpers import write_raw_xlsx

    header = ["Målgruppe", "År", "Helårspersoner", "Ydelse pr. helårsperson (kr.)", "Refusionsregel",
              "Gns. refusionssats (%)"]
    rows = [header, ["dagpenge", 2027, 400, 230000, "medfinansiering-2016", 0.3],
            ["ledighedsydelse", 2027, 300, 150000, "refusionstrappe-2016", 0.25]]
    path = write_raw_xlsx(tmp_path / "b.xlsx", {"Budget": rows}, hidden_rows={"Budget": {2}})
    state: dict[str, object] = {}

    def tick(wizard: ImportWizard) -> None:
        page = wizard.sheet_page
        if wizard.currentPage() is page:
            state["visible"] = page.include_hidden.isVisibleTo(page)
            state["note"] = page.hidden_note.text()
            page.include_hidden.setChecked(True)
        if wizard.currentPage() is wizard.preview_page:
            state["summary"] = wizard.preview_page.summary.text()

    seen = through_wizard(window, walk(path, before_next=tick))
    assert state["visible"] is True and "skjulte rækker i Budget: 3" in str(state["note"])
    assert seen["complete"] is True
    persons = {g.target_group: g.full_year_persons for g in window.document.project.budget.groups
               if g.year == 2027}
    assert persons == {"dagpenge": 400, "ledighedsydelse": 300}
    # The preview said what the import replaces: 2027 only, the other years kept.
    summary = seen["wizard"].preview_page.summary.text()
    expected = "Erstatter basisbudgettets målgruppelinjer for 2027; 2025, 2026, 2028-2030 beholdes uændret"
    assert expected in summary
