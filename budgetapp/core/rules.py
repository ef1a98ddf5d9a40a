"""Financing rules read from dated, cited data files (``resources/rules/*.toml``).

A benefit rule gives, for every benefit week, the state's refusion share or the municipality's
co-financing share, by band of cumulative benefit weeks and by whether the week is active.
An operating-cost rule gives one refusion rate per period, with residual account groupings that
keep a rate of their own. Other rules (the L 77 cap in the budget guarantee, the
beskæftigelsestilskud) carry named numeric parameters. A new law is a new file or a new dated
version in a file, never a new branch in the code.

Every rule and version has a ``status``: ``lov`` (act in force), ``bekendtgørelse`` (executive
order), ``lovforslag`` (bill, not yet law), ``aftale`` (political agreement, not yet law) or
``antagelse`` (the app's own assumption, to be replaced by the user).
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from budgetapp.resources import rules_dir

STATE_REFUSION = "state_refusion"
MUNICIPAL_COFINANCING = "municipal_cofinancing"
CASE_RATE = "case"
BENEFIT = "benefit"
OPERATING_COST = "operating_cost"
STATUSES = ("lov", "bekendtgørelse", "lovforslag", "aftale", "antagelse")
STATUS_LABELS = {
    "lov": "lov",
    "bekendtgørelse": "bekendtgørelse",
    "lovforslag": "lovforslag (ikke vedtaget)",
    "aftale": "politisk aftale (ikke lov)",
    "antagelse": "antagelse",
}
WEEK_COUNTINGS = ("any_benefit", "fulltime_equivalent")


class RuleFileError(ValueError):
    """A rule file that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class Band:
    """Benefit weeks ``first_week``..``last_week`` (1-based, inclusive; None = no end)."""

    first_week: int
    last_week: int | None
    active: float | str
    passive: float | str

    @property
    def start(self) -> float:
        """Start of the band in continuous weeks: benefit week n covers [n-1, n)."""
        return float(self.first_week - 1)

    @property
    def end(self) -> float:
        return math.inf if self.last_week is None else float(self.last_week)


@dataclass(frozen=True)
class Grouping:
    """An account grouping that keeps its own operating-cost refusion rate (e.g. aids: 50 %)."""

    id: str
    name: str
    rate: float
    status: str
    source: str


@dataclass(frozen=True)
class RuleVersion:
    valid_from: dt.date
    valid_to: dt.date | None
    citation: str
    source: str
    bands: tuple[Band, ...] = ()
    rate: float | None = None
    status: str = ""
    groupings: tuple[Grouping, ...] = ()
    parameters: tuple[tuple[str, float], ...] = ()

    def parameter(self, name: str) -> float:
        """A named numeric parameter of the version; KeyError with a Danish message if absent."""
        for key, value in self.parameters:
            if key == name:
                return value
        raise KeyError(f"Reglens version fra {self.valid_from} har ingen parameter '{name}'")

    def in_force(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def year_start_day(year: int) -> dt.date:
    """The first day of ``year`` that lies in the year's own week 1 (ISO 8601): 1 January when it
    falls on Monday to Thursday, else the Monday after (2 to 4 January). E.g. 2016 → 4 January
    2016 (1 January 2016 was a Friday, in week 53 of 2015); 2027 → 4 January 2027; 2013 → 1
    January 2013."""
    return max(dt.date(year, 1, 1), dt.date.fromisocalendar(year, 1, 1))


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    applies_to: str
    share: str
    law: str
    notes: str
    versions: tuple[RuleVersion, ...]
    rate_from_case: bool = False
    path: Path | None = field(default=None, compare=False)
    status: str = ""
    # How the staircase position is counted: "any_benefit" = a week counts if the person had any
    # benefit in it (§ 5, stk. 2, "uger med ydelser"; BEK nr. 14 af 8. januar 2026); the amount
    # follows the benefit intensity. "fulltime_equivalent" = weeks counted in full-time units.
    week_counting: str = "any_benefit"

    def version_for_year(self, year: int) -> tuple[RuleVersion, bool]:
        """The version in force when ``year``'s first benefit week starts, else the nearest one.

        Refusion is settled per benefit week (calendar weeks, Monday to Sunday; "uger med
        ydelser", LBK nr. 221 af 12. februar 2021, § 5, stk. 2), so a year's weeks begin with its
        week 1 (ISO 8601, as Danish week numbers), and the day compared is
        :func:`year_start_day`: 1 January, or the Monday of week 1 when 1 January falls in the
        previous year's last week. The 2016 refusion reform took effect on Monday 4 January 2016
        (§ 29), the start of week 1 of 2016; 1-3 January 2016 belong to week 53 of 2015, so the
        2016 staircase covers every benefit week of 2016 and is in force for the year 2016.

        Returns the version and whether it was actually in force then (False when a rule is
        applied to a year outside its validity, e.g. a 2013 case recalculated under the 2016
        staircase for comparison).
        """
        day = year_start_day(year)
        for version in self.versions:
            if version.in_force(day):
                return version, True
        # Outside every version: take the first one for years before it, else the last one.
        if day < self.versions[0].valid_from:
            return self.versions[0], False
        return self.versions[-1], False


@dataclass(frozen=True)
class ShareSchedule:
    """The municipality's share of a benefit week as a step function of the week position.

    ``edges`` are the band starts (continuous weeks, first edge 0) and ``active``/``passive``
    the municipal share in each band. Used by :mod:`budgetapp.core.paths` to integrate exactly.
    """

    edges: np.ndarray
    widths: np.ndarray
    active: np.ndarray
    passive: np.ndarray


def _as_date(value: object, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise RuleFileError(f"{where}: forventede en dato (ÅÅÅÅ-MM-DD), fandt {value!r}")


def _share_value(value: object, where: str, allow_case: bool) -> float | str:
    if allow_case and value == CASE_RATE:
        return CASE_RATE
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RuleFileError(f"{where}: forventede en andel mellem 0 og 1, fandt {value!r}")
    if not 0.0 <= float(value) <= 1.0:
        raise RuleFileError(f"{where}: andelen skal ligge mellem 0 og 1, fandt {value!r}")
    return float(value)


def _parse_bands(raw: list, where: str, allow_case: bool) -> tuple[Band, ...]:
    bands: list[Band] = []
    expected_first = 1
    for i, entry in enumerate(raw):
        here = f"{where}.bands[{i}]"
        first = entry.get("first_week")
        last = entry.get("last_week")
        if first != expected_first:
            raise RuleFileError(
                f"{here}.first_week: båndene skal følge hinanden uden huller; "
                f"forventede {expected_first}, fandt {first!r}"
            )
        if last is not None and (not isinstance(last, int) or last < first):
            raise RuleFileError(f"{here}.last_week: skal være et helt tal ≥ first_week")
        bands.append(
            Band(
                first_week=first,
                last_week=last,
                active=_share_value(entry.get("active"), f"{here}.active", allow_case),
                passive=_share_value(entry.get("passive"), f"{here}.passive", allow_case),
            )
        )
        if last is None:
            if i != len(raw) - 1:
                raise RuleFileError(f"{here}.last_week: kun det sidste bånd må være uden slut")
            break
        expected_first = last + 1
    if not bands or bands[-1].last_week is not None:
        raise RuleFileError(f"{where}.bands: det sidste bånd skal være uden slutuge")
    return tuple(bands)


def _status(value: object, where: str) -> str:
    if value is None or value == "":
        return ""
    if value not in STATUSES:
        raise RuleFileError(f"{where}.status: skal være en af {', '.join(STATUSES)}, fandt {value!r}")
    return str(value)


def _parse_groupings(raw: list, where: str) -> tuple[Grouping, ...]:
    groupings = []
    for i, entry in enumerate(raw):
        here = f"{where}.groupings[{i}]"
        for key in ("id", "name", "rate", "source"):
            if key not in entry:
                raise RuleFileError(f"{here}.{key}: feltet mangler")
        groupings.append(Grouping(
            id=str(entry["id"]), name=str(entry["name"]),
            rate=float(_share_value(entry["rate"], f"{here}.rate", allow_case=False)),
            status=_status(entry.get("status"), here), source=str(entry["source"])))
    return tuple(groupings)


def _parse_parameters(raw: object, where: str) -> tuple[tuple[str, float], ...]:
    if not isinstance(raw, dict):
        raise RuleFileError(f"{where}.parameters: forventede en tabel af navngivne tal")
    out = []
    for key, value in raw.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise RuleFileError(f"{where}.parameters.{key}: forventede et tal, fandt {value!r}")
        out.append((str(key), float(value)))
    return tuple(out)


def parse_rule(data: dict, path: Path | None = None) -> Rule:
    name = path.name if path else "regel"
    for key in ("id", "name", "applies_to", "share", "versions"):
        if key not in data:
            raise RuleFileError(f"{name}: feltet '{key}' mangler")
    if data["share"] not in (STATE_REFUSION, MUNICIPAL_COFINANCING):
        raise RuleFileError(f"{name}: share skal være {STATE_REFUSION} eller {MUNICIPAL_COFINANCING}")
    rate_from_case = bool(data.get("rate_from_case", False))
    versions: list[RuleVersion] = []
    for i, raw in enumerate(data["versions"]):
        where = f"{name}: versions[{i}]"
        if not raw.get("citation"):
            raise RuleFileError(f"{where}.citation: hver version skal have en lovhenvisning")
        valid_to = raw.get("valid_to")
        version = RuleVersion(
            valid_from=_as_date(raw.get("valid_from"), f"{where}.valid_from"),
            valid_to=None if valid_to is None else _as_date(valid_to, f"{where}.valid_to"),
            citation=str(raw["citation"]),
            source=str(raw.get("source", "")),
            bands=_parse_bands(raw["bands"], where, rate_from_case) if "bands" in raw else (),
            rate=(
                None
                if "rate" not in raw
                else float(_share_value(raw["rate"], f"{where}.rate", allow_case=False))
            ),
            status=_status(raw.get("status"), where),
            groupings=_parse_groupings(raw.get("groupings", []), where),
            parameters=_parse_parameters(raw.get("parameters", {}), where),
        )
        if data["applies_to"] == BENEFIT and not version.bands:
            raise RuleFileError(f"{where}.bands: en ydelsesregel skal have uge-bånd")
        if data["applies_to"] == OPERATING_COST and version.rate is None:
            raise RuleFileError(f"{where}.rate: en driftsregel skal have en sats")
        if data["applies_to"] not in (BENEFIT, OPERATING_COST) and not version.parameters:
            raise RuleFileError(f"{where}.parameters: reglen skal have mindst én parameter")
        if versions and version.valid_from <= versions[-1].valid_from:
            raise RuleFileError(f"{where}.valid_from: versionerne skal stå i datoorden")
        versions.append(version)
    if not versions:
        raise RuleFileError(f"{name}: versions: mindst én version kræves")
    week_counting = str(data.get("week_counting", "any_benefit"))
    if week_counting not in WEEK_COUNTINGS:
        raise RuleFileError(f"{name}: week_counting skal være en af {', '.join(WEEK_COUNTINGS)}")
    return Rule(
        id=str(data["id"]),
        name=str(data["name"]),
        applies_to=str(data["applies_to"]),
        share=str(data["share"]),
        law=str(data.get("law", "")),
        notes=str(data.get("notes", "")),
        versions=tuple(versions),
        rate_from_case=rate_from_case,
        path=path,
        status=_status(data.get("status"), name),
        week_counting=week_counting,
    )


def load_rule_file(path: Path) -> Rule:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RuleFileError(f"{path.name}: kan ikke læses: {exc}") from exc
    return parse_rule(data, path)


@cache
def load_rules(directory: Path | None = None) -> dict[str, Rule]:
    """Every rule file in ``directory`` (default: the shipped ``resources/rules``), by id."""
    folder = directory or rules_dir()
    rules: dict[str, Rule] = {}
    for path in sorted(folder.glob("*.toml")):
        rule = load_rule_file(path)
        if rule.id in rules:
            raise RuleFileError(f"{path.name}: id '{rule.id}' findes allerede")
        rules[rule.id] = rule
    return rules


def rule_ids(applies_to: str) -> list[str]:
    """The ids of the shipped rules for ``"benefit"`` or ``"operating_cost"``, in file order."""
    return [r.id for r in load_rules().values() if r.applies_to == applies_to]


def municipal_share_schedule(
    rule: Rule, version: RuleVersion, case_rate: float | None = None
) -> ShareSchedule:
    """The municipality's share per band for a benefit rule version.

    For a refusion rule the municipality pays 1 − refusion; for a co-financing rule it pays the
    co-financing share itself. ``case_rate`` is the state refusion share the case sets for a
    rule whose rate comes from the case (the flat rule).
    """

    def municipal(value: float | str) -> float:
        if value == CASE_RATE:
            if case_rate is None:
                raise ValueError(f"Reglen {rule.id} kræver en sats fra business casen")
            value = case_rate
        share = float(value)
        return share if rule.share == MUNICIPAL_COFINANCING else 1.0 - share

    starts = np.array([b.start for b in version.bands])
    ends = np.array([b.end for b in version.bands])
    return ShareSchedule(
        edges=starts,
        widths=ends - starts,
        active=np.array([municipal(b.active) for b in version.bands]),
        passive=np.array([municipal(b.passive) for b in version.bands]),
    )


def operating_refusion_rate(rule: Rule, year: int, grouping: str | None = None) -> float:
    """The operating-cost refusion rate in force on 1 January of ``year``.

    ``grouping`` picks a residual account grouping with its own rate (e.g. ``hjaelpemidler``:
    50 % after 2019); unknown groupings raise ``KeyError`` with a Danish message.
    """
    version, _ = rule.version_for_year(year)
    if grouping:
        for g in version.groupings:
            if g.id == grouping:
                return g.rate
        known = ", ".join(g.id for g in version.groupings) or "ingen"
        raise KeyError(f"Reglen {rule.id} har ingen gruppering '{grouping}' i {year} (kendte: {known})")
    assert version.rate is not None
    return version.rate


def rule_status(rule: Rule, version: RuleVersion | None = None) -> str:
    """The status of a version (falls back to the rule's), as a Danish label."""
    code = (version.status if version and version.status else "") or rule.status
    return STATUS_LABELS.get(code, code or "ukendt")
