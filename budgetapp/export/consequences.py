"""A case's total economic consequences in the shape councils use for investment proposals.

"Forslagets samlede økonomiske konsekvenser" as the council workbook shows it: the same table as
the committee proposal's (:func:`budgetapp.export.proposal_economy.consequence_rows`), so the two
documents agree to the krone. It covers the case's whole horizon — every year in its own column up
to five years, otherwise the budget year and the three overslagsår one by one and the other years
summed ("2031-2036") — then *I alt* for the horizon, what falls after the horizon (*Efter 2036*,
only when anything does) and the permanent change (*Varig ændring 2036*, the level in the last
year). Rows: the investment on service (costs net of refusion and pool income), costs booked on
overførsler (only when there are any), the effect (the municipal benefit saving after refusion
and the modregning, on overførsler), anlæg (only when there is any) and their total (= −net
result). Amounts in kr., expenses positive, savings and revenue negative (the council
convention). No Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

from budgetapp.core.appraisal import Appraisal
from budgetapp.core.case import BusinessCase
from budgetapp.export.proposal_economy import Column, consequence_rows, tail_full_year_persons


@dataclass
class Consequences:
    """One case's consequence table. ``rows``: (key, label, kr. per column, bold); the key is
    "service", "overførsler", "anlæg" (the costs booked in that styringsområde), "effect" or
    "total". ``years`` is the case's horizon; ``columns`` index into it."""

    case_name: str
    years: list[int]
    columns: list[Column]
    rows: list[tuple[str, str, list[float | None], bool]]
    payback_years: int | None
    tail_weeks: float            # weeks on benefit saved after the horizon
    tail_persons: float          # full-year persons in the effort after the horizon

    @property
    def payback_text(self) -> str:
        if self.payback_years is None:
            return "Tjener sig ikke hjem inden for perioden"
        return f"{self.payback_years} år"


def build_consequences(case: BusinessCase, appraisal: Appraisal, budget_year: int) -> Consequences:
    """The table for ``case`` with ``budget_year`` as the budget year (the columns of
    :func:`budgetapp.export.proposal_economy.year_columns`)."""
    table = consequence_rows(case, appraisal, budget_year)
    return Consequences(case.name, list(appraisal.years), table.columns, table.rows,
                        appraisal.payback_years,
                        float(appraisal.after_horizon.get("saved_weeks", 0.0)),
                        tail_full_year_persons(case, appraisal))
