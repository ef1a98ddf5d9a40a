"""Build the demo project ``resources/demo/eksempel-kommune.jcbudget`` from readable sources.

Sources: ``resources/demo/source/eksempel-kommune.json`` (municipality, assumptions, cases,
scenarios), ``resources/demo/source/pools.json``, the case files in ``resources/examples/``, the
national reference tables and the two price indices in ``resources/reference/`` and the 2026
benefit levels in ``resources/catalogues/``. The build is deterministic: running it twice gives
the same file. Usage::

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
    VIVE,
    load_reference_tables,
)
from budgetapp.core.budget import BaseBudget, GroupYear, OperationLine  # noqa: E402
from budgetapp.core.case import load_case  # noqa: E402
from budgetapp.core.catalogues import benefit_levels  # noqa: E402
from budgetapp.core.formatting import format_number  # noqa: E402
from budgetapp.core.pools import Pool, PoolYear  # noqa: E402
from budgetapp.core.price_index import default_service_index, default_transfer_index  # noqa: E402
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
DURATION_SOURCE = {
    "Dagpengemodtagere": f"{VIVE}, tabel 4.5",
    "Aktivitetsparate": f"{VIVE}, tabel 4.2",
    "Jobparate": f"{VIVE}, tabel 4.3",
    "Sygedagpengemodtagere": f"{VIVE}, tabel 4.4",
}
BAND_STARTS = (4.0, 26.0, 52.0)   # the staircase's band edges in weeks (§ 5, stk. 2)
WEEKS_PER_MONTH = 52.0 / 12.0
OTHER_HK5 = "Øvrig beskæftigelsesindsats (HK5, ikke fordelt på målgrupper)"
HK6 = "Jobcenterdrift (løn og drift)"


def spell_components(groups: list[str]) -> list[tuple[float, float]]:
    """(weight, mean weeks) per exit reason of ``groups``: weight = the reason's share of spells."""
    rows = []
    with (reference_dir() / "exit_durations_by_group.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["target_group"] in groups and row["mean_months"]:
                rows.append((float(row["spells"]), float(row["mean_months"]) * WEEKS_PER_MONTH))
    total = sum(w for w, _ in rows)
    return [(w / total, m) for w, m in rows]


def bands_from_mixture(components: list[tuple[float, float]], repeat_share: float
                       ) -> tuple[float, float, float, float]:
    """Share of benefit weeks in staircase weeks 1-4 / 5-26 / 27-52 / 53+.

    Spells are a mixture of exponentials (weight wᵢ, mean mᵢ weeks). In the stock of benefit
    weeks a spell weighs with its length, so the share of weeks after elapsed week a is
    T(a) = Σ wᵢ·mᵢ·exp(−a/mᵢ) / Σ wᵢ·mᵢ (length-biased). Earlier spells count on the staircase
    unless the person was self-supporting for 52 weeks within 3 years (§ 6): a share r of spells
    starts d = Σ wᵢ·mᵢ weeks up the staircase, so the share of weeks past staircase week a is
    (1 − r)·T(a) + r·T(max(a − d, 0)). Rounded to 4 decimals; the last band takes the rest.
    """
    mean = sum(w * m for w, m in components)

    def tail(a: float) -> float:
        return sum(w * m * math.exp(-max(a, 0.0) / m) for w, m in components) / mean

    def staircase_tail(a: float) -> float:
        return (1 - repeat_share) * tail(a) + repeat_share * tail(a - mean)

    t4, t26, t52 = (staircase_tail(a) for a in BAND_STARTS)
    first, second, third = round(1 - t4, 4), round(t4 - t26, 4), round(t26 - t52, 4)
    return first, second, third, round(1.0 - first - second - third, 4)


def _kr(value: float) -> str:
    return format_number(value, 0)


def _pct(value: float) -> str:
    return format_number(value * 100, 1) + " %"


def _benefit(g: dict, rates) -> tuple[float, str]:
    """Benefit per full-year person (2026 level) from the 2026 benefit levels, and its source."""
    spec = g["benefit_rate"]
    parts = list(zip(spec[0::2], spec[1::2], strict=True)) if isinstance(spec, list) else [
        (spec, g["rate_share"])]
    amount = round(sum(rates.rate(rid).per_full_year_person * share for rid, share in parts))
    terms = " + ".join(f"{format_number(share, 2)} × {_kr(rates.rate(rid).per_full_year_person)} kr. "
                       f"({rates.rate(rid).name})" for rid, share in parts)
    return float(amount), (f"{terms} = {_kr(amount)} kr. pr. helårsperson ({rates.name}, status: "
                           f"{rates.rate(parts[0][0]).status}). {g['benefit_note']}")


def _persons(g: dict, national: float, denominator: int, years: list[int]) -> dict[int, float]:
    """Full-year persons per year: 2019 × 2025-factor / denominator, then the assumed path."""
    level = national * g["volume_2025"] / denominator
    out = {years[0]: round(level, 1)}
    for year in years[1:]:
        level *= 1 + g["growth"][str(year)]
        out[year] = round(level, 1)
    return out


def build_budget(spec: dict, sources: dict[str, InputSource]) -> tuple[BaseBudget, UnitCostInputs]:
    tables = load_reference_tables()
    index = default_service_index()
    rates = benefit_levels(spec["price_level_year"])
    ref_year, denominator = spec["scale"]["reference_year"], spec["scale"]["factor_denominator"]
    price_level, years = spec["price_level_year"], spec["years"]
    pl = index.factor(ref_year, price_level)
    pl_text = (f"omregnet fra {ref_year}-priser til {price_level} p/l med serviceindekset, faktor "
               f"{format_number(pl, 4)} ({index.name})")
    groups: list[GroupYear] = []
    names: dict[str, str] = {}
    for key, g in spec["groups"].items():
        names[key] = g["label"]
        national = tables.fulltime_persons[(key, ref_year)]
        persons = _persons(g, national, denominator, years)
        measures = round(tables.per_person[(key, ref_year)] * pl)
        benefit, benefit_source = _benefit(g, rates)
        if "band_distribution" in g:
            bands = tuple(float(b) for b in g["band_distribution"])
            band_source = g["band_source"]
        else:
            components = spell_components(g["duration_group"])
            bands = bands_from_mixture(components, g["repeat_share"])
            cited = "; ".join(DURATION_SOURCE[d] for d in g["duration_group"])
            band_source = (f"Længdevægtet blanding af {len(components)} forløbstyper ({cited}); andel af "
                           f"forløb med tidligere uger på trappen (§ 6) r = {_pct(g['repeat_share'])} "
                           f"(antagelse). Metoden står i projektets note om trappen.")
        persons_source = (f"{SOURCE_54}: {_kr(national)} fuldtidsledige i {ref_year} × "
                          f"{format_number(g['volume_2025'], 4)} (2019 → 2025) × 1/{denominator}. "
                          f"{g['volume_source']} 2026-2030: {g['growth_note']}")
        measures_source = (f"{SOURCE_56}: {_kr(tables.per_person[(key, ref_year)])} kr. i {ref_year}, "
                           f"{pl_text}")
        for year in years:
            groups.append(GroupYear(
                target_group=key, year=year, full_year_persons=persons[year],
                benefit_per_full_year_person=benefit, refusion_rule=g["refusion_rule"],
                band_distribution=bands, measures_per_full_year_person=float(measures),
                benefit_function=g["benefit_function"], measures_function="5.68.90",
                source=f"Skaleret landstal ({SOURCE_54}; {SOURCE_56}); ydelse: {rates.name}",
            ))
            base = ("budget", key, year)
            sources[source_key(*base, "full_year_persons")] = InputSource(
                persons_source, "antagelse" if year > years[0] else "")
            sources[source_key(*base, "benefit_per_full_year_person")] = InputSource(benefit_source)
            sources[source_key(*base, "band_distribution")] = InputSource(band_source)
            sources[source_key(*base, "measures_per_full_year_person")] = InputSource(measures_source)
            sources[source_key(*base, "refusion_rule")] = InputSource(
                f"Finansieringsregel '{g['refusion_rule']}' (se siden Regler)", "Gældende regel for ydelsen")
            sources[source_key(*base, "functions")] = InputSource(spec["functions_source"])

    hk6_ref = tables.totals_mio[ref_year]["hk6_jobcentre_operation"]
    hk6 = round(hk6_ref * 1e6 / denominator * pl, -3)
    other_ref = tables.measure_expenses_mio[(UNASSIGNED, ref_year)]
    other = round(other_ref * 1e6 / denominator * pl, -3)
    operation = []
    for year in years:
        operation.append(OperationLine(HK6, year, hk6, "6.45.53", "service",
                                       source=f"Skaleret landstal ({SOURCE_53})"))
        sources[source_key("operation", HK6, year)] = InputSource(
            f"{SOURCE_53}: HK6 {_kr(hk6_ref)} mio. kr. i {ref_year} (surveykorrigeret) × 1/{denominator}, "
            f"{pl_text}, afrundet til hele 1.000 kr.")
        operation.append(OperationLine(OTHER_HK5, year, other, "5.68.90", "service",
                                       source=f"Skaleret landstal ({SOURCE_55}, rækken Øvrige)"))
        sources[source_key("operation", OTHER_HK5, year)] = InputSource(
            f"{SOURCE_55}, rækken Øvrige (andre målgrupper og udgifter, der ikke kan fordeles): "
            f"{format_number(other_ref, 1)} mio. kr. i {ref_year} × 1/{denominator}, {pl_text}, afrundet "
            "til hele 1.000 kr. Med i basisbudgettet, så HK5 er det samme som i enhedsudgifterne.")
    budget = BaseBudget(spec["municipality"], spec["budget_year"], price_level, tuple(groups),
                        tuple(operation), names, spec["last_accounts_year"])

    # Unit-cost inputs for the last accounts year: exactly the budget's HK5 (groups + the
    # unassigned line, which has no persons, as in the national series) and its HK6.
    accounts = spec["last_accounts_year"]
    lines = [UnitCostLine(g.target_group, g.year, g.full_year_persons,
                          round(g.full_year_persons * g.measures_per_full_year_person),
                          source="Basisbudgettets regnskabsår: helårspersoner × indsats pr. helårsperson")
             for g in groups if g.year == accounts]
    lines.append(UnitCostLine(UNASSIGNED, accounts, 0.0, other,
                              source=f"Basisbudgettets linje '{OTHER_HK5}' ({SOURCE_55}, rækken Øvrige)"))
    unit_costs = UnitCostInputs(price_level, tuple(lines),
                                (OperationExpense(accounts, hk6, source=f"Basisbudgettets linje '{HK6}'"),))
    sources[source_key("project", "price_level_year")] = InputSource(
        f"Beløbene står i {price_level} p/l; referencetabellerne er i {ref_year}-priser og omregnes med "
        f"serviceindekset; ydelserne kommer fra {rates.name}")
    return budget, unit_costs


def build_cases(spec: dict) -> list[ProjectCase]:
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
    return cases


def build_pools(spec: dict, sources: dict[str, InputSource]) -> list[Pool]:
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
    return pools


def build_demo_project() -> Project:
    spec = json.loads((SOURCE_DIR / "eksempel-kommune.json").read_text(encoding="utf-8"))
    sources: dict[str, InputSource] = {}
    budget, unit_costs = build_budget(spec, sources)
    pools = build_pools(spec, sources)
    scenarios = [Scenario(s["name"], s["overrides"], s["description"]) for s in spec["scenarios"]]
    index = default_service_index()
    sources[source_key("project", "scale")] = InputSource(spec["scale"]["note"])
    sources[source_key("project", "groups")] = InputSource(spec["groups_note"])
    sources[source_key("project", "staircase")] = InputSource(spec["staircase_note"])
    for point in index.points:
        sources[source_key("price_index", point.year)] = InputSource(point.source, point.status)
    transfers = default_transfer_index()
    for point in transfers.points:
        sources[source_key("transfer_index", point.year)] = InputSource(point.source, point.status)
    project = Project(
        municipality=spec["municipality"], budget_year=spec["budget_year"],
        price_level_year=spec["price_level_year"], budget=budget, unit_costs=unit_costs, pools=pools,
        cases=build_cases(spec), scenarios=scenarios, notes=spec["notes"],
        sources=dict(sorted(sources.items())), price_index=index, transfer_index=transfers,
        last_accounts_year=spec["last_accounts_year"], size_group=spec["size_group"],
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
