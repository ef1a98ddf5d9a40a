"""Tornado analysis: each key input is set to a low and a high value, one at a time, and the effect
on the total net result over the horizon is measured.

The low/high values of an input are, in order of precedence: the ``ranges`` passed in, the
min/max of the input's three-point estimate stored with the case (``uncertainty``), and the
default ±20 % of the case's value (a share that is 0, such as dead-weight, gets 0-20 %).
Each input is evaluated with its low and high value as two draws of one engine call, so the
other inputs stay exactly as in the case (segment shares are rebalanced as described in
:mod:`budgetapp.core.case_inputs`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from budgetapp.core.appraisal import CaseArrays, evaluate
from budgetapp.core.case_inputs import (
    DEFAULT_RELATIVE_RANGE,
    InputError,
    InputRef,
    apply_values,
    key_inputs,
    resolve,
)
from budgetapp.core.case_model import BusinessCase, canonical_path
from budgetapp.core.formatting import format_number


@dataclass(frozen=True)
class TornadoBar:
    """One input: its low and high value and the total net result (kr.) at each."""

    path: str
    label: str
    kind: str
    base_value: float
    low_value: float
    high_value: float
    result_low: float
    result_high: float
    range_source: str          # "range" | "estimate" | "default"

    @property
    def swing(self) -> float:
        return abs(self.result_high - self.result_low)

    def to_dict(self) -> dict:
        return {"path": self.path, "label": self.label, "kind": self.kind,
                "base_value": self.base_value, "low_value": self.low_value,
                "high_value": self.high_value, "result_low": self.result_low,
                "result_high": self.result_high, "swing": self.swing,
                "range_source": self.range_source}


@dataclass(frozen=True)
class Tornado:
    """Bars sorted by swing, largest first; ``base_result`` is the case's total net result."""

    case_name: str
    years: list[int]
    base_result: float
    bars: list[TornadoBar]

    def to_dict(self) -> dict:
        return {"name": self.case_name, "years": self.years,
                "metric": "net_result_total", "base_result": self.base_result,
                "bars": [b.to_dict() for b in self.bars]}


def total_net_result(out: dict[str, np.ndarray]) -> np.ndarray:
    return out["net_result"].sum(axis=1)


def _range_for(ref: InputRef, case: BusinessCase, ranges: Mapping[str, tuple[float, float]],
               relative: float) -> tuple[float, float, str]:
    if ref.path in ranges:
        low, high = ranges[ref.path]
        return float(low), float(high), "range"
    for est in case.uncertainty:
        if canonical_path(est.path) == ref.path:
            return est.min, est.max, "estimate"
    low, high = ref.default_range(relative)
    return low, high, "default"


def tornado(case: BusinessCase, ranges: Mapping[str, tuple[float, float]] | None = None,
            paths: list[str] | None = None, relative: float = DEFAULT_RELATIVE_RANGE) -> Tornado:
    """The tornado of ``case``.

    ``paths`` chooses the inputs (default: :func:`key_inputs` plus every input with a three-point
    estimate); ``ranges`` sets low/high per path. Raises :class:`InputError` for an unknown path
    or a low/high outside the input's valid range.
    """
    ranges = {canonical_path(k): v for k, v in (ranges or {}).items()}
    if paths is None:
        refs = key_inputs(case)
        known = {r.path for r in refs}
        for path in [*[canonical_path(e.path) for e in case.uncertainty], *ranges]:
            if path not in known:
                known.add(path)
                refs.append(resolve(case, path))
    else:
        refs = [resolve(case, p) for p in paths]
    arrays = CaseArrays.from_case(case)
    base = float(total_net_result(evaluate(arrays))[0])
    if not math.isfinite(base):
        raise InputError("casens samlede nettoresultat er ikke et endeligt tal; et input er for stort "
                         "eller for lille til beregningen")
    bars = []
    for ref in refs:
        low, high, source = _range_for(ref, case, ranges, relative)
        for value in (low, high):
            if ref.clip(value) != value:
                raise InputError(f"{ref.label}: {value} ligger uden for det gyldige område "
                                 f"({ref.describe_bounds()})")
        out = evaluate(apply_values(case, arrays, {ref.path: np.array([low, high])}))
        result = total_net_result(out)
        if not np.isfinite(result).all():
            raise InputError(f"{ref.label}: nettoresultatet ved værdierne {format_number(low)} og "
                             f"{format_number(high)} er ikke et endeligt tal; værdien "
                             f"{format_number(ref.base)} er for lille eller for stor til beregningen")
        bars.append(TornadoBar(ref.path, ref.label, ref.kind, ref.base, low, high,
                               float(result[0]), float(result[1]), source))
    if paths is None:  # inputs that do not move the result (e.g. weeks in the effort) are left out
        bars = [b for b in bars if b.swing > 0 or b.range_source != "default"]
    bars.sort(key=lambda b: -b.swing)
    return Tornado(case.name, case.year_labels, base, bars)
