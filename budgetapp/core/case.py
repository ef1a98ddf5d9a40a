"""The business case: read from and written to ``budgetapp.case/2`` (``budgetapp.case/1`` migrates).

The dataclasses are in :mod:`budgetapp.core.case_model` and the structural reader in
:mod:`budgetapp.core.case_reader`; this module adds the checks that need the engine (the paths of
three-point estimates and correlations, and every scenario's overrides) and re-exports the names
other modules use. Every field and unit is documented in ``docs/case-file.md``. Reading validates
the whole file and reports every problem with the field it concerns, so a user can correct them
in one pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from budgetapp.core.case_inputs import InputError, resolve
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
    amount_for_year,
    canonical_path,
    phase_in_for_year,
    single_effect_case,
)
from budgetapp.core.case_reader import LIMITS, MAX_YEARS, parse_case_json, read_case_structure
from budgetapp.core.decision_data import ActualYear, SuccessCriterion
from budgetapp.core.scenarios import scenario_case

__all__ = [
    "COST_KINDS", "FLOW_FIELDS", "LIMITS", "MAX_YEARS", "SCHEMA", "SCHEMA_V1", "SHARE_TOLERANCE",
    "STOCK_BANDS", "STYRINGSOMRAADER", "TIMINGS", "Amount", "BenefitRefusion", "BusinessCase",
    "CaseError", "CostLine", "Effect", "EmploymentGrant", "FlowEffect", "Issue", "PoolFunding", "PriorWeeks",
    "Segment", "StockEffect", "amount_for_year", "canonical_path", "case_from_dict",
    "check_decision_fields", "load_case", "phase_in_for_year", "single_effect_case",
]


def case_from_dict(data: Any) -> BusinessCase:
    """Validate ``data`` (a parsed ``budgetapp.case/2`` or ``/1`` file) and build the case.

    Raises :class:`CaseError` listing every problem.
    """
    case = read_case_structure(data)
    problems = check_decision_fields(case)
    if problems:
        raise CaseError([Issue(where, message) for where, message in problems])
    return case


def check_decision_fields(case: BusinessCase) -> list[tuple[str, str]]:
    """Problems that need the whole case: estimate paths and ranges, correlations, scenario
    overrides, follow-up years. Returns (field, message) pairs."""
    problems: list[tuple[str, str]] = []
    for i, est in enumerate(case.uncertainty):
        w = f"uncertainty[{i}]."
        try:
            ref = resolve(case, est.path)
        except InputError as exc:
            problems.append((w + "path", str(exc)))
            continue
        for key, value in (("min", est.min), ("max", est.max)):
            if value < ref.low_bound or (ref.high_bound is not None and value > ref.high_bound):
                problems.append((w + key, f"{ref.label} skal ligge mellem {ref.describe_bounds()}"))
    estimated = {e.path for e in case.uncertainty}
    for i, corr in enumerate(case.correlations):
        for path in corr.paths:
            if path not in estimated:
                problems.append((f"correlations[{i}].paths",
                                 f"'{path}' har intet trepunktsestimat i uncertainty"))
    for i, spec in enumerate(case.scenarios):
        try:
            scenario_case(case, spec)
        except ValueError as exc:
            for where, message in getattr(exc, "pairs", [("", str(exc))]):
                problems.append((f"scenarios[{i}].overrides" + (f".{where}" if where else ""), message))
    if case.follow_up is not None:
        labels = case.year_labels
        dated: tuple[tuple[str, Sequence[SuccessCriterion | ActualYear]], ...] = (
            ("success_criteria", case.follow_up.success_criteria), ("actuals", case.follow_up.actuals))
        for key, entries in dated:
            for i, entry in enumerate(entries):
                if entry.year not in labels:
                    problems.append((f"follow_up.{key}[{i}].year",
                                     f"{entry.year} ligger uden for casens år {labels[0]}-{labels[-1]}"))
    return problems


def load_case(path: str | Path) -> BusinessCase:
    """Read a case file; raises :class:`CaseError` for anything unreadable or invalid."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > LIMITS["file_bytes"]:
            limit = LIMITS["file_bytes"] // 1_000_000
            raise CaseError([Issue("", f"filen er for stor til en business case "
                                       f"({size // 1_000_000} MB; højst {limit} MB)")])
        raw = p.read_bytes()
    except OSError as exc:
        raise CaseError([Issue("", f"filen kan ikke læses: {exc.strerror or exc}")]) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CaseError([Issue("", "filen er ikke UTF-8-tekst (er det en JSON-fil?)")]) from exc
    return case_from_dict(parse_case_json(text))
