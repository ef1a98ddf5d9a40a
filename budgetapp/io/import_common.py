"""What the three importers share: opening the file into the report, finding the sheet,
target-group names, and copying a project for an all-or-nothing apply."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import MISSING, fields, replace
from itertools import repeat, starmap
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from budgetapp.io.cells import sheet_ref
from budgetapp.io.import_report import ImportReport
from budgetapp.io.tables import Column, header_score, normalise
from budgetapp.io.workbook_reader import Sheet, Workbook, WorkbookError, open_workbook

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    from budgetapp.core.project import Project

T = TypeVar("T", bound="DataclassInstance")

# Target groups the app knows without a project (keys as in the national reference tables).
COMMON_GROUPS = {
    "dagpenge": "Dagpengemodtagere",
    "kontant_uddannelseshjaelp": "Kontant- og uddannelseshjælpsmodtagere",
    "kontanthjaelp": "Kontanthjælpsmodtagere",
    "uddannelseshjaelp": "Uddannelseshjælpsmodtagere",
    "revalidering": "Revalidender/for-revalidender",
    "ledighedsydelse": "Ledighedsydelsesmodtagere",
    "sygedagpenge": "Sygedagpengemodtagere (inkl. jobafklaring)",
    "jobafklaring": "Jobafklaringsforløb",
    "ressourceforloeb": "Modtagere af ressourceforløb",
    "integrationsydelse": "Integrationsydelse/selvforsørgelses- og hjemrejseydelse",
    "fleksjob": "Fleksjob",
}


class ImportRefused(Exception):
    """An import with errors was asked to be applied; ``report`` says why. Nothing was changed."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(f"{report.source}: {report.summary()}")
        self.report = report


def source_name(path: str | Path | Workbook) -> str:
    """The file's name, as the report shows it."""
    return path.display_name if isinstance(path, Workbook) else Path(path).name


def open_for_import(path: str | Path | Workbook, report: ImportReport,
                    include_hidden: bool | None = None) -> Workbook | None:
    """The workbook (as given when already open), or None with the reason in the report.

    ``include_hidden`` (None: ask, True: read, False: leave out) is kept on the workbook for the
    hidden sheets and rows; a given workbook keeps its own choice unless one is passed. The report
    notes a CSV file's encoding when it is not UTF-8, and names the hidden sheets.
    """
    if isinstance(path, Workbook):
        book = path
    else:
        try:
            book = open_workbook(path)
        except WorkbookError as exc:
            report.file_error(str(exc))
            return None
    if include_hidden is not None:
        book.include_hidden = include_hidden
    if book.encoding_note:
        report.notes.append(book.encoding_note)
    if book.hidden_sheets:
        listed = ", ".join(f"'{n}' ({label})" for n, label in book.hidden_sheets.items())
        if book.include_hidden is None:
            how = "læses kun, hvis de vælges (i importguiden, eller --include-hidden)"
        else:
            how = "kan læses, som valgt" if book.include_hidden else "læses ikke, som valgt"
        report.notes.append(f"Skjulte ark: {listed}; {how}")
    return book


def load_sheet(book: Workbook, name: str, report: ImportReport) -> Sheet | None:
    try:
        return book.sheet(name)
    except WorkbookError as exc:
        report.file_error(str(exc), sheet_ref(name))
        return None


def choose_sheet(book: Workbook, names: tuple[str, ...], columns: tuple[Column, ...],
                 report: ImportReport, required: bool, label: str, exclude: str = "") -> Sheet | None:
    """The sheet named like one of ``names`` (any case), else the sheet whose header fits best.

    A CSV file has one sheet, which is used as is. A hidden sheet is used only when the user has
    chosen so (``book.include_hidden`` True); with no choice made, a hidden sheet named like the
    table is an error asking for it. Returns None (with an error in the report when
    ``required``) when no sheet fits.
    """
    if book.kind == "csv":
        return load_sheet(book, book.sheet_names[0], report)
    wanted = {normalise(n) for n in names}
    for name in book.sheet_names:
        if normalise(name) in wanted and name != exclude:
            if name in book.hidden_sheets and not book.include_hidden:
                if book.include_hidden is None:
                    report.file_error(
                        f"arket '{name}' er {book.hidden_sheets[name]} i regnearket. Vælg at læse skjulte "
                        "ark (i importguiden, eller --include-hidden på kommandolinjen), eller vis arket i "
                        "regnearket", sheet_ref(name))
                    return None
                continue
            _warn_hidden(book, name, report)
            return load_sheet(book, name, report)
    best: tuple[int, str] | None = None
    for name in book.sheet_names:
        if name == exclude or (name in book.hidden_sheets and not book.include_hidden):
            continue
        try:
            sheet = book.sheet(name)
        except WorkbookError:
            continue
        score = header_score(sheet, columns)
        required_cols = sum(1 for c in columns if c.required)
        if score >= max(2, required_cols - 1) and (best is None or score > best[0]):
            if best is not None:
                book.forget(best[1])
            best = (score, name)
        else:
            book.forget(name)  # only the best sheet stays in memory
    if best is not None:
        _warn_hidden(book, best[1], report)
        return load_sheet(book, best[1], report)
    if required:
        report.file_error(
            f"arket med {label} mangler: forventede et ark med navnet {' eller '.join(names[:2])} "
            f"(fundet: {', '.join(book.sheet_names)})")
    return None


def _warn_hidden(book: Workbook, name: str, report: ImportReport) -> None:
    if name in book.hidden_sheets:
        report.warning(sheet_ref(name), "-", f"arket er {book.hidden_sheets[name]}; det læses, som valgt")


class TargetGroups:
    """Map what the file calls a target group (key or name, any case) to its key."""

    def __init__(self, known: dict[str, str] | None = None) -> None:
        self.known = {**COMMON_GROUPS, **(known or {})}
        self._lookup: dict[str, str] = {}
        for key, name in self.known.items():
            self._lookup[normalise(key.replace("_", " "))] = key
            self._lookup[normalise(name)] = key
        self._used: dict[str, str] = {}
        self._warned: set[str] = set()
        self._memo: dict[str, str] = {}

    def key_for(self, text: str, address: Callable[[], str], report: ImportReport) -> str:
        memo = self._memo.get(text)
        if memo is not None:
            return memo
        key = self._known_key(text)
        if key is None:
            key = text.strip()
            if key not in self._warned:
                self._warned.add(key)
                report.warning(address(), key, "en kendt målgruppe; oprettes som ny målgruppe med dette navn")
            self._used.setdefault(key, key)
        else:
            self._used.setdefault(key, self.known[key])
        self._memo[text] = key
        return key

    def key_of(self, text: str) -> str:
        """What :meth:`key_for` returns for ``text``, without recording or reporting anything."""
        key = self._known_key(text)
        return text.strip() if key is None else key

    def _known_key(self, text: str) -> str | None:
        return self._lookup.get(normalise(text.replace("_", " ")))

    def names_used(self) -> dict[str, str]:
        return dict(self._used)


# What read_table gives for a cell of each column kind (budgetapp.io.tables.parse_cell): a str for
# text and choice, an int for year, a float for number, money and share, a date for date; a blank
# optional cell gives the column's default (None when it has none). The functions below return a
# row's value as its type; anything else is a fault in the reader and is said as such.

def _wrong(key: str, expected: str, value: object) -> TypeError:
    return TypeError(f"programfejl i indlæsningen: kolonnen '{key}' gav {value!r}, ikke {expected}")


def number_value(value: object, key: str) -> float:
    """A number, money or share cell's value as a float; TypeError for anything else."""
    if isinstance(value, float | int):
        return float(value)
    raise _wrong(key, "et tal", value)


def number_or_zero(values: Mapping[str, object], key: str) -> float:
    """``values[key]`` as a float, 0.0 when the cell is blank or the column absent."""
    return number_value(values.get(key) or 0.0, key)


def year_value(value: object, key: str = "year") -> int:
    """A year cell's value; TypeError for anything else."""
    if isinstance(value, int):
        return value
    raise _wrong(key, "et årstal", value)


def optional_year(values: Mapping[str, object], key: str) -> int | None:
    """``values[key]`` as a year, None when the cell is blank or the column absent."""
    value = values.get(key)
    return None if value is None else year_value(value, key)


def text_value(value: object, key: str) -> str:
    """A text or choice cell's value; TypeError for anything else."""
    if isinstance(value, str):
        return value
    raise _wrong(key, "en tekst", value)


def text_or(values: Mapping[str, object], key: str, default: str = "") -> str:
    """``values[key]`` as text, ``default`` when the cell is blank or empty or the column absent."""
    return text_value(values.get(key) or default, key)


def optional_date(values: Mapping[str, object], key: str) -> dt.date | None:
    """``values[key]`` as a date, None when the cell is blank or the column absent."""
    value = values.get(key)
    if value is None or isinstance(value, dt.date):
        return value
    raise _wrong(key, "en dato", value)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cycle collector while many objects without reference cycles are built.

    The collector runs after every few hundred new container objects, and its full passes walk
    every object alive: building 200.000 budget lines would run it over an ever larger heap
    again and again for nothing (the lines hold no cycles; reference counting frees what is
    dropped). It resumes afterwards, and nothing else changes.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def construct_all(cls: type[T], columns: dict[str, list[Any]], n: int) -> list[T]:
    """``n`` instances of the dataclass ``cls``, the i-th from ``columns[name][i]`` for each field
    named in ``columns`` (the other fields take their defaults), through its constructor.

    Calls the constructor with positional arguments in field order where it can (no
    keyword-only field), which for many rows is markedly faster than keywords.
    """
    params = [f for f in fields(cls) if f.init]
    unknown = set(columns) - {f.name for f in params}
    if unknown:
        raise TypeError(f"{cls.__name__} has no fields {sorted(unknown)}")
    if any(f.kw_only for f in params):
        names = list(columns)
        return [cls(**dict(zip(names, values, strict=True)))
                for values in zip(*columns.values(), strict=True)]
    args: list[Iterable[Any]] = []
    for f in params:
        if f.name in columns:
            args.append(columns[f.name])
        elif f.default is not MISSING:
            args.append(repeat(f.default, n))
        elif f.default_factory is not MISSING:
            args.append(f.default_factory() for _ in range(n))
        else:
            raise TypeError(f"{cls.__name__}.{f.name} has no default and no column")
    # Defaults are endless repeat() iterators, so zip stops at the columns' end (strict=False);
    # starmap over tuples is faster than map(cls, *args) for many fields.
    return list(starmap(cls, zip(*args, strict=False)))


def project_copy(project: Project, **changes: Any) -> Project:
    """A copy of the project whose containers are new, so editing one never changes the other."""
    return replace(project, pools=list(project.pools), cases=list(project.cases),
                   scenarios=list(project.scenarios), sources=dict(project.sources), **changes)
