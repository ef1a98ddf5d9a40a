"""Denmark's 98 municipalities with their kommunekode (File › Ny and File › Egenskaber).

Source: Danmarks Statistik, the classification "Regioner, landsdele og kommuner, v1:2007-"
(NUTS_V1_2007_DK), valid from 1 January 2007; the data file is ``resources/catalogues/kommuner.csv``
(described in ``resources/catalogues/kommuner.md``). Christiansø (411) is not a municipality and is
not listed. Other spellings ("Århus", "Lyngby", "Brønderslev-Dronninglund") are data in
``resources/catalogues/kommuner-alias.csv``.
The benchmark groups of a municipality (size and rammevilkår, for the unit-cost page) come
from ``resources/reference/municipality_groups.csv`` when its job centre is listed there.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from budgetapp.resources import reference_dir, resources_dir

OFFICIAL_NAMES = {"101": "Københavns Kommune", "400": "Bornholms Regionskommune"}
SUFFIXES = (" regionskommune", " kommune")
SPELLING = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "-": " ", ".": " "})


@dataclass(frozen=True)
class Municipality:
    code: str  # three digits, "219"
    name: str  # "Hillerød"
    region: str

    @property
    def official_name(self) -> str:
        """``"Hillerød Kommune"``; København is ``"Københavns Kommune"`` and Bornholm
        ``"Bornholms Regionskommune"`` (the names the two use themselves)."""
        return OFFICIAL_NAMES.get(self.code, f"{self.name} Kommune")

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


def alias_path() -> Path:
    return resources_dir() / "catalogues" / "kommuner-alias.csv"


def normalised(text: str) -> str:
    """``text`` as compared by :func:`find`: lower case, æ/ø/å written ae/oe/aa (so "Århus" is
    "Aarhus" and "Hilleroed" is "Hillerød"), hyphens as spaces ("Høje Taastrup"), single spaces,
    without a "(219)" label tail or a "Kommune"/"Regionskommune" suffix."""
    wanted = text.strip().lower()
    wanted = re.sub(r"\s*\(\d{3}\)$", "", wanted)
    wanted = wanted.translate(SPELLING)
    wanted = " ".join(wanted.split())
    for suffix in SUFFIXES:
        if wanted.endswith(suffix) and len(wanted) > len(suffix):
            wanted = wanted[: -len(suffix)]
            break
    return wanted


@cache
def _index() -> dict[str, Municipality]:
    """Normalised names, official names, codes and aliases → municipality. Raises OSError/ValueError
    naming the alias file when it is broken or names an unknown kommunekode."""
    by_code = {m.code: m for m in municipalities()}
    index: dict[str, Municipality] = {}
    for m in municipalities():
        for key in (m.code, m.name, m.official_name):
            index[normalised(key)] = m
    path = alias_path()
    if path.exists():
        with path.open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle, delimiter=";"), start=2):
                alias, code = (row.get("alias") or "").strip(), (row.get("kommunekode") or "").strip()
                if not alias or code not in by_code:
                    raise ValueError(f"{path.name}, linje {line}: forventede alias;kommunekode for en af "
                                     f"de 98 kommuner, fandt {row}")
                index.setdefault(normalised(alias), by_code[code])
    return index


def find(text: str) -> Municipality | None:
    """The municipality named or numbered by ``text``, case-insensitive: "219", "Hillerød",
    "Hillerød Kommune", a label "Hillerød Kommune (219)", another spelling ("Århus", "Hoeje Taastrup",
    "Lyngby") or an alias from ``kommuner-alias.csv``; None when it names none of the 98."""
    wanted = normalised(text)
    if not wanted:
        return None
    return _index().get(wanted)


@cache
def benchmark_groups() -> dict[str, tuple[str, str]]:
    """Job centre name → (size group, rammevilkår group), from the reference data."""
    path = reference_dir() / "municipality_groups.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {r["jobcentre"]: (r["size_group"], r["rammevilkaar_group"]) for r in csv.DictReader(handle)}
