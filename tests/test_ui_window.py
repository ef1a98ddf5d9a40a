"""Main window: pages, import with its report, locks, read-only files, autosave and recovery."""

from __future__ import annotations

import json
import os
import shutil

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QStandardPaths, Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from budgetapp.cli import main as cli_main
from budgetapp.core.commands import ChangeSettings
from budgetapp.resources import demo_project_path
from budgetapp.ui import files
from budgetapp.ui.autosave import Autosaver, find_recoveries
from budgetapp.ui.main_window import PAGE_CLASSES

pytestmark = pytest.mark.gui


def test_every_page_shows_the_demo(window):
    for cls in PAGE_CLASSES:
        page = window.show_page(cls.key)
        assert window.stack.currentWidget().widget() is page
    overview = window.pages["overblik"]
    projection = overview.projection
    assert projection is not None
    # The bottom row is the projected total: net expense without cases − the cases' net results.
    last = overview.model.rowCount() - 1
    year = window.document.project.budget_year
    column = projection.years.index(year)
    assert overview.model.value(last, column) == pytest.approx(projection.total_projected_net(year))
    budget = window.pages["basisbudget"]
    assert budget.model.rowCount() == len(window.document.project.budget.groups)
    rules = window.pages["regler"].browser.toPlainText()
    assert "§ 5, stk. 2" in rules and "40 %" in rules
    compare = window.pages["sammenlign"]
    assert compare.model.columnCount() == len(window.document.project.cases)


def test_budget_edit_is_undoable(window):
    page = window.show_page("basisbudget")
    model = page.model
    column = 2  # Helårspersoner
    group = model.group(0)
    assert model.setData(model.index(0, column), "1.234,5")
    assert window.document.project.budget.groups[model.order[0]].full_year_persons == 1234.5
    assert not model.setData(model.index(0, column), "-5")
    assert page.message.text() == "Helårspersoner: skal være mindst 0, ikke -5"
    window.undo_action.trigger()
    assert window.document.project.budget.groups[model.order[0]].full_year_persons == group.full_year_persons


def broken_budget(path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Budget"
    sheet.append(["Målgruppe", "År", "Helårspersoner", "Ydelse pr. helårsperson", "Refusionsregel"])
    sheet.append(["dagpenge", 2027, "mange", "231.000", "refusionstrappe-2016"])
    book.save(path)


def test_broken_workbook_shows_the_report_and_changes_nothing(window, tmp_path):
    path = tmp_path / "budget.xlsx"
    broken_budget(path)
    before = window.document.project
    count = window.document.undo_stack.count()
    seen = {}

    def inspect(dialog):
        seen["import_enabled"] = dialog.import_button.isEnabled()
        seen["summary"] = dialog.summary.text()
        model = dialog.model
        seen["row"] = [model.data(model.index(0, c)) for c in range(model.columnCount())]
        QTimer.singleShot(0, dialog.reject)

    assert window.import_file("budget", path, dialog_hook=inspect) is False
    assert seen["import_enabled"] is False
    assert seen["summary"] == "1 fejl og 0 advarsler: intet er indlæst."
    assert seen["row"][:3] == ["Fejl", "Budget!C2", "mange"]
    assert window.document.project is before
    assert window.document.undo_stack.count() == count
    assert not window.isWindowModified()


def test_a_clean_import_is_one_undo_step(window, tmp_path):
    import openpyxl

    path = tmp_path / "budget.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Budget"
    sheet.append(
        [
            "Målgruppe",
            "År",
            "Helårspersoner",
            "Ydelse pr. helårsperson",
            "Refusionsregel",
            "Gns. refusionssats (%)",
            "Indsats pr. helårsperson",
        ]
    )
    sheet.append(["dagpenge", 2027, "800,0", "230.000", "medfinansiering-2016", "70", "10.000"])
    book.save(path)
    before = window.document.project
    seen = {}

    def accept(dialog):
        seen["enabled"] = dialog.import_button.isEnabled()
        QTimer.singleShot(0, dialog.accept)

    assert window.import_file("budget", path, dialog_hook=accept)
    assert seen["enabled"]
    groups = window.document.project.budget.groups
    # The file holds 2027 only: 2027 is replaced, the budget's other years are kept.
    assert [(g.target_group, g.year, g.full_year_persons) for g in groups if g.year == 2027] == [
        ("dagpenge", 2027, 800.0)
    ]
    assert {g.year for g in groups if g.year != 2027} == {g.year for g in before.budget.groups} - {2027}
    assert window.isWindowModified()
    window.undo_action.trigger()
    assert window.document.project is before
    assert not window.isWindowModified()


def test_a_file_open_elsewhere_opens_read_only_only_when_asked(window, tmp_path, questions):
    other = tmp_path / "andet.jcbudget"
    shutil.copy(demo_project_path(), other)
    files.lock_path(other).write_text(
        json.dumps({"user": "kollega", "host": "en-anden-pc", "pid": 1, "since": "01.01.2027 08:00"}),
        encoding="utf-8",
    )
    before = window.document
    assert window.open_file(other) is False  # answered No: nothing changes
    assert window.document is before
    assert "andet.jcbudget er allerede åbnet af kollega på en-anden-pc" in questions[-1]
    questions.answers["Projektet er åbent et andet sted"] = QMessageBox.StandardButton.Yes
    assert window.open_file(other) is True
    assert window.document.read_only
    assert "(skrivebeskyttet)" in window.windowTitle()


def test_unreadable_and_newer_files_give_a_message(window, tmp_path, questions):
    bad = tmp_path / "ikke-et-projekt.jcbudget"
    bad.write_text("hej", encoding="utf-8")
    before = window.document
    assert window.open_file(bad) is False
    assert window.document is before
    assert "ikke-et-projekt.jcbudget er ikke en projektfil fra budgetapp" in questions[-1]


def test_read_only_file_is_opened_read_only(window, tmp_path, questions):
    if os.geteuid() == 0:
        pytest.skip("root can write to every file")
    path = tmp_path / "skrivebeskyttet.jcbudget"
    shutil.copy(demo_project_path(), path)
    path.chmod(0o444)
    assert window.open_file(path)
    assert window.document.read_only
    assert "skrivebeskyttet" in questions[-1]


def test_autosave_writes_a_recovery_copy_that_the_next_start_finds(window, tmp_path):
    document = window.document
    document.run(ChangeSettings.of(document.project, notes="autogemt note"))
    saver = Autosaver(document, interval_ms=60_000)
    copy = saver.save_now()
    assert saver.wait(30)  # written on a worker thread
    assert copy is not None and copy.exists()
    info = copy.with_suffix(".json")
    data = json.loads(info.read_text(encoding="utf-8"))
    assert data["original"] == str(document.path)
    # A crashed session: its process is gone, so the next start offers the copy.
    data["pid"] = 999_999_999
    info.write_text(json.dumps(data), encoding="utf-8")
    found = [r for r in find_recoveries() if r.project_file == copy]
    assert len(found) == 1
    assert files.load_project(found[0].project_file).notes == "autogemt note"
    saver.discard()
    assert not copy.exists()


def test_screenshot_command_writes_a_png(tmp_path):
    QStandardPaths.setTestModeEnabled(True)
    out = tmp_path / "regler.png"
    assert cli_main(["--screenshot", str(out), "--page", "regler"]) == 0
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    image = QImage(str(out))
    # The window fits the screen (the old fixed 1440×900 did not fit Qt's 800×800 offscreen screen),
    # and fills most of it.
    available = QApplication.primaryScreen().availableGeometry()
    assert available.width() * 0.9 <= image.width() <= available.width()
    assert available.height() * 0.9 <= image.height() <= available.height()
    # Not an empty window: the page has text in many colours, not one flat colour.
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 23)}
    assert len(colours) > 5
    assert cli_main(["--screenshot", str(out), "--page", "findes-ikke"]) == 2


def test_file_export_menu_writes_workbook_and_proposal(window, tmp_path):
    from budgetapp.ui.export_actions import export_proposal, export_workbook

    labels = [a.text() for a in window.export_menu.actions()]
    assert labels == ["&Byrådsmappe (Excel) …", "&Udvalgsindstilling for valgt case (PDF) …"]
    xlsx = tmp_path / "mappe.xlsx"
    pdf = tmp_path / "indstilling.pdf"
    assert export_workbook(window, xlsx)
    assert export_proposal(window, pdf, window.document.project.cases[0].name)
    assert xlsx.read_bytes()[:2] == b"PK"
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_pool_year_edit_is_undoable(window):
    page = window.show_page("puljer")
    model = page.years_model
    pool = window.document.project.pools[0]
    first_year = pool.year_labels[0]
    # Row 0 is the expense in 1.000 kr.: typing 1.500 means 1.500.000 kr.
    assert model.setData(model.index(0, 0), "1.500")
    assert window.document.project.pools[0].year(first_year).expense == 1_500_000
    assert model.value(0, 0) == 1_500_000
    assert not model.setData(model.index(0, 0), "-1")
    assert "skal være mindst 0" in page.message.text()
    window.undo_action.trigger()
    assert window.document.project.pools[0].year(first_year).expense == pool.year(first_year).expense


def test_recent_files_menu_lists_saved_projects(window, tmp_path):
    from PySide6.QtCore import QSettings

    QSettings("budgetapp", "budgetapp").remove("recent_files")
    target = tmp_path / "nyt.jcbudget"
    assert window.save_as(target)
    window._fill_recent()
    texts = [a.text() for a in window.recent_menu.actions()]
    assert texts[0] == "&1 nyt.jcbudget"


def test_open_option_opens_the_project_and_respects_a_lock(qtbot, tmp_path):
    from budgetapp.ui.app import build_window

    QStandardPaths.setTestModeEnabled(True)
    path = tmp_path / "aaben.jcbudget"
    shutil.copy(demo_project_path(), path)
    win = build_window(str(path), interactive=False)
    qtbot.addWidget(win)
    assert win.document.path == path and not win.document.read_only
    assert files.lock_path(path).exists()
    files.release_lock(path)
    files.lock_path(path).write_text(json.dumps(
        {"user": "kollega", "host": "en-anden-pc", "pid": 1, "since": "01.01.2027 08:00"}), encoding="utf-8")
    other = build_window(str(path), interactive=False)
    qtbot.addWidget(other)
    assert other.document.read_only
    missing = build_window(str(tmp_path / "findes-ikke.jcbudget"), interactive=False)
    qtbot.addWidget(missing)
    assert missing.document.path is None  # the demo instead


def _site_ini(tmp_path, monkeypatch, text: str) -> None:
    """Site defaults only from ``text`` (no machine-wide file): ``BUDGETAPP_SITE_CONFIG`` names it."""
    ini = tmp_path / "budgetapp.ini"
    ini.write_text(text, encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "ingen-xdg"))
    monkeypatch.setenv("BUDGETAPP_SITE_CONFIG", str(ini))


def accept_dialogs(window, change=None) -> list:
    """Every dialog the window opens (the wizard, Egenskaber) is accepted as filled in, after
    ``change(dialog)``; returns the dialogs seen."""
    seen: list = []

    def hook(dialog) -> None:
        seen.append(dialog)
        if change is not None:
            change(dialog)

        def accept() -> None:
            dialog.accept()
            if dialog.isVisible():  # refused (a page did not validate): close, so the test fails
                dialog.reject()

        QTimer.singleShot(0, accept)

    window.dialog_hook = hook
    return seen


def test_file_new_takes_municipality_and_price_level_from_budgetapp_ini(window, tmp_path, monkeypatch):
    import datetime as dt

    _site_ini(tmp_path, monkeypatch, "[standard]\nprisniveau = 2026\nkommune = Hillerød Kommune\n")
    accept_dialogs(window)
    window.new_action.trigger()
    project = window.document.project
    assert window.document.path is None and project.cases == []
    assert (project.municipality, project.price_level_year) == ("Hillerød Kommune", 2026)
    assert (project.budget.municipality, project.budget.price_level_year) == ("Hillerød Kommune", 2026)
    # The budget year is not a site default: still the coming year.
    assert project.budget_year == project.budget.budget_year == dt.date.today().year + 1
    assert window.document.display_name() == "Hillerød Kommune"


def test_file_new_leaves_out_a_broken_site_value(window, tmp_path, monkeypatch):
    import datetime as dt

    # '26' is not a year the p/l index covers (2011-2035): the price level falls back to the
    # budget year; the name counts.
    _site_ini(tmp_path, monkeypatch, "[standard]\nprisniveau = 26\nkommune = Aarhus Kommune\n")
    accept_dialogs(window)
    window.new_action.trigger()
    project = window.document.project
    next_year = dt.date.today().year + 1
    assert (project.municipality, project.price_level_year) == ("Aarhus Kommune", next_year)


def test_file_new_without_site_file_is_ny_kommune(window, tmp_path, monkeypatch):
    import datetime as dt

    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "ingen-xdg"))
    monkeypatch.delenv("BUDGETAPP_SITE_CONFIG", raising=False)
    # The wizard wants a municipality when budgetapp.ini has none ...
    seen = accept_dialogs(window)
    before = window.document.project
    window.new_action.trigger()
    assert window.document.project is before
    assert seen[0].settings_page.form.problem.text() == (
        "Vælg kommunen på listen, eller skriv dens navn eller kommunekode.")
    # ... and a new project made without asking is "Ny kommune".
    assert window.new_project(ask=False)
    project = window.document.project
    next_year = dt.date.today().year + 1
    assert (project.municipality, project.price_level_year) == ("Ny kommune", next_year)


def test_application_names_and_window_icon_come_from_app_info(window):
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from budgetapp import __version__, app_info

    app = QApplication.instance()
    assert (app.organizationName(), app.organizationDomain()) == ("budgetapp", "budgetapp.local")
    assert (app.applicationName(), app.applicationDisplayName()) == ("budgetapp", "Budgetapp")
    assert app.applicationVersion() == __version__
    expected = QIcon(str(app_info.icon_path())).pixmap(32, 32).toImage()
    assert not expected.isNull()
    assert window.windowIcon().pixmap(32, 32).toImage() == expected


def test_file_new_after_the_budget_page_was_shown_shows_the_empty_budget(window, tmp_path, monkeypatch):
    # The budget tables of the demo (30 group-years) must not be looked up in the new, empty project
    # when the page is shown again (it used to crash the program).
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "ingen-xdg"))
    monkeypatch.delenv("BUDGETAPP_SITE_CONFIG", raising=False)
    page = window.show_page("basisbudget")
    assert page.model.rowCount() == len(window.document.project.budget.groups) > 0
    window.show_page("overblik")
    assert window.new_project(ask=False)
    assert window.show_page("basisbudget") is page
    assert page.model.rowCount() == 0
    assert page.operation_model.rowCount() == 0


# --- Danish Qt ------------------------------------------------------------------------------------


def test_closing_with_unsaved_changes_asks_with_danish_buttons(qtbot, tmp_path):
    # The real prompt (no stand-in for QMessageBox): Qt's own button texts come from qtbase_da.qm.
    from PySide6.QtWidgets import QApplication

    from budgetapp.ui.app import create_application
    from budgetapp.ui.document import Document
    from budgetapp.ui.main_window import MainWindow

    QStandardPaths.setTestModeEnabled(True)
    create_application()
    path = tmp_path / "demo.jcbudget"
    shutil.copy(demo_project_path(), path)
    win = MainWindow(Document(files.load_project(path), path))
    qtbot.addWidget(win)
    win.show()
    page = win.show_page("basisbudget")
    assert page.model.setData(page.model.index(0, 2), "17")
    seen: dict[str, object] = {}

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen["title"] = box.windowTitle()
        seen["buttons"] = sorted(b.text().replace("&", "") for b in box.buttons())
        box.button(QMessageBox.StandardButton.Discard).click()

    QTimer.singleShot(0, answer)
    assert win.close()
    assert seen == {"title": "Gem ændringer?", "buttons": ["Annuller", "Forkast", "Gem"]}
    win.autosaver.discard()


def test_yes_no_and_file_dialog_texts_are_danish(window):
    from PySide6.QtWidgets import QFileDialog, QLabel

    box = QMessageBox(QMessageBox.Icon.Question, "t", "x",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, window)
    assert sorted(b.text().replace("&", "") for b in box.buttons()) == ["Ja", "Nej"]
    dialog = QFileDialog(window, "Gem", "", "Regneark (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert "Filnavn:" in labels or "&Filnavn:" in labels, labels


# --- start and close ------------------------------------------------------------------------------


def test_qt_xcb_plugin_finds_all_its_libraries():
    # scripts/system-deps installs what Qt's X11 plugin links to; `ldd` lists none as missing.
    import subprocess
    import sys
    from pathlib import Path

    from PySide6.QtCore import QLibraryInfo

    if not sys.platform.startswith("linux") or shutil.which("ldd") is None:
        pytest.skip("ldd on Linux only")
    plugin = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms" / "libqxcb.so"
    listed = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=True).stdout
    assert "not found" not in listed, listed
    # libxcb-cursor0 is loaded at run time (Qt 6.5+), not linked: it must be installed too.
    import ctypes.util

    assert ctypes.util.find_library("xcb-cursor"), "libxcb-cursor0 mangler"


def test_after_the_window_closes_the_process_ends_at_once(monkeypatch, tmp_path):
    # run_gui: the event loop returns, then exit_now flushes and ends the process with its code.
    import argparse

    from PySide6.QtWidgets import QApplication

    import budgetapp.ui.app as app_module

    QStandardPaths.setTestModeEnabled(True)
    ended: list[int] = []

    class Exit(Exception):
        pass

    def fake_exit(code: int) -> None:
        ended.append(code)
        raise Exit

    monkeypatch.setattr(os, "_exit", fake_exit)
    monkeypatch.setattr(QApplication, "exec", lambda self: 3)
    monkeypatch.setattr(app_module, "offer_recovery", lambda window: None)
    args = argparse.Namespace(screenshot=None, open=None, page=None)
    with pytest.raises(Exit):
        app_module.run_gui(args)
    assert ended == [3]
    for widget in QApplication.topLevelWidgets():
        if hasattr(widget, "autosaver"):
            widget.autosaver.discard()
            widget.document.undo_stack.setClean()
            widget.close()


# --- cases: empty new case, templates, copies, renames and the views that follow ----------------------


def test_ny_makes_an_empty_valid_case_and_kopier_copies_everything(window):
    page = window.show_page("cases")
    before = len(window.document.project.cases)
    page.new_button.click()
    project = window.document.project
    entry = project.cases[-1]
    assert len(project.cases) == before + 1 and entry.name == "Ny business case" and not entry.enabled
    case = entry.case
    assert (case.uncertainty, case.scenarios, case.notes) == ((), (), {})
    assert (case.costs, case.description) == ((), "")
    assert project.issues() == []
    assert page.editor.index == len(project.cases) - 1
    window.undo_action.trigger()  # one action, one undo step
    assert len(window.document.project.cases) == before
    page.select(0)
    page.copy_button.click()
    copy = window.document.project.cases[-1]
    source = window.document.project.cases[0]
    assert copy.name == source.name + " (kopi)"
    assert (copy.case.uncertainty, copy.case.scenarios, copy.case.notes) == (
        source.case.uncertainty, source.case.scenarios, source.case.notes)


def test_examples_are_named_templates(window):
    page = window.show_page("cases")
    titles = [a.text() for a in page.template_button.menu().actions()]
    assert "Eksempel: straksaktivering (Hillerød 2013)" in titles
    hillerod = titles.index("Eksempel: straksaktivering (Hillerød 2013)")
    page.template_button.menu().actions()[hillerod].trigger()
    entry = window.document.project.cases[-1]
    assert entry.name == "Eksempel: straksaktivering (Hillerød 2013)"
    assert entry.case.start_year == window.document.project.budget_year


def test_a_case_is_renamed_in_the_list_as_one_undo_step(window):
    page = window.show_page("cases")
    old = window.document.project.cases[1].name
    assert page.model.setData(page.model.index(1, 0), "Nyt navn")
    assert window.document.project.cases[1].name == "Nyt navn"
    assert not page.model.setData(page.model.index(1, 0), window.document.project.cases[0].name)
    window.undo_action.trigger()
    assert window.document.project.cases[1].name == old


def test_after_file_new_without_cases_the_cases_page_shows_no_old_case(window, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "ingen-xdg"))
    monkeypatch.delenv("BUDGETAPP_SITE_CONFIG", raising=False)
    page = window.show_page("cases")
    assert page.right.currentWidget() is page.editor
    window.new_project(ask=False)
    assert window.document.project.cases == []
    page = window.show_page("cases")
    assert page.right.currentWidget() is page.empty_note
    assert not page.editor.isVisible() and "ingen business cases" in page.empty_note.text()
    page.new_button.click()
    assert page.right.currentWidget() is page.editor


def test_clearing_a_pool_link_in_the_case_editor_updates_the_pools_page(window):
    project = window.document.project
    pool = project.pools[0]
    funded = project.cases_funded_by(pool.id)
    assert funded
    pools = window.show_page("puljer")
    column = pools.pools_model.columns.index("Finansierer case")
    assert pools.pools_model.value(0, column) == ", ".join(funded)
    cases = window.show_page("cases")
    index = next(i for i, e in enumerate(project.cases) if e.name == funded[0])
    cases.select(index)
    # Remove the pool funding row in the editor's table, as the user does (one undo step).
    inputs = cases.editor.inputs
    pool_list = next(e for e in inputs.case_lists if e.model is inputs.pools_model)
    assert inputs.pools_model.rowCount() == 1
    pool_list.view.setCurrentIndex(inputs.pools_model.index(0, 0))
    pool_list.remove_button.click()
    assert window.document.project.cases[index].case.pool_funding == ()
    pools = window.show_page("puljer")
    assert pools.pools_model.value(0, column) == "(ingen case)"
    window.undo_action.trigger()
    assert pools.pools_model.value(0, column) == ", ".join(funded)


# --- File › Ny (the wizard) and File › Egenskaber ------------------------------------------------------


def test_file_new_wizard_sets_municipality_years_and_the_demo_structure(window, tmp_path, monkeypatch):
    from budgetapp.ui.new_project_wizard import NewProjectWizard

    _site_ini(tmp_path, monkeypatch, "[standard]\nprisniveau = 2026\n")

    def fill(wizard: NewProjectWizard) -> None:
        form = wizard.settings_page.form
        assert form.municipality.count() == 98  # the 98 municipalities, with kommunekode
        assert form.price_level.value() == 2026  # from budgetapp.ini
        form.municipality.setEditText("219")  # typed as a kommunekode
        form.budget_year.setValue(2028)
        wizard.template_page.demo.setChecked(True)

    seen = accept_dialogs(window, fill)
    demo = window.document.project
    window.new_action.trigger()
    assert len(seen) == 1
    project = window.document.project
    assert (project.municipality, project.budget_year, project.price_level_year) == ("Hillerød Kommune", 2028,
                                                                                      2026)
    assert project.budget.municipality == "Hillerød Kommune" and project.size_group  # benchmark group found
    # The demo's structure: each target group for 2028-2031 with every figure 0, no cases.
    assert project.budget.target_groups == demo.budget.target_groups
    assert project.budget.years == [2028, 2029, 2030, 2031]
    assert {g.full_year_persons for g in project.budget.groups} == {0.0}
    assert project.cases == [] and project.issues() == []
    assert window.windowTitle().startswith("Hillerød Kommune")


def test_file_new_from_the_start_view_shows_the_new_project_at_once(qtbot, tmp_path, monkeypatch, questions):
    from budgetapp.ui.app import build_window, create_application

    _site_ini(tmp_path, monkeypatch, "[standard]\nprisniveau = 2026\n")
    QStandardPaths.setTestModeEnabled(True)
    create_application()
    start = build_window(interactive=False)
    qtbot.addWidget(start)
    start.show()
    assert start.showing_start() and start.windowTitle() == "Budgetapp"

    def fill(wizard) -> None:
        wizard.settings_page.form.municipality.setEditText("Hillerød")

    start.dialog_hook = lambda dialog: (fill(dialog), QTimer.singleShot(0, dialog.accept))
    start.start_buttons["new"].click()
    assert start.document.project.municipality == "Hillerød Kommune"
    assert not start.showing_start() and start.navigation.currentRow() == 0
    assert start.stack.currentWidget().widget() is start.pages["overblik"]
    assert start.windowTitle().startswith("Hillerød Kommune") and start.save_action.isEnabled()
    start.autosaver.discard()


def test_file_new_wizard_takes_only_one_of_the_98_municipalities(window, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWizard

    _site_ini(tmp_path, monkeypatch, "[standard]\nprisniveau = 2026\n")
    before = window.document.project
    states: list = []

    def type_in(wizard) -> None:
        wizard.show()
        form = wizard.settings_page.form
        next_button = wizard.button(QWizard.WizardButton.NextButton)
        editor = form.municipality.lineEdit()
        for text in ("Testby", "Hillerød Kommunen", "999", "Hillerød", "Testby", "219"):
            editor.selectAll()
            qtbot_keys(editor, text)
            states.append((text, next_button.isEnabled(), form.problem.text()))
        QTimer.singleShot(0, wizard.reject)

    def qtbot_keys(widget, text: str) -> None:
        from PySide6.QtTest import QTest

        QTest.keyClick(widget, Qt.Key.Key_Backspace)
        QTest.keyClicks(widget, text)

    window.dialog_hook = type_in
    window.new_action.trigger()
    assert window.document.project is before
    refused = "«{0}» er ikke en af de 98 kommuner. Vælg kommunen på listen, eller skriv dens navn eller " \
              "kommunekode (fx Hillerød eller 219)."
    assert states == [
        ("Testby", False, refused.format("Testby")),
        ("Hillerød Kommunen", False, refused.format("Hillerød Kommunen")),
        ("999", False, refused.format("999")),
        ("Hillerød", True, ""),
        ("Testby", False, refused.format("Testby")),
        ("219", True, ""),
    ]


def test_file_new_wizard_refuses_free_text_even_when_accepted(window, tmp_path, monkeypatch):
    _site_ini(tmp_path, monkeypatch, "[standard]\nprisniveau = 2026\n")
    before = window.document.project
    seen = accept_dialogs(window, lambda wizard: wizard.settings_page.form.municipality.setEditText("Testby"))
    window.new_action.trigger()
    assert window.document.project is before  # no project for a municipality that does not exist
    assert seen[0].settings_page.form.problem.text().startswith("«Testby» er ikke en af de 98 kommuner.")


def test_egenskaber_keeps_the_projects_own_name_but_refuses_other_free_text(window):
    dialog_states: list = []

    def fill(dialog) -> None:
        dialog_states.append(dialog.ok_button.isEnabled())  # the demo's "Eksempel Kommune" may stay
        dialog.form.municipality.setEditText("Testby")
        dialog_states.append(dialog.ok_button.isEnabled())
        dialog.form.municipality.setEditText("Eksempel Kommune")
        dialog_states.append(dialog.ok_button.isEnabled())
        dialog.form.price_level.setValue(2027)

    accept_dialogs(window, fill)
    window.properties_action.trigger()
    assert dialog_states == [True, False, True]
    assert (window.document.project.municipality, window.document.project.price_level_year) == (
        "Eksempel Kommune", 2027)


def test_file_new_wizard_cancelled_keeps_the_project(window):
    before = window.document.project
    window.dialog_hook = lambda dialog: QTimer.singleShot(0, dialog.reject)
    window.new_action.trigger()
    assert window.document.project is before


def test_file_egenskaber_changes_settings_as_one_undo_step(window):
    before = window.document.project

    def fill(dialog) -> None:
        dialog.form.municipality.setEditText("Aarhus")
        dialog.form.price_level.setValue(2027)

    accept_dialogs(window, fill)
    window.properties_action.trigger()
    project = window.document.project
    assert (project.municipality, project.price_level_year) == ("Aarhus Kommune", 2027)
    assert project.budget.price_level_year == 2027
    window.undo_action.trigger()
    assert window.document.project is before


def test_start_opens_the_last_project_else_the_start_view_offers_the_demo(qtbot, tmp_path, questions):
    from budgetapp.ui.app import build_window, create_application

    QStandardPaths.setTestModeEnabled(True)
    create_application()
    first = build_window(interactive=False)  # no recent project: a new one, the start view shown
    qtbot.addWidget(first)
    assert first.showing_start() and first.document.project.cases == []
    assert first.document.path is None
    # No project yet: the program's name in the title, no municipality anywhere, the pages closed.
    assert first.windowTitle() == "Budgetapp" and "kommune" not in first.windowTitle().lower()
    assert first.document.project.municipality == ""
    assert not first.navigation.isEnabled() and not first.save_action.isEnabled()
    first.start_buttons["demo"].click()  # the demo is offered, not forced
    assert len(first.document.project.cases) == 3 and not first.document.modified
    # The demo's pages show at once, not the start view.
    assert not first.showing_start() and first.navigation.isEnabled()
    assert first.stack.currentWidget().widget() is first.pages["overblik"]
    assert first.windowTitle().startswith("Eksempel Kommune")
    path = tmp_path / "mit.jcbudget"
    assert first.save_as(path)
    first.autosaver.discard()
    files.release_lock(path)
    second = build_window(interactive=False)  # the last project opens
    qtbot.addWidget(second)
    assert second.document.path == path and not second.showing_start()
    second.autosaver.discard()
    files.release_lock(path)
    labels = [a.text() for a in second.menuBar().actions()[-1].menu().actions()]
    assert "Åbn &demoprojektet" in labels


def test_first_case_in_a_new_project_shows_every_year_of_its_results(window, qtbot, tmp_path, monkeypatch):
    """File › Ny with the demo's structure, then a case from a template: side by side, the results
    pane was sized for the empty table of the empty project and showed only the first year."""
    _site_ini(tmp_path, monkeypatch, "[standard]\n")
    window.resize(1350, 728)  # 1366×768 less the frame: inputs and results side by side

    def fill(wizard) -> None:
        wizard.settings_page.form.municipality.setEditText("Hillerød")
        wizard.template_page.demo.setChecked(True)

    accept_dialogs(window, fill)
    window.new_action.trigger()
    page = window.show_page("cases")
    assert page.document.project.cases == []
    qtbot.wait(20)
    page.template_button.menu().actions()[0].trigger()  # Eksempel: straksaktivering
    qtbot.wait(20)
    editor = page.editor
    assert not editor.stacked
    table = editor.results.table
    model = table.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    year = window.document.project.cases[0].case.start_year
    assert headers[:4] == [str(year + i) for i in range(4)]  # the case's four years
    header = table.horizontalHeader()
    viewport = table.viewport().width()
    for column in range(model.columnCount()):  # every year, "I alt" and "Efter perioden" in view
        left = header.sectionViewportPosition(column)
        right = left + header.sectionSize(column)
        assert left >= 0 and right <= viewport, (headers[column], right, viewport)


def test_the_apps_file_dialog_is_danish(window, tmp_path):
    """File › Åbn opens Qt's own (non-native) file dialog: its labels, buttons and the type of a folder
    are Danish. qtbase_da.qm lacks Qt 6's "&Look in:" and "Files of &type:"; QtGapsTranslator adds them."""
    from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QTreeView

    (tmp_path / "budgetter").mkdir()
    seen: dict = {}
    tries = [0]

    def inspect() -> None:
        dialog = QApplication.activeModalWidget()
        tries[0] += 1
        if not isinstance(dialog, QFileDialog):
            if tries[0] < 200:
                QTimer.singleShot(10, inspect)
            return
        if "directory" not in seen:
            seen["directory"] = dialog.directory().absolutePath()
            dialog.setDirectory(str(tmp_path))
        tree = dialog.findChild(QTreeView, "treeView")
        model = tree.model()
        root = tree.rootIndex()
        rows = {model.index(r, 0, root).data(): model.index(r, 2, root).data()
                for r in range(model.rowCount(root))}
        if "budgetter" not in rows and tries[0] < 200:  # the folder is read in the background
            QTimer.singleShot(10, inspect)
            return
        seen["labels"] = {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}
        seen["buttons"] = (dialog.labelText(QFileDialog.DialogLabel.Accept),
                           dialog.labelText(QFileDialog.DialogLabel.Reject))
        seen["type"] = rows.get("budgetter")
        dialog.reject()

    QTimer.singleShot(0, inspect)
    window.open_action.trigger()
    assert seen["labels"] == {"lookInLabel": "&Kig i:", "fileNameLabel": "&Filnavn:",
                              "fileTypeLabel": "Filer af &typen:"}
    assert seen["buttons"] == ("&Åbn", "Annuller")
    assert seen["type"] == "Mappe"


def test_case_editor_back_side_by_side_gives_the_inputs_their_share_again(window, qtbot):
    """Narrow (inputs and results stacked, the charts under the table) and wide again: the charts come
    back under inputs and results with 2 parts of 5 of the height, not the tall stacked height that
    left the inputs 90 px."""
    window.resize(760, 600)
    page = window.show_page("cases")
    editor = page.editor
    qtbot.waitUntil(lambda: editor.stacked)
    window.resize(1366, 740)
    qtbot.waitUntil(lambda: not editor.stacked)
    qtbot.wait(20)
    top, charts = editor.splitter.sizes()
    # 3:2 of the height, within a pixel of rounding: top = 3/5 of (top + charts).
    assert abs(top - (top + charts) * 3 // 5) <= 1, (top, charts)
