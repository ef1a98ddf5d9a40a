"""``budgetapp project summary FILE [--json] [--scenario NAVN]``: the projection of a project file.

Exit codes: 0 = printed; 1 = the file cannot be opened or the project cannot be computed.
"""

from __future__ import annotations

import argparse
import sys

from budgetapp.cli.output import error, print_json, render_table
from budgetapp.core.budget import STYRINGSOMRAADER
from budgetapp.core.case import CaseError
from budgetapp.core.formatting import format_thousand_kr
from budgetapp.core.price_index import PriceIndexError
from budgetapp.core.project import Project
from budgetapp.core.projection import Projection, ProjectionEngine
from budgetapp.io.project_file import ProjectFileError, load_checked_project

EXIT_ERROR = 1
AREA_LABELS = {"service": "Service", "overførsler": "Overførsler", "anlæg": "Anlæg"}


def register(subparsers: argparse._SubParsersAction) -> None:
    project = subparsers.add_parser("project", help="projektfiler (.jcbudget)")
    sub = project.add_subparsers(dest="project_command", metavar="KOMMANDO", required=True)
    summary = sub.add_parser("summary", help="vis basisbudget og fremskrivning med business cases")
    summary.add_argument("file", help="projektfil (.jcbudget)")
    summary.add_argument("--json", action="store_true", help="udskriv resultatet som JSON (beløb i kr.)")
    summary.add_argument("--scenario", metavar="NAVN", help="beregn med dette scenaries forudsætninger")
    summary.set_defaults(func=cmd_summary)


def cmd_summary(args: argparse.Namespace) -> int:
    try:
        project = load_checked_project(args.file)  # the same check export uses
    except ProjectFileError as exc:
        error(str(exc))
        return EXIT_ERROR
    if args.scenario is not None and args.scenario not in [s.name for s in project.scenarios]:
        known = ", ".join(s.name for s in project.scenarios) or "ingen"
        error(f"Projektet har intet scenarie med navnet '{args.scenario}'. Kendte scenarier: {known}.")
        return EXIT_ERROR
    problems = project.issues()
    if problems:
        error(f"{args.file} kan ikke beregnes:")
        for issue in problems:
            print(f"  - {issue}", file=sys.stderr)
        return EXIT_ERROR
    try:
        result = ProjectionEngine(project).result(scenario=args.scenario)
    except (CaseError, PriceIndexError, KeyError, ValueError) as exc:
        error(f"{args.file} kan ikke beregnes: {exc}")
        return EXIT_ERROR
    if args.json:
        print_json(summary_json(project, result))
    else:
        print(render_text(project, result))
    return 0


def summary_json(project: Project, result: Projection) -> dict:
    data = result.to_json_dict()
    return {
        "municipality": project.municipality,
        "budget_year": project.budget_year,
        "last_accounts_year": project.last_accounts_year,
        **data,
    }


def _row(label: str, values: list[float]) -> list[str]:
    return [label, *[format_thousand_kr(v) for v in values]]


def render_text(project: Project, result: Projection) -> str:
    years = result.years
    header = ["1.000 kr.", *[_year_label(project, y) for y in years]]
    rows: list[list[str]] = []
    for line in result.lines:
        rows.append([line.label, *[""] * len(years)])
        rows.append(_row("  Bruttoudgift", [line.gross.get(y, 0.0) for y in years]))
        if any(line.refusion.get(y, 0.0) for y in years):
            rows.append(_row("  Refusion", [-line.refusion.get(y, 0.0) for y in years]))
        if any(line.pool_income.get(y, 0.0) for y in years):
            rows.append(_row("  Puljeindtægt", [-line.pool_income.get(y, 0.0) for y in years]))
        rows.append(_row("  Nettoudgift", [line.net(y) for y in years]))
        if any(line.case_effect.get(y, 0.0) for y in years):
            rows.append(_row("  Nettoudgift med business cases", [line.projected_net(y) for y in years]))
    rows.append(["I alt", *[""] * len(years)])
    rows.append(_row("  Bruttoudgift", [result.total_gross(y) for y in years]))
    rows.append(_row("  Refusion", [-result.total_refusion(y) for y in years]))
    rows.append(_row("  Puljeindtægt", [-result.total_pool_income(y) for y in years]))
    rows.append(_row("  Nettoudgift, basisbudget", [result.total_net(y) for y in years]))
    rows.append(_row("  Business cases i alt (besparelse)", [-result.total_case_effect(y) for y in years]))
    rows.append(_row("  Nettoudgift med business cases", [result.total_projected_net(y) for y in years]))

    rows.append(["Pr. styringsområde (nettoudgift)", *[""] * len(years)])
    for area in STYRINGSOMRAADER:
        label = AREA_LABELS[area]
        rows.append(_row(f"  {label}, basisbudget", [result.base_by_area(area, y) for y in years]))
        for case in result.cases:
            if case.enabled and any(result.case_by_area(case.name, area, y) for y in years):
                rows.append(_row(f"    {case.name}",
                                 [result.case_by_area(case.name, area, y) for y in years]))
        rows.append(_row(f"  {label} i alt", [result.projected_by_area(area, y) for y in years]))
    rows.append(_row("  I alt", [sum(result.projected_by_area(a, y) for a in STYRINGSOMRAADER)
                                 for y in years]))

    case_rows = [_row(f"{'[x]' if c.enabled else '[ ]'} {c.name}", [c.saving(y) for y in years])
                 for c in result.cases]
    title = f"{project.municipality}: basisbudget og fremskrivning"
    lines = [
        title,
        f"Budgetår {project.budget_year}. Beløb i 1.000 kr., {result.price_level_year} p/l. "
        f"Udgifter positive, indtægter og besparelser negative.",
    ]
    if result.scenario:
        lines.append(f"Scenarie: {result.scenario}")
    lines += ["", render_table(header, rows)]
    if case_rows:
        lines += ["", "Business cases: kommunens nettobesparelse pr. år (+ = besparelse; [x] = valgt)",
                  render_table(["1.000 kr.", *[str(y) for y in years]], case_rows)]
    lines += [f"Bemærk: {w}" for w in result.warnings]
    for case in result.cases:
        lines += [f"Bemærk ({case.name}): {w}" for w in case.warnings]
    return "\n".join(lines)


def _year_label(project: Project, year: int) -> str:
    if project.last_accounts_year == year:
        return f"R{year}"
    if year == project.budget_year:
        return f"B{year}"
    if year in project.overslag_years:
        return f"BO{year}"
    return str(year)
