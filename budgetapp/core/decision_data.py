"""Decision-support data stored with a case: three-point estimates, scenarios and follow-up.

These are the optional case-file fields ``uncertainty``, ``scenarios`` and ``follow_up``
(``docs/decision-support.md``). This module holds their dataclasses and reads them from a case
dict. It imports no case module (the case modules all import it), so the reader is passed in and
only needs ``fail``, ``text``, ``number`` and ``items``; the checks that need the engine (estimate
paths, scenarios) are in :func:`budgetapp.core.case.check_decision_fields`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass, field
from typing import Any

FOLLOW_UP_METRICS = {
    "entrants": "Tilgang (personer)",
    "participants": "Deltagere (personer)",
    "weeks_on_benefit": "Uger på ydelse pr. tilgang",
    "spend": "Bruttoudgift (kr.)",
    "net_result": "Nettoresultat (kr.)",
    "cumulative_net_result": "Akkumuleret nettoresultat (kr.)",
}
ACTUAL_FIELDS = ("entrants", "participants", "weeks_on_benefit", "spend")
OPERATORS = (">=", "<=")

_ESTIMATE_FIELDS = {"path", "min", "most_likely", "max", "note"}
_CORRELATION_FIELDS = {"paths", "rank_correlation", "note"}
_SCENARIO_FIELDS = {"name", "overrides", "description"}
_FOLLOW_UP_FIELDS = {"decision_date", "success_criteria", "actuals"}
_CRITERION_FIELDS = {"name", "metric", "operator", "target", "year"}
_ACTUAL_FIELDS = {"year", *ACTUAL_FIELDS, "note"}


@dataclass(frozen=True)
class Estimate:
    """A three-point estimate of one numeric input: the lowest, most likely and highest value.

    ``path`` names the input as a field path of the case file (``segments[0].share``,
    ``inflow_per_year``) or one of the derived inputs of :mod:`budgetapp.core.case_inputs`.
    """

    path: str
    min: float
    most_likely: float
    max: float
    note: str = ""


@dataclass(frozen=True)
class Correlation:
    """Two inputs with three-point estimates whose draws are rank-correlated (Spearman's ρ,
    −1 < ρ < 1), e.g. a shorter path in one segment going with a shorter path in another."""

    paths: tuple[str, str]
    rank_correlation: float
    note: str = ""


@dataclass(frozen=True)
class ScenarioSpec:
    """A named set of input overrides for one case: field path → value."""

    name: str
    overrides: dict[str, Any] = field(default_factory=dict)
    description: str = ""


@dataclass(frozen=True)
class SuccessCriterion:
    """``metric`` in ``year`` must be ``operator`` ``target`` (e.g. net_result >= 0 in 2014)."""

    name: str
    metric: str
    operator: str
    target: float
    year: int


@dataclass(frozen=True)
class ActualYear:
    """What actually happened in one year; None where it is not (yet) known."""

    year: int
    entrants: float | None = None
    participants: float | None = None
    weeks_on_benefit: float | None = None
    spend: float | None = None
    note: str = ""


@dataclass(frozen=True)
class FollowUp:
    """Follow-up of an approved case: the date of the decision to continue or close, the success
    criteria and the actual figures per year."""

    decision_date: dt.date | None = None
    success_criteria: tuple[SuccessCriterion, ...] = ()
    actuals: tuple[ActualYear, ...] = ()

    def actual_for(self, year: int) -> ActualYear | None:
        for entry in self.actuals:
            if entry.year == year:
                return entry
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "decision_date": None if self.decision_date is None else self.decision_date.isoformat(),
            "success_criteria": [asdict(c) for c in self.success_criteria],
            "actuals": [asdict(a) for a in self.actuals],
        }


# --- reading -------------------------------------------------------------------------------

def _entries(r: Any, data: dict, key: str, fields: set[str], unique: str, duplicate: str,
             canonical: Any = str):
    """Each entry of the list ``key`` as (where, raw entry, its ``unique`` text), with unknown fields
    refused and a repeated ``unique`` value reported with ``duplicate`` (formatted with the value)."""
    seen: set[str] = set()
    for i, raw in enumerate(r.items(data, key, "", required=False)):
        w = f"{key}[{i}]."
        r.unknown(raw, fields, w)
        value = canonical(r.text(raw, unique, w))
        if value and value in seen:
            r.fail(w + unique, duplicate.format(value))
        seen.add(value)
        yield w, raw, value


def read_uncertainty(r: Any, data: dict, canonical: Any = str) -> tuple[Estimate, ...]:
    """The three-point estimates; ``canonical`` turns a stored path into its current form."""
    out: list[Estimate] = []
    for w, raw, path in _entries(r, data, "uncertainty", _ESTIMATE_FIELDS, "path",
                                 "'{}' har allerede et trepunktsestimat", canonical):
        low = r.number(raw, "min", w)
        mode = r.number(raw, "most_likely", w)
        high = r.number(raw, "max", w)
        if r.ok(w + "min", w + "most_likely", w + "max") and not low <= mode <= high:
            r.fail(w + "most_likely", "skal ligge mellem min og max (min ≤ mest sandsynlig ≤ max)")
        out.append(Estimate(path=path, min=low, most_likely=mode, max=high,
                            note=r.text(raw, "note", w, default="")))
    return tuple(out)


def read_correlations(r: Any, data: dict, canonical: Any = str) -> tuple[Correlation, ...]:
    out: list[Correlation] = []
    for i, raw in enumerate(r.items(data, "correlations", "", required=False)):
        w = f"correlations[{i}]."
        r.unknown(raw, _CORRELATION_FIELDS, w)
        paths = raw.get("paths")
        if (not isinstance(paths, list) or len(paths) != 2
                or not all(isinstance(p, str) for p in paths) or paths[0] == paths[1]):
            r.fail(w + "paths", "skal være to forskellige feltstier, "
                                "fx [\"inflow_per_year\", \"deadweight\"]")
            continue
        rho = r.number(raw, "rank_correlation", w, low=-0.99, high=0.99)
        out.append(Correlation((canonical(paths[0]), canonical(paths[1])), rho,
                               r.text(raw, "note", w, default="")))
    return tuple(out)


def read_scenarios(r: Any, data: dict, canonical: Any = str) -> tuple[ScenarioSpec, ...]:
    out: list[ScenarioSpec] = []
    for w, raw, name in _entries(r, data, "scenarios", _SCENARIO_FIELDS, "name",
                                 "navnet '{}' bruges af to scenarier"):
        overrides = raw.get("overrides", {})
        if not isinstance(overrides, dict) or not all(isinstance(k, str) for k in overrides):
            r.fail(w + "overrides", "skal være et objekt med feltsti → værdi")
            overrides = {}
        out.append(ScenarioSpec(name=name, overrides={canonical(k): v for k, v in overrides.items()},
                                description=r.text(raw, "description", w, default="")))
    return tuple(out)


def read_follow_up(r: Any, data: dict) -> FollowUp | None:
    raw = data.get("follow_up")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        r.fail("follow_up", "skal være et objekt med decision_date, success_criteria og actuals")
        return None
    r.unknown(raw, _FOLLOW_UP_FIELDS, "follow_up.")
    decision_date = None
    text = raw.get("decision_date")
    if text is not None:
        try:
            decision_date = dt.date.fromisoformat(text) if isinstance(text, str) else None
        except ValueError:
            decision_date = None
        if decision_date is None:
            r.fail("follow_up.decision_date", f"skal være en dato som \"2014-06-30\", fandt {text!r}")
    criteria: list[SuccessCriterion] = []
    for i, item in enumerate(r.items(raw, "success_criteria", "follow_up.", required=False)):
        w = f"follow_up.success_criteria[{i}]."
        r.unknown(item, _CRITERION_FIELDS, w)
        metric = r.text(item, "metric", w)
        if metric and metric not in FOLLOW_UP_METRICS:
            r.fail(w + "metric", f"skal være en af {', '.join(FOLLOW_UP_METRICS)}, fandt {metric!r}")
        operator = r.text(item, "operator", w, default=">=")
        if operator and operator not in OPERATORS:
            r.fail(w + "operator", f"skal være \">=\" eller \"<=\", fandt {operator!r}")
        criteria.append(SuccessCriterion(
            name=r.text(item, "name", w, default=f"Kriterium {i + 1}"), metric=metric,
            operator=operator, target=r.number(item, "target", w),
            year=int(r.number(item, "year", w, low=1990, high=2100, integer=True))))
    actuals: list[ActualYear] = []
    years: set[int] = set()
    for i, item in enumerate(r.items(raw, "actuals", "follow_up.", required=False)):
        w = f"follow_up.actuals[{i}]."
        r.unknown(item, _ACTUAL_FIELDS, w)
        year = int(r.number(item, "year", w, low=1990, high=2100, integer=True))
        if not r.ok(w + "year"):
            pass
        elif year in years:
            r.fail(w + "year", f"året {year} står to gange")
        else:
            years.add(year)
        values = {key: (None if item.get(key) is None else r.number(item, key, w, low=0))
                  for key in ACTUAL_FIELDS}
        actuals.append(ActualYear(year=year, note=r.text(item, "note", w, default=""), **values))
    return FollowUp(decision_date=decision_date, success_criteria=tuple(criteria),
                    actuals=tuple(sorted(actuals, key=lambda a: a.year)))


def decision_fields_to_dict(uncertainty: tuple[Estimate, ...], scenarios: tuple[ScenarioSpec, ...],
                            follow_up: FollowUp | None,
                            correlations: tuple[Correlation, ...] = ()) -> dict[str, Any]:
    """The case-file form of the three fields; empty fields are left out of the file."""
    out: dict[str, Any] = {}
    if uncertainty:
        out["uncertainty"] = [asdict(e) for e in uncertainty]
    if scenarios:
        out["scenarios"] = [{"name": s.name, "overrides": dict(s.overrides),
                             "description": s.description} for s in scenarios]
    if follow_up is not None:
        out["follow_up"] = follow_up.to_dict()
    if correlations:
        out["correlations"] = [{"paths": list(c.paths), "rank_correlation": c.rank_correlation,
                                "note": c.note} for c in correlations]
    return out


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
