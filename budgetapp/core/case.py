"""The business case: its inputs as dataclasses, read from and written to ``budgetapp.case/1``.

Every field and unit is documented in ``docs/case-file.md``. Reading validates the whole file
and reports every problem with the field it concerns, so a user can correct them in one pass.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from budgetapp.core.decision_data import (
    Estimate,
    FollowUp,
    ScenarioSpec,
    check_decision_fields,
    decision_fields_to_dict,
    read_follow_up,
    read_scenarios,
    read_uncertainty,
)
from budgetapp.core.formatting import format_plain
from budgetapp.core.rules import load_rules, rule_ids

SCHEMA = "budgetapp.case/1"
COST_KINDS = ("fixed", "per_participant")
STYRINGSOMRAADER = ("service", "overførsler", "anlæg")
SHARE_TOLERANCE = 1e-6
MAX_YEARS = 50

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
    name: str
    share: float
    weeks_before: float
    weeks_after: float
    weeks_in_effort: float = 0.0
    active_weeks_before: float = 0.0


@dataclass(frozen=True)
class BenefitRefusion:
    rule: str
    rate: float | None = None


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
    name: str
    amount_per_year: Amount = 0.0
    pool_id: str | None = None
    styringsomraade: str = "service"


@dataclass(frozen=True)
class BusinessCase:
    name: str
    target_group: str
    start_year: int
    years: int
    inflow_per_year: Amount
    benefit_per_full_year_person: float
    segments: tuple[Segment, ...]
    benefit_refusion: BenefitRefusion
    weeks_per_year: float = 52.0
    prior_weeks: float = 0.0
    effect_phase_in: tuple[float, ...] = (1.0,)
    deadweight: float = 0.0
    persistence: float = 1.0
    costs: tuple[CostLine, ...] = ()
    pool_funding: tuple[PoolFunding, ...] = ()
    discount_rate: float = 0.0
    description: str = ""
    decision_text: str = ""
    notes: dict[str, str] = field(default_factory=dict)
    uncertainty: tuple[Estimate, ...] = ()        # docs/decision-support.md
    scenarios: tuple[ScenarioSpec, ...] = ()
    follow_up: FollowUp | None = None

    @property
    def year_labels(self) -> list[int]:
        return [self.start_year + i for i in range(self.years)]

    def to_dict(self) -> dict[str, Any]:
        data = {"schema": SCHEMA, **asdict(self)}
        data["segments"] = [asdict(s) for s in self.segments]
        data["effect_phase_in"] = list(self.effect_phase_in)
        data["costs"] = [asdict(c) for c in self.costs]
        data["pool_funding"] = [asdict(p) for p in self.pool_funding]
        for key in ("uncertainty", "scenarios", "follow_up"):
            del data[key]
        data.update(decision_fields_to_dict(self.uncertainty, self.scenarios, self.follow_up))
        # Leave out what does not apply, so that case_from_dict reads the dict back.
        if data["benefit_refusion"]["rate"] is None:
            del data["benefit_refusion"]["rate"]
        for cost in data["costs"]:
            del cost["refusion_rate" if cost["refusion_rule"] else "refusion_rule"]
        for funding in data["pool_funding"]:
            if funding["pool_id"] is None:
                del funding["pool_id"]
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


def amount_for_year(amount: Amount, index: int) -> float:
    """A number applies every year; a list gives one value per year and 0 past its end."""
    if isinstance(amount, list):
        return float(amount[index]) if index < len(amount) else 0.0
    return float(amount)


def phase_in_for_year(phase_in: Sequence[float], index: int) -> float:
    """The phase-in factor of year ``index``; the last factor repeats."""
    return float(phase_in[min(index, len(phase_in) - 1)])


# --- reading ---------------------------------------------------------------------------------

_TOP_FIELDS = {
    "schema", "name", "target_group", "start_year", "years", "inflow_per_year",
    "benefit_per_full_year_person", "weeks_per_year", "prior_weeks", "segments",
    "effect_phase_in", "deadweight", "persistence", "benefit_refusion", "costs",
    "pool_funding", "discount_rate", "description", "decision_text", "notes",
    "uncertainty", "scenarios", "follow_up",
}
_SEGMENT_FIELDS = {"name", "share", "weeks_before", "weeks_after", "weeks_in_effort",
                   "active_weeks_before"}
_COST_FIELDS = {"name", "kind", "amount_per_year", "amount_per_full_year_participant",
                "refusion_rate", "refusion_rule", "styringsomraade"}
_POOL_FIELDS = {"name", "amount_per_year", "pool_id", "styringsomraade"}


class _Reader:
    """Collects every issue while reading a case dict."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def fail(self, where: str, message: str) -> None:
        self.issues.append(Issue(where, message))

    def unknown(self, data: dict, allowed: set[str], where: str) -> None:
        for key in data:
            if key not in allowed:
                self.fail(f"{where}{key}", "ukendt felt (stavefejl?)")

    def text(self, data: dict, key: str, where: str, default: str | None = None) -> str:
        value = data.get(key, default)
        if value is None:
            self.fail(where + key, "mangler")
            return ""
        if not isinstance(value, str):
            self.fail(where + key, f"skal være tekst, fandt {value!r}")
            return ""
        return value

    def number(self, data: dict, key: str, where: str, *, default: float | None = None,
               low: float | None = None, high: float | None = None,
               low_open: bool = False, integer: bool = False) -> float:
        value = data.get(key, default)
        path = where + key
        if value is None:
            self.fail(path, "mangler")
            return default or 0.0
        return self.check_number(value, path, low=low, high=high, low_open=low_open,
                                 integer=integer)

    def check_number(self, value: Any, path: str, *, low: float | None = None,
                     high: float | None = None, low_open: bool = False,
                     integer: bool = False) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(path, f"skal være et tal, fandt {value!r}")
            return 0.0
        number = float(value)
        if not math.isfinite(number):
            self.fail(path, f"skal være et endeligt tal, fandt {value!r}")
            return 0.0
        if integer and number != int(number):
            self.fail(path, f"skal være et helt tal, fandt {value!r}")
        if low is not None and (number <= low if low_open else number < low):
            bound = "større end" if low_open else "mindst"
            self.fail(path, f"skal være {bound} {format_plain(low)}, fandt {format_plain(number)}")
        if high is not None and number > high:
            self.fail(path, f"må højst være {format_plain(high)}, fandt {format_plain(number)}")
        return number

    def amount(self, data: dict, key: str, where: str, years: int | None,
               default: Amount | None = 0.0, exact_length: bool = False) -> Amount:
        value = data.get(key, default)
        path = where + key
        if value is None:
            self.fail(path, "mangler")
            return 0.0
        if isinstance(value, list):
            if not value:
                self.fail(path, "listen er tom")
                return 0.0
            if exact_length and years is not None and len(value) != years:
                self.fail(path, f"skal have ét tal pr. år ({years}), fandt {len(value)}")
            return [self.check_number(v, f"{path}[{i}]", low=0) for i, v in enumerate(value)]
        return self.check_number(value, path, low=0)

    def items(self, data: dict, key: str, where: str, required: bool) -> list[dict]:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(where + key, "mangler")
            return []
        if not isinstance(value, list):
            self.fail(where + key, "skal være en liste")
            return []
        good = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                good.append(item)
            else:
                self.fail(f"{where}{key}[{i}]", "skal være et objekt med felter")
        return good


def case_from_dict(data: Any) -> BusinessCase:
    """Validate ``data`` (a parsed ``budgetapp.case/1`` file) and build the case.

    Raises :class:`CaseError` listing every problem.
    """
    r = _Reader()
    if not isinstance(data, dict):
        raise CaseError([Issue("", "filen skal indeholde ét JSON-objekt")])
    schema = data.get("schema")
    if schema != SCHEMA:
        r.fail("schema", f"skal være \"{SCHEMA}\", fandt {schema!r}")
    r.unknown(data, _TOP_FIELDS, "")

    name = r.text(data, "name", "")
    target_group = r.text(data, "target_group", "")
    start_year = int(r.number(data, "start_year", "", low=1990, high=2100, integer=True))
    years = int(r.number(data, "years", "", low=1, high=MAX_YEARS, integer=True))
    inflow = r.amount(data, "inflow_per_year", "", years, default=None, exact_length=True)
    benefit = r.number(data, "benefit_per_full_year_person", "", low=0)
    weeks_per_year = r.number(data, "weeks_per_year", "", default=52, low=0, low_open=True)
    prior_weeks = r.number(data, "prior_weeks", "", default=0, low=0)

    segments: list[Segment] = []
    for i, raw in enumerate(r.items(data, "segments", "", required=True)):
        w = f"segments[{i}]."
        r.unknown(raw, _SEGMENT_FIELDS, w)
        seg = Segment(
            name=r.text(raw, "name", w, default=f"Segment {i + 1}"),
            share=r.number(raw, "share", w, low=0, high=1),
            weeks_before=r.number(raw, "weeks_before", w, low=0),
            weeks_after=r.number(raw, "weeks_after", w, low=0),
            weeks_in_effort=r.number(raw, "weeks_in_effort", w, default=0, low=0),
            active_weeks_before=r.number(raw, "active_weeks_before", w, default=0, low=0),
        )
        if seg.weeks_in_effort > seg.weeks_after:
            r.fail(w + "weeks_in_effort",
                   f"kan ikke være længere end weeks_after ({format_plain(seg.weeks_after)} uger)")
        if seg.active_weeks_before > seg.weeks_before:
            r.fail(w + "active_weeks_before",
                   f"kan ikke være længere end weeks_before ({format_plain(seg.weeks_before)} uger)")
        segments.append(seg)
    if "segments" in data and isinstance(data["segments"], list):
        if not data["segments"]:
            r.fail("segments", "mindst ét segment kræves")
        elif segments:
            total = sum(s.share for s in segments)
            if abs(total - 1.0) > SHARE_TOLERANCE:
                r.fail("segments", f"andelene skal summe til 1, summen er {format_plain(total)}")

    phase_raw = data.get("effect_phase_in", [1.0])
    phase_in: list[float] = []
    if isinstance(phase_raw, int | float) and not isinstance(phase_raw, bool):
        phase_raw = [phase_raw]
    if not isinstance(phase_raw, list) or not phase_raw:
        r.fail("effect_phase_in", "skal være en ikke-tom liste af faktorer mellem 0 og 1")
    else:
        phase_in = [r.check_number(v, f"effect_phase_in[{i}]", low=0, high=1)
                    for i, v in enumerate(phase_raw)]
    deadweight = r.number(data, "deadweight", "", default=0, low=0, high=1)
    persistence = r.number(data, "persistence", "", default=1, low=0, high=1)

    refusion = BenefitRefusion(rule="")
    raw_ref = data.get("benefit_refusion")
    if not isinstance(raw_ref, dict):
        r.fail("benefit_refusion", "mangler eller er ikke et objekt med 'rule'")
    else:
        r.unknown(raw_ref, {"rule", "rate"}, "benefit_refusion.")
        rule_id = r.text(raw_ref, "rule", "benefit_refusion.")
        rate = None
        benefit_rules = rule_ids("benefit")
        if rule_id and rule_id not in benefit_rules:
            r.fail("benefit_refusion.rule",
                   f"ukendt regel {rule_id!r}; kendte regler: {', '.join(benefit_rules)}")
        elif rule_id and load_rules()[rule_id].rate_from_case:
            rate = r.number(raw_ref, "rate", "benefit_refusion.", low=0, high=1)
        elif "rate" in raw_ref:
            r.fail("benefit_refusion.rate",
                   f"reglen {rule_id!r} har sine satser i regelfilen; fjern 'rate'")
        refusion = BenefitRefusion(rule=rule_id, rate=rate)

    costs: list[CostLine] = []
    for i, raw in enumerate(r.items(data, "costs", "", required=False)):
        w = f"costs[{i}]."
        r.unknown(raw, _COST_FIELDS, w)
        kind = r.text(raw, "kind", w, default="fixed")
        if kind and kind not in COST_KINDS:
            r.fail(w + "kind", f"skal være 'fixed' eller 'per_participant', fandt {kind!r}")
        rule_id = raw.get("refusion_rule")
        if rule_id is not None:
            ops = rule_ids("operating_cost")
            if rule_id not in ops:
                r.fail(w + "refusion_rule", f"ukendt driftsregel {rule_id!r}; kendte: {', '.join(ops)}")
            if "refusion_rate" in raw:
                r.fail(w + "refusion_rate", "angiv enten refusion_rate eller refusion_rule, ikke begge")
        area = r.text(raw, "styringsomraade", w, default="service")
        if area and area not in STYRINGSOMRAADER:
            r.fail(w + "styringsomraade", f"skal være en af {', '.join(STYRINGSOMRAADER)}")
        costs.append(CostLine(
            name=r.text(raw, "name", w),
            kind=kind,
            amount_per_year=r.amount(raw, "amount_per_year", w, years),
            amount_per_full_year_participant=r.number(
                raw, "amount_per_full_year_participant", w, default=0, low=0),
            refusion_rate=r.number(raw, "refusion_rate", w, default=0, low=0, high=1),
            refusion_rule=rule_id if isinstance(rule_id, str) else None,
            styringsomraade=area,
        ))

    pools: list[PoolFunding] = []
    for i, raw in enumerate(r.items(data, "pool_funding", "", required=False)):
        w = f"pool_funding[{i}]."
        r.unknown(raw, _POOL_FIELDS, w)
        pool_id = raw.get("pool_id")
        area = r.text(raw, "styringsomraade", w, default="service")
        if area and area not in STYRINGSOMRAADER:
            r.fail(w + "styringsomraade", f"skal være en af {', '.join(STYRINGSOMRAADER)}")
        pools.append(PoolFunding(
            name=r.text(raw, "name", w),
            amount_per_year=r.amount(raw, "amount_per_year", w, years),
            pool_id=str(pool_id) if pool_id is not None else None,
            styringsomraade=area,
        ))

    discount = r.number(data, "discount_rate", "", default=0, low=0, high=0.5)
    notes = data.get("notes", {})
    if not isinstance(notes, dict) or not all(isinstance(v, str) for v in notes.values()):
        r.fail("notes", "skal være et objekt med feltnavn → tekst")
        notes = {}

    uncertainty = read_uncertainty(r, data)
    scenarios = read_scenarios(r, data)
    follow_up = read_follow_up(r, data)
    if r.issues:
        raise CaseError(r.issues)
    case = BusinessCase(
        name=name,
        target_group=target_group,
        start_year=start_year,
        years=years,
        inflow_per_year=inflow,
        benefit_per_full_year_person=benefit,
        weeks_per_year=weeks_per_year,
        prior_weeks=prior_weeks,
        segments=tuple(segments),
        effect_phase_in=tuple(phase_in),
        deadweight=deadweight,
        persistence=persistence,
        benefit_refusion=refusion,
        costs=tuple(costs),
        pool_funding=tuple(pools),
        discount_rate=discount,
        description=r.text(data, "description", "", default=""),
        decision_text=r.text(data, "decision_text", "", default=""),
        notes=dict(notes),
        uncertainty=uncertainty,
        scenarios=scenarios,
        follow_up=follow_up,
    )
    problems = check_decision_fields(case)
    if problems:
        raise CaseError([Issue(where, message) for where, message in problems])
    return case


def load_case(path: str | Path) -> BusinessCase:
    """Read a case file; raises :class:`CaseError` for anything unreadable or invalid."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise CaseError([Issue("", f"filen kan ikke læses: {exc.strerror or exc}")]) from exc
    try:
        text = raw.decode("utf-8-sig")
        data = json.loads(text)
    except UnicodeDecodeError as exc:
        raise CaseError([Issue("", "filen er ikke UTF-8-tekst (er det en JSON-fil?)")]) from exc
    except json.JSONDecodeError as exc:
        raise CaseError([Issue("", f"ugyldig JSON i linje {exc.lineno}, kolonne {exc.colno}: "
                                   f"{exc.msg}")]) from exc
    return case_from_dict(data)
