"""The user's choice for hidden columns that an import reads.

A column hidden in the spreadsheet (``Sheet.hidden_columns``: hidden, zero width, or in a
collapsed column group) holds figures the user does not see in Excel or LibreOffice. When the
import reads such a column, the report names it (sheet, column letter and header) and it is read
only when the user has chosen to read hidden data (``include_hidden`` True: the wizard's
checkbox, or ``--include-hidden``). A column the import uses cannot be left out as a hidden row
can (the table would lose a field), so with no choice, and with hidden data chosen away, the
import is refused with an error per column. Hidden columns the import does not read are ignored.
"""

from __future__ import annotations

from budgetapp.io.cells import column_letter, sheet_ref
from budgetapp.io.import_report import ImportReport
from budgetapp.io.workbook_reader import Sheet


def hidden_columns_chosen(sheet: Sheet, used: list[tuple[int, str]], header_row: int,
                          include: bool | None, report: ImportReport) -> bool:
    """Report each hidden column in ``used`` (zero-based column, its field label) as the choice
    says; True when the import may go on (no hidden column used, or hidden data chosen)."""
    hidden = sorted({col for col, _ in used if col in sheet.hidden_columns})
    labels = dict(used)
    ok = True
    for col in hidden:
        letter = column_letter(col)
        header = sheet.rows[header_row][col] if header_row < len(sheet.rows) and \
            col < len(sheet.rows[header_row]) else ""
        name = str(header).strip() or labels[col]
        where = f"{sheet_ref(sheet.name)}!{letter}:{letter}"
        what = f"kolonne {letter} ({name}) er skjult i regnearket"
        if include:
            report.warning(where, "-", f"{what}; den indlæses, som valgt")
            continue
        ok = False
        if include is None:
            report.error(where, "-", f"{what}, og importen læser den. Vælg at læse skjulte data med (i "
                         "importguiden, eller --include-hidden på kommandolinjen), eller vis kolonnen i "
                         "regnearket")
        else:
            report.error(where, "-", f"{what}, og skjulte data er valgt fra; en kolonne, som importen "
                         "læser, kan ikke udelades. Vis kolonnen i regnearket, eller vælg at læse skjulte "
                         "data med (--include-hidden)")
    return ok

