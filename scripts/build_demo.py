"""Build the demo project ``resources/demo/eksempel-kommune.jcbudget`` from readable sources.

Sources: ``resources/demo/source/eksempel-kommune.json`` (municipality, assumptions, cases,
scenarios), ``resources/demo/source/pools.json``, the case files in ``resources/examples/`` and
the national reference tables in ``resources/reference/``. The build is deterministic: running
it twice gives the same file. Usage::

    .venv/bin/python scripts/build_demo.py [OUT.jcbudget]
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from budgetapp.core.benchmarks import (  # noqa: E402
    SOURCE_53,
    SOURCE_54,
    SOURCE_55,
    SOURCE_56,
    UNASSIGNED,
    load_reference_tables,
)
from budgetapp.core.budget import BaseBudget, GroupYear, OperationLine  # noqa: E402
from budgetapp.core.case import load_case  # noqa: E402
from budgetapp.core.formatting import format_number  # noqa: E402
from budgetapp.core.pools import Pool, PoolYear  # noqa: E402
from budgetapp.core.price_index import default_price_index  # noqa: E402
from budgetapp.core.project import (  # noqa: E402
    InputSource,
    Project,
    ProjectCase,
    Scenario,
    apply_overrides,
    source_key,
)
from budgetapp.core.unit_costs import OperationExpense, UnitCostInputs, UnitCostLine  # noqa: E402
from budgetapp.io.project_file import save_project  # noqa: E402
from budgetapp.resources import demo_project_path, examples_dir, reference_dir, resources_dir  # noqa: E402

SOURCE_DIR = resources_dir() / "demo" / "source"
SEED = "seed 003_282ac59a8741076f.txt"
DURATION_SOURCE = {
    "Dagpengemodtagere": f"{SEED}, Tabel 4.5, L2331-2365",
    "Aktivitetsparate": f"{SEED}, Tabel 4.2, L1713-1762",
    "Jobparate": f"{SEED}, Tabel 4.3, L1931-1968",
    "Sygedagpengemodtagere": f"{SEED}, Tabel 4.4, L2123-2163",
}


def mean_duration_weeks(groups: list[str]) -> float:
    """Spell-weighted mean duration (months × 52/12) over the exit reasons of ``groups``."""
    spells = 0.0
    weighted = 0.0
    with (reference_dir() / "exit_durations_by_group.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["target_group"] in groups and row["mean_months"]:
                spells += float(row["spells"])
                weighted += float(row["spells"]) * float(row["mean_months"])
    return weighted / spells * 52.0 / 12.0


def bands_from_mean(mean_weeks: float) -> tuple[float, float, float, float]:
    """Share of benefit weeks in weeks 1-4 / 5-26 / 27-52 / 53+ for exponential spells.

    In a steady stream of spells with exponentially distributed length (mean m), the share of
    all benefit weeks that lie after week a is exp(−a/m). Rounded to 4 decimals; the last band
    takes the rest so the shares sum to 1.
    """
    def tail(week: float) -> float:
        return math.exp(-week / mean_weeks)

    first = round(1 - tail(4), 4)
    second = round(tail(4) - tail(26), 4)
    third = round(tail(26) - tail(52), 4)
    return first, second, third, round(1.0 - first - second - third, 4)


def _kr(value: float) -> str:
    return format_number(value, 0)


def build_demo_project() -> Project:
    spec = json.loads((SOURCE_DIR / "eksempel-kommune.json").read_text(encoding="utf-8"))
    tables = load_reference_tables()
    index = default_price_index()
    ref_year = spec["scale"]["reference_year"]
    denominator = spec["scale"]["factor_denominator"]
    price_level = spec["price_level_year"]
    pl = index.factor(ref_year, price_level)
    pl_text = (f"omregnet fra {ref_year}-priser til {price_level} p/l med faktor "
               f"{format_number(pl, 4)} (resources/reference/pl_index.csv)")
    sources: dict[str, InputSource] = {}

    groups: list[GroupYear] = []
    names: dict[str, str] = {}
    for key, g in spec["groups"].items():
        names[key] = g["label"]
        persons = round(tables.fulltime_persons[(key, ref_year)] / denominator, 1)
        measures = round(tables.per_person[(key, ref_year)] * pl)
        if "band_distribution" in g:
            bands = tuple(float(b) for b in g["band_distribution"])
            band_source = g["band_source"]
        else:
            duration_groups = g["duration_group"]
            duration_groups = [duration_groups] if isinstance(duration_groups, str) else duration_groups
            mean = mean_duration_weeks(duration_groups)
            bands = bands_from_mean(mean)
            cited = "; ".join(DURATION_SOURCE[d] for d in duration_groups)
            band_source = (f"Modelantagelse: forløbslængder eksponentielt fordelt med middelvarighed "
                           f"{format_number(mean, 1)} uger ({cited}, vægtet med antal forløb); "
                           "andelen af ugerne efter uge a er exp(−a/middelvarighed). Tidligere forløb "
                           "tæller med på trappen, så andelen i uge 53+ er snarere undervurderet.")
        persons_source = (f"{SOURCE_54}: {_kr(tables.fulltime_persons[(key, ref_year)])} fuldtidsledige i "
                          f"{ref_year} × 1/{denominator}, afrundet til én decimal; samme niveau alle år")
        measures_source = (f"{SOURCE_56}: {_kr(tables.per_person[(key, ref_year)])} kr. i {ref_year}, "
                           f"{pl_text}")
        for year in spec["years"]:
            groups.append(GroupYear(
                target_group=key, year=year, full_year_persons=persons,
                benefit_per_full_year_person=float(g["benefit_per_full_year_person"]),
                refusion_rule=g["refusion_rule"], band_distribution=bands,
                measures_per_full_year_person=float(measures),
                benefit_function=g["benefit_function"], measures_function="5.68.90",
                source=f"Skaleret landstal ({SOURCE_54}; {SOURCE_56}); ydelse: antagelse",
            ))
            base = ("budget", key, year)
            sources[source_key(*base, "full_year_persons")] = InputSource(persons_source)
            sources[source_key(*base, "benefit_per_full_year_person")] = InputSource(g["benefit_source"])
            sources[source_key(*base, "band_distribution")] = InputSource(band_source)
            sources[source_key(*base, "measures_per_full_year_person")] = InputSource(measures_source)
            sources[source_key(*base, "refusion_rule")] = InputSource(
                f"resources/rules/{g['refusion_rule']}.toml", "Gældende regel for ydelsen")
            sources[source_key(*base, "functions")] = InputSource(spec["functions_source"])

    hk6_2019 = tables.totals_mio[ref_year]["hk6_jobcentre_operation"]
    hk6 = round(hk6_2019 * 1e6 / denominator * pl, -3)
    operation = []
    for year in spec["years"]:
        operation.append(OperationLine("Jobcenterdrift (løn og drift)", year, hk6, "6.45.53", "service",
                                       source=f"Skaleret landstal ({SOURCE_53})"))
        sources[source_key("operation", "Jobcenterdrift (løn og drift)", year)] = InputSource(
            f"{SOURCE_53}: HK6 {_kr(hk6_2019)} mio. kr. i {ref_year} (surveykorrigeret) × 1/{denominator}, "
            f"{pl_text}, afrundet til hele 1.000 kr.")

    budget = BaseBudget(spec["municipality"], spec["budget_year"], price_level, tuple(groups),
                        tuple(operation), names, spec["last_accounts_year"])

    # Unit-cost inputs for the last accounts year: the budget's HK5 by group plus the national
    # "Øvrige" HK5 (other groups and unassigned costs), scaled the same way, and HK6.
    accounts = spec["last_accounts_year"]
    lines = [UnitCostLine(g.target_group, g.year, g.full_year_persons,
                          round(g.full_year_persons * g.measures_per_full_year_person),
                          source="Basisbudgettets regnskabsår: helårspersoner × indsats pr. helårsperson")
             for g in groups if g.year == accounts]
    unassigned = round(tables.measure_expenses_mio[(UNASSIGNED, ref_year)] * 1e6 / denominator * pl, -3)
    lines.append(UnitCostLine(UNASSIGNED, accounts, 0.0, unassigned,
                              source=f"{SOURCE_55}, rækken Øvrige × 1/{denominator}, {pl_text}"))
    unit_costs = UnitCostInputs(price_level, tuple(lines),
                                (OperationExpense(accounts, hk6, source=f"Skaleret landstal ({SOURCE_53})"),))

    cases: list[ProjectCase] = []
    for entry in spec["cases"]:
        case = original = load_case(examples_dir() / entry["file"])
        if entry.get("overrides"):
            case = apply_overrides(case, entry["overrides"], protected=frozenset())
            notes = dict(case.notes)
            notes.update(entry.get("override_notes", {}))
            # apply_overrides drops the case's own scenarios and follow-up; the demo keeps them
            case = replace(case, notes=notes, scenarios=original.scenarios, follow_up=original.follow_up)
        cases.append(ProjectCase(case, entry["enabled"], entry["budget_group"], entry["price_level_year"]))

    scenarios = [Scenario(s["name"], s["overrides"], s["description"]) for s in spec["scenarios"]]

    pools = []
    for raw in json.loads((SOURCE_DIR / spec["pools_file"]).read_text(encoding="utf-8")):
        pools.append(Pool(
            id=raw["id"], name=raw["name"], grantor=raw["grantor"],
            start_date=dt.date.fromisoformat(raw["start_date"]),
            end_date=dt.date.fromisoformat(raw["end_date"]),
            grant_rate=raw["grant_rate"], eligible_cost=float(raw["eligible_cost"]),
            years=tuple(PoolYear(y["year"], float(y["expense"]), float(y["income"]),
                                 float(y["application_cost"]), float(y["administration_cost"]),
                                 float(y["staff_fte"])) for y in raw["years"]),
            account=raw["account"], target_group=raw["target_group"],
            price_level_year=raw["price_level_year"], source=raw["source"], notes=raw["notes"]))
        for field_name, text in raw["notes"].items():
            sources[source_key("pool", raw["id"], field_name)] = InputSource(text)

    sources[source_key("project", "scale")] = InputSource(spec["scale"]["note"])
    sources[source_key("project", "groups")] = InputSource(spec["groups_note"])
    sources[source_key("project", "price_level_year")] = InputSource(
        f"Beløbene står i {price_level} p/l; referencetabellerne er i {ref_year}-priser og omregnes med "
        f"projektets indeks")
    for point in index.points:
        sources[source_key("price_index", point.year)] = InputSource(point.source)

    project = Project(
        municipality=spec["municipality"], budget_year=spec["budget_year"], price_level_year=price_level,
        budget=budget, unit_costs=unit_costs, pools=pools, cases=cases, scenarios=scenarios,
        notes=spec["notes"], sources=dict(sorted(sources.items())), price_index=index,
        last_accounts_year=accounts, size_group=spec["size_group"],
        rammevilkaar_group=spec["rammevilkaar_group"],
    )
    problems = project.issues()
    if problems:
        raise SystemExit("Demoprojektet er ugyldigt:\n" + "\n".join(f"  - {p}" for p in problems))
    return project


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else demo_project_path()
    out.parent.mkdir(parents=True, exist_ok=True)
    save_project(build_demo_project(), out)
    print(f"Skrev {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
