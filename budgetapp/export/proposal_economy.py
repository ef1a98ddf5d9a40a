"""The money tables of the committee proposal over the case's whole horizon, without Qt.

A committee decides on the whole case, so both tables of the proposal's *Økonomi* section cover
every year of the horizon: each year in its own column when the horizon has at most
:data:`MAX_YEAR_COLUMNS` years, otherwise the budget year and the three overslagsår in their own
columns and the other years of the horizon summed in one column each ("2031-2036"). Then come
"I alt" for the whole horizon, what falls after the horizon ("Efter 2036": the paths of the last
entrants, participant costs and the modregning i beskæftigelsestilskud that come back later) and
their sum, which is the whole effect of the entrants of the horizon (the same as the engine gives
when every path is booked in its entry year). Amounts in kr., in the council convention: expenses
positive, refusion, pool income and savings negative.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from budgetapp.core.appraisal import Appraisal, CaseArrays, _rate_pool_income
from budgetapp.core.budget import STYRINGSOMRAADER
from budgetapp.core.case import BusinessCase
from budgetapp.core.case_model import amount_for_year

# A horizon of at most this many years shows every year in its own column.
MAX_YEAR_COLUMNS = 5


@dataclass(frozen=True)
class Column:
    """One column of a money table: its heading, a small line under it, and what it sums."""

    head: str           # "2027", "2031-2036", "I alt 2027-2036", "Efter 2036", …
    sub: str            # "budgetår", "overslagsår", "senere år", "" …
    indices: tuple[int, ...] = ()   # the horizon years summed (index into the appraisal's years)
    kind: str = "years"  # years | total | after | whole | permanent


@dataclass(frozen=True)
class MoneyTable:
    columns: list[Column]
    rows: list[tuple[str, list[float | None], bool]]   # label, kr. per column (None: blank), bold


def year_columns(years: list[int], budget_year: int) -> list[Column]:
    """The horizon's years as columns: all of them when there are few, else the budget period
    (``budget_year`` and three overslagsår, or the first four years when the horizon does not
    reach the budget year) one by one and the years before and after it summed."""
    def sub(y: int) -> str:
        if y == budget_year:
            return "budgetår"
        return "overslagsår" if budget_year < y <= budget_year + 3 else ""

    if len(years) <= MAX_YEAR_COLUMNS:
        return [Column(str(y), sub(y), (i,)) for i, y in enumerate(years)]
    shown = [i for i, y in enumerate(years) if budget_year <= y <= budget_year + 3] or [0, 1, 2, 3]
    before = list(range(shown[0]))
    after = list(range(shown[-1] + 1, len(years)))
    columns = []
    if before:
        columns.append(Column(_span(years, before), "tidligere år", tuple(before)))
    columns += [Column(str(years[i]), sub(years[i]), (i,)) for i in shown]
    if after:
        columns.append(Column(_span(years, after), "senere år", tuple(after)))
    return columns


def _span(years: list[int], indices: list[int]) -> str:
    first, last = years[indices[0]], years[indices[-1]]
    return str(first) if first == last else f"{first}-{last}"


def period_text(years: list[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


# (series, label, sign): the rows of the specification table, and the tail of each
SPEC_ROWS = (
    ("gross_cost", "Bruttoudgift til indsatsen", 1),
    ("cost_refusion", "Refusion af driftsudgifter", -1),
    ("pool_funding", "Puljefinansiering", -1),
    ("net_cost", "Nettoudgift til indsatsen", 1),
    ("gross_saving", "Mindreudgift til forsørgelse, brutto", -1),
    ("refusion_forgone", "Mistet refusion / medfinansiering", 1),
    ("municipal_saving", "Kommunal besparelse på forsørgelse", -1),
    ("employment_grant_clawback", "Modregning i beskæftigelsestilskud", 1),
    ("net_result", "Nettovirkning for kommunen", -1),
    ("cumulative_net_result", "Akkumuleret nettovirkning", -1),
)
BOLD_ROWS = {"net_cost", "municipal_saving", "net_result"}


def tail_series(ap: Appraisal) -> dict[str, float]:
    """What falls after the horizon for each series of :data:`SPEC_ROWS` (kr., engine signs:
    savings and costs positive), from ``ap.after_horizon``. Pool income has no tail (pools are
    paid per year of the horizon)."""
    t = ap.after_horizon
    gross_cost, net_cost = t.get("gross_cost", 0.0), t.get("net_cost", 0.0)
    gross_saving, saving = t.get("gross_saving", 0.0), t.get("municipal_saving", 0.0)
    clawback = t.get("employment_grant_clawback", 0.0)
    return {"gross_cost": gross_cost, "cost_refusion": gross_cost - net_cost, "pool_funding": 0.0,
            "net_cost": net_cost, "gross_saving": gross_saving,
            "refusion_forgone": gross_saving - saving, "municipal_saving": saving,
            "employment_grant_clawback": clawback, "net_result": saving - clawback - net_cost}


def has_tail(ap: Appraisal) -> bool:
    return any(abs(v) > 1e-6 for v in tail_series(ap).values())


def _fill(columns: list[Column], per_year: list[float], tail: float | None,
          permanent: float | None = None) -> list[float | None]:
    out: list[float | None] = []
    total = sum(per_year) + 0.0
    for c in columns:
        if c.kind == "years":
            out.append(sum(per_year[i] for i in c.indices) + 0.0)
        elif c.kind == "total":
            out.append(total)
        elif c.kind == "after":
            out.append(None if tail is None else tail + 0.0)
        elif c.kind == "whole":
            out.append(None if tail is None else total + tail + 0.0)
        else:
            out.append(permanent)
    return out


def _summary_columns(ap: Appraisal, columns: list[Column], whole: bool) -> list[Column]:
    years = ap.years
    last = years[-1]
    out = [*columns, Column("I alt", period_text(years), kind="total")]
    if has_tail(ap):
        out.append(Column(f"Efter {last}", "efter perioden", kind="after"))
        if whole:
            out.append(Column("I alt med", f"efter {last}", kind="whole"))
    return out


def specification(ap: Appraisal, budget_year: int) -> MoneyTable:
    """The table "Specifikation pr. år": every series of :data:`SPEC_ROWS` (pool income and the
    modregning only when the case has any) over the year columns, the horizon's total, what falls
    after the horizon and the two together."""
    columns = _summary_columns(ap, year_columns(ap.years, budget_year), whole=True)
    tail = tail_series(ap)
    rows: list[tuple[str, list[float | None], bool]] = []
    for key, label, sign in SPEC_ROWS:
        if key in ("pool_funding", "employment_grant_clawback") and not any(ap.series[key]) \
                and not tail.get(key):
            continue
        if key == "cumulative_net_result":
            cumulative = ap.series[key]
            values: list[float | None] = [
                (sign * cumulative[c.indices[-1]] + 0.0) if c.kind == "years" else None for c in columns]
            rows.append((label, values, False))
            continue
        per_year = [sign * v for v in ap.series[key]]
        rows.append((label, _fill(columns, per_year, sign * tail[key]), key in BOLD_ROWS))
    return MoneyTable(columns, rows)


# The consequence table's rows: what each amount is, by styringsområde.
SERVICE_LABEL = "Investering: udgifter på service"
TRANSFER_COST_LABEL = "Udgifter på overførsler"
EFFECT_LABEL = "Effekt: mindreudgift til forsørgelse (overførsler)"
ANLAEG_LABEL = "Anlæg"


def tail_full_year_persons(case: BusinessCase, ap: Appraisal) -> float:
    """The full-year persons in the effort after the horizon (persons): every participant line has
    the same, so the engine's ``after_horizon["gross_cost"]`` divided by the lines' summed price per
    full-year participant gives them. 0 when the case has no participant line."""
    arrays = CaseArrays.from_case(case)
    prices = np.asarray(arrays.participant_costs)[0] if arrays.participant_costs.size else np.zeros(0)
    if not prices.size or not prices.sum():
        return 0.0
    return ap.after_horizon.get("gross_cost", 0.0) / float(prices.sum())


def _tail_costs_by_area(case: BusinessCase, ap: Appraisal) -> dict[str, float]:
    """The participant costs after the horizon, net of refusion, per styringsområde (kr.): each
    line costs its price × the full-year persons after the horizon (:func:`tail_full_year_persons`)
    × (1 − its refusion rate in the last year)."""
    out = dict.fromkeys(STYRINGSOMRAADER, 0.0)
    persons = tail_full_year_persons(case, ap)
    if not persons:
        return out
    arrays = CaseArrays.from_case(case)
    prices = np.asarray(arrays.participant_costs)[0]
    rate = arrays.cost_refusion_rate[:, -1]
    for c, price in enumerate(prices):
        out[STYRINGSOMRAADER[int(arrays.cost_area[c])]] += float(price * persons * (1.0 - rate[c]))
    return out


# The keys of the consequence table's rows: a styringsområde for the costs booked there (net of
# refusion and pool income), "effect" for the municipal benefit saving and "total" for their sum.
EFFECT_KEY, TOTAL_KEY = "effect", "total"
TOTAL_LABEL = "I alt (nettovirkning for kommunen)"


@dataclass(frozen=True)
class KeyedTable:
    """A :class:`MoneyTable` whose rows also name what they sum (see :func:`consequence_rows`)."""

    columns: list[Column]
    rows: list[tuple[str, str, list[float | None], bool]]   # key, label, kr. per column, bold

    def table(self) -> MoneyTable:
        return MoneyTable(self.columns, [(label, values, bold) for _, label, values, bold in self.rows])


def consequence_rows(case: BusinessCase, ap: Appraisal, budget_year: int) -> KeyedTable:
    """The rows of :func:`consequences` with their keys: "service", "overførsler" (the costs booked
    there, only when there are any), "effect", "anlæg" (only when there is any) and "total". The
    council workbook writes the same table with a formula behind every figure."""
    columns = _summary_columns(ap, year_columns(ap.years, budget_year), whole=False)
    columns.append(Column("Varig", f"ændring {ap.years[-1]}", kind="permanent"))
    by_area = ap.by_styringsomraade
    effect = [-(s - c) for s, c in zip(ap.series["municipal_saving"],
                                       ap.series["employment_grant_clawback"], strict=True)]
    transfer_costs = [a - e for a, e in zip(by_area["overførsler"], effect, strict=True)]
    t = ap.after_horizon
    effect_tail = -(t.get("municipal_saving", 0.0) - t.get("employment_grant_clawback", 0.0))
    cost_tail = _tail_costs_by_area(case, ap)
    lines = [("service", SERVICE_LABEL, list(by_area["service"]), cost_tail["service"], True)]
    transfer_used = any(abs(v) > 1e-9 for v in transfer_costs) or abs(cost_tail["overførsler"]) > 1e-9
    lines.append(("overførsler", TRANSFER_COST_LABEL, transfer_costs, cost_tail["overførsler"],
                  transfer_used))
    lines.append((EFFECT_KEY, EFFECT_LABEL, effect, effect_tail, True))
    lines.append(("anlæg", ANLAEG_LABEL, list(by_area["anlæg"]), cost_tail["anlæg"],
                  any(by_area["anlæg"]) or bool(cost_tail["anlæg"])))
    rows: list[tuple[str, str, list[float | None], bool]] = []
    total_per_year = [0.0] * len(ap.years)
    total_tail = 0.0
    for key, label, per_year, tail, shown in lines:
        total_per_year = [a + b for a, b in zip(total_per_year, per_year, strict=True)]
        total_tail += tail
        if shown:
            rows.append((key, label, _fill(columns, per_year, tail, per_year[-1] + 0.0), False))
    rows.append((TOTAL_KEY, TOTAL_LABEL,
                 _fill(columns, total_per_year, total_tail, total_per_year[-1] + 0.0), True))
    return KeyedTable(columns, rows)


def consequences(case: BusinessCase, ap: Appraisal, budget_year: int) -> MoneyTable:
    """"Forslagets samlede økonomiske konsekvenser": the change in net expense per year, one row
    per kind of amount, labelled by what it is — the investment on service (costs net of refusion
    and pool income), costs booked on overførsler (only when there are any), the effect (the
    municipal benefit saving after refusion and the modregning, on overførsler) and anlæg — then
    their total (= −net result). Columns: the years, I alt, after the horizon and the permanent
    change (the level in the last year)."""
    return consequence_rows(case, ap, budget_year).table()


def pool_income_per_pool(case: BusinessCase, ap: Appraisal) -> list[list[float]]:
    """Each pool's income per year of the horizon (kr.), as the engine books it: a fixed amount,
    or rate × the eligible lines' gross cost up to the cap (:func:`budgetapp.core.appraisal.
    _rate_pool_income` on the appraisal's full-year persons)."""
    arrays = CaseArrays.from_case(case)
    persons = np.asarray(ap.full_year_persons_in_effort_per_year, dtype=float)[None, :]
    line_cost = arrays.fixed_costs + arrays.participant_costs[:, :, None] * persons[:, None, :]
    rate_income = _rate_pool_income(arrays, line_cost)[0]
    out, r = [], 0
    n = len(ap.years)
    for pool in case.pool_funding:
        if pool.rate is None:
            out.append([amount_for_year(pool.amount_per_year, j) for j in range(n)])
        else:
            out.append([float(v) for v in rate_income[r]])
            r += 1
    return out
