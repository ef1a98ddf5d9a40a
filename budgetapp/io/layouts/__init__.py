"""The layouts the import wizard and ``budgetapp import`` read, and the one engine behind both.

Layouts: the app's templates (``budget``, ``unitcosts``, ``pools``) and the files users already
have: ``kontoplan`` (the municipality's own budget), ``statistikbanken`` (BUDK/REGK long format),
``jobindsats`` (full-time persons) and ``refusionstrappe`` (STAR's staircase positions).

Flow: :func:`open_file` → :func:`guess` (layout, sheet and the suggested :class:`Choices`) →
:func:`read` (a :class:`LayoutResult` with the report and the totals) → :func:`apply` (a new
project, checked; the given project is never changed). Qt-free: the GUI and the CLI call these.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from budgetapp.core.budget import budget_issues
from budgetapp.core.project import Project
from budgetapp.io.hidden_data import hidden_columns_chosen
from budgetapp.io.import_common import ImportRefused
from budgetapp.io.import_report import ImportReport
from budgetapp.io.layouts import jobindsats, kontoplan_budget, staircase, statistikbanken, store, templates
from budgetapp.io.layouts.base import (
    Choices,
    Field,
    LayoutResult,
    TotalCheck,
    apply_remembered,
    suggest_header,
)
from budgetapp.io.workbook_reader import Sheet, Workbook, WorkbookError, open_workbook

__all__ = [
    "LAYOUTS",
    "Choices",
    "Field",
    "Layout",
    "LayoutResult",
    "TotalCheck",
    "apply",
    "guess",
    "open_file",
    "read",
]


@dataclass(frozen=True)
class Layout:
    """One layout: its fields, how to detect and suggest, and how to read it.

    ``kind``: ``template`` (the app's own), ``amounts`` (kr. by kontoplan function), ``persons``
    or ``shares``. ``template`` names the blank template "Hent skabelon" writes (None: none).
    """

    id: str
    title: str
    description: str
    kind: str
    fields: tuple[Field, ...]
    detect: Callable[[Sheet], float]
    suggest: Callable[[Sheet], Choices]
    reader: Callable[..., LayoutResult]
    template: str | None = None
    functions_found: Callable[[Sheet, Choices], list] | None = None
    areas: Callable[[Sheet, Choices], list[str]] | None = None
    header_extra: Callable[[str], str | None] | None = None  # names a field the aliases do not know

    def mapping_at(self, sheet: Sheet, header_row: int) -> dict[int, str]:
        """The suggested mapping when the user puts the header in ``header_row`` (zero-based)."""
        one = Sheet(sheet.name, sheet.rows[header_row : header_row + 1])
        return suggest_header(one, self.fields, self.header_extra)[1]

    @property
    def has_unit(self) -> bool:
        return self.kind == "amounts"


def _template_layout(kind: str, title: str, description: str) -> Layout:
    return Layout(
        kind,
        title,
        description,
        "template",
        templates.fields(kind),
        lambda s: templates.detect(kind, s),
        lambda s: templates.suggest(kind, s),
        lambda book, sheet, choices, project: templates.read(kind, book, sheet, choices, project),
        template=kind,
    )


def _module_layout(module, kind: str, template: str | None = None) -> Layout:
    return Layout(
        module.ID,
        module.TITLE,
        module.DESCRIPTION,
        kind,
        module.FIELDS,
        module.detect,
        module.suggest,
        lambda _book, sheet, choices, project: module.read(sheet, choices, project),
        template,
        getattr(module, "functions_found", None),
        getattr(module, "areas", None),
        getattr(module, "header_field", None),
    )


LAYOUTS: dict[str, Layout] = {
    layout.id: layout
    for layout in (
        _template_layout(
            "budget",
            "Basisbudget (skabelon)",
            "Budgetappens skabelon: målgrupper pr. år med "
            "helårspersoner, ydelse og refusion (ark Budget og Drift).",
        ),
        _template_layout(
            "unitcosts",
            "Udgifter pr. fuldtidsledig (skabelon)",
            "Budgetappens skabelon: HK5-udgift og fuldtidsledige pr. målgruppe og år.",
        ),
        _template_layout("pools", "Puljer (skabelon)", "Budgetappens skabelon: puljer og puljeår."),
        _module_layout(kontoplan_budget, "amounts", "budget"),
        _module_layout(statistikbanken, "amounts"),
        _module_layout(jobindsats, "persons", "budget"),
        _module_layout(staircase, "shares", "budget"),
    )
}


def open_file(path: str | Path) -> Workbook:
    """The workbook; raises WorkbookError with a Danish message."""
    return open_workbook(path)


def guess(
    book: Workbook,
    layout_id: str | None = None,
    sheet: str | None = None,
    remembered: dict[str, dict[str, str]] | None = None,
) -> tuple[Layout, Choices]:
    """The best layout and sheet (or the given ones) and the suggested choices.

    ``remembered`` (layout id → header text → field) overrides the suggestion with what the user
    chose before. Raises WorkbookError when a named sheet cannot be read, ValueError for an
    unknown layout.
    """
    if layout_id is not None and layout_id not in LAYOUTS:
        raise ValueError(f"ukendt layout '{layout_id}'; vælg en af {', '.join(LAYOUTS)}")
    names = [sheet] if sheet else book.sheet_names
    best: tuple[float, Layout, Sheet] | None = None
    for name in names:
        try:
            loaded = book.sheet(name)
        except WorkbookError:
            if sheet:
                raise
            continue
        for layout in [LAYOUTS[layout_id]] if layout_id else LAYOUTS.values():
            score = layout.detect(loaded)
            if best is None or score > best[0]:
                best = (score, layout, loaded)
    if best is None:
        raise WorkbookError(f"Ingen ark i {book.display_name} kan læses")
    _, layout, loaded = best
    choices = layout.suggest(loaded)
    _remembered(loaded, layout, choices, remembered)
    return layout, choices


def _remembered(sheet: Sheet, layout: Layout, choices: Choices, remembered: store.Store | None) -> None:
    if remembered and layout.id in remembered:
        apply_remembered(sheet, choices, remembered[layout.id], layout.fields)
    if remembered:
        choices.targets.update(store.targets_of(remembered, layout.id))


def suggestion_for(
    book: Workbook, layout: Layout, sheet: str, remembered: dict[str, dict[str, str]] | None = None
) -> Choices:
    loaded = book.sheet(sheet)
    choices = layout.suggest(loaded)
    _remembered(loaded, layout, choices, remembered)
    return choices


def read(book: Workbook, layout: Layout, choices: Choices, project: Project) -> LayoutResult:
    """Read with the choices. Never raises for bad content: problems are in the report."""
    try:
        sheet = book.sheet(choices.sheet)
    except WorkbookError as exc:
        report = ImportReport(source=book.display_name)
        report.file_error(str(exc), choices.sheet)
        return LayoutResult(report)
    hidden_report = ImportReport(source=book.display_name)
    used = [(col, key) for col, key in choices.mapping.items() if key]
    if sheet.hidden_columns and not hidden_columns_chosen(sheet, used, choices.header_row,
                                                          book.include_hidden, hidden_report):
        return LayoutResult(hidden_report)
    if layout.kind != "template" and sheet.hidden_rows:  # the templates' reader decides itself
        sheet = _hidden_rows_chosen(sheet, choices, book.include_hidden, hidden_report)
        if hidden_report.has_errors:
            return LayoutResult(hidden_report)
    result = layout.reader(book, sheet, choices, project)
    said = {(p.address, p.expected) for p in result.report.problems}  # the reader may name them too
    for problem in hidden_report.problems:
        if (problem.address, problem.expected) not in said:
            result.report.warning(problem.address, problem.found, problem.expected, problem.adjusted)
    result.report.source = f"{book.display_name} ({choices.sheet})"
    return result


def _hidden_rows_chosen(
    sheet: Sheet, choices: Choices, include: bool | None, report: ImportReport
) -> Sheet:
    """The sheet as the user chose for its hidden data rows below the header: an error for each
    while no choice is made (None), read with a warning (True), or blanked with a warning that
    says figures were left out (False)."""
    from budgetapp.io.cells import is_blank

    rows = list(sheet.rows)
    for r in sorted(sheet.hidden_rows):
        if r <= choices.header_row or r >= len(rows) or all(is_blank(v) for v in rows[r]):
            continue
        where = f"{sheet.name}!A{r + 1}"
        if include is None:
            report.error(where, "-", f"række {r + 1} er skjult i regnearket og har data. Vælg om skjulte "
                         "rækker skal med eller udelades (i importguiden, eller --include-hidden / "
                         "--exclude-hidden), eller vis rækken i regnearket og ret eller slet den")
        elif include:
            report.warning(where, "-", f"række {r + 1} er skjult i regnearket; den indlæses, som valgt")
        else:
            report.warning(where, "-", f"række {r + 1} er skjult i regnearket; den udelades, som valgt",
                           adjusted=True)
            rows[r] = [""] * len(rows[r])
    return Sheet(sheet.name, rows, sheet.hidden_rows, sheet.hidden, sheet.field_counts, sheet.delimiter)


def apply(result: LayoutResult, project: Project) -> Project:
    """The new project; raises ImportRefused (nothing changed) when the import or the result has errors.

    The result must leave the budget as computable as it was: an import that would add a
    problem (a share distribution for a rule without weekly rates …) is refused with it.
    """
    if not result.ok or result.apply is None:
        raise ImportRefused(result.report)
    before = {(i.field, i.message) for i in budget_issues(project.budget)}
    new_project = result.apply(project)
    new_issues = [i for i in budget_issues(new_project.budget) if (i.field, i.message) not in before]
    if new_issues:
        for issue in new_issues[:50]:
            result.report.file_error(f"{issue.field}: {issue.message}")
        raise ImportRefused(result.report)
    return new_project
