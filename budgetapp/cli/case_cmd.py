"""``budgetapp case run FILE [--json]``: appraise a business-case file."""

from __future__ import annotations

import argparse

from budgetapp.cli.output import error, print_json, render_table
from budgetapp.core.appraisal import Appraisal, appraise
from budgetapp.core.case import CaseError, load_case
from budgetapp.core.formatting import format_number, format_percent, format_thousand_kr

EXIT_BAD_FILE = 2

ROW_LABELS = (
    ("gross_cost", "Bruttoudgift til indsatsen"),
    ("cost_refusion", "Refusion af driftsudgifter"),
    ("pool_funding", "Puljefinansiering"),
    ("net_cost", "Nettoudgift"),
    ("gross_saving", "Brutto besparelse på forsørgelse"),
    ("refusion_forgone", "Heraf mistet refusion/medfinansiering"),
    ("municipal_saving", "Kommunal besparelse"),
    ("net_result", "Nettoresultat"),
    ("cumulative_net_result", "Akkumuleret nettoresultat"),
)


def register(subparsers: argparse._SubParsersAction) -> None:
    case = subparsers.add_parser("case", help="business cases")
    case_sub = case.add_subparsers(dest="case_command", metavar="KOMMANDO", required=True)
    run = case_sub.add_parser("run", help="beregn en business case-fil (budgetapp.case/1)")
    run.add_argument("file", help="business case-fil (.json)")
    run.add_argument("--json", action="store_true", help="udskriv resultatet som JSON")
    run.set_defaults(func=cmd_run)


def cmd_run(args: argparse.Namespace) -> int:
    try:
        case = load_case(args.file)
    except CaseError as exc:
        error(f"{args.file} kan ikke beregnes:")
        for issue in exc.issues:
            print(f"  - {issue}", file=__import__("sys").stderr)
        return EXIT_BAD_FILE
    result = appraise(case)
    if args.json:
        print_json(result.to_json_dict())
    else:
        print(render_text(result))
    return 0


def render_text(result: Appraisal) -> str:
    header = ["1.000 kr.", *[str(y) for y in result.years], "I alt"]
    rows = []
    for key, label in ROW_LABELS:
        values = result.series[key]
        total = "" if key == "cumulative_net_result" else format_thousand_kr(sum(values))
        rows.append([label, *[format_thousand_kr(v) for v in values], total])
    saved = result.series["saved_weeks"]
    rows.append(["Sparede ydelsesuger (antal)", *[format_number(v, 1) for v in saved],
                 format_number(sum(saved), 1)])
    lines = [
        f"Business case: {result.case.name}",
        f"Målgruppe: {result.case.target_group}",
        f"Refusionsregel for forsørgelse: {result.case.benefit_refusion.rule}",
        "",
        render_table(header, rows),
        "",
        f"Helårspersoner i indsatsen: {format_number(result.full_year_persons_in_effort, 2)}",
        f"Nutidsværdi (diskonteringsrente {format_percent(result.case.discount_rate, 1)}): "
        f"{format_thousand_kr(result.npv)} t.kr.",
        "Tilbagebetaling: "
        + (f"{result.payback_year} (år {result.payback_years})" if result.payback_year
           else "ikke inden for perioden"),
        "Break-even: "
        + (f"{format_percent(result.break_even_effect_share, 1)} af den forventede effekt"
           if result.break_even_effect_share is not None
           else "ingen kommunal besparelse at dække udgiften med"),
    ]
    lines += [f"Bemærk: {w}" for w in result.warnings]
    return "\n".join(lines)
