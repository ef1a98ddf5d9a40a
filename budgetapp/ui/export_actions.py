"""File › Export: the council workbook (xlsx) and the committee proposal (PDF).

Both exports run off the GUI thread with a cancellable progress dialog; a file that cannot be
written (open in Excel, read-only folder, full disk) gives the exporter's Danish message and
leaves any earlier export untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from budgetapp.ui.locale import tr
from budgetapp.ui.tasks import TaskCancelled, run_with_progress

Job = Callable[[], object]


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
        path, _ = QFileDialog.getSaveFileName(
            window, tr("Export", "Eksportér byrådsmappe"), name, tr("Export", "Excel-projektmappe (*.xlsx)")
        )
        if path:
            export_workbook(window, Path(path))

    def ask_proposal() -> None:
        case_name = current_case_name(window)
        if case_name is None:
            QMessageBox.information(
                window,
                tr("Export", "Udvalgsindstilling"),
                tr("Export", "Projektet har ingen business cases."),
            )
            return
        path, _ = QFileDialog.getSaveFileName(
            window,
            tr("Export", "Eksportér udvalgsindstilling"),
            f"Udvalgsindstilling – {case_name}.pdf",
            tr("Export", "PDF (*.pdf)"),
        )
        if path:
            export_proposal(window, Path(path), case_name)

    workbook = QAction(tr("Export", "&Byrådsmappe (Excel) …"), window)
    workbook.setShortcut("Ctrl+E")
    workbook.triggered.connect(ask_workbook)
    proposal = QAction(tr("Export", "&Udvalgsindstilling for valgt case (PDF) …"), window)
    proposal.triggered.connect(ask_proposal)
    return [workbook, proposal]
