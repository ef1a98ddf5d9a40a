"""Modregning i beskæftigelsestilskud: the part of a dagpenge saving clawed back through the grant.

The beskæftigelsestilskud for a year follows the municipality's own grant and its unemployment
two years earlier (lov om kommunal udligning og generelle tilskud til kommuner, § 23 a, stk. 2
and 6-7). When a business case lowers the municipality's dagpenge expense in year t, its
unemployment falls, and its grant from year t + 2 falls with it: a share of the saving comes
back as a lower grant. The budget guarantee does not cover this (it covers the kontanthjælp area
and the measures, not the insured unemployed), so the municipality keeps only the rest.

The lag and the default share are data (``resources/rules/beskaeftigelsestilskud.toml``): the
lag (2 years) is law; the share depends on the municipality's part of its landsdel's
unemployment and is an assumption (0,5) the user changes per case.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from budgetapp.core.rules import Rule, load_rules

RULE_ID = "beskaeftigelsestilskud"
LINE_NAME = "modregning i beskæftigelsestilskud"


@dataclass(frozen=True)
class GrantClawback:
    """The clawback per year, in kr. as a positive cost (it lowers the municipality's saving).

    ``per_year`` has one entry per year of the case; ``after_horizon`` is the clawback that falls
    in the two years after the last year (savings of the last two years come back then).
    """

    per_year: dict[int, float]
    share: float
    lag_years: int
    after_horizon: float
    citation: str

    def series(self, years: Sequence[int]) -> list[float]:
        return [self.per_year.get(y, 0.0) for y in years]


def grant_rule() -> Rule:
    return load_rules()[RULE_ID]


def default_share(year: int = 2027) -> float:
    """The documented default share (rule parameter ``default_clawback_share``)."""
    version, _ = grant_rule().version_for_year(year)
    return version.parameter("default_clawback_share")


def employment_grant_clawback(
    savings: Mapping[int, float] | Sequence[float],
    years: Sequence[int] | None = None,
    share: float | None = None,
) -> GrantClawback:
    """The clawback per year of a dagpenge effect's municipal saving.

    ``savings``: the municipal saving on dagpenge (medfinansiering) per year, kr., positive when
    the case saves; either a mapping year → kr. or a sequence aligned with ``years``.
    ``years``: consecutive calendar years (required with a sequence). ``share``: the part of a
    saving clawed back (0-1); ``None`` takes the rule's default.

    clawback[y] = share × saving[y − lag], lag = 2 years (§ 23 a): nothing in the first two
    years, the first clawback in the case's third year.

    Raises ``ValueError`` (Danish message) for a share outside 0-1, non-finite amounts, years
    that are not consecutive or a sequence whose length differs from ``years``.
    """
    if isinstance(savings, Mapping):
        by_year = {int(y): float(v) for y, v in savings.items()}
        years = sorted(by_year) if years is None else list(years)
    else:
        if years is None:
            raise ValueError("Årene mangler: en række besparelser skal have et år pr. værdi")
        values = list(savings)
        if len(values) != len(years):
            raise ValueError(
                f"Besparelserne har {len(values)} værdier, men der er {len(years)} år")
        by_year = {int(y): float(v) for y, v in zip(years, values, strict=True)}
    years = [int(y) for y in years]
    if any(b != a + 1 for a, b in pairwise(years)):
        raise ValueError(f"Årene skal følge hinanden uden huller, fandt {years}")
    for y, v in by_year.items():
        if not math.isfinite(v):
            raise ValueError(f"Besparelsen i {y} er ikke et endeligt tal ({v})")
    rule = grant_rule()
    version, _ = rule.version_for_year(years[0] if years else 2027)
    lag = int(version.parameter("lag_years"))
    if share is None:
        share = version.parameter("default_clawback_share")
    if not (isinstance(share, int | float) and 0.0 <= float(share) <= 1.0):
        raise ValueError(f"Andelen, der modregnes i beskæftigelsestilskuddet, skal ligge mellem 0 og 1, "
                         f"fandt {share!r}")
    share = float(share)
    per_year = {y: share * by_year.get(y - lag, 0.0) for y in years}
    last = years[-1] if years else 0
    after = sum(share * v for y, v in by_year.items() if y + lag > last)
    return GrantClawback(per_year, share, lag, after, version.citation)
