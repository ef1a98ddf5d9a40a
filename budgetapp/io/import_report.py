"""The validation report of an import: every problem with sheet, cell, value found and what was expected.

An import with any error imports nothing. Warnings (an unknown column skipped, a bare 50 read as
50 %) do not stop the import but are shown to the user before anything changes. A warning whose
figure the import changes (a bare 50 read as 50 %, rounded shares scaled to 100 %, a rate ignored
beside band shares, hidden rows left out) is an *adjustment*: ``import-check`` then exits 2,
never 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from budgetapp.core.formatting import format_number

MAX_STORED_PROBLEMS = 10_000


class Severity(Enum):
    ERROR = "fejl"
    WARNING = "advarsel"


@dataclass(frozen=True)
class Problem:
    """One problem. ``address`` is ``Budget!D14`` (or a sheet, or empty for the whole file)."""

    severity: Severity
    address: str
    found: str
    expected: str
    adjusted: bool = False  # a warning whose figure the import changes

    def to_text(self) -> str:
        label = "Fejl" if self.severity is Severity.ERROR else "Advarsel"
        where = f" i {self.address}" if self.address else ""
        found = f"fandt '{self.found}'" if self.found else "fandt en tom celle"
        if self.found == "-":  # no value to show (a missing sheet, a file that cannot be opened)
            return f"{label}{where}: {self.expected}"
        return f"{label}{where}: {found}, forventede {self.expected}"

    def to_json_dict(self) -> dict[str, str | bool]:
        return {"severity": self.severity.value, "address": self.address,
                "found": self.found, "expected": self.expected, "adjusted": self.adjusted}


@dataclass
class ImportReport:
    """Problems in file order. Keeps the first MAX_STORED_PROBLEMS and counts the rest."""

    source: str = ""
    problems: list[Problem] = field(default_factory=list)
    error_count: int = 0
    warning_count: int = 0
    notes: list[str] = field(default_factory=list)  # what was read: "Budget: 42 rækker", ...
    adjusted_count: int = 0  # warnings whose figures the import changes

    def error(self, address: str, found: str, expected: str) -> None:
        self.error_count += 1
        self._add(Problem(Severity.ERROR, address, found, expected))

    def warning(self, address: str, found: str, expected: str, adjusted: bool = False) -> None:
        """A warning; ``adjusted`` when the import changes the figure found (see the module)."""
        self.warning_count += 1
        self.adjusted_count += adjusted
        self._add(Problem(Severity.WARNING, address, found, expected, adjusted))

    def file_error(self, message: str, address: str = "") -> None:
        """An error that is not about one cell's value (the file, a sheet, a header row)."""
        self.error(address, "-", message)

    def _add(self, problem: Problem) -> None:
        if len(self.problems) < MAX_STORED_PROBLEMS:
            self.problems.append(problem)

    @property
    def has_errors(self) -> bool:
        return self.error_count > 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    def summary(self) -> str:
        if self.error_count:
            return (f"{format_number(self.error_count)} fejl og {format_number(self.warning_count)} "
                    "advarsler: intet er indlæst.")
        if self.adjusted_count:
            return (f"Ingen fejl, {format_number(self.warning_count)} advarsler; "
                    f"{format_number(self.adjusted_count)} af dem ændrer tal fra filen. Kontrollér dem.")
        if self.warning_count:
            return f"Ingen fejl, {format_number(self.warning_count)} advarsler."
        return "Ingen fejl."

    def to_text(self, limit: int | None = 200) -> str:
        """The report in Danish; at most ``limit`` problems are listed (None: all stored)."""
        lines = [f"Kontrol af {self.source}" if self.source else "Kontrol af import"]
        lines += [f"  {note}" for note in self.notes]
        shown = self.problems if limit is None else self.problems[:limit]
        lines += [p.to_text() for p in shown]
        hidden = self.error_count + self.warning_count - len(shown)
        if hidden > 0:
            lines.append(f"... og {format_number(hidden)} problemer mere (vis alle med --alle).")
        lines.append(self.summary())
        return "\n".join(lines)

    def to_json_dict(self) -> dict:
        return {"source": self.source, "ok": self.ok, "errors": self.error_count,
                "warnings": self.warning_count, "adjusted": self.adjusted_count, "notes": list(self.notes),
                "problems": [p.to_json_dict() for p in self.problems]}
