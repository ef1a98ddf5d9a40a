"""Follow-up of an approved case: plan against actual per year, success criteria, decision date.

Plan per year comes from the appraisal, over every flow effect of the case (the same whatever
their order): entrants (the summed inflow), participants (entrants in segments with weeks in the
effort), average weeks on benefit per entrant after the effort (Σ share × weeks after of each
effect, weighted by the effects' inflow) and gross spend. The *estimated actual* net result puts
the actual figures into the same model, year by year: the actual entrants scale every effect's
inflow by actual / planned, the actual average weeks on benefit scale every segment's weeks after
by actual / planned, and the actual spend
replaces the gross cost with the plan's refusion rate and pool funding. Figures not entered keep
the plan. The baseline (weeks before), dead-weight and refusion stay as planned, so the estimate
says what the actual figures are worth if the baseline assumption holds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import numpy as np

from budgetapp.core.appraisal import CaseArrays, appraise, evaluate
from budgetapp.core.case_model import BusinessCase
from budgetapp.core.decision_data import ACTUAL_FIELDS, FOLLOW_UP_METRICS, FollowUp, SuccessCriterion

MET, NOT_MET, NOT_MEASURED = "met", "not_met", "not_measured"
STATUS_TEXT = {MET: "opfyldt", NOT_MET: "ikke opfyldt", NOT_MEASURED: "ikke målt endnu"}


@dataclass(frozen=True)
class YearFollowUp:
    year: int
    plan: dict[str, float]            # metric → planned value
    actual: dict[str, float | None]   # metric → actual (entered or estimated); None: unknown

    @property
    def measured(self) -> bool:
        return any(self.actual[k] is not None for k in ACTUAL_FIELDS)


@dataclass(frozen=True)
class CriterionResult:
    criterion: SuccessCriterion
    planned: float
    actual: float | None
    status: str

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]


@dataclass(frozen=True)
class FollowUpReport:
    case_name: str
    years: list[YearFollowUp]
    criteria: list[CriterionResult]
    decision_date: dt.date | None
    days_to_decision: int | None      # negative: the date has passed

    def decision_text(self) -> str:
        if self.decision_date is None:
            return "Der er ikke sat en beslutningsdato for, om indsatsen skal fortsætte."
        date = f"{self.decision_date.day}.{self.decision_date.month}.{self.decision_date.year}"
        days = self.days_to_decision or 0
        if days > 0:
            return f"Beslutning om at fortsætte eller lukke indsatsen: {date} (om {days} dage)."
        if days == 0:
            return f"Beslutning om at fortsætte eller lukke indsatsen: i dag ({date})."
        return f"Beslutningsdatoen {date} er passeret for {-days} dage siden."


@dataclass(frozen=True)
class EffectPlan:
    """One flow effect's own plan: entrants per year, and weeks on benefit per entrant without
    and with the effort (Σ share × weeks over its segments)."""

    name: str
    entrants: list[float]
    weeks_before: float
    weeks_after: float


def plan_by_effect(case: BusinessCase) -> list[EffectPlan]:
    """The plan of every flow effect, in the case's order (empty for a case of stock effects)."""
    arrays = CaseArrays.from_case(case)
    return [EffectPlan(e.name, [float(v) for v in f.inflow[0]],
                       float(sum(s.share * s.weeks_before for s in e.segments)),
                       float(sum(s.share * s.weeks_after for s in e.segments)))
            for (_, e), f in zip(case.flow_effects, arrays.flows, strict=True)]


def planned_weeks_after(case: BusinessCase) -> list[float]:
    """Average weeks on benefit per entrant with the effort, per year (Σ share × weeks after of
    each flow effect, weighted by the effects' inflow that year; unweighted when no one enters).
    The same whatever the order of the effects; 0 in every year for a case of stock effects."""
    flows = [e for _, e in case.flow_effects]
    if not flows:
        return [0.0] * case.years
    weeks = np.array([sum(s.share * s.weeks_after for s in e.segments) for e in flows])
    arrays = CaseArrays.from_case(case)
    inflow = np.array([f.inflow[0] for f in arrays.flows])              # (E, Y)
    out = []
    for y in range(case.years):
        total = float(inflow[:, y].sum())
        out.append(float(weeks @ inflow[:, y] / total) if total > 0 else float(weeks.mean()))
    return out


def _planned(case: BusinessCase) -> tuple[dict[str, list[float]], np.ndarray]:
    """The plan per year, summed over every flow effect: entrants, participants (entrants in
    segments with weeks in the effort) and the inflow-weighted weeks on benefit after the effort."""
    result = appraise(case)
    arrays = CaseArrays.from_case(case)
    flows = [e for _, e in case.flow_effects]
    inflow = np.zeros(case.years)
    participants = np.zeros(case.years)
    for effect, f in zip(flows, arrays.flows, strict=True):
        in_effort = float(sum(s.share for s in effect.segments if s.weeks_in_effort > 0))
        inflow = inflow + f.inflow[0]
        participants = participants + f.inflow[0] * in_effort
    # a case of stock effects only has no entrants to follow: entrants and participants are 0
    plan = {
        "entrants": [float(v) for v in inflow],
        "participants": [float(v) for v in participants],
        "weeks_on_benefit": planned_weeks_after(case),
        "spend": result.series["gross_cost"],
        "net_result": result.series["net_result"],
        "cumulative_net_result": result.series["cumulative_net_result"],
    }
    return plan, inflow


def _estimated_saving(case: BusinessCase, arrays: CaseArrays, follow: FollowUp,
                      plan: dict[str, list[float]]) -> np.ndarray:
    """The municipal saving net of the modregning i beskæftigelsestilskud per year with the
    actual entrants and weeks on benefit put into every flow effect (one draw per year: draw y
    carries year y's actual figures; its year-y column is the estimate).

    The actual entrants of a year scale every effect's inflow by actual / planned (split evenly
    when none were planned); the actual weeks scale every effect's weeks after by actual /
    planned (set every segment to them when the plan is 0 weeks)."""
    years = case.year_labels
    n = case.years
    planned_entrants = np.asarray(plan["entrants"], dtype=float)
    planned_weeks = np.asarray(plan["weeks_on_benefit"], dtype=float)
    k = len(arrays.flows)
    inflow_scale = np.ones((n, 1))
    inflow_set: list[float | None] = [None] * n   # per draw: entrants per effect, none planned
    weeks_scale = np.ones((n, 1))
    weeks_set: list[float | None] = [None] * n
    for y, year in enumerate(years):
        entry = follow.actual_for(year)
        if entry is None:
            continue
        if entry.entrants is not None:
            if planned_entrants[y] > 0:
                inflow_scale[y, 0] = entry.entrants / planned_entrants[y]
            else:
                inflow_set[y] = entry.entrants / k
        if entry.weeks_on_benefit is not None:
            if planned_weeks[y] > 0:
                weeks_scale[y, 0] = entry.weeks_on_benefit / planned_weeks[y]
            else:
                weeks_set[y] = entry.weeks_on_benefit
    flows = []
    for f in arrays.flows:
        inflow = np.tile(f.inflow, (n, 1)) * inflow_scale        # (draw y, year)
        after = np.tile(f.weeks_after, (n, 1)) * weeks_scale
        for y in range(n):
            if inflow_set[y] is not None:
                inflow[y, :] = inflow_set[y]
            if weeks_set[y] is not None:
                after[y, :] = weeks_set[y]
        flows.append(replace(f, inflow=inflow, weeks_after=after,
                             weeks_in_effort=np.minimum(f.weeks_in_effort, after)))
    out = evaluate(replace(arrays, flows=flows))
    return np.diagonal(np.asarray(out["municipal_saving"] - out["employment_grant_clawback"]))


def follow_up_report(case: BusinessCase, today: dt.date | None = None) -> FollowUpReport:
    follow = case.follow_up or FollowUp()
    plan, _ = _planned(case)
    years = case.year_labels
    arrays = CaseArrays.from_case(case)
    base_out = evaluate(arrays)

    gross = np.asarray(base_out["gross_cost"][0])
    refusion = np.asarray(base_out["cost_refusion"][0])
    pools = np.asarray(base_out["pool_funding"][0])
    if arrays.flows:
        saving = _estimated_saving(case, arrays, follow, plan)
    else:  # stock effects: the actual entrants and weeks do not apply, the plan's saving stays
        saving = np.asarray(base_out["municipal_saving"][0]
                            - base_out["employment_grant_clawback"][0])

    rows: list[YearFollowUp] = []
    cumulative = 0.0
    measured_so_far = True
    for y, year in enumerate(years):
        entry = follow.actual_for(year)
        planned = {k: float(v[y]) for k, v in plan.items()}
        actual: dict[str, float | None] = dict.fromkeys(FOLLOW_UP_METRICS)
        if entry is not None and any(getattr(entry, k) is not None for k in ACTUAL_FIELDS):
            for key in ACTUAL_FIELDS:
                actual[key] = getattr(entry, key)
            spend = entry.spend if entry.spend is not None else gross[y]
            rate = refusion[y] / gross[y] if gross[y] > 0 else 0.0
            net = float(saving[y] - (spend - spend * rate - pools[y]))
            actual["net_result"] = net
            cumulative += net
            actual["cumulative_net_result"] = cumulative if measured_so_far else None
        else:
            measured_so_far = False
        rows.append(YearFollowUp(year, planned, actual))

    criteria = []
    for crit in follow.success_criteria:
        row = rows[years.index(crit.year)]
        value = row.actual.get(crit.metric)
        if value is None:
            status = NOT_MEASURED
        elif (value >= crit.target) if crit.operator == ">=" else (value <= crit.target):
            status = MET
        else:
            status = NOT_MET
        criteria.append(CriterionResult(crit, row.plan[crit.metric], value, status))

    days = None
    if follow.decision_date is not None:
        days = (follow.decision_date - (today or dt.date.today())).days
    return FollowUpReport(case.name, rows, criteria, follow.decision_date, days)
