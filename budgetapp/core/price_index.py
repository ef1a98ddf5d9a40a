"""Price and wage level (p/l): convert amounts between years with editable index tables.

An amount "in 2019 p/l" is converted to 2026 p/l by multiplying with index(2026) / index(2019).
Two indices are shipped as dated, cited data, and each budget line is converted with its own:

- service lines (jobcentre operation, measures) with the service index
  (``resources/reference/index_service.csv``; KL's pris- og lønskøn for kommunal service, see the
  file for which years are published, estimated or projected);
- transfer lines (benefits, styringsområde "overførsler") with the satsreguleringsprocent
  (``resources/reference/index_transfers.csv``; lov om en satsreguleringsprocent).

The user replaces either index from a CSV file (:func:`read_index_csv`) when a new skøn appears.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field, replace
from pathlib import Path

SERVICE = "service"
TRANSFERS = "overførsler"
INDEX_KINDS = (SERVICE, TRANSFERS)
KIND_LABELS = {SERVICE: "Service (KL's pris- og lønskøn)",
               TRANSFERS: "Overførsler (satsreguleringsprocenten)"}


class PriceIndexError(ValueError):
    """An index table that cannot convert an amount; the message is in Danish."""


@dataclass(frozen=True)
class IndexPoint:
    year: int
    value: float
    source: str = ""
    # offentliggjort / bekendtgørelse / skøn / fremskrivning / antagelse (not stored in projects)
    status: str = field(default="", compare=False)


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


_COLUMNS = {
    "year": ("year", "år", "aar"),
    "index": ("index", "indeks"),
    "source": ("source", "kilde"),
    "status": ("status",),
}
MAX_INDEX_BYTES = 1_000_000


def _number(text: str, decimal_comma: bool) -> float:
    """A plain number; with ``decimal_comma`` Danish format (1.234,5) is read as well."""
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if decimal_comma:
        text = text.replace(".", "").replace(",", ".")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def read_index_csv(path: Path, name: str = "") -> PriceIndex:
    """Read an index table from a CSV file: one row per year.

    Columns (header, case-insensitive): ``år``/``year``, ``indeks``/``index`` and optionally
    ``kilde``/``source`` and ``status``. Comma-separated with decimal point, or semicolon-separated
    (as Danish Excel saves CSV) with decimal comma. Any base works: only ratios matter.

    Raises :class:`PriceIndexError` with a Danish message naming the file, line and column for
    a missing column, a year or index that is not a number, a value that is not positive or
    finite, or a year given twice; nothing is returned half-read.
    """
    try:
        if path.stat().st_size > MAX_INDEX_BYTES:
            raise PriceIndexError(f"Indeksfilen {path.name} er for stor til at være en indekstabel")
        raw = path.read_bytes()
    except OSError as exc:
        raise PriceIndexError(f"Indeksfilen {path.name} kan ikke læses: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    lines = text.splitlines()
    if not lines:
        raise PriceIndexError(f"Indeksfilen {path.name} er tom")
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    decimal_comma = delimiter == ";"
    reader = csv.reader(lines, delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    columns: dict[str, int] = {}
    for key, names in _COLUMNS.items():
        for i, h in enumerate(header):
            if h in names:
                columns[key] = i
                break
    for key in ("year", "index"):
        if key not in columns:
            wanted = " eller ".join(f"'{n}'" for n in _COLUMNS[key][:2])
            raise PriceIndexError(f"{path.name}, linje 1: kolonnen {wanted} mangler")
    points: list[IndexPoint] = []
    for n, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(key: str, row: list[str] = row) -> str:
            i = columns.get(key)
            return row[i].strip() if i is not None and i < len(row) else ""

        try:
            year = int(_number(cell("year"), decimal_comma=False))
        except ValueError as exc:
            raise PriceIndexError(
                f"{path.name}, linje {n}, kolonnen år: '{cell('year')}' er ikke et årstal") from exc
        try:
            value = _number(cell("index"), decimal_comma)
        except ValueError as exc:
            raise PriceIndexError(
                f"{path.name}, linje {n}, kolonnen indeks: '{cell('index')}' er ikke et tal") from exc
        if not 1900 <= year <= 2200:
            raise PriceIndexError(f"{path.name}, linje {n}, kolonnen år: {year} er ikke et gyldigt år")
        points.append(IndexPoint(year, value, cell("source"), cell("status")))
    if not points:
        raise PriceIndexError(f"Indeksfilen {path.name} har ingen år")
    index = PriceIndex(name or path.stem, tuple(sorted(points, key=lambda p: p.year)), source=path.name)
    problems = validate_index(index)
    if problems:
        raise PriceIndexError(f"{path.name}: " + "; ".join(problems))
    return index


def load_index_csv(path: Path, name: str = "") -> PriceIndex:
    """Read a shipped or user index table (same format as :func:`read_index_csv`)."""
    return read_index_csv(path, name)


def kind_for(styringsomraade: str) -> str:
    """The index kind for a budget line's styringsområde or kind.

    ``overførsler`` (benefits) and the kinds ``benefit``/``forsørgelse`` use the
    satsreguleringsprocent; everything else (service, anlæg, operation, measures) the service
    index.
    """
    key = (styringsomraade or "").strip().lower()
    if key in ("overførsler", "overforsler", "overførsel", "transfers", "benefit", "forsørgelse"):
        return TRANSFERS
    return SERVICE


@dataclass(frozen=True)
class IndexSet:
    """The two indices a project converts with: service and transfers (overførsler)."""

    service: PriceIndex
    transfers: PriceIndex

    def index_for(self, styringsomraade: str) -> PriceIndex:
        return self.transfers if kind_for(styringsomraade) == TRANSFERS else self.service

    def factor(self, from_year: int, to_year: int, styringsomraade: str) -> float:
        """The factor converting a line of ``styringsomraade`` from ``from_year`` to ``to_year`` p/l."""
        return self.index_for(styringsomraade).factor(from_year, to_year)

    def convert(self, amount: float, from_year: int, to_year: int, styringsomraade: str) -> float:
        return amount * self.factor(from_year, to_year, styringsomraade)

    def with_index(self, kind: str, index: PriceIndex) -> IndexSet:
        if kind not in INDEX_KINDS:
            raise PriceIndexError(f"Ukendt indekstype '{kind}' (brug {' eller '.join(INDEX_KINDS)})")
        return replace(self, **{"service" if kind == SERVICE else "transfers": index})


def default_service_index() -> PriceIndex:
    """The shipped service index (``resources/reference/index_service.csv``)."""
    from budgetapp.resources import reference_dir

    return load_index_csv(reference_dir() / "index_service.csv", name=KIND_LABELS[SERVICE])


def default_transfer_index() -> PriceIndex:
    """The shipped transfer index (``resources/reference/index_transfers.csv``)."""
    from budgetapp.resources import reference_dir

    return load_index_csv(reference_dir() / "index_transfers.csv", name=KIND_LABELS[TRANSFERS])


def default_index_set() -> IndexSet:
    return IndexSet(default_service_index(), default_transfer_index())


def default_price_index() -> PriceIndex:
    """The project's default service index (``Project.price_index``)."""
    return default_service_index()


# The CLI's and GUI's names for the two kinds (``--index service|overforsler``)
INDEX_CHOICES = {"service": SERVICE, "overforsler": TRANSFERS, "overførsler": TRANSFERS}
SOURCE_PREFIX = {SERVICE: "price_index", TRANSFERS: "transfer_index"}


def index_kind(name: str) -> str:
    """The index kind for a name typed by the user: ``service`` or ``overforsler``/``overførsler``.

    Raises :class:`PriceIndexError` (Danish) for any other name.
    """
    kind = INDEX_CHOICES.get(name.strip().lower())
    if kind is None:
        raise PriceIndexError(f"Ukendt indeks '{name}': brug service eller overforsler")
    return kind


def project_index(project, kind: str) -> PriceIndex:
    """The project's index of ``kind``: ``price_index`` (service) or ``transfer_index``."""
    return project.transfer_index if kind == TRANSFERS else project.price_index


def needed_years(project) -> list[int]:
    """Every year an index of ``project`` must hold: the price level, the base budget's, each case's
    and pool's price level (converted from) and every budget year."""
    years = {project.price_level_year, project.budget.price_level_year, *project.years}
    years |= {c.price_level_year for c in project.cases if c.price_level_year is not None}
    years |= {p.price_level_year for p in project.pools if p.price_level_year is not None}
    return sorted(years)


def replace_project_index(project, index: PriceIndex, file_name: str, kind: str = SERVICE) -> list[str]:
    """Put ``index`` in ``project`` as its index of ``kind`` with a source per year; returns problems.

    ``kind`` is :data:`SERVICE` (``project.price_index``, KL's pris- og lønskøn) or
    :data:`TRANSFERS` (``project.transfer_index``, the satsreguleringsprocent). Refuses (returns
    Danish messages, changes nothing) when the index lacks a year the project converts to or from
    (:func:`needed_years`). On success the project's ``price_index/<year>`` or
    ``transfer_index/<year>`` sources are replaced by the file's sources (or the file name).
    """
    if kind not in INDEX_KINDS:
        return [f"Ukendt indekstype '{kind}'. Projektet er ikke ændret."]
    missing = [y for y in needed_years(project) if y not in index.years]
    if missing:
        return [f"{file_name} mangler år, som projektet bruger: {', '.join(map(str, missing))}. "
                "Projektet er ikke ændret."]
    name = index.name if index.name and index.name != Path(file_name).stem else KIND_LABELS[kind]
    new = replace(index, name=name, source=file_name)
    if kind == TRANSFERS:
        project.transfer_index = new
    else:
        project.price_index = new
    prefix = SOURCE_PREFIX[kind]
    for key in [k for k in project.sources if k.startswith(prefix + "/")]:
        del project.sources[key]
    for point in index.points:
        project.set_source(f"{prefix}/{point.year}", point.source or f"Importeret fra {file_name}",
                           point.status)
    return []
