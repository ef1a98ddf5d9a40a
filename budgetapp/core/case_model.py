"""The business case as dataclasses (``budgetapp.case/2``) and its dict form.

A case is a horizon of ``years`` calendar years from ``start_year``, one or more **effects**
(target groups whose benefit spending the case changes), the investment's cost lines and any
pool funding. An effect is a :class:`FlowEffect` (a yearly inflow of entrants, each segment of
them with a baseline and an intervention path on benefit) or a :class:`StockEffect` (fewer
full-year persons on benefit per year). Every field and unit is documented in
``docs/case-file.md``; this module has no reading or validation (see
:mod:`budgetapp.core.case_reader`) and imports nothing of the engine, so any module may use it.

Single-effect consumers (the first flow effect) may read ``case.segments``,
``case.target_group``, ``case.inflow_per_year`` and the like: read-only properties that delegate
to :attr:`BusinessCase.primary`. To change them use :meth:`BusinessCase.with_effect`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any, ClassVar

from budgetapp.core.decision_data import (
    Correlation,
    Estimate,
    FollowUp,
    ScenarioSpec,
    decision_fields_to_dict,
)

SCHEMA = "budgetapp.case/2"
SCHEMA_V1 = "budgetapp.case/1"
TIMINGS = ("calendar", "entry_year")
COST_KINDS = ("fixed", "per_participant")
STYRINGSOMRAADER = ("service", "overførsler", "anlæg")
SHARE_TOLERANCE = 1e-6
#: Staircase bands of a stock effect's ``band_shares``: benefit weeks 1-4, 5-26, 27-52, 53+
#: (the bands of the refusion staircase, lov om kommunernes finansiering af visse offentlige
#: ydelser efter lov om aktiv socialpolitik m.v., § 5, stk. 2).
STOCK_BANDS = ((0.0, 4.0), (4.0, 26.0), (26.0, 52.0), (52.0, float("inf")))

Amount = float | list[float]


@dataclass(frozen=True)
class Issue:
    """One problem in an input: the field it concerns (``segments[1].share``) and what is wrong."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class CaseError(ValueError):
    """A case file that cannot be appraised; ``issues`` lists every problem found."""

    def __init__(self, issues: Sequence[Issue]):
        self.issues = list(issues)
        super().__init__("\n".join(str(i) for i in self.issues))


@dataclass(frozen=True)
class Segment:
    """A part of a flow effect's entrants with its own paths on benefit.

    The baseline is ``weeks_before`` (with ``active_weeks_before``) or, when
    ``survival_before`` is set, that survival curve; the intervention likewise ``weeks_after``
    or ``survival_after``, with ``weeks_in_effort``. A survival curve S₁…Sₙ is the share still
    on benefit in benefit week k; with a curve, ``weeks_before``/``weeks_after`` hold its mean
    length Σ Sₖ (derived, for display and single-path consumers). ``benefit_intensity`` (0-1)
    scales amounts and saved weeks, not the staircase clock (§ 5, stk. 2: "uger med ydelse").
    """

    name: str
    share: float
    weeks_before: float = 0.0
    weeks_after: float = 0.0
    weeks_in_effort: float = 0.0
    active_weeks_before: float = 0.0
    survival_before: tuple[float, ...] | None = None
    survival_after: tuple[float, ...] | None = None
    benefit_intensity: float = 1.0

    def __post_init__(self) -> None:
        # With a survival curve the weeks field is derived: the curve's mean length Σ Sₖ.
        if self.survival_before is not None:
            object.__setattr__(self, "weeks_before", math.fsum(self.survival_before))
        if self.survival_after is not None:
            object.__setattr__(self, "weeks_after", math.fsum(self.survival_after))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "share": self.share}
        if self.survival_before is None:
            out["weeks_before"] = self.weeks_before
            out["active_weeks_before"] = self.active_weeks_before
        else:
            out["survival_before"] = list(self.survival_before)
            out["active_weeks_before"] = self.active_weeks_before
        if self.survival_after is None:
            out["weeks_after"] = self.weeks_after
        else:
            out["survival_after"] = list(self.survival_after)
        out["weeks_in_effort"] = self.weeks_in_effort
        if self.benefit_intensity != 1.0:
            out["benefit_intensity"] = self.benefit_intensity
        return out


@dataclass(frozen=True)
class BenefitRefusion:
    rule: str
    rate: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule} if self.rate is None else {"rule": self.rule, "rate": self.rate}


@dataclass(frozen=True)
class PriorWeeks:
    """A part (``share``) of an effect's entrants that has ``weeks`` on the staircase already."""

    weeks: float
    share: float = 1.0


@dataclass(frozen=True)
class EmploymentGrant:
    """An effect's opt-in to the modregning i beskæftigelsestilskud: ``share`` of its municipal
    saving in year y comes back as a lower grant in year y + 2 (lov om kommunal udligning og
    generelle tilskud til kommuner, § 23 a). ``share`` None: the rule's documented default
    (``resources/rules/beskaeftigelsestilskud.toml``, ``default_clawback_share``)."""

    share: float | None = None

    def to_dict(self) -> bool | dict[str, float]:
        return True if self.share is None else {"share": self.share}


@dataclass(frozen=True)
class FlowEffect:
    """Entrants per year whose benefit paths the case changes (see the module text)."""

    kind: ClassVar[str] = "flow"
    name: str
    target_group: str
    inflow_per_year: Amount
    benefit_per_full_year_person: float
    benefit_refusion: BenefitRefusion
    segments: tuple[Segment, ...]
    prior_weeks: tuple[PriorWeeks, ...] = (PriorWeeks(0.0, 1.0),)
    effect_phase_in: tuple[float, ...] = (1.0,)
    deadweight: float = 0.0
    persistence: float = 1.0
    employment_grant: EmploymentGrant | None = None

    @property
    def mean_prior_weeks(self) -> float:
        return sum(p.weeks * p.share for p in self.prior_weeks)

    def to_dict(self) -> dict[str, Any]:
        prior: Any = (self.prior_weeks[0].weeks if len(self.prior_weeks) == 1
                      else [asdict(p) for p in self.prior_weeks])
        inflow = list(self.inflow_per_year) if isinstance(self.inflow_per_year, list) \
            else self.inflow_per_year
        out: dict[str, Any] = {
            "kind": "flow", "name": self.name, "target_group": self.target_group,
            "inflow_per_year": inflow,
            "benefit_per_full_year_person": self.benefit_per_full_year_person,
            "benefit_refusion": self.benefit_refusion.to_dict(),
            "prior_weeks": prior,
            "segments": [s.to_dict() for s in self.segments],
            "effect_phase_in": list(self.effect_phase_in),
            "deadweight": self.deadweight, "persistence": self.persistence,
        }
        if self.employment_grant is not None:
            out["employment_grant"] = self.employment_grant.to_dict()
        return out


@dataclass(frozen=True)
class StockEffect:
    """Fewer full-year persons on benefit per calendar year (``fewer_full_year_persons``).

    Municipal saving in year j = fewer[j] × benefit × Σ band share × the municipality's share
    in the band (the rule's passive share at the band; for ``flat``: 1 − rate).
    """

    kind: ClassVar[str] = "stock"
    name: str
    target_group: str
    benefit_per_full_year_person: float
    benefit_refusion: BenefitRefusion
    fewer_full_year_persons: Amount
    band_shares: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 1.0)
    employment_grant: EmploymentGrant | None = None

    def to_dict(self) -> dict[str, Any]:
        fewer = list(self.fewer_full_year_persons) if isinstance(self.fewer_full_year_persons, list) \
            else self.fewer_full_year_persons
        out: dict[str, Any] = {
            "kind": "stock", "name": self.name, "target_group": self.target_group,
            "benefit_per_full_year_person": self.benefit_per_full_year_person,
            "benefit_refusion": self.benefit_refusion.to_dict(),
            "fewer_full_year_persons": fewer, "band_shares": list(self.band_shares),
        }
        if self.employment_grant is not None:
            out["employment_grant"] = self.employment_grant.to_dict()
        return out


Effect = FlowEffect | StockEffect


@dataclass(frozen=True)
class CostLine:
    name: str
    kind: str = "fixed"
    amount_per_year: Amount = 0.0
    amount_per_full_year_participant: float = 0.0
    refusion_rate: float = 0.0
    refusion_rule: str | None = None
    styringsomraade: str = "service"


@dataclass(frozen=True)
class PoolFunding:
    """Pool income: a fixed ``amount_per_year``, or with ``rate`` set, rate × the gross cost of
    the ``eligible_costs`` lines (names; empty = every line) up to ``cap_per_year`` (None = no
    cap), so the income follows the cost in scenarios and simulations."""

    name: str
    amount_per_year: Amount = 0.0
    pool_id: str | None = None
    styringsomraade: str = "service"
    rate: float | None = None
    eligible_costs: tuple[str, ...] = ()
    cap_per_year: Amount | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name}
        if self.rate is None:
            out["amount_per_year"] = self.amount_per_year
        else:
            out["rate"] = self.rate
            if self.eligible_costs:
                out["eligible_costs"] = list(self.eligible_costs)
            if self.cap_per_year is not None:
                out["cap_per_year"] = self.cap_per_year
        if self.pool_id is not None:
            out["pool_id"] = self.pool_id
        out["styringsomraade"] = self.styringsomraade
        return out


_NO_FLOW = FlowEffect("", "", 0.0, 0.0, BenefitRefusion("flat", 0.0), ())


@dataclass(frozen=True)
class BusinessCase:
    """A business case (``budgetapp.case/2``); ``effects`` holds at least one effect."""

    name: str
    start_year: int
    years: int
    effects: tuple[Effect, ...]
    timing: str = "calendar"
    weeks_per_year: float = 52.0
    costs: tuple[CostLine, ...] = ()
    pool_funding: tuple[PoolFunding, ...] = ()
    discount_rate: float = 0.0
    description: str = ""
    decision_text: str = ""
    notes: dict[str, str] = field(default_factory=dict)
    uncertainty: tuple[Estimate, ...] = ()        # docs/decision-support.md
    scenarios: tuple[ScenarioSpec, ...] = ()
    follow_up: FollowUp | None = None
    correlations: tuple[Correlation, ...] = ()

    @property
    def year_labels(self) -> list[int]:
        return [self.start_year + i for i in range(self.years)]

    @property
    def flow_effects(self) -> list[tuple[int, FlowEffect]]:
        return [(i, e) for i, e in enumerate(self.effects) if isinstance(e, FlowEffect)]

    # --- single-effect view (read-only; the first flow effect, else an empty one) ---------
    @property
    def primary(self) -> FlowEffect:
        """The first flow effect (an empty one when the case has only stock effects)."""
        flows = self.flow_effects
        return flows[0][1] if flows else _NO_FLOW

    @property
    def target_group(self) -> str:
        return " / ".join(dict.fromkeys(e.target_group for e in self.effects))

    @property
    def segments(self) -> tuple[Segment, ...]:
        return self.primary.segments

    @property
    def inflow_per_year(self) -> Amount:
        return self.primary.inflow_per_year

    @property
    def benefit_per_full_year_person(self) -> float:
        return self.primary.benefit_per_full_year_person if self.flow_effects \
            else self.effects[0].benefit_per_full_year_person

    @property
    def benefit_refusion(self) -> BenefitRefusion:
        return self.primary.benefit_refusion if self.flow_effects else self.effects[0].benefit_refusion

    @property
    def prior_weeks(self) -> float:
        """The share-weighted mean of the first flow effect's prior-weeks mixture."""
        return self.primary.mean_prior_weeks

    @property
    def effect_phase_in(self) -> tuple[float, ...]:
        return self.primary.effect_phase_in

    @property
    def deadweight(self) -> float:
        return self.primary.deadweight

    @property
    def persistence(self) -> float:
        return self.primary.persistence

    def with_effect(self, index: int = 0, **changes: Any) -> BusinessCase:
        """The case with ``effects[index]`` changed (``dataclasses.replace`` on the effect); a
        number for ``prior_weeks`` means all entrants start at that position."""
        if isinstance(changes.get("prior_weeks"), int | float):
            changes["prior_weeks"] = (PriorWeeks(float(changes["prior_weeks"]), 1.0),)
        effects = list(self.effects)
        effects[index] = replace(effects[index], **changes)
        return replace(self, effects=tuple(effects))

    def to_dict(self, flat: bool = False) -> dict[str, Any]:
        """The ``budgetapp.case/2`` dict that :func:`budgetapp.core.case.case_from_dict` reads back.

        ``flat=True`` (for a case of one flow effect; otherwise ignored) writes that effect's
        fields at top level, the one-effect shorthand of ``docs/case-file.md``, with the effect's
        name as ``effect_name`` when it differs from its target group.
        """
        data: dict[str, Any] = {
            "schema": SCHEMA, "name": self.name, "start_year": self.start_year,
            "years": self.years, "timing": self.timing, "weeks_per_year": self.weeks_per_year,
            "effects": [e.to_dict() for e in self.effects],
            "costs": [_cost_dict(c) for c in self.costs],
            "pool_funding": [p.to_dict() for p in self.pool_funding],
            "discount_rate": self.discount_rate, "description": self.description,
            "decision_text": self.decision_text, "notes": dict(self.notes),
        }
        data.update(decision_fields_to_dict(self.uncertainty, self.scenarios, self.follow_up,
                                            self.correlations))
        if flat and len(self.effects) == 1 and isinstance(self.effects[0], FlowEffect):
            effect = data.pop("effects")[0]
            del effect["kind"]
            name = effect.pop("name")
            if name != effect["target_group"]:
                data["effect_name"] = name
            data.update(effect)
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, allow_nan=False)


def _cost_dict(c: CostLine) -> dict[str, Any]:
    out = asdict(c)
    del out["refusion_rate" if c.refusion_rule else "refusion_rule"]
    return out


def single_effect_case(name: str, target_group: str, start_year: int, years: int,
                       inflow_per_year: Amount, benefit_per_full_year_person: float,
                       segments: tuple[Segment, ...], benefit_refusion: BenefitRefusion,
                       weeks_per_year: float = 52.0, prior_weeks: float = 0.0,
                       effect_phase_in: tuple[float, ...] = (1.0,), deadweight: float = 0.0,
                       persistence: float = 1.0, timing: str = "entry_year",
                       **rest: Any) -> BusinessCase:
    """A case with one flow effect, from the arguments of the ``budgetapp.case/1`` case (same
    order); ``timing`` defaults to ``"entry_year"``, the case/1 semantics."""
    effect = FlowEffect(target_group, target_group, inflow_per_year, benefit_per_full_year_person,
                        benefit_refusion, tuple(segments), (PriorWeeks(float(prior_weeks), 1.0),),
                        tuple(effect_phase_in), deadweight, persistence)
    return BusinessCase(name=name, start_year=start_year, years=years, effects=(effect,),
                        timing=timing, weeks_per_year=weeks_per_year, **rest)


def amount_for_year(amount: Amount, index: int) -> float:
    """A number applies every year; a list gives one value per year and 0 past its end."""
    if isinstance(amount, list | tuple):
        return float(amount[index]) if index < len(amount) else 0.0
    return float(amount)


def phase_in_for_year(phase_in: Sequence[float], index: int) -> float:
    """The phase-in factor of year ``index``; the last factor repeats."""
    return float(phase_in[min(index, len(phase_in) - 1)])


#: Fields of a flow effect that a ``budgetapp.case/1`` path names at top level.
FLOW_FIELDS = ("target_group", "inflow_per_year", "benefit_per_full_year_person", "prior_weeks",
               "segments", "effect_phase_in", "deadweight", "persistence", "benefit_refusion")


def canonical_path(path: str) -> str:
    """A field path in ``budgetapp.case/2`` form: a case/1 path of a flow-effect field
    (``segments[1].weeks_after``) names the first effect (``effects[0].segments[1].weeks_after``)."""
    head = path.split(".", 1)[0].split("[", 1)[0]
    return f"effects[0].{path}" if head in FLOW_FIELDS else path
