"""File › Export: the council workbook (xlsx) and the committee proposal (PDF), and the save dialog
every export uses (charts too).

Both exports run off the GUI thread with a cancellable progress dialog; a file that cannot be
written (open in Excel, read-only folder, full disk) gives the exporter's Danish message and
leaves any earlier export untouched. A name typed without an extension gets the chosen filter's
(``budget`` → ``budget.xlsx``); a written file is confirmed with a message that can open its folder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from budgetapp.io.os_errors import danish_reason
from budgetapp.ui.locale import tr
from budgetapp.ui.tasks import TaskCancelled, run_with_progress

Job = Callable[[], object]
OPEN_FOLDER = "Åbn mappe"


def filter_suffixes(name_filter: str) -> list[str]:
    """``"Excel-projektmappe (*.xlsx)"`` → ``[".xlsx"]``; ``"Regneark (*.xlsx *.ods)"`` → both."""
    return [f".{ext.lower()}" for ext in re.findall(r"\*\.([A-Za-z0-9]+)", name_filter)]


def with_filter_suffix(path: str | Path, name_filter: str) -> Path:
    """The path with the filter's first extension appended when it has none of the filter's
    (``"budget"`` → ``budget.xlsx``, ``"mappe.v2"`` → ``mappe.v2.xlsx``; ``"a.XLSX"`` is kept)."""
    path = Path(path)
    suffixes = filter_suffixes(name_filter)
    if not suffixes or path.suffix.lower() in suffixes:
        return path
    return path.with_name(path.name + suffixes[0])


def ask_save_path(parent: QWidget, caption: str, suggested: str, name_filter: str) -> Path | None:
    """The save dialog; the chosen file gets the filter's extension when typed without it, and an
    existing file of that name is replaced only when the user says so (as the dialog asks when the
    extension was typed). None when cancelled."""
    chosen, selected = QFileDialog.getSaveFileName(parent, caption, suggested, name_filter)
    if not chosen:
        return None
    path = with_filter_suffix(chosen, selected or name_filter)
    if path != Path(chosen) and path.exists():
        answer = QMessageBox.question(
            parent, tr("Export", "Erstat fil?"),
            tr("Export", "«{0}» findes allerede i {1}. Vil du erstatte den?").format(path.name, path.parent),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return None
    return path


def show_saved(parent: QWidget, title: str, path: Path) -> QMessageBox:
    """A (non-blocking) confirmation naming the file, with a button that opens its folder."""
    box = QMessageBox(QMessageBox.Icon.Information, title,
                      tr("Export", "{0} er gemt i {1}.").format(path.name, path.parent), parent=parent)
    box.setObjectName("exportSaved")
    open_folder = box.addButton(tr("Export", OPEN_FOLDER), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Ok)
    folder = path.parent

    def clicked(button) -> None:
        if button is open_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    box.buttonClicked.connect(clicked)
    box.setModal(False)
    box.open()
    return box


def run_export(window, title: str, failed_title: str, target: Path, prepare: Callable[[], Job]) -> bool:
    """``prepare()`` reads the project and returns the job that writes ``target``, run off the GUI
    thread with a progress dialog. False when cancelled, or when it fails: then the exporter's
    message is shown under ``failed_title``."""
    from budgetapp.core.project_validation import describe, project_problems
    from budgetapp.export.safe_write import ExportError

    problems = project_problems(window.document.project)  # the check CLI export and summary use
    if problems:
        text = tr("Export", "Projektet kan ikke eksporteres, før disse fejl er rettet:\n{0}")
        QMessageBox.warning(window, failed_title, text.format(describe(problems)))
        return False
    try:
        write = prepare()
        progress_text = tr("Export", "Skriver {0} …").format(target.name)
        run_with_progress(window, title, progress_text, lambda _p, _c: write())
    except TaskCancelled:
        return False
    except (ExportError, ValueError, KeyError) as exc:
        QMessageBox.warning(window, failed_title, str(exc))
        return False
    except OSError as exc:
        QMessageBox.warning(window, failed_title, tr("Export", "{0} kunne ikke skrives: {1}").format(
            target.name, danish_reason(exc)))
        return False
    show_saved(window, title, target)
    return True


def export_workbook(window, target: Path) -> bool:
    """Write the council workbook of the project's switched-on cases to ``target``."""
    from budgetapp.export.council_workbook import content_from_project, export_council_workbook

    def prepare() -> Job:
        content = content_from_project(window.document.project)
        return lambda: export_council_workbook(target, content)

    return run_export(
        window, tr("Export", "Byrådsmappe"), tr("Export", "Byrådsmappen blev ikke gemt"), target, prepare
    )


def current_case_name(window) -> str | None:
    project = window.document.project
    editor = window.pages["cases"].editor
    if editor.index is not None and editor.index < len(project.cases):
        return project.cases[editor.index].name
    enabled = project.enabled_case_names
    return enabled[0] if enabled else (project.cases[0].name if project.cases else None)


def export_proposal(window, target: Path, case_name: str) -> bool:
    """Write the committee proposal (udvalgsindstilling) of one case as PDF."""
    from budgetapp.core.projection import ProjectionEngine
    from budgetapp.export.proposal_pdf import export_proposal_pdf

    project = window.document.project

    def prepare() -> Job:
        case = ProjectionEngine(project).converted_case(case_name)  # each line with its own index
        return lambda: export_proposal_pdf(
            target,
            case,
            municipality=project.municipality,
            price_level=f"{project.price_level_year} p/l",
            budget_year=project.budget_year,
            project=project,
        )

    return run_export(
        window,
        tr("Export", "Udvalgsindstilling"),
        tr("Export", "Udvalgsindstillingen blev ikke gemt"),
        target,
        prepare,
    )


def export_actions(window: QWidget) -> list[QAction]:
    try:
        import budgetapp.export.council_workbook
        import budgetapp.export.proposal_pdf  # noqa: F401
    except ImportError:
        return []

    def ask_workbook() -> None:
        name = f"{window.document.project.municipality} budget {window.document.project.budget_year}.xlsx"
        path = ask_save_path(window, tr("Export", "Eksportér byrådsmappe"), name,
                             tr("Export", "Excel-projektmappe (*.xlsx)"))
        if path is not None:
            export_workbook(window, path)

    def ask_proposal() -> None:
        case_name = current_case_name(window)
        if case_name is None:
            QMessageBox.information(
                window,
                tr("Export", "Udvalgsindstilling"),
                tr("Export", "Projektet har ingen business cases."),
            )
            return
        path = ask_save_path(window, tr("Export", "Eksportér udvalgsindstilling"),
                             f"Udvalgsindstilling – {case_name}.pdf", tr("Export", "PDF (*.pdf)"))
        if path is not None:
            export_proposal(window, path, case_name)

    workbook = QAction(tr("Export", "&Byrådsmappe (Excel) …"), window)
    workbook.setShortcut("Ctrl+E")
    workbook.triggered.connect(ask_workbook)
    proposal = QAction(tr("Export", "&Udvalgsindstilling for valgt case (PDF) …"), window)
    proposal.triggered.connect(ask_proposal)
    return [workbook, proposal]
