"""The numeric inputs of a case that decision support varies, and how many values of them are put
into the vectorised engine at once.

An input is named by a *path*: a field path of the case file (``effects[0].inflow_per_year``,
``effects[0].segments[0].share``, ``effects[1].fewer_full_year_persons``,
``costs[1].amount_per_year``, ``effects[0].effect_phase_in[0]``) or one of two derived inputs,
:data:`SAVED_WEEKS` and :data:`TOTAL_COST`. A ``budgetapp.case/1`` path (``segments[0].share``)
names the first effect (:func:`budgetapp.core.case_model.canonical_path`). :func:`apply_values` takes one
array of values per input (length D, the draws) and returns :class:`CaseArrays` with a leading
draws axis of D, so a whole tornado, break-even search or simulation is one call of
:func:`budgetapp.core.appraisal.evaluate`.

Rules (``docs/decision-support.md``):

* **Segment shares keep summing to 1** (within each effect). When the shares of some segments
  are set, the other segments are scaled in proportion to their shares in the case so that the total stays 1
  (raising the no-show share from 30 % to 36 % lowers 65 % and 5 % by the factor 64/70).
* **Per-year amounts keep their profile.** An amount given per year (a list) is varied as its
  yearly average: every year is multiplied by value / average. A single index
  (``inflow_per_year[2]``) varies one year.
* **Weeks in the effort never exceed weeks on benefit**: when ``weeks_after`` is lowered below
  ``weeks_in_effort``, the effort is cut to the new length (and likewise for active weeks before).
* :data:`SAVED_WEEKS` is the saved benefit weeks per entrant of the first flow effect, Σ share ×
  (weeks before − weeks after) over its segments with whole-week paths (a survival curve is not
  scaled). A value scales every such segment's reduction by value / the case's value.
* Large cases: with more than :data:`MAX_SEGMENT_INPUTS` segments in an effect, the default
  inputs (tornado, simulation, break-even) name only that many segments, those with the largest
  shares; :data:`SAVED_WEEKS` covers all of them. Any segment can still be named explicitly.
* :data:`TOTAL_COST` is the gross cost per year on average over the horizon; a value scales
  every cost line (fixed and per participant) by value / the case's value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal, TypedDict

import numpy as np
from numpy.typing import ArrayLike, NDArray

from budgetapp.core.appraisal import CaseArrays, FlowArrays, StockArrays, evaluate
from budgetapp.core.case_model import (
    Amount,
    BusinessCase,
    FlowEffect,
    StockEffect,
    amount_for_year,
    canonical_path,
)
from budgetapp.core.formatting import format_number

SAVED_WEEKS = "saved_weeks_per_entrant"
TOTAL_COST = "total_cost_per_year"
DEFAULT_RELATIVE_RANGE = 0.2
MAX_SEGMENT_INPUTS = 20

_STEP = re.compile(r"^([a-z_]+)(?:\[(\d+)\])?$")
_SEGMENT_LABELS = {
    "share": "Andel",
    "weeks_before": "Uger på ydelse før",
    "weeks_after": "Uger på ydelse efter",
    "weeks_in_effort": "Uger i indsatsen",
    "active_weeks_before": "Aktive uger før",
    "benefit_intensity": "Ydelsesintensitet",
}
_FLOW_SCALARS = {
    "inflow_per_year": ("Tilgang pr. år", "count"),
    "benefit_per_full_year_person": ("Ydelse pr. helårsperson", "amount"),
    "prior_weeks": ("Uger på ydelse før forløbet", "weeks"),
    "deadweight": ("Dødvægt", "share"),
    "persistence": ("Varighed af effekten (persistens)", "share"),
}
_STOCK_SCALARS = {
    "fewer_full_year_persons": ("Færre helårspersoner", "count"),
    "benefit_per_full_year_person": ("Ydelse pr. helårsperson", "amount"),
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


@dataclass(frozen=True)
class ParsedPath:
    """A field path split into its steps: ``effects[e].name[index].sub``; e None = top level."""

    effect: int | None
    name: str
    index: int | None
    sub: str | None


def parse_path(path: str) -> ParsedPath:
    """Split a (canonical) input path; :class:`InputError` when it is not a path."""
    parts = path.split(".")
    effect = None
    if parts[0].startswith("effects["):
        m = re.match(r"^effects\[(\d+)\]$", parts[0])
        if not m or len(parts) < 2:
            raise InputError(f"'{path}' er ikke en gyldig feltsti (fx effects[0].segments[0].share)")
        effect = int(m.group(1))
        parts = parts[1:]
    if len(parts) > 2:
        raise InputError(f"'{path}' er ikke en gyldig feltsti (fx effects[0].segments[0].share)")
    m = _STEP.match(parts[0])
    if not m or (len(parts) == 2 and not re.match(r"^[a-z_]+$", parts[1])):
        raise InputError(f"'{path}' er ikke en gyldig feltsti (fx effects[0].segments[0].share)")
    return ParsedPath(effect, m.group(1), None if m.group(2) is None else int(m.group(2)),
                      parts[1] if len(parts) == 2 else None)


def _yearly_average(amount: Amount, years: int) -> float:
    return sum(amount_for_year(amount, i) for i in range(years)) / years


def _first_flow(case: BusinessCase) -> tuple[int, FlowEffect] | None:
    flows = case.flow_effects
    return flows[0] if flows else None


def saved_weeks_per_entrant(case: BusinessCase) -> float:
    first = _first_flow(case)
    if first is None:
        return 0.0
    return sum(s.share * (s.weeks_before - s.weeks_after) for s in first[1].segments
               if s.survival_before is None and s.survival_after is None)


def _average_gross_cost(case: BusinessCase) -> float:
    return float(evaluate(CaseArrays.from_case(case))["gross_cost"][0].mean())


def _effect_label(case: BusinessCase, e: int, label: str) -> str:
    return label if len(case.effects) == 1 else f"{label} ({case.effects[e].name})"


def resolve(case: BusinessCase, path: str) -> InputRef:
    """The input named ``path`` in ``case``; :class:`InputError` (Danish) when it cannot be varied.

    The returned :attr:`InputRef.path` is the canonical (``budgetapp.case/2``) path.
    """
    if path == SAVED_WEEKS:
        saved = saved_weeks_per_entrant(case)
        if saved <= 0:
            raise InputError("casen sparer ingen ydelsesuger, så de sparede uger kan ikke skaleres")
        first = _first_flow(case)
        assert first is not None
        ratios = [s.weeks_before / (s.weeks_before - s.weeks_after) for s in first[1].segments
                  if s.weeks_before > s.weeks_after and s.survival_before is None
                  and s.survival_after is None]
        return InputRef(path, "Sparede ydelsesuger pr. tilgang", "weeks", saved, 0.0, saved * min(ratios))
    if path == TOTAL_COST:
        total = _average_gross_cost(case)
        if total <= 0:
            raise InputError("casen har ingen udgifter at skalere")
        return InputRef(path, "Bruttoudgift pr. år (gennemsnit)", "amount", total)
    path = canonical_path(path)
    p = parse_path(path)
    if p.effect is not None:
        if p.effect >= len(case.effects):
            raise InputError(f"{path}: casen har kun {len(case.effects)} effekter")
        effect = case.effects[p.effect]
        if isinstance(effect, FlowEffect):
            return _resolve_flow(case, p.effect, effect, p, path)
        return _resolve_stock(case, p.effect, effect, p, path)
    if p.name == "discount_rate" and p.index is None and p.sub is None:
        return InputRef(path, "Diskonteringsrente", "share", case.discount_rate, 0.0, 0.5)
    if p.name == "costs" and p.index is not None and p.sub in ("amount_per_year",
                                                               "amount_per_full_year_participant"):
        if p.index >= len(case.costs):
            raise InputError(f"{path}: casen har kun {len(case.costs)} udgiftslinjer")
        line = case.costs[p.index]
        wanted = "fixed" if p.sub == "amount_per_year" else "per_participant"
        if line.kind != wanted:
            raise InputError(f"{path}: udgiften '{line.name}' er af typen {line.kind}, "
                             f"så feltet bruges ikke")
        base = (_yearly_average(line.amount_per_year, case.years) if wanted == "fixed"
                else line.amount_per_full_year_participant)
        suffix = "kr. pr. år" if wanted == "fixed" else "kr. pr. helårsdeltager"
        return InputRef(path, f"{line.name} ({suffix})", "amount", base)
    if p.name == "pool_funding" and p.index is not None and p.sub in ("amount_per_year", "rate"):
        if p.index >= len(case.pool_funding):
            raise InputError(f"{path}: casen har kun {len(case.pool_funding)} puljer")
        pool = case.pool_funding[p.index]
        if p.sub == "rate":
            if pool.rate is None:
                raise InputError(f"{path}: puljen '{pool.name}' har et fast beløb, ikke en sats")
            return InputRef(path, f"Puljesats: {pool.name}", "share", pool.rate, 0.0, 1.0)
        if pool.rate is not None:
            raise InputError(f"{path}: puljen '{pool.name}' giver en sats af udgiften, ikke et beløb")
        return InputRef(path, f"Puljemidler: {pool.name}", "amount",
                        _yearly_average(pool.amount_per_year, case.years))
    raise InputError(f"'{path}' kan ikke varieres; brug fx effects[0].inflow_per_year, "
                     f"effects[0].deadweight, effects[0].segments[0].share, "
                     f"costs[0].amount_per_year, {SAVED_WEEKS} eller {TOTAL_COST}")


def _resolve_grant(case: BusinessCase, e: int, effect: FlowEffect | StockEffect,
                   path: str) -> InputRef:
    """``effects[e].employment_grant.share``: the share of the saving clawed back through the
    beskæftigelsestilskud (0-1), for an effect that opts in."""
    if effect.employment_grant is None:
        raise InputError(f"{path}: effekten '{effect.name}' har ikke modregning i "
                         "beskæftigelsestilskud")
    share = effect.employment_grant.share
    if share is None:
        from budgetapp.core.employment_grant import grant_rule

        version, _ = grant_rule().version_for_year(case.start_year)
        share = version.parameter("default_clawback_share")
    return InputRef(path, _effect_label(case, e, "Andel modregnet i beskæftigelsestilskud"),
                    "share", float(share), 0.0, 1.0)


def _resolve_flow(case: BusinessCase, e: int, effect: FlowEffect, p: ParsedPath,
                  path: str) -> InputRef:
    if p.name == "employment_grant" and p.index is None and p.sub == "share":
        return _resolve_grant(case, e, effect, path)
    if p.name in _FLOW_SCALARS and p.sub is None:
        label, kind = _FLOW_SCALARS[p.name]
        label = _effect_label(case, e, label)
        high = 1.0 if kind == "share" else None
        if p.name == "inflow_per_year":
            amount = effect.inflow_per_year
            if p.index is None:
                return InputRef(path, label, kind, _yearly_average(amount, case.years))
            if not isinstance(amount, list) or p.index >= len(amount):
                raise InputError(f"{path}: tilgangen er ikke angivet pr. år, eller året findes ikke")
            return InputRef(path, _effect_label(case, e, f"Tilgang {case.start_year + p.index}"),
                            kind, float(amount[p.index]))
        if p.name == "prior_weeks":
            if p.index is not None or len(effect.prior_weeks) != 1:
                raise InputError(f"{path}: uger før forløbet er en blanding; angiv "
                                 f"prior_weeks[k].weeks")
            return InputRef(path, label, kind, effect.prior_weeks[0].weeks, 0.0, 5200.0)
        if p.index is None:
            return InputRef(path, label, kind, float(getattr(effect, p.name)), 0.0, high)
    if p.name == "prior_weeks" and p.index is not None and p.sub == "weeks":
        if p.index >= len(effect.prior_weeks) or len(effect.prior_weeks) == 1:
            raise InputError(f"{path}: blandingen har ikke indgang {p.index}")
        return InputRef(path, _effect_label(case, e, f"Uger før forløbet, del {p.index + 1}"),
                        "weeks", effect.prior_weeks[p.index].weeks, 0.0, 5200.0)
    if p.name == "effect_phase_in" and p.index is not None and p.sub is None:
        if p.index >= len(effect.effect_phase_in):
            raise InputError(f"{path}: indfasningen har kun {len(effect.effect_phase_in)} faktorer")
        return InputRef(path, _effect_label(case, e, f"Indfasning, faktor {p.index + 1}"), "share",
                        float(effect.effect_phase_in[p.index]), 0.0, 1.0)
    if p.name == "segments" and p.index is not None and p.sub in _SEGMENT_LABELS:
        if p.index >= len(effect.segments):
            raise InputError(f"{path}: effekten har kun {len(effect.segments)} segmenter")
        seg = effect.segments[p.index]
        label = _effect_label(case, e, f"{_SEGMENT_LABELS[p.sub]}: {seg.name}")
        if p.sub == "share":
            if len(effect.segments) < 2:
                raise InputError(f"{path}: et enkelt segment har altid andelen 100 %")
            return InputRef(path, label, "share", seg.share, 0.0, 1.0)
        if p.sub == "benefit_intensity":
            return InputRef(path, label, "share", seg.benefit_intensity, 0.0, 1.0)
        curve = {"weeks_before": seg.survival_before, "active_weeks_before": seg.survival_before,
                 "weeks_after": seg.survival_after}.get(p.sub)
        if curve is not None:
            raise InputError(f"{path}: segmentet '{seg.name}' har en overlevelseskurve; "
                             "varier kurven i et scenarie i stedet")
        high = {"weeks_in_effort": (seg.weeks_after if seg.survival_after is None
                                    else float(len(seg.survival_after))),
                "active_weeks_before": seg.weeks_before}.get(p.sub, 5200.0)
        return InputRef(path, label, "weeks", float(getattr(seg, p.sub)), 0.0, high)
    raise InputError(f"'{path}' kan ikke varieres; brug fx effects[0].inflow_per_year eller "
                     f"effects[0].segments[0].share")


def _resolve_stock(case: BusinessCase, e: int, effect: StockEffect, p: ParsedPath,
                   path: str) -> InputRef:
    if p.name == "employment_grant" and p.index is None and p.sub == "share":
        return _resolve_grant(case, e, effect, path)
    if p.name in _STOCK_SCALARS and p.sub is None:
        label, kind = _STOCK_SCALARS[p.name]
        value = getattr(effect, p.name)
        if p.index is None:
            base = _yearly_average(value, case.years) if p.name == "fewer_full_year_persons" \
                else float(value)
            return InputRef(path, _effect_label(case, e, label), kind, base)
        if p.name == "fewer_full_year_persons" and isinstance(value, list) and p.index < len(value):
            return InputRef(path, _effect_label(case, e, f"{label} {case.start_year + p.index}"),
                            kind, float(value[p.index]))
    raise InputError(f"'{path}' kan ikke varieres; brug effects[{e}].fewer_full_year_persons "
                     f"eller effects[{e}].benefit_per_full_year_person")


def segment_input_indices(effect: FlowEffect) -> list[int]:
    """The segments a default analysis names: all, or the :data:`MAX_SEGMENT_INPUTS` largest."""
    n = len(effect.segments)
    if n <= MAX_SEGMENT_INPUTS:
        return list(range(n))
    order = sorted(range(n), key=lambda i: -effect.segments[i].share)
    return sorted(order[:MAX_SEGMENT_INPUTS])


def key_inputs(case: BusinessCase) -> list[InputRef]:
    """The inputs a tornado varies by default: every numeric input with a non-empty default range
    (with many segments: see :data:`MAX_SEGMENT_INPUTS`)."""
    paths: list[str] = []
    for e, effect in enumerate(case.effects):
        w = f"effects[{e}]."
        if effect.employment_grant is not None:
            paths.append(w + "employment_grant.share")
        if isinstance(effect, StockEffect):
            paths += [w + "fewer_full_year_persons", w + "benefit_per_full_year_person"]
            continue
        paths += [w + "inflow_per_year", w + "benefit_per_full_year_person"]
        if len(effect.prior_weeks) == 1:
            paths.append(w + "prior_weeks")
        for i in segment_input_indices(effect):
            seg = effect.segments[i]
            if len(effect.segments) > 1:
                paths.append(f"{w}segments[{i}].share")
            if seg.survival_before is None:
                paths.append(f"{w}segments[{i}].weeks_before")
            if seg.survival_after is None:
                paths.append(f"{w}segments[{i}].weeks_after")
            paths.append(f"{w}segments[{i}].weeks_in_effort")
        if len(effect.segments) > MAX_SEGMENT_INPUTS and saved_weeks_per_entrant(case) > 0 and e == \
                case.flow_effects[0][0]:
            paths.append(SAVED_WEEKS)
        paths += [w + "deadweight", w + "persistence"]
        paths += [f"{w}effect_phase_in[{i}]" for i in range(len(effect.effect_phase_in))]
    for i, line in enumerate(case.costs):
        paths.append(f"costs[{i}].amount_per_year" if line.kind == "fixed"
                     else f"costs[{i}].amount_per_full_year_participant")
    for i, pool in enumerate(case.pool_funding):
        paths.append(f"pool_funding[{i}].rate" if pool.rate is not None
                     else f"pool_funding[{i}].amount_per_year")
    refs = [resolve(case, p) for p in paths]
    return [ref for ref in refs if ref.default_range()[0] != ref.default_range()[1]]


# --- putting D values of inputs into the arrays ----------------------------------------------

FloatArray = NDArray[np.float64]


class _FlowChanges(TypedDict, total=False):
    """The fields of one :class:`FlowArrays` that :func:`apply_values` replaces, each with the
    draws axis first: (D, Y) for inflow and phase_in, (D, P) for prior_weeks, (D, 1) else."""

    inflow: FloatArray
    phase_in: FloatArray
    prior_weeks: FloatArray
    benefit: FloatArray
    deadweight: FloatArray
    persistence: FloatArray
    grant_share: FloatArray


class _StockChanges(TypedDict, total=False):
    """The fields of one :class:`StockArrays` that :func:`apply_values` replaces: (D, Y) for
    fewer, (D, 1) for benefit and grant_share."""

    fewer: FloatArray
    benefit: FloatArray
    grant_share: FloatArray


def _widen(arr: FloatArray, draws: int) -> FloatArray:
    return np.broadcast_to(arr, (draws, *arr.shape[1:])).copy()


def _invalid_path(path: str) -> InputError:
    return InputError(f"'{path}' er ikke en gyldig feltsti (fx effects[0].segments[0].share)")


_SEGMENT_ATTRS = {"weeks_before": "weeks_before", "weeks_after": "weeks_after",
                  "weeks_in_effort": "weeks_in_effort", "active_weeks_before": "active_weeks_before",
                  "benefit_intensity": "intensity", "share": "share"}


def apply_values(case: BusinessCase, arrays: CaseArrays,
                 values: Mapping[str, ArrayLike]) -> CaseArrays:
    """``arrays`` (the case with one draw) with each input set to its D values, draw by draw.

    Inputs not named keep the case's value. Only what changes gets the draws axis: drawn segments
    are kept apart (:attr:`FlowArrays.varied`), so the paths of the others are integrated once,
    and memory grows with draws × drawn segments, not draws × all segments. Raises
    :class:`InputError` when values break a rule (segment shares that cannot be balanced to 1).
    """
    if not values:
        return arrays
    cols: dict[str, FloatArray] = {(p if p in (SAVED_WEEKS, TOTAL_COST) else canonical_path(p)):
                                   np.asarray(v, dtype=np.float64).ravel() for p, v in values.items()}
    draws = max(len(v) for v in cols.values())
    refs = {path: resolve(case, path) for path in cols}
    flows = list(arrays.flows)
    stocks = list(arrays.stocks)
    flow_pos = {index: k for k, index in enumerate(arrays.flow_index)}
    stock_pos = {index: k for k, index in enumerate(arrays.stock_index)}
    flow_changes: dict[int, _FlowChanges] = {}
    stock_changes: dict[int, _StockChanges] = {}
    segment_values: dict[int, dict[str, dict[int, FloatArray]]] = {}
    fixed: FloatArray = arrays.fixed_costs
    participant: FloatArray = arrays.participant_costs
    pools: FloatArray = arrays.pool_funding
    top: dict[str, FloatArray] = {}

    def get(e: int, attr: Literal["inflow", "phase_in", "prior_weeks"]) -> FloatArray:
        current = flow_changes.setdefault(e, {})
        if attr not in current:
            current[attr] = _widen(getattr(flows[flow_pos[e]], attr), draws)
        return current[attr]

    def effect_changes(e: int) -> _FlowChanges | _StockChanges:
        return flow_changes.setdefault(e, {}) if e in flow_pos else stock_changes.setdefault(e, {})

    def get_fewer(e: int) -> FloatArray:
        current = stock_changes.setdefault(e, {})
        if "fewer" not in current:
            current["fewer"] = _widen(stocks[stock_pos[e]].fewer, draws)
        return current["fewer"]

    for path, v in cols.items():
        if path in (SAVED_WEEKS, TOTAL_COST):
            continue
        p = parse_path(path)
        base = refs[path].base
        if p.effect is not None:
            e = p.effect
            if p.name == "segments":
                if p.sub is None or p.index is None:
                    raise _invalid_path(path)
                segment_values.setdefault(e, {}).setdefault(_SEGMENT_ATTRS[p.sub], {})[p.index] = v
            elif p.name in ("inflow_per_year", "fewer_full_year_persons"):
                if p.name == "inflow_per_year":
                    arr, original = get(e, "inflow"), flows[flow_pos[e]].inflow
                else:
                    arr, original = get_fewer(e), stocks[stock_pos[e]].fewer
                if p.index is None:
                    arr[:] = ((original / base) * v[:, None] if base > 0  # v / base overflows for a tiny base
                              else np.repeat(v[:, None], arr.shape[1], axis=1))
                else:
                    arr[:, p.index] = v
            elif p.name == "effect_phase_in":
                effect = case.effects[e]
                if not isinstance(effect, FlowEffect):
                    raise InputError(f"{path}: effekten '{effect.name}' er en bestandseffekt uden indfasning")
                arr = get(e, "phase_in")
                last = len(effect.effect_phase_in) - 1
                for y in range(arr.shape[1]):
                    if min(y, last) == p.index:
                        arr[:, y] = v
            elif p.name == "prior_weeks":
                get(e, "prior_weeks")[:, p.index or 0] = v
            elif p.name == "benefit_per_full_year_person":
                effect_changes(e)["benefit"] = v[:, None]
            elif p.name == "employment_grant":
                effect_changes(e)["grant_share"] = v[:, None]
            elif p.name == "deadweight":
                flow_changes.setdefault(e, {})["deadweight"] = v[:, None]
            else:  # persistence
                flow_changes.setdefault(e, {})["persistence"] = v[:, None]
        elif p.name == "costs":
            if p.index is None:
                raise _invalid_path(path)
            if p.sub == "amount_per_year":
                fixed = _widen(fixed, draws) if fixed.shape[0] != draws else fixed
                fixed[:, p.index, :] = (arrays.fixed_costs[0, p.index][None, :] * (v / base)[:, None]
                                        if base > 0 else v[:, None])
            else:
                participant = _widen(participant, draws) if participant.shape[0] != draws else participant
                participant[:, p.index] = v
        elif p.name == "pool_funding":
            if p.sub == "rate":
                raise InputError(f"{path}: en puljesats varieres i et scenarie, ikke i denne beregning")
            if p.index is None:
                raise _invalid_path(path)
            profile = np.array([amount_for_year(case.pool_funding[p.index].amount_per_year, y)
                                for y in range(pools.shape[1])])
            new = profile[None, :] * (v / base)[:, None] if base > 0 else v[:, None]
            pools = pools - profile[None, :] + new
        else:
            top[p.name] = v[:, None]

    if SAVED_WEEKS in cols:
        e = case.flow_effects[0][0]
        f = flows[flow_pos[e]]
        factor = cols[SAVED_WEEKS] / refs[SAVED_WEEKS].base
        scalar = np.nonzero(~(f.curve_before | f.curve_after))[0]
        before, after = f.weeks_before[0], f.weeks_after[0]
        target = segment_values.setdefault(e, {}).setdefault("weeks_after", {})
        for j in scalar:
            target[int(j)] = before[j] - factor * (before[j] - after[j])
    for e, by_attr in segment_values.items():
        flows[flow_pos[e]] = _vary_segments(flows[flow_pos[e]], by_attr, draws)
    if TOTAL_COST in cols:
        factor = cols[TOTAL_COST] / refs[TOTAL_COST].base
        fixed = fixed * factor[:, None, None]
        participant = participant * factor[:, None]

    for e, flow_changed in flow_changes.items():
        flows[flow_pos[e]] = replace(flows[flow_pos[e]], **flow_changed)
    for e, stock_changed in stock_changes.items():
        stocks[stock_pos[e]] = replace(stocks[stock_pos[e]], **stock_changed)
    return replace(arrays, flows=flows, stocks=stocks, fixed_costs=fixed,
                   participant_costs=participant, pool_funding=pools,
                   discount_rate=top.get("discount_rate", arrays.discount_rate))


def _vary_segments(f: FlowArrays, by_attr: dict[str, dict[int, FloatArray]],
                   draws: int) -> FlowArrays:
    """``f`` with the drawn segment values: the drawn segments in ``varied``, the shares of the
    others rebalanced through ``rest_scale`` so that every draw's shares sum to 1."""
    cols = np.array(sorted({j for values in by_attr.values() for j in values}), dtype=int)
    varied: dict[str, FloatArray] = {}
    for attr, values in by_attr.items():
        arr = np.broadcast_to(getattr(f, attr)[:, cols], (draws, len(cols))).copy()
        for j, v in values.items():
            arr[:, int(np.searchsorted(cols, j))] = v
        varied[attr] = arr
    base_share = f.share[0]
    rest_scale = np.ones((1, 1))
    set_shares = by_attr.get("share", {})
    if set_shares:
        remaining = 1.0 - sum(set_shares.values(), np.zeros(1))
        rest_mask = np.ones(len(base_share), dtype=bool)
        rest_mask[list(set_shares)] = False
        rest_base = float(base_share[rest_mask].sum())
        if np.any(remaining < -1e-9):
            raise InputError("de varierede segmentandele summer til mere end 100 %")
        if rest_base > 0:
            rest_scale = (remaining / rest_base)[:, None]
        elif np.any(np.abs(remaining) > 1e-9):
            raise InputError("segmentandelene kan ikke summe til 100 %: de øvrige segmenter har andelen 0")
        share = varied.get("share")
        if share is None:
            share = np.broadcast_to(f.share[:, cols], (draws, len(cols))).copy()
        for k, j in enumerate(cols):
            if int(j) not in set_shares:
                share[:, k] = base_share[j] * rest_scale[:, 0]
        varied["share"] = share
    # The effort never outlasts the path (weeks in effort ≤ weeks after, active ≤ weeks before).
    return replace(f, varied_cols=cols, varied=varied, rest_scale=rest_scale)


__all__ = [
    "SAVED_WEEKS",
    "TOTAL_COST",
    "FlowArrays",
    "InputError",
    "InputRef",
    "StockArrays",
    "apply_values",
    "format_value",
    "key_inputs",
    "parse_path",
    "resolve",
]
