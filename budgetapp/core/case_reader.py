"""Reading a case dict or file into :class:`BusinessCase`, with every problem named at its field.

Reads ``budgetapp.case/2`` and migrates ``budgetapp.case/1`` on the way in: the old top-level
fields of the one target group become ``effects[0]`` (a flow effect), ``timing`` becomes
``"entry_year"`` (the case/1 semantics, so published figures reproduce exactly) and the field
paths of ``uncertainty``, ``scenarios`` and ``correlations`` are rewritten to the case/2 form
(``segments[1].weeks_after`` → ``effects[0].segments[1].weeks_after``). A case/2 dict without
``effects`` whose flow-effect fields stand at top level is read the same way (one flow effect),
keeping its ``timing``.

Limits (:data:`LIMITS`) bound what a case may hold, so a hostile or mistyped file is refused with
a Danish message at the field rather than exhausting memory: the number of years, effects,
segments, survival-curve weeks, list lengths, nesting depth, digits of an integer and the
magnitude of any number. This module checks structure and ranges; the checks that need the
engine (estimate paths, scenario overrides) are in :func:`budgetapp.core.case.case_from_dict`.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from budgetapp.core.case_model import (
    COST_KINDS,
    FLOW_FIELDS,
    SCHEMA,
    SCHEMA_V1,
    SHARE_TOLERANCE,
    STOCK_BANDS,
    STYRINGSOMRAADER,
    TIMINGS,
    Amount,
    BenefitRefusion,
    BusinessCase,
    CaseError,
    CostLine,
    Effect,
    EmploymentGrant,
    FlowEffect,
    Issue,
    PoolFunding,
    PriorWeeks,
    Segment,
    StockEffect,
    canonical_path,
)
from budgetapp.core.decision_data import (
    read_correlations,
    read_follow_up,
    read_scenarios,
    read_uncertainty,
)
from budgetapp.core.fields import field as field_spec
from budgetapp.core.formatting import format_plain
from budgetapp.core.rules import load_rules, rule_ids

MAX_YEARS = 50
LIMITS: dict[str, int] = {
    "years": MAX_YEARS,            # horizon
    "effects": 50,                 # effects in a case
    "segments": 20_000,            # segments in a case, all effects together
    "survival_weeks": 1_040,       # weeks of one survival curve (20 years)
    "prior_mixture": 100,          # entries of a prior-weeks mixture
    "list": 1_000,                 # any other list (costs, pools, estimates, scenarios, ...)
    "depth": 20,                   # nesting of JSON objects and lists
    "digits": 15,                  # digits of an integer
    "magnitude": 10**12,           # |number|: kr., persons and weeks alike
    "file_bytes": 50_000_000,      # size of a case file
}

_TOP_FIELDS = {
    "schema", "name", "start_year", "years", "timing", "weeks_per_year", "effects", "costs",
    "pool_funding", "discount_rate", "description", "decision_text", "notes", "uncertainty",
    "scenarios", "follow_up", "correlations",
}
_FLOW_FIELDS = {"kind", "name", "employment_grant", *FLOW_FIELDS}
_STOCK_FIELDS = {"kind", "name", "target_group", "benefit_per_full_year_person", "benefit_refusion",
                 "fewer_full_year_persons", "band_shares", "employment_grant"}
_SEGMENT_FIELDS = {"name", "share", "weeks_before", "weeks_after", "weeks_in_effort",
                   "active_weeks_before", "survival_before", "survival_after", "benefit_intensity"}
_COST_FIELDS = {"name", "kind", "amount_per_year", "amount_per_full_year_participant",
                "refusion_rate", "refusion_rule", "styringsomraade"}
_POOL_FIELDS = {"name", "amount_per_year", "pool_id", "styringsomraade", "rate", "eligible_costs",
                "cap_per_year"}


def show_number(number: float) -> str:
    """A number for a message, short whatever its size: Danish digits (``1.234,5``) for ordinary
    numbers, and Danish scientific notation beyond them (``1e308`` → ``"1,0e+308"``, ``1e-9`` →
    ``"1,0e-09"``), so a hostile value never prints as hundreds of digits."""
    if not math.isfinite(number):
        return repr(number)
    if number != 0 and (abs(number) >= 1e15 or abs(number) < 1e-6):
        return f"{number:.1e}".replace(".", ",")
    return format_plain(number)


class _LongInteger(str):
    """An integer literal with more digits than :data:`LIMITS` allows (kept as text)."""


class _NonFinite(str):
    """``NaN``, ``Infinity`` or ``-Infinity`` in the JSON text."""


def _parse_int(text: str) -> int | _LongInteger:
    return _LongInteger(text) if len(text.lstrip("-")) > LIMITS["digits"] else int(text)


def _parse_float(text: str) -> float | _LongInteger:
    if len(text) > 400:
        return _LongInteger(text)
    return float(text)


def _too_deep(path: str) -> CaseError:
    return CaseError([Issue(path, f"er indlejret for dybt: en case må højst have {LIMITS['depth']} "
                                  "niveauer af objekter og lister inden i hinanden")])


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object's keys, each once: JSON allows a key twice and ``json.loads`` would keep the
    last value in silence, so which value the author meant is unknown; refused naming the key."""
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        key = ""
        for key, _ in pairs:
            if key in seen:
                break
            seen.add(key)
        others = ", ".join(f"'{_step(k).lstrip('.')}'" for k in list(data)[:4] if k != key)
        context = f" (i objektet med {others})" if others else ""
        raise CaseError([Issue(_step(key).lstrip("."), f"står to gange i samme JSON-objekt{context}; "
                               "hver nøgle må kun stå én gang, ellers er det uklart, hvilken værdi der "
                               "gælder. Slet den ene")])
    return data


def parse_case_json(text: str) -> Any:
    """``json.loads`` with the case limits: long integers and NaN/Infinity become markers that
    the reader reports at their field; nesting deeper than the limit raises :class:`CaseError`
    naming the field where the limit is passed (``notes.x[0][0]…``); a key twice in one object
    raises :class:`CaseError` naming the key."""
    try:
        data = json.loads(text, parse_int=_parse_int, parse_float=_parse_float,
                          parse_constant=_NonFinite, object_pairs_hook=_unique_keys)
    except RecursionError:
        raise _too_deep(deep_path_in_text(text)) from None
    except json.JSONDecodeError as exc:
        raise CaseError([Issue("", f"ugyldig JSON i linje {exc.lineno}, kolonne {exc.colno}: "
                                   f"{exc.msg}")]) from exc
    check_depth(data)
    return data


def _step(key: Any) -> str:
    """One step of a field path: ``[3]`` for a list index, ``.name`` for a key (long keys cut)."""
    if isinstance(key, int):
        return f"[{key}]"
    text = str(key)
    return "." + (text if len(text) <= 40 else text[:37] + "...")


def _join(steps: list[Any]) -> str:
    return "".join(_step(k) for k in steps).removeprefix(".")


def check_depth(data: Any) -> None:
    """Raise :class:`CaseError` when ``data`` nests deeper than the limit (iteratively), naming
    the path from the top of the file down to the first value past the limit."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > LIMITS["depth"]:
            raise _too_deep(_deep_path(data))
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


def _deep_path(data: Any) -> str:
    """The path to the first value (in file order) nested deeper than the limit; "" if none."""
    stack: list[tuple[Any, list[Any]]] = [(data, [])]
    while stack:
        value, steps = stack.pop()
        if len(steps) >= LIMITS["depth"]:
            return _join(steps)
        if isinstance(value, dict):
            stack.extend((v, [*steps, k]) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((v, [*steps, i]) for i, v in reversed(list(enumerate(value))))
    return ""


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{},:]')


def deep_path_in_text(text: str) -> str:
    """The path to the first object or list nested deeper than the limit in JSON ``text`` that
    is too deep for the parser to build: a scan of its strings and brackets that stops there."""
    frames: list[list[Any]] = []     # per open container: [position (key or index), expects key]
    for match in _TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if first in "[{":
            if len(frames) >= LIMITS["depth"]:
                return _join([f[0] for f in frames])
            frames.append([0, False] if first == "[" else ["", True])
        elif first in "]}":
            if frames:
                frames.pop()
        elif not frames:
            continue
        elif first == ",":
            top = frames[-1]
            if isinstance(top[0], int):
                top[0] += 1
            else:
                top[1] = True
        elif first == ":":
            frames[-1][1] = False
        elif frames[-1][1] and not isinstance(frames[-1][0], int):
            try:
                frames[-1][0] = json.loads(token)
            except ValueError:
                frames[-1][0] = token[1:-1]
    return ""


MAX_ISSUES = 100


class Reader:
    """Collects every issue while reading a case dict (the first :data:`MAX_ISSUES`, then a count)."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self.more = 0
        self.failed: set[str] = set()   # every field path with an issue of its own

    def ok(self, *paths: str) -> bool:
        """Whether none of ``paths`` has an issue: a check derived from those fields (a sum, an
        order, one field against another) runs only then, so each field's root cause is named
        once and no follow-up message is made from a value already refused."""
        return not any(p in self.failed for p in paths)

    def fail(self, where: str, message: str) -> None:
        self.failed.add(where)
        if len(self.issues) < MAX_ISSUES:
            self.issues.append(Issue(where, message))
            return
        self.more += 1
        if self.more == 1:
            self.issues.append(Issue("", "... og flere fejl af samme slags (kun de første "
                                         f"{MAX_ISSUES} vises)"))

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
            self.fail(where + key, f"skal være tekst, fandt {_show(value)}")
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
        if isinstance(value, _LongInteger):
            self.fail(path, f"tallet har for mange cifre ({len(value)} tegn; højst "
                            f"{LIMITS['digits']} cifre)")
            return 0.0
        if isinstance(value, _NonFinite):
            self.fail(path, f"skal være et endeligt tal, fandt {value}")
            return 0.0
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(path, f"skal være et tal, fandt {_show(value)}")
            return 0.0
        number = float(value)
        if not math.isfinite(number):
            self.fail(path, f"skal være et endeligt tal, fandt {value!r}")
            return 0.0
        if abs(number) > LIMITS["magnitude"]:
            self.fail(path, f"er urimeligt stort ({show_number(number)}); højst "
                            f"{format_plain(LIMITS['magnitude'])}")
            return 0.0
        if integer and number != int(number):
            self.fail(path, f"skal være et helt tal, fandt {show_number(number)}")
        if low is not None and (number <= low if low_open else number < low):
            bound = "større end" if low_open else "mindst"
            self.fail(path, f"skal være {bound} {format_plain(low)}, fandt {show_number(number)}")
        if high is not None and number > high:
            self.fail(path, f"må højst være {format_plain(high)}, fandt {show_number(number)}")
        return number

    def amount(self, data: dict, key: str, where: str, years: int | None,
               default: Amount | None = 0.0, exact_length: bool = False) -> Amount:
        """One number (every year) or a list of one number per year. With ``exact_length`` the
        list must have ``years`` numbers; otherwise it may be shorter (later years count 0), but
        never longer than the horizon: numbers past it would be ignored without a word."""
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
                return 0.0
            if len(value) > MAX_YEARS:
                self.fail(path, f"højst {MAX_YEARS} tal (ét pr. år), fandt {len(value)}")
                return 0.0
            if years is not None and len(value) > years:
                self.fail(path, too_long(len(value), years, "tal"))
                return 0.0
            return [self.check_number(v, f"{path}[{i}]", low=0) for i, v in enumerate(value)]
        return self.check_number(value, path, low=0)

    def items(self, data: dict, key: str, where: str, required: bool,
              limit: float | None = None) -> list[dict]:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(where + key, "mangler")
            return []
        if not isinstance(value, list):
            self.fail(where + key, "skal være en liste")
            return []
        most = LIMITS["list"] if limit is None else limit
        if len(value) > most:
            self.fail(where + key, f"højst {format_plain(most)} elementer, fandt "
                                   f"{format_plain(len(value))}")
            return []
        good = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                good.append(item)
            else:
                self.fail(f"{where}{key}[{i}]", "skal være et objekt med felter")
        return good

    def choice(self, data: dict, key: str, where: str, options: tuple[str, ...],
               default: str) -> str:
        value = self.text(data, key, where, default=default)
        if value and value not in options:
            self.fail(where + key, f"skal være en af {', '.join(options)}, fandt {_show(value)}")
        return value


def too_long(length: int, years: int, unit: str) -> str:
    """The message for a per-year list longer than the case's horizon (``years``)."""
    return (f"har {length} {unit}, men casen har kun {years} år (years = {years}); fjern de "
            f"sidste {length - years}, eller forlæng perioden")


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --- migration -------------------------------------------------------------------------------

def migrate(data: dict) -> dict:
    """A case/1 dict (or a case/2 dict with one flow effect at top level) in case/2 form.

    Returns a new dict; ``data`` is not changed. Unknown fields are kept so the reader names them.
    """
    if data.get("schema") not in (SCHEMA, SCHEMA_V1) or "effects" in data:
        return data
    if not any(k in data for k in FLOW_FIELDS):
        return data
    out = {k: v for k, v in data.items() if k not in FLOW_FIELDS and k != "effect_name"}
    effect: dict[str, Any] = {"kind": "flow"}
    if isinstance(data.get("target_group"), str):
        effect["name"] = data["target_group"]
    if "effect_name" in data:
        effect["name"] = data["effect_name"]
    effect.update({k: data[k] for k in FLOW_FIELDS if k in data})
    out["effects"] = [effect]
    if data.get("schema") == SCHEMA_V1:
        out["schema"] = SCHEMA
        out.setdefault("timing", "entry_year")
    return out


# --- reading ---------------------------------------------------------------------------------

def read_case_structure(data: Any) -> BusinessCase:
    """Validate ``data`` (a parsed case file) and build the case, without the checks that need
    the engine (estimate paths, scenarios). Raises :class:`CaseError` listing every problem."""
    if not isinstance(data, dict):
        raise CaseError([Issue("", "filen skal indeholde ét JSON-objekt")])
    check_depth(data)
    r = Reader()
    schema = data.get("schema")
    if schema not in (SCHEMA, SCHEMA_V1):
        r.fail("schema", f"skal være \"{SCHEMA}\" (eller \"{SCHEMA_V1}\"), fandt {_show(schema)}")
        raise CaseError(r.issues)
    v1 = schema == SCHEMA_V1
    if v1 and "timing" in data:
        r.fail("timing", f"findes ikke i {SCHEMA_V1}; brug {SCHEMA}")
    flat = "effects" not in data
    data = migrate(data)
    try:
        return _read_case(r, data)
    except CaseError as exc:
        if not flat:
            raise
        # Name the fields as the file has them: at top level, not under effects[0].
        raise CaseError([Issue(i.field.removeprefix("effects[0]."), i.message)
                         for i in exc.issues]) from None


def _read_case(r: Reader, data: dict) -> BusinessCase:
    r.unknown(data, _TOP_FIELDS, "")

    name = r.text(data, "name", "")
    start_year = int(r.number(data, "start_year", "", low=1990, high=2100, integer=True))
    before = len(r.issues)
    years = int(r.number(data, "years", "", low=1, high=MAX_YEARS, integer=True))
    # the per-year lists are measured against the horizon only when the horizon itself is valid
    horizon = years if len(r.issues) == before else None
    timing = r.choice(data, "timing", "", TIMINGS, "calendar")
    weeks_per_year = _read_weeks_per_year(r, data)
    effects = _read_effects(r, data, horizon)
    costs = _read_costs(r, data, horizon)
    pools = _read_pools(r, data, horizon, costs)
    discount = r.number(data, "discount_rate", "", default=0, low=0, high=0.5)
    notes = data.get("notes", {})
    if not isinstance(notes, dict) or not all(isinstance(v, str) for v in notes.values()):
        r.fail("notes", "skal være et objekt med feltnavn → tekst")
        notes = {}
    uncertainty = read_uncertainty(r, data, canonical_path)
    scenarios = read_scenarios(r, data, canonical_path)
    correlations = read_correlations(r, data, canonical_path)
    follow_up = read_follow_up(r, data)
    if r.issues:
        raise CaseError(r.issues)
    return BusinessCase(
        name=name, start_year=start_year, years=years, effects=tuple(effects), timing=timing,
        weeks_per_year=weeks_per_year, costs=tuple(costs), pool_funding=tuple(pools),
        discount_rate=discount, description=r.text(data, "description", "", default=""),
        decision_text=r.text(data, "decision_text", "", default=""), notes=dict(notes),
        uncertainty=uncertainty, scenarios=scenarios, follow_up=follow_up,
        correlations=correlations,
    )


def _read_weeks_per_year(r: Reader, data: dict) -> float:
    """W, within the registry's range (:mod:`budgetapp.core.fields`, 40-53): a calendar year has
    52 weeks (53 in a year with week 53), and a W far from it makes the tail and the weekly
    benefit absurd (W = 1e-9 put almost the whole saving after the horizon)."""
    spec = field_spec("weeks_per_year")
    low, high = spec.minimum, spec.maximum
    before = len(r.issues)
    value = r.number(data, "weeks_per_year", "", default=52)
    if len(r.issues) > before:  # not a number, or not finite: already named
        return 52.0
    if low is not None and high is not None and not low <= value <= high:
        r.fail("weeks_per_year", f"{spec.label} skal være mellem {format_plain(low)} og "
                                 f"{format_plain(high)} uger (et helår er 52 ugers ydelse), "
                                 f"fandt {show_number(value)}")
        return 52.0
    return value


def _read_effects(r: Reader, data: dict, years: int | None) -> list[Effect]:
    raws = r.items(data, "effects", "", required=True, limit=LIMITS["effects"])
    if isinstance(data.get("effects"), list) and not data["effects"]:
        r.fail("effects", "mindst én effekt kræves")
    total_segments = sum(len(e.get("segments") or []) for e in raws
                         if isinstance(e.get("segments"), list))
    if total_segments > LIMITS["segments"]:
        r.fail("effects", f"højst {format_plain(LIMITS['segments'])} segmenter i alt, fandt "
                          f"{format_plain(total_segments)}")
        return []
    effects: list[Effect] = []
    names: set[str] = set()
    for i, raw in enumerate(raws):
        w = f"effects[{i}]."
        kind = raw.get("kind", "stock" if "fewer_full_year_persons" in raw else "flow")
        if kind not in ("flow", "stock"):
            r.fail(w + "kind", f"skal være \"flow\" eller \"stock\", fandt {_show(kind)}")
            continue
        effect = (_read_flow(r, raw, w, years, i) if kind == "flow"
                  else _read_stock(r, raw, w, years, i))
        if effect.name in names:
            r.fail(w + "name", f"navnet '{effect.name}' bruges af to effekter")
        names.add(effect.name)
        effects.append(effect)
    return effects


def _read_refusion(r: Reader, raw: dict, w: str) -> BenefitRefusion:
    raw_ref = raw.get("benefit_refusion")
    if not isinstance(raw_ref, dict):
        r.fail(w + "benefit_refusion", "mangler eller er ikke et objekt med 'rule'")
        return BenefitRefusion(rule="")
    where = w + "benefit_refusion."
    r.unknown(raw_ref, {"rule", "rate"}, where)
    rule_id = r.text(raw_ref, "rule", where)
    rate = None
    benefit_rules = rule_ids("benefit")
    if rule_id and rule_id not in benefit_rules:
        r.fail(where + "rule", f"ukendt regel {_show(rule_id)}; kendte regler: {', '.join(benefit_rules)}")
    elif rule_id and load_rules()[rule_id].rate_from_case:
        rate = r.number(raw_ref, "rate", where, low=0, high=1)
    elif "rate" in raw_ref:
        r.fail(where + "rate", f"reglen {rule_id!r} har sine satser i regelfilen; fjern 'rate'")
    return BenefitRefusion(rule=rule_id, rate=rate)


def _read_flow(r: Reader, raw: dict, w: str, years: int | None, index: int) -> FlowEffect:
    r.unknown(raw, _FLOW_FIELDS, w)
    target_group = r.text(raw, "target_group", w)
    name = r.text(raw, "name", w, default=target_group or f"Effekt {index + 1}")
    segments = [_read_segment(r, seg, f"{w}segments[{i}].", i)
                for i, seg in enumerate(r.items(raw, "segments", w, required=True,
                                                limit=LIMITS["segments"]))]
    if isinstance(raw.get("segments"), list):
        if not raw["segments"]:
            r.fail(w + "segments", "mindst ét segment kræves")
        elif segments and r.ok(*(f"{w}segments[{i}].share" for i in range(len(segments)))):
            total = math.fsum(s.share for s in segments)
            if abs(total - 1.0) > SHARE_TOLERANCE:
                r.fail(w + "segments", f"andelene skal summe til 1, summen er {show_number(total)}")
    phase_raw = raw.get("effect_phase_in", [1.0])
    phase_in: list[float] = []
    if isinstance(phase_raw, int | float) and not isinstance(phase_raw, bool):
        phase_raw = [phase_raw]
    if not isinstance(phase_raw, list) or not phase_raw:
        r.fail(w + "effect_phase_in", "skal være en ikke-tom liste af faktorer mellem 0 og 1")
    elif len(phase_raw) > MAX_YEARS:
        r.fail(w + "effect_phase_in", f"højst {MAX_YEARS} faktorer (ét pr. år), fandt "
                                      f"{format_plain(len(phase_raw))}")
    elif years is not None and len(phase_raw) > years:
        # one factor per entry cohort; cohorts enter only in the horizon's years
        r.fail(w + "effect_phase_in", too_long(len(phase_raw), years, "faktorer"))
    else:
        phase_in = [r.check_number(v, f"{w}effect_phase_in[{i}]", low=0, high=1)
                    for i, v in enumerate(phase_raw)]
    return FlowEffect(
        name=name, target_group=target_group,
        inflow_per_year=r.amount(raw, "inflow_per_year", w, years, default=None, exact_length=True),
        benefit_per_full_year_person=r.number(raw, "benefit_per_full_year_person", w, low=0),
        benefit_refusion=_read_refusion(r, raw, w), segments=tuple(segments),
        prior_weeks=_read_prior(r, raw, w), effect_phase_in=tuple(phase_in),
        deadweight=r.number(raw, "deadweight", w, default=0, low=0, high=1),
        persistence=r.number(raw, "persistence", w, default=1, low=0, high=1),
        employment_grant=_read_grant(r, raw, w),
    )


def _read_grant(r: Reader, raw: dict, w: str) -> EmploymentGrant | None:
    """``employment_grant``: absent or false (no clawback), true (the rule's default share) or
    ``{"share": 0-1}``."""
    value = raw.get("employment_grant")
    if value is None or value is False:
        return None
    if value is True:
        return EmploymentGrant()
    if not isinstance(value, dict):
        r.fail(w + "employment_grant", f"skal være true, false eller {{\"share\": 0-1}}, fandt "
                                       f"{_show(value)}")
        return None
    r.unknown(value, {"share"}, w + "employment_grant.")
    if "share" not in value:
        return EmploymentGrant()
    return EmploymentGrant(r.check_number(value["share"], w + "employment_grant.share",
                                          low=0, high=1))


def _read_prior(r: Reader, raw: dict, w: str) -> tuple[PriorWeeks, ...]:
    value = raw.get("prior_weeks", 0)
    if not isinstance(value, list):
        return (PriorWeeks(r.check_number(value, w + "prior_weeks", low=0, high=5200), 1.0),)
    entries = r.items(raw, "prior_weeks", w, required=True, limit=LIMITS["prior_mixture"])
    if not entries and isinstance(value, list):
        r.fail(w + "prior_weeks", "blandingen er tom")
        return (PriorWeeks(0.0, 1.0),)
    out = []
    for i, item in enumerate(entries):
        where = f"{w}prior_weeks[{i}]."
        r.unknown(item, {"weeks", "share"}, where)
        out.append(PriorWeeks(r.number(item, "weeks", where, low=0, high=5200),
                              r.number(item, "share", where, low=0, high=1)))
    total = math.fsum(p.share for p in out)
    if out and r.ok(*(f"{w}prior_weeks[{i}].share" for i in range(len(out)))) \
            and abs(total - 1.0) > SHARE_TOLERANCE:
        r.fail(w + "prior_weeks", f"andelene skal summe til 1, summen er {show_number(total)}")
    return tuple(out)


def _read_survival(r: Reader, raw: dict, key: str, w: str) -> tuple[float, ...] | None:
    value = raw.get(key)
    if value is None:
        return None
    path = w + key
    if not isinstance(value, list) or not value:
        r.fail(path, "skal være en ikke-tom liste af andele S₁…Sₙ mellem 0 og 1")
        return None
    if len(value) > LIMITS["survival_weeks"]:
        r.fail(path, f"højst {format_plain(LIMITS['survival_weeks'])} uger, fandt "
                     f"{format_plain(len(value))}")
        return None
    curve = [r.check_number(v, f"{path}[{i}]", low=0, high=1) for i, v in enumerate(value)]
    for i in range(1, len(curve)):
        if curve[i] > curve[i - 1] + 1e-12 and r.ok(f"{path}[{i}]", f"{path}[{i - 1}]"):
            r.fail(f"{path}[{i}]", f"en overlevelseskurve kan ikke stige: uge {i + 1} har "
                                   f"{show_number(curve[i])} efter {show_number(curve[i - 1])}")
            break
    return tuple(curve)


def _read_segment(r: Reader, raw: dict, w: str, index: int) -> Segment:
    r.unknown(raw, _SEGMENT_FIELDS, w)
    surv_before = _read_survival(r, raw, "survival_before", w)
    surv_after = _read_survival(r, raw, "survival_after", w)
    for weeks_key, surv_key in (("weeks_before", "survival_before"),
                                ("weeks_after", "survival_after")):
        if surv_key in raw and weeks_key in raw:
            r.fail(w + surv_key, f"angiv enten {weeks_key} eller {surv_key}, ikke begge")
        elif surv_key not in raw and weeks_key not in raw:
            r.fail(w + weeks_key, f"mangler (eller {surv_key})")
    before = (math.fsum(surv_before) if surv_before is not None
              else r.number(raw, "weeks_before", w, default=0, low=0, high=5200))
    after = (math.fsum(surv_after) if surv_after is not None
             else r.number(raw, "weeks_after", w, default=0, low=0, high=5200))
    seg = Segment(
        name=r.text(raw, "name", w, default=f"Segment {index + 1}"),
        share=r.number(raw, "share", w, low=0, high=1),
        weeks_before=before, weeks_after=after,
        weeks_in_effort=r.number(raw, "weeks_in_effort", w, default=0, low=0, high=5200),
        active_weeks_before=r.number(raw, "active_weeks_before", w, default=0, low=0, high=5200),
        survival_before=surv_before, survival_after=surv_after,
        benefit_intensity=r.number(raw, "benefit_intensity", w, default=1, low=0, high=1),
    )
    effort_ok = r.ok(w + "weeks_in_effort", w + "weeks_after", w + "survival_after")
    if surv_after is None and effort_ok and seg.weeks_in_effort > seg.weeks_after:
        r.fail(w + "weeks_in_effort",
               f"kan ikke være længere end weeks_after ({show_number(seg.weeks_after)} uger)")
    if surv_after is not None and effort_ok and seg.weeks_in_effort > len(surv_after):
        r.fail(w + "weeks_in_effort",
               f"kan ikke være længere end overlevelseskurven ({len(surv_after)} uger)")
    if (surv_before is None and r.ok(w + "active_weeks_before", w + "weeks_before")
            and seg.active_weeks_before > seg.weeks_before):
        r.fail(w + "active_weeks_before",
               f"kan ikke være længere end weeks_before ({show_number(seg.weeks_before)} uger)")
    return seg


def _read_stock(r: Reader, raw: dict, w: str, years: int | None, index: int) -> StockEffect:
    r.unknown(raw, _STOCK_FIELDS, w)
    target_group = r.text(raw, "target_group", w)
    name = r.text(raw, "name", w, default=target_group or f"Effekt {index + 1}")
    shares_raw = raw.get("band_shares", [0.0, 0.0, 0.0, 1.0])
    shares: list[float] = [0.0, 0.0, 0.0, 1.0]
    if not isinstance(shares_raw, list) or len(shares_raw) != len(STOCK_BANDS):
        r.fail(w + "band_shares", "skal være fire andele for ugerne 1-4, 5-26, 27-52 og 53+")
    else:
        shares = [r.check_number(v, f"{w}band_shares[{i}]", low=0, high=1)
                  for i, v in enumerate(shares_raw)]
        if r.ok(*(f"{w}band_shares[{i}]" for i in range(len(shares)))) \
                and abs(math.fsum(shares) - 1.0) > SHARE_TOLERANCE:
            r.fail(w + "band_shares", f"andelene skal summe til 1, summen er "
                                      f"{show_number(math.fsum(shares))}")
    return StockEffect(
        name=name, target_group=target_group,
        benefit_per_full_year_person=r.number(raw, "benefit_per_full_year_person", w, low=0),
        benefit_refusion=_read_refusion(r, raw, w),
        fewer_full_year_persons=r.amount(raw, "fewer_full_year_persons", w, years, default=None,
                                         exact_length=True),
        band_shares=(shares[0], shares[1], shares[2], shares[3]),
        employment_grant=_read_grant(r, raw, w),
    )


def _read_costs(r: Reader, data: dict, years: int | None) -> list[CostLine]:
    costs: list[CostLine] = []
    for i, raw in enumerate(r.items(data, "costs", "", required=False)):
        w = f"costs[{i}]."
        r.unknown(raw, _COST_FIELDS, w)
        kind = r.text(raw, "kind", w, default="fixed")
        if kind and kind not in COST_KINDS:
            r.fail(w + "kind", f"skal være 'fixed' eller 'per_participant', fandt {_show(kind)}")
        rule_id = raw.get("refusion_rule")
        if rule_id is not None:
            ops = rule_ids("operating_cost")
            if rule_id not in ops:
                r.fail(w + "refusion_rule", f"ukendt driftsregel {_show(rule_id)}; kendte: {', '.join(ops)}")
            if "refusion_rate" in raw:
                r.fail(w + "refusion_rate", "angiv enten refusion_rate eller refusion_rule, ikke begge")
        costs.append(CostLine(
            name=r.text(raw, "name", w), kind=kind,
            amount_per_year=r.amount(raw, "amount_per_year", w, years),
            amount_per_full_year_participant=r.number(
                raw, "amount_per_full_year_participant", w, default=0, low=0),
            refusion_rate=r.number(raw, "refusion_rate", w, default=0, low=0, high=1),
            refusion_rule=rule_id if isinstance(rule_id, str) else None,
            styringsomraade=r.choice(raw, "styringsomraade", w, STYRINGSOMRAADER, "service"),
        ))
    return costs


def _read_pools(r: Reader, data: dict, years: int | None, costs: list[CostLine]) -> list[PoolFunding]:
    pools: list[PoolFunding] = []
    cost_names = {c.name for c in costs}
    for i, raw in enumerate(r.items(data, "pool_funding", "", required=False)):
        w = f"pool_funding[{i}]."
        r.unknown(raw, _POOL_FIELDS, w)
        pool_id = raw.get("pool_id")
        rate = None
        eligible: list[str] = []
        cap = None
        if "rate" in raw:
            if "amount_per_year" in raw:
                r.fail(w + "rate", "angiv enten amount_per_year eller rate (× udgift op til loft), "
                                   "ikke begge")
            rate = r.number(raw, "rate", w, low=0, high=1)
            elig_raw = raw.get("eligible_costs", [])
            if not isinstance(elig_raw, list) or not all(isinstance(x, str) for x in elig_raw):
                r.fail(w + "eligible_costs", "skal være en liste af udgiftslinjers navne")
            else:
                eligible = elig_raw
                for name in eligible:
                    if name not in cost_names:
                        r.fail(w + "eligible_costs", f"udgiftslinjen '{name}' findes ikke i costs")
            if raw.get("cap_per_year") is not None:
                cap = r.amount(raw, "cap_per_year", w, years)
        elif "eligible_costs" in raw or "cap_per_year" in raw:
            r.fail(w + "rate", "mangler: eligible_costs og cap_per_year bruges kun med rate")
        pools.append(PoolFunding(
            name=r.text(raw, "name", w),
            amount_per_year=0.0 if rate is not None else r.amount(raw, "amount_per_year", w, years),
            pool_id=str(pool_id) if pool_id is not None else None,
            styringsomraade=r.choice(raw, "styringsomraade", w, STYRINGSOMRAADER, "service"),
            rate=rate, eligible_costs=tuple(eligible), cap_per_year=cap,
        ))
    return pools
