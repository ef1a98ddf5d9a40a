"""Survival curves from the published exit durations of a target group (no Qt).

Source: VIVE (2021): *Jobcentrenes målgrupper og udgifter 2011-2019*, tabel 4.2-4.5
("Ledighedsforløb … fordelt på afslutningsårsag": the share of spells ending in each way and the
mean and standard deviation of their duration in months), shipped as
``resources/reference/exit_durations_by_group.csv``.

The report gives no curve, only a mean and a spread per exit reason. The curve here is the
share-weighted mixture over the exit reasons of a log-normal duration with that mean and
standard deviation (σ² = ln(1 + sd²/mean²), μ = ln(mean) − σ²/2), in weeks (1 month = 52/12
weeks): S_k = Σ_r share_r × P(T_r > k − 1), the share still on benefit during week k. Spells
still open when the data ended ("Fortsat arbejdsløs ved dataophør") enter with their observed
duration, so the curve is a lower bound of the real one for them. The curve is cut where fewer
than 0,1 % remain or at the case format's limit of 1.040 weeks.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass

from budgetapp.resources import reference_dir

FILE = "exit_durations_by_group.csv"
CITATION = ("VIVE (2021): Jobcentrenes målgrupper og udgifter 2011-2019, tabel 4.2-4.5 "
            "(afslutningsårsager og varighed); log-normal pr. afslutningsårsag med samme "
            "gennemsnit og spredning")
WEEKS_PER_MONTH = 52.0 / 12.0
MAX_WEEKS = 1040
CUT = 0.001


@dataclass(frozen=True)
class ExitReason:
    reason: str
    share: float        # 0-1
    mean_weeks: float
    sd_weeks: float


def read_exit_durations() -> dict[str, list[ExitReason]]:
    """Target group → its exit reasons (the "I alt" rows left out)."""
    out: dict[str, list[ExitReason]] = {}
    with (reference_dir() / FILE).open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if not row["mean_months"] or row["exit_reason_da"] == "I alt":
                continue
            out.setdefault(row["target_group"], []).append(ExitReason(
                row["exit_reason_da"], float(row["share_pct"]) / 100.0,
                float(row["mean_months"]) * WEEKS_PER_MONTH, float(row["sd_months"]) * WEEKS_PER_MONTH))
    return out


def target_groups() -> list[str]:
    return list(read_exit_durations())


def _lognormal_survival(t: float, mean: float, sd: float) -> float:
    """P(T > t) for a log-normal T with the given mean and standard deviation."""
    if t <= 0:
        return 1.0
    sigma2 = math.log(1.0 + (sd / mean) ** 2)
    mu = math.log(mean) - sigma2 / 2.0
    z = (math.log(t) - mu) / math.sqrt(2.0 * sigma2)
    return 0.5 * math.erfc(z)


def reference_curve(group: str) -> list[float]:
    """The survival curve S₁…Sₙ of ``group`` (see the module text). KeyError for an unknown group."""
    reasons = read_exit_durations()[group]
    total = sum(r.share for r in reasons)
    curve: list[float] = []
    for k in range(1, MAX_WEEKS + 1):
        value = sum(r.share * _lognormal_survival(k - 1.0, r.mean_weeks, r.sd_weeks)
                    for r in reasons) / total
        value = min(value, curve[-1]) if curve else min(value, 1.0)
        if value < CUT:
            break
        curve.append(round(value, 6))
    return curve


def parse_curve(text: str) -> list[float]:
    """A column pasted from Excel: one share per line, Danish or plain digits, "%" or values
    above 1 read as percentages. Raises ValueError with a Danish message naming the line."""
    from budgetapp.core.formatting import parse_number

    values: list[float] = []
    lines = [line.split("\t")[0].strip() for line in text.replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        raise ValueError("udklipsholderen indeholder ingen tal (kopiér én kolonne fra Excel)")
    percent = any(line.endswith("%") for line in lines)
    for i, line in enumerate(lines, start=1):
        try:
            values.append(parse_number(line.rstrip("%").strip()))
        except ValueError as exc:
            raise ValueError(f"linje {i} ('{line}'): {exc}") from None
    if percent or max(values) > 1.0:
        values = [v / 100.0 for v in values]
    return values
