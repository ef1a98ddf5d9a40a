"""Blank import templates (XlsxWriter): ``budgetapp template {budget,unitcosts,pools} OUT.xlsx``.

Each template has a ``Vejledning`` sheet (what every column means, unit, required, allowed values,
example), one sheet per table with the header row the importer recognises, Excel data validation
(lists for target group, refusion rule and styringsområde; year, amount and percentage ranges)
and number formats. The columns come from the importers' own specs, so a template always
imports back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from budgetapp.io.import_budget import budget_columns, operation_columns
from budgetapp.io.import_common import COMMON_GROUPS
from budgetapp.io.import_pools import pool_columns, pool_year_columns
from budgetapp.io.import_unit_costs import hk6_columns, unit_cost_columns
from budgetapp.io.tables import Column

TEMPLATE_KINDS = ("budget", "unitcosts", "pools")
VALIDATED_ROWS = 5000


@dataclass(frozen=True)
class TemplateSheet:
    name: str
    purpose: str
    columns: tuple[Column, ...]


def template_sheets(kind: str) -> tuple[TemplateSheet, ...]:
    if kind == "budget":
        return (TemplateSheet("Budget", "Basisbudgettet: én række pr. målgruppe og år "
                              "(forsørgelse og beskæftigelsesindsats).", budget_columns()),
                TemplateSheet("Drift", "Jobcenterdrift (HK6): én række pr. driftslinje og år. "
                              "Arket kan udelades; så beholdes projektets driftslinjer.",
                              operation_columns()))
    if kind == "unitcosts":
        return (TemplateSheet("Enhedsudgifter", "Udgift til beskæftigelsesindsats (HK5) og fuldtidsledige "
                              "pr. målgruppe og år; giver udgift pr. fuldtidsledig.", unit_cost_columns()),
                TemplateSheet("Jobcenterdrift", "Jobcenterdrift (HK6) i alt pr. år.", hk6_columns()))
    if kind == "pools":
        return (TemplateSheet("Puljer", "Én række pr. pulje.", pool_columns()),
                TemplateSheet("Puljeår", "Én række pr. pulje og år: udgift, indtægt (tilskud), "
                              "ansøgnings- og administrationsudgift og årsværk.", pool_year_columns()))
    raise ValueError(f"ukendt skabelon '{kind}'; vælg en af {', '.join(TEMPLATE_KINDS)}")


def header_text(column: Column) -> str:
    """The header as written in the template: name, unit in brackets, ``*`` when required."""
    unit = f" ({column.unit})" if column.kind in ("money", "share") and column.unit else ""
    return f"{column.header}{unit}{' *' if column.required else ''}"


def allowed_text(column: Column) -> str:
    if column.choices:
        return ", ".join(column.choices)
    if column.kind == "year":
        return "årstal 1990-2100"
    if column.kind == "date":
        return "dato, fx 31-12-2027"
    if column.kind == "share":
        return "0 %-100 %"
    if column.kind in ("money", "number"):
        return "tal ≥ 0" if column.minimum is not None else "tal (negativt tilladt)"
    if column.key == "target_group":
        return "en kendt målgruppe (se listen) eller et nyt navn"
    return "tekst"


def write_template(kind: str, path: str | Path) -> Path:
    """Write the blank template for ``kind`` to ``path`` (.xlsx) and return the path.

    Written atomically like every export (:func:`budgetapp.export.safe_write.write_atomically`):
    a full disk or a killed program leaves an earlier file at ``path`` as it was. Raises
    :class:`budgetapp.export.safe_write.ExportError` (Danish message) for a target that cannot
    be written, is read-only or is not a regular file.
    """
    from budgetapp.export.safe_write import write_atomically

    sheets = template_sheets(kind)
    path = Path(path)
    write_atomically(path, lambda temp: _build_template(kind, sheets, temp))
    return path


def _build_template(kind: str, sheets: tuple[TemplateSheet, ...], path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 14})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                            "valign": "top"})
    formats = {
        "money": book.add_format({"num_format": "#,##0"}),
        "number": book.add_format({"num_format": "#,##0.0"}),
        "share": book.add_format({"num_format": "0.0%"}),
        "year": book.add_format({"num_format": "0"}),
        "date": book.add_format({"num_format": "dd-mm-yyyy"}),
    }

    guide = book.add_worksheet("Vejledning")
    guide.set_column(0, 0, 32)
    guide.set_column(1, 5, 26)
    guide.set_column(6, 6, 60)
    row = 0
    guide.write(row, 0, f"Importskabelon: {kind}", title)
    row += 2
    for line in (
        "Udfyld arkene med én række pr. linje under overskriftsrækken. Kolonner med * skal udfyldes.",
        "Kolonnerne må stå i en anden rækkefølge, og ekstra kolonner springes over (med en advarsel).",
        "Tal kan være rigtige tal eller tekst i dansk format: 1.234,5  -1.000  (1.000)  12 %.",
        "Beløb er i kr. i projektets pris- og lønniveau. Står der (1.000 kr.) eller (mio. kr.) i "
        "overskriften, omregnes beløbene.",
        "Tomme rækker springes over. Rækker der begynder med 'I alt', 'Total' eller 'Sum' er sumrækker: "
        "de kontrolleres mod summen af rækkerne ovenfor (±0,5) og indlæses ikke som data.",
        "Kontrollér filen med: budgetapp import-check FIL. Er der én fejl, indlæses intet.",
    ):
        guide.write(row, 0, line)
        row += 1
    for sheet in sheets:
        row += 1
        guide.write(row, 0, f"Arket '{sheet.name}'", bold)
        guide.write(row, 1, sheet.purpose)
        row += 1
        for col, text in enumerate(("Kolonne", "Enhed", "Skal udfyldes", "Tilladte værdier", "Eksempel",
                                    "", "Forklaring")):
            guide.write(row, col, text, head)
        row += 1
        for column in sheet.columns:
            guide.write(row, 0, header_text(column))
            guide.write(row, 1, column.unit)
            guide.write(row, 2, "ja" if column.required else "nej")
            guide.write(row, 3, allowed_text(column), wrap)
            guide.write_string(row, 4, column.example)
            guide.write(row, 6, column.description, wrap)
            row += 1

    lists = book.add_worksheet("Lister")
    lists.write(0, 0, "Målgrupper")
    for i, key in enumerate(COMMON_GROUPS):
        lists.write(i + 1, 0, key)
        lists.write(i + 1, 1, COMMON_GROUPS[key])
    group_range = f"=Lister!$A$2:$A${len(COMMON_GROUPS) + 1}"
    lists.hide()

    for sheet in sheets:
        ws = book.add_worksheet(sheet.name)
        ws.freeze_panes(1, 0)
        ws.set_row(0, 32)
        for col, column in enumerate(sheet.columns):
            ws.write(0, col, header_text(column), head)
            ws.set_column(col, col, max(12, min(30, len(header_text(column)) + 2)),
                          formats.get(column.kind))
            validation = _validation(column, group_range)
            if validation:
                ws.data_validation(1, col, VALIDATED_ROWS, col, validation)
    book.close()


def _validation(column: Column, group_range: str) -> dict | None:
    message = {"input_title": column.header[:32],
               "input_message": (column.description or allowed_text(column))[:255]}
    if column.choices:
        return {"validate": "list", "source": list(column.choices), **message,
                "error_message": "Vælg en værdi fra listen: " + ", ".join(column.choices)[:200]}
    if column.key == "target_group":
        return {"validate": "list", "source": group_range, "error_type": "information",
                "error_message": "Målgruppen er ikke på listen; den oprettes som ny målgruppe.", **message}
    if column.kind == "year":
        return {"validate": "integer", "criteria": "between", "minimum": 1990, "maximum": 2100, **message,
                "error_message": "Skriv et årstal mellem 1990 og 2100."}
    if column.kind == "share":
        return {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 1, **message,
                "error_message": "Skriv en procent mellem 0 % og 100 %."}
    if column.kind in ("money", "number") and column.minimum is not None:
        return {"validate": "decimal", "criteria": ">=", "value": 0, **message,
                "error_message": "Skriv et tal på mindst 0."}
    if column.kind == "date":
        return {"validate": "date", "criteria": "between", "minimum": dt.date(1990, 1, 1),
                "maximum": dt.date(2100, 12, 31), **message,
                "error_message": "Skriv en dato, fx 31-12-2027."}
    return None
