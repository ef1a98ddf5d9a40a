"""Scenarios: named sets of input overrides applied to a business case, and their comparison.

A scenario is ``{name, overrides: {field path: value}, description}``; a field path names a field
of the case file (``deadweight``, ``segments[1].weeks_after``, ``costs[0].amount_per_year``,
``effects[0].benefit_refusion.rate``) and the value replaces it exactly as if it had been typed into the
file (a number for a per-year amount means "every year the same"). The result is validated like
a case file, so a scenario can never produce a case the file reader would refuse.

The overrides have the same form as a project scenario's overrides for one case
(:class:`budgetapp.core.project.Scenario`), so ``apply_overrides(case,
project_scenario.overrides[case.name])`` gives the project's scenario of that case. The one rule
added here: **segment shares keep summing to 1** — when a scenario sets the shares of some
segments, the segments it does not set are scaled in proportion to their shares in the case to
fill the rest (30 % → 36 % no-shows lowers 65 % and 5 % by 64/70). When the scenario sets all
shares itself, they must sum to 1. Paths are in ``budgetapp.case/2`` form
(``effects[0].segments[1].weeks_after``); a case/1 path of a flow-effect field names the first
effect (:func:`budgetapp.core.case_model.canonical_path`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from budgetapp.core.appraisal import Appraisal, appraise
from budgetapp.core.case_model import (
    SHARE_TOLERANCE,
    BusinessCase,
    CaseError,
    FlowEffect,
    Issue,
    canonical_path,
)
from budgetapp.core.case_reader import read_case_structure
from budgetapp.core.decision_data import ScenarioSpec

PROTECTED = frozenset({"schema", "name", "uncertainty", "scenarios", "follow_up", "notes"})
_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")
_SHARE_PATH = re.compile(r"^effects\[(\d+)\]\.segments\[(\d+)\]\.share$")
BASE_NAME = "Som indtastet"


class ScenarioError(CaseError):
    """Overrides that do not give a valid case; ``issues`` name the override paths."""

    @property
    def pairs(self) -> list[tuple[str, str]]:
        return [(i.field, i.message) for i in self.issues]


def _steps(path: str) -> list[str | int]:
    steps: list[str | int] = []
    pos = 0
    for part in path.split("."):
        pos = 0
        if not part:
            raise KeyError(path)
        while pos < len(part):
            m = _STEP.match(part, pos)
            if not m or (m.group(1) and pos != 0):
                raise KeyError(path)
            steps.append(m.group(1) if m.group(1) else int(m.group(2)))
            pos = m.end()
    return steps


def _set(data: dict, path: str, value: Any, protected: frozenset[str] = PROTECTED) -> None:
    steps = _steps(path)
    if not steps or not isinstance(steps[0], str) or steps[0] in protected:
        raise KeyError(path)
    target: Any = data
    for step in steps[:-1]:
        if isinstance(step, int):
            if not isinstance(target, list) or step >= len(target):
                raise KeyError(path)
        elif not isinstance(target, dict) or step not in target:
            raise KeyError(path)
        target = target[step]
    last = steps[-1]
    if value is None and isinstance(last, str) and isinstance(target, dict):
        target.pop(last, None)  # None removes the field: the case file's default applies
        return
    if isinstance(last, int):
        if not isinstance(target, list) or last >= len(target):
            raise KeyError(path)
    elif not isinstance(target, dict):
        raise KeyError(path)
    # A field the case left out (a default) may be set; case_from_dict refuses unknown names.
    target[last] = value


def apply_overrides(case: BusinessCase, overrides: dict[str, Any],
                    protected: frozenset[str] = PROTECTED) -> BusinessCase:
    """The case with ``overrides`` applied (see the module text), validated again.

    The result keeps the case's name, carries no scenarios or follow-up, and keeps only the
    three-point estimates of inputs the scenario does not set. Raises :class:`ScenarioError`.
    """
    overrides = {canonical_path(k): v for k, v in overrides.items()}
    data = case.to_dict()
    data.pop("scenarios", None)
    data.pop("follow_up", None)
    issues: list[Issue] = []
    for path, value in overrides.items():
        try:
            _set(data, path, value, protected)
        except KeyError:
            reason = ("kan ikke ændres i et scenarie" if path.split(".")[0].split("[")[0] in protected
                      else "feltet findes ikke i business casen")
            issues.append(Issue(path, reason))
    if issues:
        raise ScenarioError(issues)
    _rebalance_shares(case, data, overrides)
    if "uncertainty" in data:
        data["uncertainty"] = [e for e in data["uncertainty"] if e["path"] not in overrides]
    if "correlations" in data:
        kept = {e["path"] for e in data.get("uncertainty", [])}
        data["correlations"] = [c for c in data["correlations"] if set(c["paths"]) <= kept]
    try:
        return read_case_structure(data)
    except CaseError as exc:
        raise ScenarioError(exc.issues) from None


def _rebalance_shares(case: BusinessCase, data: dict, overrides: dict[str, Any]) -> None:
    """Segments whose share the scenario does not set fill the rest in proportion (per effect)."""
    set_shares: dict[int, set[int]] = {}
    for p in overrides:
        if m := _SHARE_PATH.match(p):
            set_shares.setdefault(int(m.group(1)), set()).add(int(m.group(2)))
    for e, chosen in set_shares.items():
        effect = case.effects[e] if e < len(case.effects) else None
        if not isinstance(effect, FlowEffect):
            continue
        segments = data["effects"][e].get("segments", [])
        if not all(isinstance(s.get("share"), int | float) for s in segments):
            continue
        rest = [j for j in range(len(segments)) if j not in chosen]
        remaining = 1.0 - sum(segments[j]["share"] for j in chosen)
        rest_base = sum(effect.segments[j].share for j in rest)
        if rest and rest_base > 0 and remaining >= -SHARE_TOLERANCE:
            for j in rest:
                segments[j]["share"] = effect.segments[j].share * max(remaining, 0.0) / rest_base


def scenario_case(case: BusinessCase, spec: ScenarioSpec) -> BusinessCase:
    return apply_overrides(case, spec.overrides)


@dataclass(frozen=True)
class ScenarioResult:
    """One column of a comparison: a case (or a scenario of it) and its appraisal."""

    label: str
    case_name: str
    scenario: str | None
    appraisal: Appraisal

    @property
    def total_net_result(self) -> float:
        return sum(self.appraisal.series["net_result"])


def compare_scenarios(case: BusinessCase, include_base: bool = True) -> list[ScenarioResult]:
    """The case as entered (first, if ``include_base``) and every scenario stored with it."""
    out = []
    if include_base:
        out.append(ScenarioResult(BASE_NAME, case.name, None, appraise(case)))
    for spec in case.scenarios:
        out.append(ScenarioResult(spec.name, case.name, spec.name, appraise(scenario_case(case, spec))))
    return out


def compare_cases(cases: list[BusinessCase], with_scenarios: bool = True) -> list[ScenarioResult]:
    """Several cases side by side, each followed by its scenarios (labels "case: scenario")."""
    out = []
    for case in cases:
        for result in compare_scenarios(case) if with_scenarios else compare_scenarios(case)[:1]:
            label = case.name if result.scenario is None else f"{case.name}: {result.scenario}"
            out.append(ScenarioResult(label, case.name, result.scenario, result.appraisal))
    return out


COMPARISON_ROWS = (
    ("net_cost", "Nettoudgift i alt"),
    ("municipal_saving", "Kommunal besparelse i alt"),
    ("net_result", "Nettoresultat i alt"),
)


def comparison_table(results: list[ScenarioResult]) -> tuple[list[str], list[list[Any]]]:
    """A table with one column per result: totals over the horizon (kr.), net present value,
    payback year and break-even share (None where there is none)."""
    header = ["", *[r.label for r in results]]
    rows: list[list[Any]] = []
    for key, label in COMPARISON_ROWS:
        rows.append([label, *[sum(r.appraisal.series[key]) for r in results]])
    rows.append(["Nutidsværdi", *[r.appraisal.npv for r in results]])
    rows.append(["Tilbagebetalingsår", *[r.appraisal.payback_year for r in results]])
    rows.append(["Break-even (andel af effekten)", *[r.appraisal.break_even_effect_share for r in results]])
    return header, rows
