"""The numeric inputs of a case that decision support varies, and how many values of them are put
into the vectorised engine at once.

An input is named by a *path*: a field path of the case file (``inflow_per_year``,
``segments[0].share``, ``costs[1].amount_per_year``, ``effect_phase_in[0]``) or one of two
derived inputs, :data:`SAVED_WEEKS` and :data:`TOTAL_COST`. :func:`apply_values` takes one
array of values per input (length D, the draws) and returns :class:`CaseArrays` with a leading
draws axis of D, so a whole tornado, break-even search or simulation is one call of
:func:`budgetapp.core.appraisal.evaluate`.

Rules (``docs/decision-support.md``):

* **Segment shares keep summing to 1.** When the shares of some segments are set, the other
  segments are scaled in proportion to their shares in the case so that the total stays 1
  (raising the no-show share from 30 % to 36 % lowers 65 % and 5 % by the factor 64/70).
* **Per-year amounts keep their profile.** An amount given per year (a list) is varied as its
  yearly average: every year is multiplied by value / average. A single index
  (``inflow_per_year[2]``) varies one year.
* **Weeks in the effort never exceed weeks on benefit**: when ``weeks_after`` is lowered below
  ``weeks_in_effort``, the effort is cut to the new length (and likewise for active weeks before).
* :data:`SAVED_WEEKS` is the saved benefit weeks per entrant, Σ share × (weeks before − weeks
  after). A value scales every segment's reduction by value / the case's value.
* :data:`TOTAL_COST` is the gross cost per year on average over the horizon; a value scales
  every cost line (fixed and per participant) by value / the case's value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from budgetapp.core.appraisal import CaseArrays, evaluate
from budgetapp.core.case import BusinessCase, amount_for_year
from budgetapp.core.formatting import format_number

SAVED_WEEKS = "saved_weeks_per_entrant"
TOTAL_COST = "total_cost_per_year"
DEFAULT_RELATIVE_RANGE = 0.2

_PATH = re.compile(r"^([a-z_]+)(?:\[(\d+)\])?(?:\.([a-z_]+))?$")
_SEGMENT_LABELS = {
    "share": "Andel",
    "weeks_before": "Uger på ydelse før",
    "weeks_after": "Uger på ydelse efter",
    "weeks_in_effort": "Uger i indsatsen",
    "active_weeks_before": "Aktive uger før",
}
_SCALARS = {
    "inflow_per_year": ("Tilgang pr. år", "count"),
    "benefit_per_full_year_person": ("Ydelse pr. helårsperson", "amount"),
    "prior_weeks": ("Uger på ydelse før forløbet", "weeks"),
    "deadweight": ("Dødvægt", "share"),
    "persistence": ("Varighed af effekten (persistens)", "share"),
    "discount_rate": ("Diskonteringsrente", "share"),
}


class InputError(ValueError):
    """An input path that cannot be varied, or values that break a rule; Danish message."""


@dataclass(frozen=True)
class InputRef:
    """One variable input: its path, Danish label, kind, value in the case and valid range."""

    path: str
    label: str
    kind: str                  # count | amount | weeks | share
    base: float
    low_bound: float = 0.0
    high_bound: float | None = None

    def describe_bounds(self) -> str:
        low = format_value(self.kind, self.low_bound)
        if self.high_bound is None:
            return f"{low} og op"
        return f"{low} og {format_value(self.kind, self.high_bound)}"

    def clip(self, value: float) -> float:
        value = max(value, self.low_bound)
        return value if self.high_bound is None else min(value, self.high_bound)

    def default_range(self, relative: float = DEFAULT_RELATIVE_RANGE) -> tuple[float, float]:
        """± ``relative`` of the case's value, inside the valid range. A share that is 0 in the
        case (typically dead-weight) gets 0 to ``relative`` (20 percentage points)."""
        if self.kind == "share" and self.base == 0:
            return self.low_bound, self.clip(relative)
        return self.clip(self.base * (1 - relative)), self.clip(self.base * (1 + relative))

    def search_range(self) -> tuple[float, float]:
        """The range a break-even search covers: the valid range, or for unbounded inputs
        0 to ten times the case's value (weeks: at least two years)."""
        if self.high_bound is not None:
            return self.low_bound, self.high_bound
        if self.kind == "weeks":
            return self.low_bound, max(4.0 * self.base, 104.0)
        return self.low_bound, 10.0 * self.base if self.base > 0 else 1_000_000.0


def format_value(kind: str, value: float) -> str:
    """An input value in Danish: shares in percent, weeks with one decimal, amounts in kr."""
    if kind == "share":
        return f"{format_number(value * 100, 1)} %"
    if kind == "weeks":
        return f"{format_number(value, 1 if round(value, 1) == round(value, 2) else 2)} uger"
    if kind == "amount":
        return f"{format_number(value, 0)} kr."
    return f"{format_number(value, 1)} personer"


def _yearly_average(amount, years: int) -> float:
    return sum(amount_for_year(amount, i) for i in range(years)) / years


def _saved_weeks(case: BusinessCase) -> float:
    return sum(s.share * (s.weeks_before - s.weeks_after) for s in case.segments)


def _average_gross_cost(case: BusinessCase) -> float:
    return float(evaluate(CaseArrays.from_case(case))["gross_cost"][0].mean())


def resolve(case: BusinessCase, path: str) -> InputRef:
    """The input named ``path`` in ``case``; :class:`InputError` (Danish) when it cannot be varied."""
    if path == SAVED_WEEKS:
        saved = _saved_weeks(case)
        if saved <= 0:
            raise InputError("casen sparer ingen ydelsesuger, så de sparede uger kan ikke skaleres")
        ratios = [s.weeks_before / (s.weeks_before - s.weeks_after)
                  for s in case.segments if s.weeks_before > s.weeks_after]
        return InputRef(path, "Sparede ydelsesuger pr. tilgang", "weeks", saved, 0.0, saved * min(ratios))
    if path == TOTAL_COST:
        total = _average_gross_cost(case)
        if total <= 0:
            raise InputError("casen har ingen udgifter at skalere")
        return InputRef(path, "Bruttoudgift pr. år (gennemsnit)", "amount", total)
    m = _PATH.match(path)
    if not m:
        raise InputError(f"'{path}' er ikke en gyldig feltsti (fx segments[0].share)")
    name, index_text, sub = m.group(1), m.group(2), m.group(3)
    index = None if index_text is None else int(index_text)
    if name in _SCALARS and sub is None:
        label, kind = _SCALARS[name]
        high = 0.5 if name == "discount_rate" else (1.0 if kind == "share" else None)
        if name == "inflow_per_year":
            amount = case.inflow_per_year
            if index is None:
                return InputRef(path, label, kind, _yearly_average(amount, case.years))
            if not isinstance(amount, list) or index >= len(amount):
                raise InputError(f"{path}: tilgangen er ikke angivet pr. år, eller året findes ikke")
            return InputRef(path, f"Tilgang {case.start_year + index}", kind, float(amount[index]))
        if index is None:
            return InputRef(path, label, kind, float(getattr(case, name)), 0.0, high)
    if name == "effect_phase_in" and index is not None and sub is None:
        if index >= len(case.effect_phase_in):
            raise InputError(f"{path}: indfasningen har kun {len(case.effect_phase_in)} faktorer")
        return InputRef(path, f"Indfasning, faktor {index + 1}", "share",
                        float(case.effect_phase_in[index]), 0.0, 1.0)
    if name == "segments" and index is not None and sub in _SEGMENT_LABELS:
        if index >= len(case.segments):
            raise InputError(f"{path}: casen har kun {len(case.segments)} segmenter")
        seg = case.segments[index]
        label = f"{_SEGMENT_LABELS[sub]}: {seg.name}"
        if sub == "share":
            if len(case.segments) < 2:
                raise InputError(f"{path}: et enkelt segment har altid andelen 100 %")
            return InputRef(path, label, "share", seg.share, 0.0, 1.0)
        high = {"weeks_in_effort": seg.weeks_after, "active_weeks_before": seg.weeks_before}.get(sub)
        return InputRef(path, label, "weeks", float(getattr(seg, sub)), 0.0, high)
    if name == "costs" and index is not None and sub in ("amount_per_year",
                                                         "amount_per_full_year_participant"):
        if index >= len(case.costs):
            raise InputError(f"{path}: casen har kun {len(case.costs)} udgiftslinjer")
        line = case.costs[index]
        wanted = "fixed" if sub == "amount_per_year" else "per_participant"
        if line.kind != wanted:
            raise InputError(f"{path}: udgiften '{line.name}' er af typen {line.kind}, "
                             f"så feltet bruges ikke")
        base = (_yearly_average(line.amount_per_year, case.years) if wanted == "fixed"
                else line.amount_per_full_year_participant)
        suffix = "kr. pr. år" if wanted == "fixed" else "kr. pr. helårsdeltager"
        return InputRef(path, f"{line.name} ({suffix})", "amount", base)
    if name == "pool_funding" and index is not None and sub == "amount_per_year":
        if index >= len(case.pool_funding):
            raise InputError(f"{path}: casen har kun {len(case.pool_funding)} puljer")
        pool = case.pool_funding[index]
        return InputRef(path, f"Puljemidler: {pool.name}", "amount",
                        _yearly_average(pool.amount_per_year, case.years))
    raise InputError(f"'{path}' kan ikke varieres; brug fx inflow_per_year, deadweight, "
                     f"segments[0].share, costs[0].amount_per_year, {SAVED_WEEKS} eller {TOTAL_COST}")


def key_inputs(case: BusinessCase) -> list[InputRef]:
    """The inputs a tornado varies by default: every numeric input with a non-empty default range."""
    paths = ["inflow_per_year", "benefit_per_full_year_person", "prior_weeks"]
    for i, _ in enumerate(case.segments):
        if len(case.segments) > 1:
            paths.append(f"segments[{i}].share")
        paths += [f"segments[{i}].{k}" for k in ("weeks_before", "weeks_after", "weeks_in_effort")]
    paths += ["deadweight", "persistence"]
    paths += [f"effect_phase_in[{i}]" for i in range(len(case.effect_phase_in))]
    for i, line in enumerate(case.costs):
        paths.append(f"costs[{i}].amount_per_year" if line.kind == "fixed"
                     else f"costs[{i}].amount_per_full_year_participant")
    paths += [f"pool_funding[{i}].amount_per_year" for i in range(len(case.pool_funding))]
    refs = [resolve(case, p) for p in paths]
    return [ref for ref in refs if ref.default_range()[0] != ref.default_range()[1]]


def apply_values(case: BusinessCase, arrays: CaseArrays,
                 values: Mapping[str, np.ndarray]) -> CaseArrays:
    """``arrays`` (the case with one draw) with each input set to its D values, draw by draw.

    Inputs not named keep the case's value. Raises :class:`InputError` when values break a rule
    (segment shares that cannot be balanced to 1).
    """
    if not values:
        return arrays
    cols = {path: np.asarray(v, dtype=float).ravel() for path, v in values.items()}
    draws = max(len(v) for v in cols.values())
    refs = {path: resolve(case, path) for path in cols}
    n_seg = arrays.share.shape[1]

    def seg(arr: np.ndarray) -> np.ndarray:
        return np.broadcast_to(arr, (draws, n_seg)).copy()

    share, before, after = seg(arrays.share), seg(arrays.weeks_before), seg(arrays.weeks_after)
    effort, active_before = seg(arrays.weeks_in_effort), seg(arrays.active_weeks_before)
    years = arrays.inflow.shape[1]
    inflow = np.broadcast_to(arrays.inflow, (draws, years)).copy()
    phase_in = np.broadcast_to(arrays.phase_in, (draws, years)).copy()
    fixed = np.broadcast_to(arrays.fixed_costs, (draws, *arrays.fixed_costs.shape[1:])).copy()
    participant = np.broadcast_to(arrays.participant_costs,
                                  (draws, arrays.participant_costs.shape[1])).copy()
    pools = np.broadcast_to(arrays.pool_funding, (draws, years)).copy()
    scalars: dict[str, np.ndarray] = {}

    varied_shares: dict[int, np.ndarray] = {}
    for path, v in cols.items():
        m = _PATH.match(path)
        name, index = m.group(1), None if m.group(2) is None else int(m.group(2))
        sub = m.group(3)
        if path in (SAVED_WEEKS, TOTAL_COST):
            continue
        if name == "segments":
            if sub == "share":
                varied_shares[index] = v
            else:
                {"weeks_before": before, "weeks_after": after, "weeks_in_effort": effort,
                 "active_weeks_before": active_before}[sub][:, index] = v
        elif name == "inflow_per_year":
            if index is None:
                base = refs[path].base
                inflow = (arrays.inflow * (v / base)[:, None] if base > 0
                          else np.repeat(v[:, None], years, axis=1))
            else:
                inflow[:, index] = v
        elif name == "effect_phase_in":
            last = len(case.effect_phase_in) - 1
            for y in range(years):
                if min(y, last) == index:
                    phase_in[:, y] = v
        elif name == "costs":
            base = refs[path].base
            if sub == "amount_per_year":
                fixed[:, index, :] = (arrays.fixed_costs[0, index][None, :] * (v / base)[:, None]
                                      if base > 0 else v[:, None])
            else:
                participant[:, index] = v
        elif name == "pool_funding":
            profile = np.array([amount_for_year(case.pool_funding[index].amount_per_year, y)
                                for y in range(years)])
            base = refs[path].base
            new = profile[None, :] * (v / base)[:, None] if base > 0 else v[:, None]
            pools = pools - profile[None, :] + new
        else:
            scalars[name] = v[:, None]

    if varied_shares:
        for i, v in varied_shares.items():
            share[:, i] = v
        rest = [j for j in range(n_seg) if j not in varied_shares]
        remaining = 1.0 - sum(varied_shares.values())
        rest_base = arrays.share[0, rest].sum() if rest else 0.0
        if np.any(remaining < -1e-9):
            raise InputError("de varierede segmentandele summer til mere end 100 %")
        if rest_base > 0:
            share[:, rest] = arrays.share[0, rest][None, :] * (remaining / rest_base)[:, None]
        elif np.any(np.abs(remaining) > 1e-9):
            raise InputError("segmentandelene kan ikke summe til 100 %: de øvrige segmenter har andelen 0")
    if SAVED_WEEKS in cols:
        factor = cols[SAVED_WEEKS] / refs[SAVED_WEEKS].base
        after = before - factor[:, None] * (before - after)
    if TOTAL_COST in cols:
        factor = cols[TOTAL_COST] / refs[TOTAL_COST].base
        fixed = fixed * factor[:, None, None]
        participant = participant * factor[:, None]
    effort = np.minimum(effort, after)
    active_before = np.minimum(active_before, before)

    return replace(
        arrays,
        share=share, weeks_before=before, weeks_after=after, weeks_in_effort=effort,
        active_weeks_before=active_before,
        # prior_weeks always gets the draws axis: evaluate() takes the number of draws from it.
        prior_weeks=np.broadcast_to(scalars.get("prior_weeks", arrays.prior_weeks), (draws, 1)).copy(),
        inflow=inflow, phase_in=phase_in, fixed_costs=fixed, participant_costs=participant,
        pool_funding=pools,
        benefit=scalars.get("benefit_per_full_year_person", arrays.benefit),
        deadweight=scalars.get("deadweight", arrays.deadweight),
        persistence=scalars.get("persistence", arrays.persistence),
        discount_rate=scalars.get("discount_rate", arrays.discount_rate),
    )
