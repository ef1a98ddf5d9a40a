"""Budget lines known only as amounts: a benefit or measures amount without full-year persons.

A municipality's own budget by kontoplan function (or a Statistikbanken table) gives the gross
expense and the state refusion of each function and year, but not how many full-year persons
they pay for, nor the benefit per person. Such an amount becomes an :class:`AmountLine` with the
status ``helårspersoner mangler``: it counts in the budget's totals with exactly the amounts
given, and it is never turned into invented persons or unit costs. When the persons are known
(typed, or imported from jobindsats), :func:`budgetapp.core.budget.fill_persons` turns it into
an ordinary :class:`~budgetapp.core.budget.GroupYear` whose benefit per person and average
refusion rate are the amounts divided out, so the totals stay the same.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from budgetapp.core.case import Issue

PERSONS_MISSING = "helårspersoner mangler"
AMOUNT_AREAS = ("forsørgelse", "beskæftigelsesindsats")


@dataclass(frozen=True)
class AmountLine:
    """Gross expense and state refusion of one target group, area and year, in kroner.

    ``area`` is ``forsørgelse`` (benefit) or ``beskæftigelsesindsats`` (HK5 measures);
    ``refusion`` is positive when the state pays (kontoplan dranst 2 is booked as a negative
    income; it is stored here with the sign turned). ``status`` says what is missing.
    """

    target_group: str
    year: int
    area: str
    gross: float
    refusion: float = 0.0
    function: str = ""
    styringsomraade: str = "overførsler"
    source: str = ""
    status: str = PERSONS_MISSING


def amount_line_issues(line: AmountLine, where: str) -> list[Issue]:
    """Every problem of one amount line (Danish)."""
    issues: list[Issue] = []
    if not line.target_group.strip():
        issues.append(Issue(where + "target_group", "målgruppen mangler"))
    if line.area not in AMOUNT_AREAS:
        issues.append(Issue(where + "area", f"skal være en af {', '.join(AMOUNT_AREAS)}"))
    for name in ("gross", "refusion"):
        value = getattr(line, name)
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            issues.append(Issue(where + name, "skal være et endeligt tal"))
    return issues
