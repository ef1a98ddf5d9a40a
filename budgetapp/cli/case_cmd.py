"""``budgetapp case run|sensitivity|break-even``: appraise a business-case file and its uncertainty.

``case run FILE [--json] [--simulate N] [--seed S]`` appraises the case (``budgetapp.case/2`` or
``/1``) and shows, besides the figures per year, what falls after the horizon ("efter perioden"),
the split by styringsområde and, for several effects, the saving of each; with ``--simulate`` it also
draws N values of every input with a three-point estimate and adds the P10/P50/P90 of the net result
per year and the distribution of the payback year. ``case sensitivity FILE [--json]`` prints the
tornado; ``case break-even FILE [--input PATH] [--json]`` the break-even values.
"""

from __future__ import annotations

import argparse
import math
import sys

from budgetapp.cli.output import error, print_json, render_table
from budgetapp.core.appraisal import Appraisal, appraise
from budgetapp.core.break_even import break_even_table
from budgetapp.core.case import BusinessCase, CaseError, load_case
from budgetapp.core.case_inputs import InputError, format_value
from budgetapp.core.explain import explain_break_even, explain_simulation, explain_tornado
from budgetapp.core.formatting import format_number, format_percent, format_thousand_kr
from budgetapp.core.sensitivity import tornado
from budgetapp.core.simulation import DEFAULT_SEED, SimulationResult, simulate

EXIT_BAD_FILE = 2
EXIT_BAD_INPUT = 3
MAX_DRAWS = 1_000_000

ROW_LABELS = (
    ("gross_cost", "Bruttoudgift til indsatsen"),
    ("cost_refusion", "Refusion af driftsudgifter"),
    ("pool_funding", "Puljefinansiering"),
    ("net_cost", "Nettoudgift"),
    ("gross_saving", "Brutto besparelse på forsørgelse"),
    ("refusion_forgone", "Heraf mistet refusion/medfinansiering"),
    ("municipal_saving", "Kommunal besparelse"),
    ("employment_grant_clawback", "Modregning i beskæftigelsestilskud"),
    ("net_result", "Nettoresultat"),
    ("cumulative_net_result", "Akkumuleret nettoresultat"),
)


def register(subparsers: argparse._SubParsersAction) -> None:
    case = subparsers.add_parser("case", help="business cases")
    case_sub = case.add_subparsers(dest="case_command", metavar="KOMMANDO", required=True)
    run = case_sub.add_parser("run", help="beregn en business case-fil (budgetapp.case/2 eller /1)")
    run.add_argument("file", help="business case-fil (.json)")
    run.add_argument("--json", action="store_true", help="udskriv resultatet som JSON")
    run.add_argument("--simulate", type=int, metavar="N",
                     help="simulér N beregninger med casens trepunktsestimater (fx 10000)")
    run.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S",
                     help=f"startværdi for simuleringen; samme værdi giver samme resultat "
                          f"(standard {DEFAULT_SEED})")
    run.set_defaults(func=cmd_run)
    sens = case_sub.add_parser("sensitivity", help="tornado: hvilke input betyder mest for resultatet")
    sens.add_argument("file", help="business case-fil (.json)")
    sens.add_argument("--json", action="store_true", help="udskriv tornadodata som JSON")
    sens.set_defaults(func=cmd_sensitivity)
    be = case_sub.add_parser("break-even", help="værdien af et input, hvor casen netop tjener sig hjem")
    be.add_argument("file", help="business case-fil (.json)")
    be.add_argument("--input", action="append", metavar="STI",
                    help="input (feltsti, fx segments[0].share); kan gentages; standard: de vigtigste")
    be.add_argument("--json", action="store_true", help="udskriv resultatet som JSON")
    be.set_defaults(func=cmd_break_even)


def _load(path: str) -> BusinessCase | None:
    try:
        return load_case(path)
    except CaseError as exc:
        error(f"{path} kan ikke beregnes:")
        for issue in exc.issues:
            print(f"  - {issue}", file=sys.stderr)
        return None


def cmd_run(args: argparse.Namespace) -> int:
    case = _load(args.file)
    if case is None:
        return EXIT_BAD_FILE
    sim = None
    if args.simulate is not None:
        if not 1 <= args.simulate <= MAX_DRAWS:
            error(f"--simulate skal være mellem 1 og {format_number(MAX_DRAWS)}, fik {args.simulate}")
            return EXIT_BAD_INPUT
        try:
            sim = simulate(case, draws=args.simulate, seed=args.seed)
        except InputError as exc:
            error(f"simuleringen kan ikke køres: {exc}")
            return EXIT_BAD_INPUT
    try:
        result = appraise(case)
    except CaseError as exc:
        error(f"{args.file} kan ikke beregnes:")
        for issue in exc.issues:
            print(f"  - {issue}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.json:
        data = result.to_json_dict()
        if sim is not None:
            data.update(sim.to_json_dict())
        return _print_finite_json(data)
    else:
        print(render_text(result))
        if sim is not None:
            print()
            print(render_simulation(sim, case))
    return 0


def cmd_sensitivity(args: argparse.Namespace) -> int:
    case = _load(args.file)
    if case is None:
        return EXIT_BAD_FILE
    try:
        result = tornado(case)
    except InputError as exc:
        error(f"følsomhedsanalysen kan ikke køres: {exc}")
        return EXIT_BAD_INPUT
    if args.json:
        return _print_finite_json(result.to_dict())
    header = ["Input", "Lav", "Høj", "Resultat ved lav", "Resultat ved høj", "Udsving"]
    rows = [[b.label, format_value(b.kind, b.low_value), format_value(b.kind, b.high_value),
             format_thousand_kr(b.result_low), format_thousand_kr(b.result_high),
             format_thousand_kr(b.swing)] for b in result.bars]
    print(f"Følsomhed: {case.name}")
    print(f"Samlet nettoresultat {case.year_labels[0]}-{case.year_labels[-1]} i 1.000 kr.; "
          "hvert input varieres for sig, de øvrige er som indtastet.")
    print()
    print(render_table(header, rows))
    print()
    print(explain_tornado(result))
    return 0


def cmd_break_even(args: argparse.Namespace) -> int:
    case = _load(args.file)
    if case is None:
        return EXIT_BAD_FILE
    try:
        table = break_even_table(case, args.input)
    except InputError as exc:
        error(f"break-even kan ikke beregnes: {exc}")
        return EXIT_BAD_INPUT
    if args.json:
        return _print_finite_json({"name": case.name, "years": case.year_labels,
                                   "break_even": [{"budget_period": a.to_dict(), "horizon": b.to_dict()}
                                                  for a, b in table]})
    print(f"Break-even: {case.name}")
    for budget, horizon in table:
        print(f"- {explain_break_even(budget)}")
        if horizon.within_years != budget.within_years:
            print(f"  {explain_break_even(horizon)}")
    return 0


def render_simulation(sim: SimulationResult, case: BusinessCase | None = None) -> str:
    header = ["1.000 kr.", *[str(y) for y in sim.years]]
    rows = [
        ["Nettoresultat, indtastet", *[format_thousand_kr(v) for v in sim.base_net_result]],
        ["Nettoresultat, P10", *[format_thousand_kr(v) for v in sim.p10]],
        ["Nettoresultat, P50", *[format_thousand_kr(v) for v in sim.p50]],
        ["Nettoresultat, P90", *[format_thousand_kr(v) for v in sim.p90]],
    ]
    payback = ", ".join(f"{p.year if p.year is not None else 'ikke tjent hjem'}: "
                        f"{format_percent(p.share, 1)}" for p in sim.payback_distribution)
    return "\n".join([
        f"Simulering: {format_number(sim.draws)} beregninger, frø {sim.seed}",
        "",
        render_table(header, rows),
        "",
        f"Tilbagebetalingsår: {payback}",
        "",
        explain_simulation(sim, case),
    ])


def _print_finite_json(data: dict) -> int:
    """Print ``data`` as JSON, or refuse (exit 3) when a number in it is NaN or infinite: such a
    number is never written as null."""
    bad = non_finite_paths(data)
    if bad:
        error("resultatet indeholder tal, der ikke er endelige: " + ", ".join(bad[:5]))
        return EXIT_BAD_INPUT
    print_json(data)
    return 0


def non_finite_paths(data: object, path: str = "") -> list[str]:
    """The JSON paths of every NaN or infinite number in ``data`` (never written as null)."""
    out: list[str] = []
    stack = [(path, data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            out.append(where or "(rod)")
        elif isinstance(value, dict):
            stack.extend((f"{where}.{k}" if where else str(k), v) for k, v in value.items())
        elif isinstance(value, list | tuple):
            stack.extend((f"{where}[{i}]", v) for i, v in enumerate(value))
    return sorted(out)


TIMING_TEXT = {
    "calendar": "kalenderår: hver ydelsesuge tæller i det år, den falder i",
    "entry_year": "tilgangsår: hele forløbet tæller i det år, personen kommer ind (som i case/1)",
}
TAIL_ROWS = {"gross_cost": "gross_cost", "net_cost": "net_cost", "gross_saving": "gross_saving",
             "municipal_saving": "municipal_saving",
             "employment_grant_clawback": "employment_grant_clawback"}
AREA_LABELS = {"service": "Service", "overførsler": "Overførsler", "anlæg": "Anlæg"}


def render_text(result: Appraisal) -> str:
    calendar = result.case.timing == "calendar"
    tail = result.after_horizon
    header = ["1.000 kr.", *[str(y) for y in result.years], "I alt"]
    if calendar:
        header.append("Efter perioden")
    rows = []
    grant = any(e.employment_grant is not None for e in result.case.effects)
    for key, label in ROW_LABELS:
        if key == "employment_grant_clawback" and not grant:
            continue
        values = result.series[key]
        total = "" if key == "cumulative_net_result" else format_thousand_kr(sum(values))
        row = [label, *[format_thousand_kr(v) for v in values], total]
        if calendar:
            row.append(format_thousand_kr(tail[key]) if key in TAIL_ROWS else "")
        rows.append(row)
    saved = result.series["saved_weeks"]
    row = ["Sparede ydelsesuger (antal)", *[format_number(v, 1) for v in saved],
           format_number(sum(saved), 1)]
    if calendar:
        row.append(format_number(tail["saved_weeks"], 1))
    rows.append(row)
    lines = [
        f"Business case: {result.case.name}",
        f"Målgruppe: {result.case.target_group}",
        f"Refusionsregel for forsørgelse: {result.case.benefit_refusion.rule}",
        f"Tidsregning: {TIMING_TEXT[result.case.timing]}",
        "",
        render_table(header, rows),
        "",
    ]
    if calendar:
        lines += [
            "Efter perioden: besparelse på forløb, der er startet i perioden, men falder efter "
            f"{result.years[-1]}. Den indgår ikke i nettoresultat, tilbagebetaling og nutidsværdi.",
            "",
        ]
    if grant:
        lines += [
            "Modregning i beskæftigelsestilskud: en andel af besparelsen på dagpenge kommer tilbage "
            "som et lavere beskæftigelsestilskud 2 år senere (lov om kommunal udligning og "
            "generelle tilskud til kommuner, § 23 a); den trækkes fra nettoresultatet.",
            "",
        ]
    area_header = ["Ændring i nettoudgift, 1.000 kr.", *[str(y) for y in result.years], "I alt"]
    area_rows = [[AREA_LABELS[a], *[format_thousand_kr(v) for v in values],
                  format_thousand_kr(sum(values))]
                 for a, values in result.by_styringsomraade.items()]
    lines += [render_table(area_header, area_rows),
              "(positiv = merudgift; de tre summer til minus nettoresultatet)", ""]
    if len(result.effects) > 1:
        eff_header = ["Kommunal besparelse, 1.000 kr.", *[str(y) for y in result.years], "I alt"]
        eff_rows = [[e["name"], *[format_thousand_kr(v) for v in e["municipal_saving"]],
                     format_thousand_kr(sum(e["municipal_saving"]))] for e in result.effects]
        lines += [render_table(eff_header, eff_rows), ""]
    lines += [
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
