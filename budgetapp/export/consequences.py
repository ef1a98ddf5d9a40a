"""A case's total economic consequences in the shape councils use for investment proposals.

"Forslagets samlede økonomiske konsekvenser": per year of the budget period (the budget year and
the three overslagsår) the change in the municipality's net expense per styringsområde —

* *Investering (service)*: the case's costs net of refusion and pool income on service,
* *Effekt (overførsler)*: the municipal benefit saving after refusion (and any cost on overførsler),
* *Anlæg*, only when the case has any,

their total, the permanent change ("varig ændring") at full phase-in, the payback time in years,
and the effect after the period when the appraisal carries it (``after_horizon``). Amounts in kr.,
expenses positive, savings and revenue negative (the council convention). The split is
:attr:`budgetapp.core.appraisal.Appraisal.by_styringsomraade`; no Qt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from budgetapp.core.appraisal import Appraisal
from budgetapp.core.budget import STYRINGSOMRAADER
from budgetapp.core.case import BusinessCase

ROW_LABELS = {"service": "Investering (service)", "overførsler": "Effekt (overførsler)", "anlæg": "Anlæg"}


@dataclass
class Consequences:
    """One case's consequence table. ``rows``: (area, label, values per year, permanent change)."""

    case_name: str
    years: list[int]                  # the budget period shown (years of the case within it)
    rows: list[tuple[str, str, list[float], float]]
    total: list[float]
    permanent_total: float
    permanent_year: int               # the year whose level is the permanent change
    payback_years: int | None
    after_horizon: list[tuple[str, float]] = field(default_factory=list)   # (label, kr.)
    after_horizon_weeks: float | None = None   # weeks on benefit saved after the period

    @property
    def payback_text(self) -> str:
        if self.payback_years is None:
            return "Tjener sig ikke hjem inden for perioden"
        return f"{self.payback_years} år"


def permanent_index(case: BusinessCase) -> int:
    """The year whose level is the permanent change: the last year of the case's horizon, when
    the phase-in has reached its last factor (which then repeats) and time-limited pool funding
    has usually ended, so the level is what the case costs and saves year after year."""
    return case.years - 1


def build_consequences(case: BusinessCase, appraisal: Appraisal, budget_year: int) -> Consequences:
    """The table for ``case``: the years budget_year..budget_year+3 the case covers (its first four
    years when none of them does)."""
    years_all = appraisal.years
    idx = [i for i, y in enumerate(years_all) if budget_year <= y <= budget_year + 3]
    if not idx:
        idx = list(range(min(4, len(years_all))))
    by_area = appraisal.by_styringsomraade
    full = permanent_index(case)
    rows = []
    for area in STYRINGSOMRAADER:
        values = [by_area[area][i] + 0.0 for i in idx]
        if area == "anlæg" and not any(by_area[area]):
            continue
        rows.append((area, ROW_LABELS[area], values, by_area[area][full] + 0.0))
    total = [sum(r[2][j] for r in rows) + 0.0 for j in range(len(idx))]
    return Consequences(case.name, [years_all[i] for i in idx], rows, total,
                        sum(r[3] for r in rows) + 0.0, years_all[full], appraisal.payback_years,
                        after_horizon_rows(appraisal), after_horizon_weeks(appraisal))


# The tail's money series in the council convention (expense positive, saving negative), with
# their Danish labels; saved weeks are not money and are reported apart (``after_horizon_weeks``).
TAIL_MONEY_ROWS: tuple[tuple[str, str, float], ...] = (
    ("gross_saving", "Mindreudgift til forsørgelse, brutto", -1.0),
    ("municipal_saving", "Kommunens mindreudgift til forsørgelse efter refusion", -1.0),
    ("employment_grant_clawback", "Modregning i beskæftigelsestilskud", 1.0),
    ("gross_cost", "Udgift til deltagere, brutto", 1.0),
    ("net_cost", "Udgift til deltagere efter refusion", 1.0),
)


def after_horizon_weeks(appraisal: Appraisal) -> float | None:
    """The weeks on benefit saved after the period (``after_horizon["saved_weeks"]``), or None."""
    tail = getattr(appraisal, "after_horizon", None)
    if isinstance(tail, dict) and "saved_weeks" in tail:
        return float(_total(tail["saved_weeks"]))
    return None


def after_horizon_rows(appraisal: Appraisal) -> list[tuple[str, float]]:
    """The effect after the appraisal's period, when the appraisal carries one (``after_horizon``):
    a number (kr., + = saving for the municipality, as ``net_result``), a mapping label → kr., or an
    object with ``by_styringsomraade`` / ``net_result``. Empty when the appraisal has none."""
    tail = getattr(appraisal, "after_horizon", None)
    if tail is None:
        return []
    if isinstance(tail, int | float):
        return [("Nettovirkning efter perioden", -float(tail))] if math.isfinite(tail) else []
    areas = getattr(tail, "by_styringsomraade", None)
    if isinstance(areas, dict):
        return [(ROW_LABELS.get(a, a), float(_total(v))) for a, v in areas.items() if _total(v)]
    if isinstance(tail, dict):
        return [(label, sign * float(_total(tail[key]))) for key, label, sign in TAIL_MONEY_ROWS
                if key in tail and _total(tail[key])]
    net = getattr(tail, "net_result", None)
    if net is not None:
        return [("Nettovirkning efter perioden", -float(_total(net)))]
    return []


def _total(value) -> float:
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(sum(value))
    except TypeError:
        return 0.0
