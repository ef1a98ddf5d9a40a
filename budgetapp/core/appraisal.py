"""Appraisal of a business case: what it costs and saves the municipality, year by year.

The method (``docs/method.md``): each **flow effect** has entrants every year; each segment of
them has a baseline and an intervention path on benefit (a number of weeks, or a survival curve,
which is the mixture of whole-week paths of length k with weight Sₖ − Sₖ₊₁), starting at the
effect's prior staircase position (or a mixture of positions). The municipal cost of a path is the
weekly benefit times the municipality's share of each week along it (:mod:`budgetapp.core.paths`)
times the segment's benefit intensity. The effect of entry cohort k is scaled by its phase-in
factor, by (1 − deadweight) and by persistence.

* ``timing = "calendar"``: every week is booked in the calendar year in which it falls
  (:mod:`budgetapp.core.timing`), under the rule version in force on 1 January of that year; what
  falls after the horizon is the **tail** (``after_horizon``), outside the horizon's figures.
* ``timing = "entry_year"``: the whole path is booked in the entry year, under that year's rule
  (the ``budgetapp.case/1`` semantics).

A **stock effect** saves fewer[j] × benefit × Σ band share × municipal share of the band in year j.
Costs are fixed amounts or amounts per full-year participant (the effort time of all entrants in
the year / W), each with its refusion; pool funding (fixed, or rate × eligible cost up to a cap)
is subtracted.

The engine works on arrays with a leading *draws* axis so that many parameter draws are
evaluated in one pass; a single appraisal is the case with one draw.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from budgetapp.core.case_model import (
    STOCK_BANDS,
    STYRINGSOMRAADER,
    BusinessCase,
    CaseError,
    FlowEffect,
    Issue,
    StockEffect,
    amount_for_year,
    phase_in_for_year,
)
from budgetapp.core.employment_grant import grant_rule
from budgetapp.core.paths import municipal_weeks
from budgetapp.core.rules import (
    MUNICIPAL_COFINANCING,
    Rule,
    ShareSchedule,
    load_rules,
    municipal_share_schedule,
    operating_refusion_rate,
)
from budgetapp.core.timing import (
    ONES,
    cohort_to_calendar,
    path_k,
    tail_after,
    weighted_k,
    weighted_totals,
    year_parts,
)

RESULT_SERIES = (
    "gross_cost", "cost_refusion", "pool_funding", "net_cost", "saved_weeks",
    "gross_saving", "municipal_saving", "employment_grant_clawback", "net_result",
    "cumulative_net_result",
)
EFFECT_SERIES = ("saved_weeks", "gross_saving", "municipal_saving", "employment_grant_clawback",
                 "full_year_persons_in_effort")
EFFECT_TAIL_KEYS = ("saved_weeks", "gross_saving", "municipal_saving", "employment_grant_clawback")
TAIL_KEYS = ("saved_weeks", "gross_saving", "municipal_saving", "employment_grant_clawback",
             "gross_cost", "net_cost")


@dataclass
class Atoms:
    """The survival-curve paths of one side (before/after) of a flow effect: A whole-week paths,
    each of a segment (``segment``), ``length`` weeks, with weight Sₖ − Sₖ₊₁ (``weight``)."""

    segment: np.ndarray   # (A,) int
    length: np.ndarray    # (A,)
    weight: np.ndarray    # (A,)

    @classmethod
    def from_curves(cls, curves: list[tuple[float, ...] | None]) -> Atoms:
        seg, length, weight = [], [], []
        for s, curve in enumerate(curves):
            if curve is None:
                continue
            c = np.asarray(curve, dtype=float)
            w = c - np.append(c[1:], 0.0)
            keep = w > 0
            seg.append(np.full(int(keep.sum()), s))
            length.append(np.arange(1, len(c) + 1, dtype=float)[keep])
            weight.append(w[keep])
        if not seg:
            return cls(np.zeros(0, dtype=int), np.zeros(0), np.zeros(0))
        return cls(np.concatenate(seg), np.concatenate(length), np.concatenate(weight))


@dataclass
class FlowArrays:
    """One flow effect as arrays. D = draws (or 1, broadcast), S = segments, Y = years,
    P = entries of the prior-weeks mixture."""

    share: np.ndarray                  # (D, S)
    weeks_before: np.ndarray           # (D, S) (ignored for segments with a survival curve)
    weeks_after: np.ndarray            # (D, S)
    weeks_in_effort: np.ndarray        # (D, S)
    active_weeks_before: np.ndarray    # (D, S)
    intensity: np.ndarray              # (D, S) benefit intensity
    curve_before: np.ndarray           # (S,) bool: the baseline is a survival curve
    curve_after: np.ndarray            # (S,) bool
    atoms_before: Atoms
    atoms_after: Atoms
    prior_weeks: np.ndarray            # (D, P)
    prior_share: np.ndarray            # (1, P)
    inflow: np.ndarray                 # (D, Y) entrants per year
    benefit: np.ndarray                # (D, 1) kr. per full-year person
    phase_in: np.ndarray               # (D, Y)
    deadweight: np.ndarray             # (D, 1)
    persistence: np.ndarray            # (D, 1)
    schedules: list[ShareSchedule]     # one per year: the municipal share of a benefit week
    tail_schedule: ShareSchedule       # the rule of the year after the horizon
    rule_outside_validity: list[bool]  # per year
    # Draws of a few segments (decision support): the segments ``varied_cols`` (K,) take their
    # values from ``varied`` (attribute → (D, K)); the shares of all other segments are
    # multiplied by ``rest_scale`` (D, 1). The case's own paths are integrated once and cached.
    varied_cols: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    varied: dict[str, np.ndarray] = field(default_factory=dict)
    rest_scale: np.ndarray = field(default_factory=lambda: np.ones((1, 1)))
    cache: dict = field(default_factory=dict, repr=False, compare=False)
    # The share of the municipal saving clawed back through the beskæftigelsestilskud (D, 1);
    # 0 for an effect that does not opt in (``employment_grant``).
    grant_share: np.ndarray = field(default_factory=lambda: np.zeros((1, 1)))


@dataclass
class StockArrays:
    fewer: np.ndarray                  # (D, Y) fewer full-year persons
    benefit: np.ndarray                # (D, 1)
    band_share: np.ndarray             # (4,)
    band_municipal: np.ndarray         # (Y, 4) municipal share per band per year
    rule_outside_validity: list[bool] = field(default_factory=list)
    grant_share: np.ndarray = field(default_factory=lambda: np.zeros((1, 1)))   # (D, 1)


@dataclass
class CaseArrays:
    """The numeric inputs of a case as arrays, with the draws axis first (length D or 1)."""

    years: np.ndarray                  # (Y,) calendar years
    timing: str
    weeks_per_year: np.ndarray         # (D, 1)
    flows: list[FlowArrays]
    flow_index: list[int]              # index in case.effects of each flow
    stocks: list[StockArrays]
    stock_index: list[int]
    fixed_costs: np.ndarray            # (D, C, Y) kr.
    participant_costs: np.ndarray      # (D, C) kr. per full-year participant
    cost_refusion_rate: np.ndarray     # (C, Y)
    pool_funding: np.ndarray           # (D, Y) kr., the fixed pool income
    discount_rate: np.ndarray          # (D, 1)
    cost_area: np.ndarray              # (C,) index into STYRINGSOMRAADER
    pool_area_share: np.ndarray        # (A, Y) share of the fixed pool income per area
    pool_rate: np.ndarray              # (R,) rate of each "rate × eligible cost" pool
    pool_eligible: np.ndarray          # (R, C) 1 where the cost line is eligible
    pool_cap: np.ndarray               # (R, Y) cap per year (inf = none)
    pool_rate_area: np.ndarray         # (R,) index into STYRINGSOMRAADER
    grant_lag: int = 2                 # years between a saving and its clawback (§ 23 a)

    # --- the first flow effect, for single-effect consumers (read-only) --------------------
    def _first(self) -> FlowArrays:
        if not self.flows:
            raise AttributeError("casen har ingen flow-effekt")
        return self.flows[0]

    share = property(lambda self: self._first().share)
    weeks_before = property(lambda self: self._first().weeks_before)
    weeks_after = property(lambda self: self._first().weeks_after)
    weeks_in_effort = property(lambda self: self._first().weeks_in_effort)
    active_weeks_before = property(lambda self: self._first().active_weeks_before)
    inflow = property(lambda self: self._first().inflow)
    benefit = property(lambda self: self._first().benefit)
    phase_in = property(lambda self: self._first().phase_in)
    deadweight = property(lambda self: self._first().deadweight)
    persistence = property(lambda self: self._first().persistence)
    schedules = property(lambda self: self._first().schedules)

    @property
    def rule_outside_validity(self) -> list[bool]:
        flags = [False] * len(self.years)
        for f in self.flows:
            flags = [a or b for a, b in zip(flags, f.rule_outside_validity, strict=True)]
        return flags

    @classmethod
    def from_case(cls, case: BusinessCase) -> CaseArrays:
        return build_arrays(case)


def _per_year(amount, years: int) -> np.ndarray:
    return np.array([amount_for_year(amount, i) for i in range(years)], dtype=float)


def _schedules(case: BusinessCase, rule: Rule, rate: float | None,
               labels: list[int]) -> tuple[list[ShareSchedule], list[bool]]:
    cache: dict[int, ShareSchedule] = {}
    out, outside = [], []
    for year in labels:
        version, in_force = rule.version_for_year(year)
        if id(version) not in cache:
            cache[id(version)] = municipal_share_schedule(rule, version, rate)
        out.append(cache[id(version)])
        outside.append(not in_force)
    return out, outside


def _flow_arrays(case: BusinessCase, effect: FlowEffect) -> FlowArrays:
    n = case.years
    rule = load_rules()[effect.benefit_refusion.rule]
    labels = case.year_labels
    schedules, outside = _schedules(case, rule, effect.benefit_refusion.rate,
                                    [*labels, labels[-1] + 1])
    segs = effect.segments

    def seg(attr: str) -> np.ndarray:
        return np.array([[getattr(s, attr) for s in segs]], dtype=float)

    return FlowArrays(
        share=seg("share"), weeks_before=seg("weeks_before"), weeks_after=seg("weeks_after"),
        weeks_in_effort=seg("weeks_in_effort"), active_weeks_before=seg("active_weeks_before"),
        intensity=seg("benefit_intensity"),
        curve_before=np.array([s.survival_before is not None for s in segs], dtype=bool),
        curve_after=np.array([s.survival_after is not None for s in segs], dtype=bool),
        atoms_before=Atoms.from_curves([s.survival_before for s in segs]),
        atoms_after=Atoms.from_curves([s.survival_after for s in segs]),
        prior_weeks=np.array([[p.weeks for p in effect.prior_weeks]], dtype=float),
        prior_share=np.array([[p.share for p in effect.prior_weeks]], dtype=float),
        inflow=_per_year(effect.inflow_per_year, n)[None, :],
        benefit=np.array([[effect.benefit_per_full_year_person]], dtype=float),
        phase_in=np.array([[phase_in_for_year(effect.effect_phase_in, i) for i in range(n)]]),
        deadweight=np.array([[effect.deadweight]]), persistence=np.array([[effect.persistence]]),
        schedules=schedules[:-1], tail_schedule=schedules[-1], rule_outside_validity=outside[:-1],
        grant_share=_grant_share(case, effect),
    )


def band_municipal_share(schedule: ShareSchedule) -> np.ndarray:
    """The municipality's (passive) share averaged over each of :data:`STOCK_BANDS`, (4,)."""
    out = []
    for start, end in STOCK_BANDS:
        if math.isinf(end):
            out.append(float(municipal_weeks(schedule, start, 1.0, 0.0)))
        else:
            out.append(float(municipal_weeks(schedule, start, end - start, 0.0)) / (end - start))
    return np.array(out)


def _stock_arrays(case: BusinessCase, effect: StockEffect) -> StockArrays:
    rule = load_rules()[effect.benefit_refusion.rule]
    schedules, outside = _schedules(case, rule, effect.benefit_refusion.rate, case.year_labels)
    return StockArrays(
        fewer=_per_year(effect.fewer_full_year_persons, case.years)[None, :],
        benefit=np.array([[effect.benefit_per_full_year_person]], dtype=float),
        band_share=np.array(effect.band_shares, dtype=float),
        band_municipal=np.array([band_municipal_share(s) for s in schedules]),
        rule_outside_validity=outside,
        grant_share=_grant_share(case, effect),
    )


def _grant_share(case: BusinessCase, effect: FlowEffect | StockEffect) -> np.ndarray:
    """The clawback share of ``effect`` (D=1, 1): 0 without ``employment_grant``, else its share
    or the rule's default (``default_clawback_share``) in force on 1 January of the start year."""
    grant = effect.employment_grant
    if grant is None:
        return np.zeros((1, 1))
    share = grant.share
    if share is None:
        version, _ = grant_rule().version_for_year(case.start_year)
        share = version.parameter("default_clawback_share")
    return np.array([[float(share)]])


def _grant_lag(case: BusinessCase) -> int:
    version, _ = grant_rule().version_for_year(case.start_year)
    return int(version.parameter("lag_years"))


def build_arrays(case: BusinessCase) -> CaseArrays:
    n_years = case.years
    rules = load_rules()
    flows, flow_index, stocks, stock_index = [], [], [], []
    for i, effect in enumerate(case.effects):
        if isinstance(effect, FlowEffect):
            flows.append(_flow_arrays(case, effect))
            flow_index.append(i)
        else:
            stocks.append(_stock_arrays(case, effect))
            stock_index.append(i)
    n_costs = len(case.costs)
    fixed = np.zeros((1, n_costs, n_years))
    participant = np.zeros((1, n_costs))
    refusion = np.zeros((n_costs, n_years))
    for c, line in enumerate(case.costs):
        if line.kind == "fixed":
            fixed[0, c] = _per_year(line.amount_per_year, n_years)
        else:
            participant[0, c] = line.amount_per_full_year_participant
        if line.refusion_rule:
            refusion[c] = [operating_refusion_rate(rules[line.refusion_rule], y)
                           for y in case.year_labels]
        else:
            refusion[c] = line.refusion_rate
    n_areas = len(STYRINGSOMRAADER)
    pools = np.zeros((1, n_years))
    pools_by_area = np.zeros((n_areas, n_years))
    rate_pools = [p for p in case.pool_funding if p.rate is not None]
    for pool in case.pool_funding:
        if pool.rate is None:
            income = _per_year(pool.amount_per_year, n_years)
            pools[0] += income
            pools_by_area[STYRINGSOMRAADER.index(pool.styringsomraade)] += income
    pool_share = np.zeros((n_areas, n_years))
    nonzero = pools[0] != 0
    pool_share[:, nonzero] = pools_by_area[:, nonzero] / pools[0, nonzero]
    pool_share[0, ~nonzero] = 1.0
    names = [c.name for c in case.costs]
    eligible = np.array([[1.0 if (not p.eligible_costs or name in p.eligible_costs) else 0.0
                          for name in names] for p in rate_pools]).reshape(len(rate_pools), n_costs)
    caps = np.array([_per_year(p.cap_per_year, n_years) if p.cap_per_year is not None
                     else np.full(n_years, np.inf) for p in rate_pools]).reshape(len(rate_pools), n_years)
    return CaseArrays(
        years=np.array(case.year_labels), timing=case.timing,
        weeks_per_year=np.array([[case.weeks_per_year]], dtype=float),
        flows=flows, flow_index=flow_index, stocks=stocks, stock_index=stock_index,
        fixed_costs=fixed, participant_costs=participant, cost_refusion_rate=refusion,
        pool_funding=pools, discount_rate=np.array([[case.discount_rate]]),
        cost_area=np.array([STYRINGSOMRAADER.index(c.styringsomraade) for c in case.costs], dtype=int),
        pool_area_share=pool_share,
        pool_rate=np.array([p.rate for p in rate_pools], dtype=float),
        pool_eligible=eligible, pool_cap=caps,
        grant_lag=_grant_lag(case),
        pool_rate_area=np.array([STYRINGSOMRAADER.index(p.styringsomraade) for p in rate_pools],
                                dtype=int),
    )


# --- evaluation --------------------------------------------------------------------------------

@dataclass
class _Side:
    """The paths of one side of a flow effect as atoms with a draws axis: (D, A) each."""

    length: np.ndarray
    active: np.ndarray
    weight: np.ndarray        # share × atom weight (× intensity where it applies)
    intensity: np.ndarray
    column: np.ndarray | None = None   # (A,) position of each atom's segment in ``cols``


def _side(f: FlowArrays, kind: str, cols: np.ndarray | None = None,
          use_varied: bool = False, unit: bool = False) -> _Side:
    """The atoms of one side (``before``, ``after`` or ``effort``: the effort part of the
    intervention path) for all segments (``cols`` None) or the segments ``cols``, with the case's
    values or (``use_varied``) the drawn ones."""
    after = kind != "before"
    idx = np.arange(f.share.shape[1]) if cols is None else cols

    def col(attr: str) -> np.ndarray:
        if unit and attr in ("share", "intensity"):
            return np.ones((1, len(idx)))
        if use_varied and attr in f.varied:
            return f.varied[attr][:, np.searchsorted(f.varied_cols, idx)]
        return getattr(f, attr)[:, idx]

    weeks = col("weeks_after" if after else "weeks_before")
    active = col("weeks_in_effort" if after else "active_weeks_before")
    share, intensity = col("share"), col("intensity")
    curve = (f.curve_after if after else f.curve_before)[idx]
    atoms = f.atoms_after if after else f.atoms_before
    keep: slice | np.ndarray
    if cols is None:
        keep, pos = slice(None), atoms.segment
    else:
        keep = np.isin(atoms.segment, idx)
        pos = np.searchsorted(idx, atoms.segment[keep])
    scalar = np.nonzero(~curve)[0]
    lengths = [weeks[:, scalar], atoms.length[keep][None, :]]
    actives = [active[:, scalar], active[:, pos]]
    weights = [share[:, scalar], share[:, pos] * atoms.weight[keep]]
    intens = [intensity[:, scalar], intensity[:, pos]]
    draws = max(a.shape[0] for a in (*lengths, *actives, *weights, *intens))

    def cat(parts: list[np.ndarray]) -> np.ndarray:
        return np.concatenate([np.broadcast_to(p, (draws, p.shape[1])) for p in parts], axis=1)

    length = cat(lengths)
    active_all = np.minimum(cat(actives), length)
    if kind == "effort":
        length = active_all
    return _Side(length=length, active=active_all, weight=cat(weights), intensity=cat(intens),
                 column=np.concatenate([scalar, pos]).astype(int))


def _flow_totals(f: FlowArrays, side: _Side, schedule: ShareSchedule,
                 scale_intensity: bool = True) -> np.ndarray:
    """Per entrant: Σ atoms weight (× intensity) × municipal weeks of the whole path, (D,)."""
    weight = side.weight * side.intensity if scale_intensity else side.weight
    total = 0.0
    for p in range(f.prior_weeks.shape[1]):
        total = total + f.prior_share[0, p] * weighted_totals(
            f.prior_weeks[:, p:p + 1], side.length, side.active, weight, schedule)
    return np.asarray(total)


def _flow_parts(f: FlowArrays, side: _Side, schedule: ShareSchedule, xs: np.ndarray,
                w: np.ndarray, scale_intensity: bool = True) -> np.ndarray:
    """Per entrant: the part of the paths in each year after entry (D, Y) (see timing)."""
    weight = side.weight * side.intensity if scale_intensity else side.weight
    points = _points_needed(side.length, xs, w)
    k = 0.0
    for p in range(f.prior_weeks.shape[1]):
        k = k + f.prior_share[0, p] * weighted_k(xs[:points], f.prior_weeks[:, p:p + 1],
                                                  side.length, side.active, weight, schedule)
    return _pad_years(year_parts(np.asarray(k), w), len(xs) - 1)


def _points_needed(length: np.ndarray, xs: np.ndarray, w: np.ndarray) -> int:
    """K is linear once a path has ended, so year m after entry is 0 once (m − 1)·W ≥ the longest
    path: K is needed at 0, W, …, (⌈L/W⌉ + 1)·W only."""
    longest = float(length.max()) if length.size else 0.0
    return min(len(xs), int(np.ceil(longest / float(np.asarray(w).ravel()[0]))) + 2)


def _pad_years(parts: np.ndarray, years: int) -> np.ndarray:
    if parts.shape[1] >= years:
        return parts[:, :years]
    return np.concatenate([parts, np.zeros((parts.shape[0], years - parts.shape[1]))], axis=1)


def _measure(f: FlowArrays, side: _Side, schedule: ShareSchedule, xs: np.ndarray | None,
             w: np.ndarray, scale_intensity: bool) -> np.ndarray:
    if xs is None:
        return _flow_totals(f, side, schedule, scale_intensity)
    return _flow_parts(f, side, schedule, xs, w, scale_intensity)


def _profile(f: FlowArrays, kind: str, schedule: ShareSchedule, xs: np.ndarray | None,
             w: np.ndarray, scale_intensity: bool = True) -> np.ndarray:
    """Per entrant, one side: totals (``xs`` None, (D,)) or parts per year after entry (D, Y).

    The case's own paths are integrated once (cached on ``f``); drawn segments are added as
    rest_scale × (case − those segments as in the case) + those segments as drawn."""
    refs = (f.share, f.weeks_before, f.weeks_after, f.weeks_in_effort, f.active_weeks_before,
            f.intensity, f.prior_weeks, f.prior_share)
    key = (kind, id(schedule), scale_intensity, None if xs is None else tuple(xs.tolist()))
    hit = f.cache.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], refs, strict=True)):
        base = hit[1]
    else:
        base = _measure(f, _side(f, kind), schedule, xs, w, scale_intensity)
        f.cache[key] = (refs, base)
    if not f.varied_cols.size:
        return base
    cols = f.varied_cols
    scale = f.rest_scale if xs is not None else f.rest_scale[:, 0]
    if f.prior_weeks.shape[0] != 1:   # drawn staircase positions: integrate the drawn segments
        as_case = _measure(f, _side(f, kind, cols), schedule, xs, w, scale_intensity)
        drawn = _measure(f, _side(f, kind, cols, use_varied=True), schedule, xs, w, scale_intensity)
        return scale * (base - as_case) + drawn
    # Each drawn segment's own paths, integrated once with unit weight: a segment whose paths on
    # this side are not drawn (only its share or intensity is) is that profile × its drawn weight.
    per_column = _per_column(f, kind, cols, schedule, xs, w)         # (K,) or (K, Y)

    def weights(use_varied: bool) -> np.ndarray:
        def col(attr: str) -> np.ndarray:
            if use_varied and attr in f.varied:
                return f.varied[attr]
            return getattr(f, attr)[:, cols]
        return col("share") * (col("intensity") if scale_intensity and kind != "effort" else 1.0)

    as_case = weights(False) @ per_column
    path_attrs = ("weeks_before", "active_weeks_before") if kind == "before" \
        else ("weeks_after", "weeks_in_effort")
    moving = _moving_columns(f, kind, cols, path_attrs)
    drawn_weights = weights(True)
    drawn = drawn_weights[:, ~moving] @ per_column[~moving]
    if moving.any():
        drawn = drawn + _measure(f, _side(f, kind, cols[moving], use_varied=True), schedule, xs, w,
                                 scale_intensity)
    return scale * (base - as_case) + drawn


def _moving_columns(f: FlowArrays, kind: str, cols: np.ndarray,
                    path_attrs: tuple[str, str]) -> np.ndarray:
    """(K,) bool: the drawn segments whose paths on this side differ from the case's in some draw.
    The effort path of a whole-week segment is min(weeks in effort, weeks after) long, so drawing
    weeks after above the effort's length leaves it as in the case."""
    moving = np.zeros(len(cols), dtype=bool)
    if kind == "effort" and "weeks_after" in f.varied:
        def drawn(attr: str) -> np.ndarray:
            return f.varied[attr] if attr in f.varied else getattr(f, attr)[:, cols]
        case_wie, case_wa = f.weeks_in_effort[:, cols], f.weeks_after[:, cols]
        effort = np.where(f.curve_after[cols], drawn("weeks_in_effort"),
                          np.minimum(drawn("weeks_in_effort"), drawn("weeks_after")))
        as_case = np.where(f.curve_after[cols], case_wie, np.minimum(case_wie, case_wa))
        return np.any(effort != as_case, axis=0)
    for attr in path_attrs:
        if attr in f.varied:
            moving |= np.any(f.varied[attr] != getattr(f, attr)[:, cols], axis=0)
    return moving


def _per_column(f: FlowArrays, kind: str, cols: np.ndarray, schedule: ShareSchedule,
                xs: np.ndarray | None, w: np.ndarray) -> np.ndarray:
    """Per entrant of each segment ``cols`` with unit share and intensity: totals (K,) or parts
    per year after entry (K, Y), from the case's own paths (one draw)."""
    side = _side(f, kind, cols, unit=True)
    column = side.column
    assert column is not None
    if xs is None:
        total = np.zeros(side.length.shape[1])
        for p in range(f.prior_weeks.shape[1]):
            mw = municipal_weeks(schedule, f.prior_weeks[:, p:p + 1], side.length, side.active)
            total = total + f.prior_share[0, p] * (side.weight * mw)[0]
        return np.bincount(column, weights=total, minlength=len(cols))
    points = _points_needed(side.length, xs, w)
    k = 0.0
    for p in range(f.prior_weeks.shape[1]):
        k = k + f.prior_share[0, p] * path_k(xs[:points], f.prior_weeks[:, p:p + 1], side.length,
                                             side.active, schedule)
    per_atom = np.asarray(k)[0] * side.weight[0][:, None]                 # (A, X)
    out = np.zeros((len(cols), per_atom.shape[1]))
    np.add.at(out, column, per_atom)
    return _pad_years(year_parts(out, w), len(xs) - 1)


def _evaluate_flow(f: FlowArrays, w: np.ndarray, timing: str, years: int) -> dict[str, np.ndarray]:
    """Per-year series of one flow effect and its tail: saved weeks, municipal saving (in
    municipal week-equivalents × weekly benefit), gross saving, full-year persons in effort."""
    effect = f.phase_in * (1.0 - f.deadweight) * f.persistence          # (D, Y)
    cohort = f.inflow * effect
    weekly = f.benefit / w
    out: dict[str, np.ndarray] = {}

    def saved(schedule: ShareSchedule, xs: np.ndarray | None) -> np.ndarray:
        return (_profile(f, "before", schedule, xs, w) - _profile(f, "after", schedule, xs, w))

    effort_total = _profile(f, "effort", ONES, None, w, scale_intensity=False)   # (D,) weeks
    if timing == "entry_year":
        done: dict[int, np.ndarray] = {}
        for schedule in f.schedules:
            if id(schedule) not in done:
                done[id(schedule)] = saved(schedule, None)
        per_entrant = np.stack([done[id(s)] for s in f.schedules], axis=1)   # (D, Y)
        out["saved_weeks"] = cohort * saved(ONES, None)[:, None]
        out["municipal_weeks"] = cohort * per_entrant
        out["effort_weeks"] = f.inflow * effort_total[:, None]
        for key in ("saved_weeks", "municipal_weeks", "effort_weeks"):
            out["tail:" + key] = np.zeros(1)
    else:
        xs = np.arange(years + 1, dtype=float) * float(np.asarray(w).ravel()[0])
        weeks_parts = saved(ONES, xs)
        weeks_total = saved(ONES, None)
        parts_by_schedule: dict[int, np.ndarray] = {}
        totals_by_schedule: dict[int, np.ndarray] = {}
        for schedule in [*f.schedules, f.tail_schedule]:
            if id(schedule) not in parts_by_schedule:
                parts_by_schedule[id(schedule)] = saved(schedule, xs)
                totals_by_schedule[id(schedule)] = saved(schedule, None)
        effort_parts = _profile(f, "effort", ONES, xs, w, scale_intensity=False)
        out["saved_weeks"] = cohort_to_calendar(cohort, [weeks_parts] * years)
        out["municipal_weeks"] = cohort_to_calendar(
            cohort, [parts_by_schedule[id(s)] for s in f.schedules])
        out["effort_weeks"] = cohort_to_calendar(f.inflow, [effort_parts] * years)
        tail_id = id(f.tail_schedule)
        out["tail:saved_weeks"] = tail_after(cohort, weeks_parts, weeks_total)
        out["tail:municipal_weeks"] = tail_after(cohort, parts_by_schedule[tail_id],
                                                 totals_by_schedule[tail_id])
        out["tail:effort_weeks"] = tail_after(f.inflow, effort_parts, effort_total)
    out["weekly_benefit"] = weekly
    return out


def _evaluate_stock(s: StockArrays, w: np.ndarray) -> dict[str, np.ndarray]:
    municipal_share = (s.band_municipal * s.band_share[None, :]).sum(axis=1)     # (Y,)
    return {
        "saved_weeks": s.fewer * w,
        "gross_saving": s.fewer * s.benefit,
        "municipal_saving": s.fewer * s.benefit * municipal_share[None, :],
    }


def evaluate(a: CaseArrays) -> dict[str, np.ndarray]:
    """All result series, each of shape (D, Y), plus per-draw summaries.

    Keys: the :data:`RESULT_SERIES`, ``refusion_forgone``, ``full_year_persons_in_effort``
    (D, Y), ``npv`` (D,), ``payback_index`` (D,; −1 when it never pays back),
    ``break_even_effect_share`` (D,; NaN when the municipal saving is not positive),
    ``by_styringsomraade:<area>`` (D, Y), ``effect:<i>:<series>`` (D, Y) per effect index i for
    :data:`EFFECT_SERIES`, and ``tail:<key>`` (D,) for :data:`TAIL_KEYS`.
    """
    n_years = len(a.years)
    w = a.weeks_per_year
    per_effect: dict[int, dict[str, np.ndarray]] = {}
    fyp_total = 0.0
    tail_fyp = 0.0
    for f, index in zip(a.flows, a.flow_index, strict=True):
        r = _evaluate_flow(f, w, a.timing, n_years)
        fyp = r["effort_weeks"] / w
        per_effect[index] = {
            "saved_weeks": r["saved_weeks"],
            "gross_saving": r["saved_weeks"] * r["weekly_benefit"],
            "municipal_saving": r["municipal_weeks"] * r["weekly_benefit"],
            "full_year_persons_in_effort": fyp,
            "tail:saved_weeks": r["tail:saved_weeks"],
            "tail:gross_saving": r["tail:saved_weeks"] * r["weekly_benefit"][:, 0],
            "tail:municipal_saving": r["tail:municipal_weeks"] * r["weekly_benefit"][:, 0],
        }
        per_effect[index].update(_clawback(per_effect[index], f.grant_share, a.grant_lag))
        fyp_total = fyp_total + fyp
        tail_fyp = tail_fyp + r["tail:effort_weeks"] / w[:, 0]
    for s, index in zip(a.stocks, a.stock_index, strict=True):
        r = _evaluate_stock(s, w)
        zero_tail = np.zeros(1)
        per_effect[index] = {**r, "full_year_persons_in_effort": np.zeros((1, n_years)),
                             "tail:saved_weeks": zero_tail, "tail:gross_saving": zero_tail,
                             "tail:municipal_saving": zero_tail}
        per_effect[index].update(_clawback(per_effect[index], s.grant_share, a.grant_lag))

    def total(key: str) -> np.ndarray:
        return sum((e[key] for e in per_effect.values()), np.zeros((1, n_years)))

    saved_weeks = total("saved_weeks")
    gross_saving = total("gross_saving")
    municipal_saving = total("municipal_saving")
    clawback = total("employment_grant_clawback")
    full_year_persons = np.zeros((1, n_years)) + fyp_total

    line_cost = a.fixed_costs + a.participant_costs[:, :, None] * full_year_persons[:, None, :]
    gross_cost = line_cost.sum(axis=1)
    cost_refusion = (line_cost * a.cost_refusion_rate[None, :, :]).sum(axis=1)
    rate_income = _rate_pool_income(a, line_cost)                         # (D, R, Y)
    pool_income = a.pool_funding + rate_income.sum(axis=1)
    net_cost = gross_cost - cost_refusion - pool_income
    net_result = municipal_saving - clawback - net_cost
    cumulative = np.cumsum(net_result, axis=1)

    discount = (1.0 + a.discount_rate) ** -np.arange(n_years)[None, :]
    npv = (net_result * discount).sum(axis=1)
    paid_back = cumulative >= 0
    payback_index = np.where(paid_back.any(axis=1), paid_back.argmax(axis=1), -1)
    total_saving = (municipal_saving - clawback).sum(axis=1)
    total_net_cost = net_cost.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        positive = total_saving > 0
        break_even = np.where(positive, total_net_cost / np.where(positive, total_saving, 1.0), np.nan)

    draws = max(x.shape[0] for x in (net_result, gross_cost, municipal_saving, clawback,
                                     full_year_persons))
    shape = (draws, n_years)
    tail_gross_cost = (a.participant_costs * np.asarray(tail_fyp).reshape(-1, 1)).sum(axis=1)
    tail_net_cost = (a.participant_costs * np.asarray(tail_fyp).reshape(-1, 1)
                     * (1.0 - a.cost_refusion_rate[:, -1])[None, :]).sum(axis=1) \
        if a.cost_refusion_rate.size else np.zeros(1)
    out = {
        **_by_styringsomraade(a, line_cost, rate_income, municipal_saving - clawback, shape),
        "gross_cost": gross_cost, "cost_refusion": cost_refusion, "pool_funding": pool_income,
        "net_cost": net_cost, "saved_weeks": saved_weeks, "gross_saving": gross_saving,
        "municipal_saving": municipal_saving, "refusion_forgone": gross_saving - municipal_saving,
        "employment_grant_clawback": clawback,
        "net_result": net_result, "cumulative_net_result": cumulative,
        "full_year_persons_in_effort": full_year_persons,
    }
    out = {k: np.broadcast_to(v, shape) for k, v in out.items()}
    for index, series in per_effect.items():
        for key in EFFECT_SERIES:
            out[f"effect:{index}:{key}"] = np.broadcast_to(series[key], shape)
        for key in EFFECT_TAIL_KEYS:
            out[f"effect:{index}:tail:{key}"] = np.broadcast_to(series["tail:" + key], (draws,))
    for key in EFFECT_TAIL_KEYS:
        out["tail:" + key] = np.broadcast_to(
            sum((e["tail:" + key] for e in per_effect.values()), np.zeros(1)), (draws,))
    out["tail:gross_cost"] = np.broadcast_to(tail_gross_cost, (draws,))
    out["tail:net_cost"] = np.broadcast_to(tail_net_cost, (draws,))
    out["npv"] = np.broadcast_to(npv, (draws,))
    out["payback_index"] = np.broadcast_to(payback_index, (draws,))
    out["break_even_effect_share"] = np.broadcast_to(break_even, (draws,))
    return out


def _clawback(effect: dict[str, np.ndarray], share: np.ndarray, lag: int) -> dict[str, np.ndarray]:
    """The modregning i beskæftigelsestilskud of one effect (:mod:`budgetapp.core.employment_grant`).

    clawback[y] = share × municipal_saving[y − lag] (D, Y), kr., positive = less saving; the
    savings of the last ``lag`` years and the saving after the horizon come back after the
    horizon: tail = share × (Σ saving of the last ``lag`` years + the saving's tail) (D,).
    """
    saving = np.asarray(effect["municipal_saving"])
    years = saving.shape[1]
    shifted = np.zeros_like(saving)
    if lag < years:
        shifted[:, lag:] = saving[:, :years - lag]
    late = saving[:, max(years - lag, 0):].sum(axis=1) + np.asarray(effect["tail:municipal_saving"])
    return {"employment_grant_clawback": share * shifted,
            "tail:employment_grant_clawback": share[:, 0] * late}


def _rate_pool_income(a: CaseArrays, line_cost: np.ndarray) -> np.ndarray:
    """min(rate × Σ eligible gross cost, cap) per "rate" pool and year: (D, R, Y)."""
    if not a.pool_rate.size:
        return np.zeros((line_cost.shape[0], 0, line_cost.shape[2]))
    eligible = np.einsum("dcy,rc->dry", line_cost, a.pool_eligible)
    return np.minimum(a.pool_rate[None, :, None] * eligible, a.pool_cap[None, :, :])


def _by_styringsomraade(a: CaseArrays, line_cost: np.ndarray, rate_income: np.ndarray,
                        municipal_saving: np.ndarray, shape: tuple[int, int]) -> dict[str, np.ndarray]:
    """The change in the municipality's net expense per styringsområde, each (D, Y), kr.

    Positive = more expense. Each cost line net of its refusion goes to its own area, pool
    income is subtracted from the pool's area, and the municipal benefit saving net of the
    modregning i beskæftigelsestilskud is subtracted from overførsler; the three series sum to
    −net_result.
    """
    net_line = line_cost * (1.0 - a.cost_refusion_rate[None, :, :])      # (D, C, Y)
    out: dict[str, np.ndarray] = {}
    for k, area in enumerate(STYRINGSOMRAADER):
        mask = a.cost_area == k
        series = (net_line[:, mask, :].sum(axis=1) - a.pool_funding * a.pool_area_share[k][None, :]
                  - rate_income[:, a.pool_rate_area == k, :].sum(axis=1))
        if area == "overførsler":
            series = series - municipal_saving
        out[f"by_styringsomraade:{area}"] = np.broadcast_to(series, shape)
    return out


@dataclass
class Appraisal:
    """The appraisal of one case: one value per year for every series, and the summaries."""

    case: BusinessCase
    years: list[int]
    series: dict[str, list[float]]
    full_year_persons_in_effort_per_year: list[float]
    npv: float
    payback_year: int | None
    break_even_effect_share: float | None
    warnings: list[str] = field(default_factory=list)
    after_horizon: dict[str, float] = field(default_factory=dict)
    effects: list[dict] = field(default_factory=list)

    def __getattr__(self, name: str) -> list[float]:
        series = self.__dict__.get("series", {})
        if name in series:
            return series[name]
        raise AttributeError(name)

    @property
    def full_year_persons_in_effort(self) -> float:
        """Full-year persons in the effort in an average year of the horizon."""
        values = self.full_year_persons_in_effort_per_year
        return sum(values) / len(values)

    @property
    def payback_years(self) -> int | None:
        """Payback in years counted from the start (1 = within the first year)."""
        return None if self.payback_year is None else self.payback_year - self.years[0] + 1

    def to_json_dict(self) -> dict:
        data: dict = {"name": self.case.name, "years": self.years, "timing": self.case.timing}
        for key in RESULT_SERIES:
            data[key] = self.series[key]
        data["refusion_forgone"] = self.series["refusion_forgone"]
        data["npv"] = self.npv
        data["discount_rate"] = self.case.discount_rate
        data["payback_year"] = self.payback_year
        data["full_year_persons_in_effort"] = self.full_year_persons_in_effort
        data["full_year_persons_in_effort_per_year"] = self.full_year_persons_in_effort_per_year
        data["break_even_effect_share"] = self.break_even_effect_share
        data["benefit_refusion_rule"] = self.case.benefit_refusion.rule
        data["by_styringsomraade"] = self.by_styringsomraade
        data["after_horizon"] = dict(self.after_horizon)
        data["effects"] = [dict(e) for e in self.effects]
        data["warnings"] = self.warnings
        return data

    @property
    def by_styringsomraade(self) -> dict[str, list[float]]:
        """Per styringsområde (service, overførsler, anlæg): the change in the municipality's net
        expense per year in kr., positive = more expense; the three sum to −``net_result``."""
        return {area: self.series[f"by_styringsomraade:{area}"] for area in STYRINGSOMRAADER}


def _row(values: np.ndarray) -> list[float]:
    return [float(v) for v in values]


def check_finite(case: BusinessCase, out: dict[str, np.ndarray]) -> None:
    """Raise :class:`CaseError` when a result is not a finite number, naming the largest inputs."""
    bad = [k for k, v in out.items() if not np.all(np.isfinite(np.asarray(v, dtype=float))
                                                  | (k == "break_even_effect_share"))]
    if not bad:
        return
    suspects = _largest_inputs(case.to_dict())
    raise CaseError([Issue(path, "giver et resultat, der ikke er et endeligt tal "
                                 f"({', '.join(bad[:3])}); værdien er {value:g}")
                     for path, value in suspects] or
                    [Issue("", f"resultatet er ikke et endeligt tal ({', '.join(bad[:3])})")])


def _largest_inputs(data, path: str = "") -> list[tuple[str, float]]:
    found: list[tuple[str, float]] = []
    stack = [(path, data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((f"{where}.{k}" if where else k, v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", v) for i, v in enumerate(value))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            found.append((where, float(value)))
    found.sort(key=lambda t: -abs(t[1]) if math.isfinite(t[1]) else -math.inf)
    return found[:3]


def appraise(case: BusinessCase) -> Appraisal:
    """Appraise ``case``; raises :class:`CaseError` when a result is not finite."""
    arrays = CaseArrays.from_case(case)
    out = evaluate(arrays)
    check_finite(case, out)
    years = case.year_labels
    series = {key: _row(out[key][0])
              for key in (*RESULT_SERIES, "refusion_forgone",
                          *(f"by_styringsomraade:{area}" for area in STYRINGSOMRAADER))}
    index = int(out["payback_index"][0])
    break_even = float(out["break_even_effect_share"][0])
    warnings = []
    rules = load_rules()
    pairs: list[tuple[int, FlowArrays | StockArrays]] = [
        *zip(arrays.flow_index, arrays.flows, strict=True),
        *zip(arrays.stock_index, arrays.stocks, strict=True)]
    for effect_index, f in sorted(pairs, key=lambda p: p[0]):
        effect = case.effects[effect_index]
        outside = [y for y, flag in zip(years, f.rule_outside_validity, strict=True) if flag]
        if outside:
            rule = rules[effect.benefit_refusion.rule]
            message = (f"Reglen '{rule.name}' er anvendt i år uden for dens gyldighedsperiode: "
                       f"{', '.join(str(y) for y in outside)} (sammenligningsberegning).")
            if message not in warnings:
                warnings.append(message)
    for effect in case.effects:
        rule = rules[effect.benefit_refusion.rule]
        if effect.employment_grant is not None and rule.share != MUNICIPAL_COFINANCING:
            warnings.append(
                f"Effekten '{effect.name}' har modregning i beskæftigelsestilskud, men reglen "
                f"'{rule.name}' er ikke kommunal medfinansiering af dagpenge; beskæftigelses"
                "tilskuddet følger kun forsikrede ledige (lov om kommunal udligning og generelle "
                "tilskud til kommuner, § 23 a).")
    effects = []
    for i, effect in enumerate(case.effects):
        entry: dict = {"name": effect.name, "kind": effect.kind, "target_group": effect.target_group}
        for key in EFFECT_SERIES:
            entry[key] = _row(out[f"effect:{i}:{key}"][0])
        entry["after_horizon"] = {key: float(out[f"effect:{i}:tail:{key}"][0])
                                  for key in EFFECT_TAIL_KEYS}
        effects.append(entry)
    return Appraisal(
        case=case, years=years, series=series,
        full_year_persons_in_effort_per_year=_row(out["full_year_persons_in_effort"][0]),
        npv=float(out["npv"][0]),
        payback_year=None if index < 0 else years[index],
        break_even_effect_share=break_even if np.isfinite(break_even) else None,
        warnings=warnings,
        after_horizon={key: float(out["tail:" + key][0]) for key in TAIL_KEYS},
        effects=effects,
    )
