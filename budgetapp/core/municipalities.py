"""Denmark's 98 municipalities with their kommunekode (File › Ny and File › Egenskaber).

Source: Danmarks Statistik, the classification "Regioner, landsdele og kommuner, v1:2007-"
(NUTS_V1_2007_DK), valid from 1 January 2007; the data file is ``resources/catalogues/kommuner.csv``
(described in ``resources/catalogues/kommuner.md``). Christiansø (411) is not a municipality and is
not listed. The benchmark groups of a municipality (size and rammevilkår, for the unit-cost page) come
from ``resources/reference/municipality_groups.csv`` when its job centre is listed there.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from budgetapp.resources import reference_dir, resources_dir


@dataclass(frozen=True)
class Municipality:
    code: str  # three digits, "219"
    name: str  # "Hillerød"
    region: str

    @property
    def official_name(self) -> str:
        """``"Hillerød Kommune"``; Bornholm is ``"Bornholms Regionskommune"``."""
        return "Bornholms Regionskommune" if self.code == "400" else f"{self.name} Kommune"

    def label(self) -> str:
        return f"{self.official_name} ({self.code})"


def catalogue_path() -> Path:
    return resources_dir() / "catalogues" / "kommuner.csv"


@cache
def municipalities() -> tuple[Municipality, ...]:
    """The 98 municipalities sorted by name (Danish order: æ, ø, å last). Raises OSError/ValueError
    naming the file when it is missing or broken."""
    path = catalogue_path()
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    found = []
    for line, row in enumerate(rows, start=2):
        code, name, region = (row.get(k, "") or "" for k in ("kommunekode", "kommune", "region"))
        if not (code.isdigit() and len(code) == 3 and name and region):
            raise ValueError(f"{path.name}, linje {line}: forventede kommunekode;kommune;region, fandt {row}")
        found.append(Municipality(code, name, region))
    order = str.maketrans({"æ": "{", "ø": "|", "å": "}"})
    return tuple(sorted(found, key=lambda m: m.name.lower().replace("aa", "å").translate(order)))


def find(text: str) -> Municipality | None:
    """The municipality named or numbered by ``text``: "219", "Hillerød", "Hillerød Kommune" or a label."""
    wanted = text.strip().lower()
    if not wanted:
        return None
    for m in municipalities():
        if wanted in (m.code, m.name.lower(), m.official_name.lower(), m.label().lower()):
            return m
    return None


@cache
def benchmark_groups() -> dict[str, tuple[str, str]]:
    """Job centre name → (size group, rammevilkår group), from the reference data."""
    path = reference_dir() / "municipality_groups.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {r["jobcentre"]: (r["size_group"], r["rammevilkaar_group"]) for r in csv.DictReader(handle)}
