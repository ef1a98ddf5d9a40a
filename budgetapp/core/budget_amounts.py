"""Budget lines known only as amounts: a benefit or measures amount without full-year persons.

A municipality's own budget by kontoplan function (or a Statistikbanken table) gives the gross
expense and the state refusion of each function and year, but not how many full-year persons
they pay for, nor the benefit per person. Such an amount becomes an :class:`AmountLine` with the
status ``helårspersoner mangler``: it counts in the budget's totals with exactly the amounts
given, and it is never turned into invented persons or unit costs. When the persons are known
(typed, or imported from jobindsats), :func:`fill_persons` turns it into an ordinary
:class:`~budgetapp.core.budget.GroupYear` whose benefit per person and average refusion rate are
the amounts divided out, so the totals stay the same.
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


def fill_persons(line: AmountLine, persons: float, refusion_rule: str = "refusionstrappe-2016"):
    """The GroupYear that replaces a benefit amount line once its full-year persons are known.

    Benefit per full-year person = gross / persons; average refusion rate = refusion / gross (both
    from the line's own amounts). Raises ValueError when persons is not above 0 or the line is not
    a benefit line.
    """
    from budgetapp.core.budget import GroupYear

    if line.area != "forsørgelse":
        raise ValueError("kun en forsørgelseslinje kan få helårspersoner")
    if not (isinstance(persons, int | float) and math.isfinite(persons) and persons > 0):
        raise ValueError("helårspersoner skal være et tal over 0")
    rate = line.refusion / line.gross if line.gross else 0.0
    return GroupYear(
        target_group=line.target_group,
        year=line.year,
        full_year_persons=float(persons),
        benefit_per_full_year_person=line.gross / persons,
        refusion_rule=refusion_rule,
        average_refusion_rate=rate,
        benefit_function=line.function,
        source=line.source,
        benefit_styringsomraade=line.styringsomraade,
        measures_per_full_year_person=0.0,
        measures_refusion_rule=None,
        measures_refusion_rate=0.0,
    )
