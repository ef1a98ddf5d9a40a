"""The shipped national reference tables (``resources/reference/``) and benchmarks built from them.

All tables are transcribed from VIVE (2022), "Jobcentrenes målgrupper og udgifter 2011-2019";
``resources/reference/PROVENANCE.md`` gives table, units and checks for every file and
``resources/reference/sources.toml`` the citation of each. Amounts are in 2019 prices
(:data:`REFERENCE_PRICE_LEVEL`).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from budgetapp.core.price_index import PriceIndex
from budgetapp.core.unit_costs import (
    TOTAL_HK5,
    TOTAL_HK5_HK6,
    TOTAL_HK6,
    UNASSIGNED,
    OperationExpense,
    UnitCost,
    UnitCostInputs,
    UnitCostLine,
    unit_cost_lookup,
)
from budgetapp.resources import reference_dir

REFERENCE_PRICE_LEVEL = 2019
SIX_GROUPS = ("dagpenge", "kontant_uddannelseshjaelp", "revalidering", "ledighedsydelse",
              "sygedagpenge", "ressourceforloeb")
VIVE = "VIVE (2022): Jobcentrenes målgrupper og udgifter 2011-2019"
SOURCE_54 = f"{VIVE}, tabel 5.4 (fuldtidsledige)"
SOURCE_55 = f"{VIVE}, tabel 5.5 (mio. kr., 2019-priser)"
SOURCE_56 = f"{VIVE}, tabel 5.6 (kr. pr. fuldtidsledig, 2019-priser)"
SOURCE_53 = f"{VIVE}, tabel 5.3 (mio. kr., 2019-priser)"
SOURCE_FIG = {
    "quartile_growth": f"{VIVE}, figur 5.7",
    "rammevilkaar": f"{VIVE}, figur 5.8",
    "size": f"{VIVE}, figur 5.9",
}
SOURCE_59 = f"{VIVE}, tabel 5.9 (gennemsnit 2017-2019 pr. jobcenter)"

# Appendix group labels (Bilagstabel 1.1 and 1.2, municipality_groups.csv) → the figure labels.
SIZE_LABELS = {
    "Kommuner med under 30.000 indbyggere": "<30.000 indb.",
    "Kommuner med 30.000-50.000 indbyggere": "30.000-50.000",
    "Kommuner med 50.000-80.000 indbyggere": "50.000-80.000",
    "Kommuner med 80.000-120.000 indbyggere": "80.000-120.000",
    "Kommuner med over 120.000 indbyggere": "Over 120.000 indb.",
}
RAMMEVILKAAR_LABELS = {
    "Kommuner med de bedste rammevilkår": "10 bedste rammevilkår",
    "Kommuner med de næst bedste rammevilkår": "Nummer 11-median rammevilkår",
    "Kommuner med de næst mindst gunstige rammevilkår": "Median-84. rammevilkår",
    "Kommuner med de mindst gunstige rammevilkår": "10 vanskeligste rammevilkår",
}


class ReferenceDataError(RuntimeError):
    """A shipped reference table is missing or damaged (an installation problem)."""


@dataclass(frozen=True)
class Benchmark:
    """One reference value of a unit cost: kr. per full-time person at ``price_level_year``."""

    measure: str       # a group key or one of the TOTAL_* keys of budgetapp.core.unit_costs
    label: str
    year: int
    value: float
    price_level_year: int
    source: str


@dataclass(frozen=True)
class ReferenceTables:
    fulltime_persons: dict[tuple[str, int], float]
    measure_expenses_mio: dict[tuple[str, int], float]
    per_person: dict[tuple[str, int], float]
    totals_mio: dict[int, dict[str, float]]
    group_names: dict[str, str]
    group_series: tuple[tuple[str, str, int, float], ...]   # grouping, label, year, kr.
    jobcentre_distribution: dict[str, float]
    municipality_groups: dict[str, tuple[str, str]]        # job centre → (size, rammevilkår)


def _rows(name: str) -> list[dict[str, str]]:
    path: Path = reference_dir() / name
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    except OSError as exc:
        raise ReferenceDataError(f"Referencetabellen {name} mangler i installationen: {exc}") from exc


@cache
def load_reference_tables() -> ReferenceTables:
    try:
        persons = {(r["group_key"], int(r["year"])): float(r["fulltime_persons"])
                   for r in _rows("national_fulltime_persons_2011_2019.csv")}
        names = {r["group_key"]: r["group_name_da"]
                 for r in _rows("national_fulltime_persons_2011_2019.csv")}
        expenses = {(r["group_key"], int(r["year"])): float(r["expense_mio_kr"])
                    for r in _rows("national_measure_expenses_by_group_2011_2019.csv")
                    if r["expense_mio_kr"] != ""}
        per_person = {(r["group_key"], int(r["year"])): float(r["kr_per_fulltime_person"])
                      for r in _rows("national_measure_expense_per_fulltime_person_2014_2019.csv")}
        totals = {int(r["year"]): {k: float(v) for k, v in r.items() if k != "year"}
                  for r in _rows("national_totals_hk5_hk6_2011_2019.csv")}
        series = tuple(
            (r["grouping"], r["group_label_da"], int(r["year"]), float(r["kr_per_fulltime_person"]))
            for r in _rows("benchmark_cost_per_fulltime_person_by_municipality_group_2014_2019.csv"))
        distribution = {r["statistic"]: float(r["kr_per_fulltime_person"])
                        for r in _rows("jobcentre_distribution_2017_2019.csv")}
        groups = {r["jobcentre"]: (r["size_group"], r["rammevilkaar_group"])
                  for r in _rows("municipality_groups.csv")}
    except (KeyError, ValueError) as exc:
        raise ReferenceDataError(f"En referencetabel er beskadiget: {exc}") from exc
    return ReferenceTables(persons, expenses, per_person, totals, names, series, distribution, groups)


def national_unit_cost_inputs(years: range = range(2014, 2020)) -> UnitCostInputs:
    """The national HK5 expenses (Table 5.5) and full-time persons (Table 5.4) as unit-cost inputs.

    The six groups carry their persons; "Øvrige" (other groups and unassigned costs, tabel 5.5)
    counts in the HK5 total with no persons; HK6 is Table 5.3. Amounts in kr., 2019 prices.
    """
    t = load_reference_tables()
    lines: list[UnitCostLine] = []
    operation: list[OperationExpense] = []
    for year in years:
        for key in SIX_GROUPS:
            if (key, year) in t.measure_expenses_mio:
                lines.append(UnitCostLine(key, year, t.fulltime_persons[(key, year)],
                                          t.measure_expenses_mio[(key, year)] * 1e6,
                                          source=f"{SOURCE_55}; {SOURCE_54}"))
        lines.append(UnitCostLine(UNASSIGNED, year, 0.0, t.measure_expenses_mio[(UNASSIGNED, year)] * 1e6,
                                  source=SOURCE_55))
        operation.append(OperationExpense(year, t.totals_mio[year]["hk6_jobcentre_operation"] * 1e6,
                                          source=SOURCE_53))
    return UnitCostInputs(REFERENCE_PRICE_LEVEL, tuple(lines), tuple(operation))


def national_benchmarks() -> list[Benchmark]:
    """Table 5.6 per group and in total (HK5), and HK6 and HK5+HK6 from Tables 5.3 and 5.4."""
    t = load_reference_tables()
    out = [Benchmark(key, "Hele landet", year, value, REFERENCE_PRICE_LEVEL, SOURCE_56)
           for (key, year), value in sorted(t.per_person.items())]
    for year, row in sorted(t.totals_mio.items()):
        persons = t.fulltime_persons[("total_6_groups", year)]
        source = f"{SOURCE_53} ÷ {SOURCE_54}, seks målgrupper"
        out.append(Benchmark(TOTAL_HK6, "Hele landet", year,
                             row["hk6_jobcentre_operation"] * 1e6 / persons, REFERENCE_PRICE_LEVEL, source))
        out.append(Benchmark(TOTAL_HK5_HK6, "Hele landet", year, row["total"] * 1e6 / persons,
                             REFERENCE_PRICE_LEVEL, source))
    return out


def group_benchmarks(size_group: str = "", rammevilkaar_group: str = "") -> list[Benchmark]:
    """HK5+HK6 per full-time person for the municipality's size and rammevilkår groups.

    ``size_group`` and ``rammevilkaar_group`` are the appendix labels (municipality_groups.csv).
    The report does not say whether the group values are weighted; they are probably simple
    averages across job centres (see PROVENANCE.md, file 6), so they are shown beside the
    national figure, not instead of it.
    """
    t = load_reference_tables()
    wanted = {("size", SIZE_LABELS.get(size_group, "")), ("rammevilkaar",
                                                          RAMMEVILKAAR_LABELS.get(rammevilkaar_group, ""))}
    out = []
    for grouping, label, year, value in t.group_series:
        if (grouping, label) in wanted:
            full = size_group if grouping == "size" else rammevilkaar_group
            out.append(Benchmark(TOTAL_HK5_HK6, full, year, value, REFERENCE_PRICE_LEVEL,
                                 SOURCE_FIG[grouping]))
    median = t.jobcentre_distribution.get("median")
    if median is not None:
        out.append(Benchmark(TOTAL_HK5_HK6, "Median for 94 jobcentre (gns. 2017-2019)", 2019, median,
                             REFERENCE_PRICE_LEVEL, SOURCE_59))
    return out


def groups_of(jobcentre: str) -> tuple[str, str] | None:
    """(size group, rammevilkår group) of a job centre named in Bilagstabel 1.1/1.2, else None."""
    return load_reference_tables().municipality_groups.get(jobcentre)


def reference_group_name(key: str) -> str:
    if key == TOTAL_HK5:
        return "Beskæftigelsesindsats i alt (HK5)"
    if key == TOTAL_HK6:
        return "Jobcenterdrift (HK6)"
    if key == TOTAL_HK5_HK6:
        return "Beskæftigelsesindsats og jobcenterdrift i alt"
    return load_reference_tables().group_names.get(key, key)


@dataclass(frozen=True)
class Comparison:
    """The municipality's unit cost beside one benchmark, both at the project's price level."""

    measure: str            # a group key or one of the TOTAL_* keys
    year: int
    own: float
    benchmark_label: str    # e.g. "Hele landet" or "Kommuner med 50.000-80.000 indbyggere"
    benchmark_year: int
    benchmark: float        # converted to the own figure's price level
    benchmark_source: str

    @property
    def difference(self) -> float:
        return self.own - self.benchmark

    @property
    def ratio(self) -> float | None:
        return None if self.benchmark == 0 else self.own / self.benchmark


def compare_with_benchmarks(costs: Sequence[UnitCost], price_level_year: int,
                            benchmarks: Sequence[Benchmark], index: PriceIndex,
                            benchmark_year: int | None = None,
                            years: Sequence[int] | None = None) -> list[Comparison]:
    """Own unit costs beside each benchmark of the same measure, at the own price level.

    For each measure and benchmark label the value of ``benchmark_year`` is used, or the
    latest year available; ``index`` converts it from its price level. ``years`` limits the
    own years compared (default: all).
    """
    chosen: dict[tuple[str, str], Benchmark] = {}
    for b in benchmarks:
        key = (b.measure, b.label)
        if benchmark_year is not None:
            if b.year == benchmark_year:
                chosen[key] = b
        elif key not in chosen or b.year > chosen[key].year:
            chosen[key] = b
    own = sorted(unit_cost_lookup(costs).items(), key=lambda kv: (kv[0][1], kv[0][0]))
    out: list[Comparison] = []
    for (measure, year), value in own:
        if years is not None and year not in years:
            continue
        for (b_measure, label), b in chosen.items():
            if b_measure == measure:
                converted = b.value * index.factor(b.price_level_year, price_level_year)
                out.append(Comparison(measure, year, value, label, b.year, converted, b.source))
    return out
