"""The council workbook (byrådsmappe): Resumé, one sheet per case, Følsomhed og usikkerhed, Basisbudget,
Puljer, Forudsætninger.

Entry points:

* :func:`export_council_workbook` (``path``, :class:`WorkbookContent`) writes the workbook safely
  (temporary file + rename, :mod:`budgetapp.export.safe_write`) and returns the layout.
* :func:`content_from_project` and :func:`content_from_cases` build the content from a project
  (``.jcbudget``) or from loose case files.

The workbook never imports Qt. See ``docs/council-workbook.md`` for the layout and conventions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError

from budgetapp.core.case import BusinessCase
from budgetapp.core.project import Project
from budgetapp.core.projection import ProjectionEngine
from budgetapp.core.simulation import DEFAULT_DRAWS, DEFAULT_SEED
from budgetapp.export.case_figures import case_figures
from budgetapp.export.case_sheet import CaseSheetLayout, write_case_sheet
from budgetapp.export.decision_sheet import DecisionSectionLayout, case_decision, write_decision_sheet
from budgetapp.export.safe_write import ExportError, write_atomically
from budgetapp.export.summary_sheets import (
    ASSUMPTIONS_SHEET,
    SUMMARY_SHEET,
    write_assumptions_sheet,
    write_summary_sheet,
)
from budgetapp.export.workbook_style import make_styles, sheet_name

PRICE_LEVEL_UNKNOWN = "prisniveau som i business case-filen (ikke angivet)"


@dataclass
class WorkbookContent:
    """What goes into a council workbook. Amounts in the cases are at ``price_level``."""

    title: str
    municipality: str
    price_level: str                 # e.g. "2026 p/l"
    budget_year: int
    cases: list[BusinessCase]
    project: Project | None = None   # gives the Basisbudget and Puljer sheets
    extra_sources: list[tuple[str, str, str]] = field(default_factory=list)
    # decision support: case name → [(project scenario, description, the case in it)], same price level
    project_scenarios: dict[str, list[tuple[str, str, BusinessCase]]] = field(default_factory=dict)
    scenario: str | None = None      # the project scenario the cases are shown in (None: as entered)
    draws: int = DEFAULT_DRAWS       # simulation on the sheet "Følsomhed og usikkerhed"
    seed: int = DEFAULT_SEED


@dataclass
class WorkbookLayout:
    """Where the figures are, for tests and callers: one layout per case sheet, in order."""

    cases: list[CaseSheetLayout]
    sheets: list[str]
    summary_cells: dict[str, dict[int, tuple[int, int]]]
    decision: list[DecisionSectionLayout] = field(default_factory=list)


# Paths of kroner inputs: their three-point estimates and scenario values move with the price level.
_MONEY_PATH = re.compile(r"^((effects\[\d+\]\.)?benefit_per_full_year_person|total_cost_per_year|"
                         r"costs\[\d+\]\.(amount_per_year|amount_per_full_year_participant)(\[\d+\])?|"
                         r"pool_funding\[\d+\]\.amount_per_year(\[\d+\])?)$")


def _scale_value(value: Any, factor: float) -> Any:
    if isinstance(value, list):
        return [_scale_value(v, factor) for v in value]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value * factor
    return value


def scale_money(case: BusinessCase, factor: float) -> BusinessCase:
    """The case with every kroner amount multiplied by ``factor`` (a price-level conversion).

    All results are linear in the amounts, so the appraisal scales by the same factor. The
    three-point estimates and scenario values of kroner inputs (benefit, cost lines, pool funding,
    total cost) are scaled too, so the decision support is at the same price level.
    """
    if factor == 1.0:
        return case

    def scale(amount):
        return [a * factor for a in amount] if isinstance(amount, list) else amount * factor

    estimates = tuple(replace(e, min=e.min * factor, most_likely=e.most_likely * factor, max=e.max * factor)
                      if _MONEY_PATH.match(e.path) else e for e in case.uncertainty)
    scenarios = tuple(replace(s, overrides={k: _scale_value(v, factor) if _MONEY_PATH.match(k) else v
                                            for k, v in s.overrides.items()})
                      for s in case.scenarios)

    costs = tuple(replace(c, amount_per_year=scale(c.amount_per_year),
                          amount_per_full_year_participant=c.amount_per_full_year_participant * factor)
                  for c in case.costs)
    pools = tuple(replace(p, amount_per_year=scale(p.amount_per_year)) for p in case.pool_funding)
    effects = tuple(replace(e, benefit_per_full_year_person=e.benefit_per_full_year_person * factor)
                    for e in case.effects)
    return replace(case, effects=effects, costs=costs, pool_funding=pools, uncertainty=estimates,
                   scenarios=scenarios)


def content_from_cases(cases: Sequence[BusinessCase], title: str | None = None) -> WorkbookContent:
    """Content for loose case files: no base budget or pools; the price level is the files' own."""
    if not cases:
        raise ExportError("Der er ingen business cases at eksportere.")
    return WorkbookContent(
        title=title or "Business cases til byrådet",
        municipality="ikke angivet (eksporteret fra business case-filer)",
        price_level=PRICE_LEVEL_UNKNOWN,
        budget_year=min(c.start_year for c in cases),
        cases=list(cases),
    )


def content_from_project(project: Project, case_names: Sequence[str] | None = None,
                         scenario: str | None = None) -> WorkbookContent:
    """Content for a project: the named cases (default: every switched-on case, else all).

    Each case is taken as the projection uses it (scenario overrides, pool income filled from the
    project's pools) and converted to the project's price level. Raises :class:`ExportError` for
    an unknown case name.
    """
    engine = ProjectionEngine(project)
    known = [c.name for c in project.cases]
    if case_names:
        missing = [n for n in case_names if n not in known]
        if missing:
            raise ExportError(f"Projektet har ingen business case med navnet "
                              f"{', '.join(repr(n) for n in missing)}. Kendte: {', '.join(known)}.")
        names = list(case_names)
    else:
        names = project.enabled_case_names or known
    if not names:
        raise ExportError("Projektet har ingen business cases at eksportere.")
    cases = []
    variants: dict[str, list[tuple[str, str, BusinessCase]]] = {}
    for name in names:
        entry = project.case(name)
        case = engine.effective_case(name, scenario)
        factor = project.price_index.factor(entry.price_level_year or project.price_level_year,
                                            project.price_level_year)
        cases.append(scale_money(case, factor))
        variants[case.name] = [
            (s.name, s.description, scale_money(engine.effective_case(name, s.name), factor))
            for s in project.scenarios if s.overrides.get(name) and s.name != scenario]
    extra = [("Kommune", project.municipality, ""),
             ("Budgetår", str(project.budget_year), ""),
             ("Prisniveau", f"{project.price_level_year} p/l", "Projektets pris- og lønindeks")]
    for key, src in sorted(project.sources.items()):
        if key.startswith(("project/", "price_index/")) and (src.source or src.remark):
            extra.append((key, "", "; ".join(t for t in (src.source, src.remark) if t)))
    return WorkbookContent(
        title=f"Business cases – {project.municipality}, budget {project.budget_year}",
        municipality=project.municipality,
        price_level=f"{project.price_level_year} p/l",
        budget_year=project.budget_year,
        cases=cases,
        project=project,
        extra_sources=extra,
        project_scenarios=variants,
        scenario=scenario,
    )


def build_council_workbook(path: str | Path, content: WorkbookContent) -> WorkbookLayout:
    """Write the workbook to ``path`` directly (no temporary file); see :func:`export_council_workbook`."""
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                               "strings_to_numbers": False})
    workbook.set_properties({"title": content.title, "subject": "Byrådsmappe: business cases",
                             "company": content.municipality, "comments": content.price_level})
    styles = make_styles(workbook)
    summary = workbook.add_worksheet(SUMMARY_SHEET)
    used: set[str] = set()
    pairs = []
    for case in content.cases:
        fig = case_figures(case)
        name = sheet_name(case.name, used)
        pairs.append((fig, write_case_sheet(workbook, styles, name, fig, content.price_level)))
    cells = write_summary_sheet(workbook, styles, content.title, content.municipality, content.price_level,
                                content.budget_year, pairs, sheet=summary)
    decisions = [case_decision(case, content.project_scenarios.get(case.name, []), content.draws,
                               content.seed) for case in content.cases]
    decision_layout = write_decision_sheet(workbook, styles, decisions, content.price_level, content.scenario)
    if content.project is not None:
        from budgetapp.export.budget_sheets import write_budget_sheet, write_pools_sheet

        write_budget_sheet(workbook, styles, content.project)
        write_pools_sheet(workbook, styles, content.project)
    write_assumptions_sheet(workbook, styles, pairs, content.extra_sources)
    summary.activate()
    try:
        workbook.close()
    except FileCreateError as exc:
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(str(exc))
        raise inner from exc
    return WorkbookLayout(cases=[lay for _, lay in pairs],
                          sheets=[ws.get_name() for ws in workbook.worksheets()], summary_cells=cells,
                          decision=decision_layout)


def export_council_workbook(target: str | Path, content: WorkbookContent) -> WorkbookLayout:
    """Write the council workbook to ``target`` without risking an earlier export.

    Raises :class:`ExportError` with a Danish message when it cannot be written.
    """
    result: list[WorkbookLayout] = []
    write_atomically(target, lambda temp: result.append(build_council_workbook(temp, content)))
    return result[0]


__all__ = ["ASSUMPTIONS_SHEET", "SUMMARY_SHEET", "WorkbookContent",
           "WorkbookLayout", "build_council_workbook", "content_from_cases", "content_from_project",
           "export_council_workbook", "scale_money"]
