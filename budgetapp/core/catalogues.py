"""Dated, cited catalogues: the 2027 target groups, the 2026 benefit levels and the data sources.

The files live in ``resources/catalogues/*.toml`` (target groups, satser) and
``resources/reference/sources.toml`` (one citation per reference CSV). Every entry carries a
``status``: ``lov``, ``bekendtgørelse``, ``lovforslag``, ``aftale`` (agreed, not yet law),
``antagelse`` (the app's assumption) or ``offentliggjort`` (a published statistic or report).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from budgetapp.resources import reference_dir, resources_dir

CATALOGUE_STATUSES = ("lov", "bekendtgørelse", "lovforslag", "aftale", "antagelse", "offentliggjort")


class CatalogueError(ValueError):
    """A catalogue file that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class TargetGroup:
    id: str
    name: str
    benefits: tuple[str, ...]
    vive_groups: tuple[str, ...]
    refusion_rule: str
    status: str
    citation: str


@dataclass(frozen=True)
class BenefitRate:
    """One benefit level: ``amount`` per ``unit`` and the amount per full-year person (kr.)."""

    id: str
    name: str
    amount: float
    unit: str
    per_full_year_person: float
    status: str
    source: str


@dataclass(frozen=True)
class Catalogue:
    id: str
    name: str
    kind: str
    status: str
    valid_from: dt.date
    valid_to: dt.date | None
    citation: str
    source: str
    notes: str
    groups: tuple[TargetGroup, ...] = ()
    rates: tuple[BenefitRate, ...] = ()
    path: Path | None = None

    def rate(self, rate_id: str) -> BenefitRate:
        for r in self.rates:
            if r.id == rate_id:
                return r
        raise KeyError(f"Kataloget {self.id} har ingen sats '{rate_id}'")


def catalogues_dir() -> Path:
    return resources_dir() / "catalogues"


def _require(data: dict, key: str, where: str) -> object:
    if key not in data or data[key] in ("", None):
        raise CatalogueError(f"{where}: feltet '{key}' mangler")
    return data[key]


def _status(data: dict, where: str) -> str:
    status = str(_require(data, "status", where))
    if status not in CATALOGUE_STATUSES:
        raise CatalogueError(f"{where}.status: skal være en af {', '.join(CATALOGUE_STATUSES)}")
    return status


def parse_catalogue(data: dict, path: Path | None = None) -> Catalogue:
    """A catalogue from parsed TOML; every group and rate needs a status and a citation/source."""
    name = path.name if path else "katalog"
    groups = []
    for i, g in enumerate(data.get("groups", [])):
        where = f"{name}: groups[{i}]"
        groups.append(TargetGroup(
            id=str(_require(g, "id", where)), name=str(_require(g, "name", where)),
            benefits=tuple(g.get("benefits", [])), vive_groups=tuple(g.get("vive_groups", [])),
            refusion_rule=str(g.get("refusion_rule", "")), status=_status(g, where),
            citation=str(_require(g, "citation", where))))
    rates = []
    for i, r in enumerate(data.get("rates", [])):
        where = f"{name}: rates[{i}]"
        amount, per_year = _require(r, "amount", where), _require(r, "per_full_year_person", where)
        if not isinstance(amount, int | float) or not isinstance(per_year, int | float) or amount <= 0:
            raise CatalogueError(f"{where}: amount og per_full_year_person skal være positive tal")
        rates.append(BenefitRate(
            id=str(_require(r, "id", where)), name=str(_require(r, "name", where)), amount=float(amount),
            unit=str(_require(r, "unit", where)), per_full_year_person=float(per_year),
            status=_status(r, where), source=str(_require(r, "source", where))))
    valid_to = data.get("valid_to")
    return Catalogue(
        id=str(_require(data, "id", name)), name=str(_require(data, "name", name)),
        kind=str(_require(data, "kind", name)), status=_status(data, name),
        valid_from=_require(data, "valid_from", name),  # type: ignore[arg-type]
        valid_to=valid_to, citation=str(_require(data, "citation", name)),
        source=str(data.get("source", "")), notes=str(data.get("notes", "")),
        groups=tuple(groups), rates=tuple(rates), path=path)


def load_catalogue_file(path: Path) -> Catalogue:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CatalogueError(f"{path.name}: kan ikke læses: {exc}") from exc
    return parse_catalogue(data, path)


@cache
def load_catalogues() -> dict[str, Catalogue]:
    """Every shipped catalogue by id."""
    out: dict[str, Catalogue] = {}
    for path in sorted(catalogues_dir().glob("*.toml")):
        catalogue = load_catalogue_file(path)
        out[catalogue.id] = catalogue
    return out


def benefit_levels(year: int = 2026) -> Catalogue:
    """The benefit-level catalogue valid in ``year`` (KeyError in Danish if none)."""
    for c in load_catalogues().values():
        if c.kind == "benefit_levels" and c.valid_from.year <= year and (
                c.valid_to is None or year <= c.valid_to.year):
            return c
    raise KeyError(f"Ingen satser for {year} i resources/catalogues")


def target_groups(year: int = 2027) -> Catalogue:
    """The target-group catalogue in force on 1 January of ``year``."""
    best = None
    for c in load_catalogues().values():
        if (c.kind == "target_groups" and c.valid_from <= dt.date(year, 1, 1)
                and (best is None or c.valid_from > best.valid_from)):
            best = c
    if best is None:
        raise KeyError(f"Intet målgruppekatalog for {year} i resources/catalogues")
    return best


@dataclass(frozen=True)
class DataSource:
    file: str
    citation: str
    status: str


@cache
def reference_sources() -> dict[str, DataSource]:
    """The citation of every reference CSV (``resources/reference/sources.toml``)."""
    path = reference_dir() / "sources.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CatalogueError(f"{path.name}: kan ikke læses: {exc}") from exc
    out = {}
    for file, entry in data.get("files", {}).items():
        where = f"{path.name}: files.{file}"
        out[file] = DataSource(file, str(_require(entry, "citation", where)), _status(entry, where))
    return out


@dataclass(frozen=True)
class OverviewEntry:
    """One line of the Regler overview: a rule version, a catalogue, an index or a data file."""

    category: str           # Finansieringsregel / Katalog / Prisindeks / Referencedata
    id: str
    name: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    status: str             # Danish label: lov, bekendtgørelse, lovforslag (ikke vedtaget), …
    citation: str

    @property
    def is_law(self) -> bool:
        return self.status in ("lov", "bekendtgørelse")

    def to_json(self) -> dict:
        return {"kategori": self.category, "id": self.id, "navn": self.name,
                "gyldig_fra": self.valid_from.isoformat() if self.valid_from else None,
                "gyldig_til": self.valid_to.isoformat() if self.valid_to else None,
                "status": self.status, "kilde": self.citation}


_CATALOGUE_STATUS_LABELS = {"aftale": "politisk aftale (ikke lov)",
                            "lovforslag": "lovforslag (ikke vedtaget)",
                            "offentliggjort": "offentliggjort statistik"}


def _index_status(points) -> str:
    counts: dict[str, int] = {}
    for p in points:
        counts[p.status or "ukendt"] = counts.get(p.status or "ukendt", 0) + 1
    return ", ".join(f"{k}: {v} år" for k, v in sorted(counts.items()))


def data_overview() -> list[OverviewEntry]:
    """Every shipped rule version, catalogue, price index and reference file with its citation.

    Used by the Regler page and ``budgetapp rules list``; statuses say what is law, what is an
    executive order, a bill, an agreement or an assumption.
    """
    from budgetapp.core.price_index import (
        KIND_LABELS,
        SERVICE,
        TRANSFERS,
        default_service_index,
        default_transfer_index,
    )
    from budgetapp.core.rules import load_rules, rule_status

    out: list[OverviewEntry] = []
    for rule in load_rules().values():
        for v in rule.versions:
            out.append(OverviewEntry("Finansieringsregel", rule.id, rule.name, v.valid_from, v.valid_to,
                                     rule_status(rule, v), v.citation))
    for c in load_catalogues().values():
        out.append(OverviewEntry("Katalog", c.id, c.name, c.valid_from, c.valid_to,
                                 _CATALOGUE_STATUS_LABELS.get(c.status, c.status), c.citation))
    for kind, index in ((SERVICE, default_service_index()), (TRANSFERS, default_transfer_index())):
        years = index.years
        sources = reference_sources()
        file = "index_service.csv" if kind == SERVICE else "index_transfers.csv"
        out.append(OverviewEntry("Prisindeks", file, KIND_LABELS[kind], dt.date(years[0], 1, 1),
                                 dt.date(years[-1], 12, 31), _index_status(index.points),
                                 sources[file].citation))
    for entry in reference_sources().values():
        if entry.file.startswith("index_"):
            continue
        out.append(OverviewEntry("Referencedata", entry.file, entry.file, None, None,
                                 _CATALOGUE_STATUS_LABELS.get(entry.status, entry.status), entry.citation))
    return out


# The benefit a VIVE target group receives, as a rate id in the benefit-level catalogue.
GROUP_RATES = {
    "dagpenge": "dagpenge",
    "kontant_uddannelseshjaelp": "kontanthjaelp-forhoejet",
    "sygedagpenge": "sygedagpenge",
    "ressourceforloeb": "ressourceforloebsydelse",
    "ledighedsydelse": "ledighedsydelse",
    "revalidering": "revalideringsydelse",
}


def default_benefit_per_full_year_person(target_group: str = "", year: int = 2026) -> float:
    """The default benefit per full-year person (kr., ``year`` level) for a new budget line or case.

    From the benefit-level catalogue valid in ``year`` (``resources/catalogues/satser-*.toml``):
    the group's own benefit when the group is known (:data:`GROUP_RATES`), otherwise
    kontanthjælp's forhøjet sats. Raises KeyError (Danish) if no catalogue covers ``year``.
    """
    rates = benefit_levels(year)
    return rates.rate(GROUP_RATES.get(target_group, "kontanthjaelp-forhoejet")).per_full_year_person
