"""Price and wage level (p/l): convert amounts between years with an editable index table.

An amount "in 2019 p/l" is converted to 2026 p/l by multiplying with index(2026) / index(2019).
The table is data: the user edits it (and its source) in the project; the shipped default in
``resources/reference/pl_index.csv`` states where every value comes from.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from pathlib import Path


class PriceIndexError(ValueError):
    """An index table that cannot convert an amount; the message is in Danish."""


@dataclass(frozen=True)
class IndexPoint:
    year: int
    value: float
    source: str = ""


@dataclass(frozen=True)
class PriceIndex:
    """A price and wage index by year (any base: only ratios matter)."""

    name: str
    points: tuple[IndexPoint, ...]
    source: str = ""

    @property
    def years(self) -> list[int]:
        return sorted(p.year for p in self.points)

    def value(self, year: int) -> float:
        for point in self.points:
            if point.year == year:
                return point.value
        known = self.years
        span = f"{known[0]}-{known[-1]}" if known else "ingen år"
        raise PriceIndexError(
            f"Pris- og lønindekset '{self.name}' har ingen værdi for {year} (kendte år: {span}). "
            f"Tilføj året i indekstabellen.")

    def factor(self, from_year: int, to_year: int) -> float:
        """The factor that converts an amount at ``from_year`` p/l to ``to_year`` p/l."""
        if from_year == to_year:
            return 1.0
        return self.value(to_year) / self.value(from_year)

    def convert(self, amount: float, from_year: int, to_year: int) -> float:
        return amount * self.factor(from_year, to_year)

    def with_value(self, year: int, value: float, source: str = "") -> PriceIndex:
        """A copy with ``year`` set to ``value`` (added when missing)."""
        if not value > 0:
            raise PriceIndexError(f"Indeksværdien for {year} skal være større end 0, fandt {value}")
        points = [p for p in self.points if p.year != year] + [IndexPoint(year, float(value), source)]
        return replace(self, points=tuple(sorted(points, key=lambda p: p.year)))


def validate_index(index: PriceIndex) -> list[str]:
    """Danish messages for every problem: duplicate years and values that are not positive."""
    problems: list[str] = []
    seen: set[int] = set()
    for point in index.points:
        if point.year in seen:
            problems.append(f"Året {point.year} står to gange i indekset '{index.name}'")
        seen.add(point.year)
        if not point.value > 0:
            problems.append(f"Indeksværdien for {point.year} skal være større end 0, fandt {point.value}")
    return problems


def load_index_csv(path: Path, name: str = "") -> PriceIndex:
    """Read ``year,index,source`` rows (decimal point, UTF-8) into a PriceIndex."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:
        raise PriceIndexError(f"Indeksfilen {path.name} kan ikke læses: {exc.strerror or exc}") from exc
    points = []
    for n, row in enumerate(rows, start=2):
        try:
            points.append(IndexPoint(int(row["year"]), float(row["index"]), row.get("source", "") or ""))
        except (KeyError, TypeError, ValueError) as exc:
            raise PriceIndexError(f"{path.name}, linje {n}: forventede år og indeks, fandt {row}") from exc
    index = PriceIndex(name or path.stem, tuple(sorted(points, key=lambda p: p.year)), source=path.name)
    problems = validate_index(index)
    if problems:
        raise PriceIndexError("; ".join(problems))
    return index


def default_price_index() -> PriceIndex:
    """The shipped default index (``resources/reference/pl_index.csv``)."""
    from budgetapp.resources import reference_dir

    return load_index_csv(reference_dir() / "pl_index.csv", name="Standard p/l-indeks")
