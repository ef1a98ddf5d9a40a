"""``budgetapp import PROJECT FILE [--kind …] [--layout …]``: import a file into a project file.

The same engine as the GUI's import wizard (:mod:`budgetapp.io.layouts`): the layout and sheet
are detected (or given), the header row and column mapping are suggested from the header texts
and what was chosen before (``layouts.json`` in the user's configuration folder), the unit and
price level are read from the file where stated. All or nothing: with any error the report is
printed and the project file is left untouched; otherwise the project is saved atomically.

Exit codes, the same as ``import-check``: 0 = imported as the file holds the figures; 1 = the
file has errors, nothing changed; 2 = imported (with ``--check``: would be imported) but figures
from the file were changed (rounded shares normalised, a bare 50 read as 50 %, hidden rows left
out …; each is a warning); 3 = the project file cannot be opened or saved, or another program
holds its lock. A stale lock (its program is gone) is taken over only with ``--take-over-lock``
(:func:`budgetapp.io.project_lock.claim_for_writing`), as the GUI asks before taking one over.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from budgetapp.cli.output import error, print_json, render_table
from budgetapp.io.project_lock import TAKE_OVER_HELP, TAKE_OVER_OPTION

EXIT_ERRORS = 1
EXIT_ADJUSTED = 2
EXIT_PROJECT = 3
UNIT_NAMES = {"kr": 1.0, "1000": 1000.0, "t.kr": 1000.0, "mio": 1_000_000.0}


def register(subparsers: argparse._SubParsersAction) -> None:
    from budgetapp.io.layouts import LAYOUTS

    cmd = subparsers.add_parser(
        "import",
        help="importér en fil i en projektfil (alt eller intet)",
        description="Læser filen som importguiden gør og indlæser den i projektfilen. Ved fejl udskrives "
        "alle problemer med celle, og projektfilen ændres ikke. Afslutter med 0 når tallene er indlæst, som "
        "de står, 1 ved fejl i filen (intet indlæses), 2 når tal fra filen er ændret (fx afrundede andele "
        "skaleret til 100 %; se advarslerne) og 3 når projektfilen ikke kan åbnes eller gemmes.",
    )
    cmd.add_argument("project", metavar="PROJEKT", help="projektfil (.jcbudget)")
    cmd.add_argument("file", metavar="FIL", help=".xlsx, .xls, .ods eller .csv")
    cmd.add_argument(
        "--kind",
        choices=("budget", "unitcosts", "pools"),
        help="en af budgetappens skabeloner (samme som --layout budget|unitcosts|pools)",
    )
    cmd.add_argument("--layout", choices=tuple(LAYOUTS), help="filens layout (standard: genkendes)")
    cmd.add_argument("--sheet", metavar="ARK", help="arket der læses (standard: det der passer bedst)")
    cmd.add_argument("--header-row", type=int, metavar="N", help="overskriftsrækken (1 = første række)")
    cmd.add_argument(
        "--unit", choices=tuple(UNIT_NAMES), help="beløbenes enhed: kr, 1000 (1.000 kr.) eller mio"
    )
    cmd.add_argument(
        "--pl", type=int, metavar="ÅR", help="beløbenes pris- og lønniveau (standard: budgettets)"
    )
    cmd.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="NØGLE=VÆRDI",
        help='fx area="Eksempel Kommune" når filen har flere områder',
    )
    hidden = cmd.add_mutually_exclusive_group()
    hidden.add_argument(
        "--include-hidden",
        dest="include_hidden",
        action="store_const",
        const=True,
        help="læs skjulte ark og rækker med (standard: de er en fejl, til der er valgt)",
    )
    hidden.add_argument(
        "--exclude-hidden",
        dest="include_hidden",
        action="store_const",
        const=False,
        help="udelad skjulte ark og rækker (med en advarsel for hver)",
    )
    cmd.add_argument(
        "--replace-all",
        action="store_true",
        help="basisbudget: erstat hele basisbudgettet (standard: kun de år filen har; de andre beholdes)",
    )
    cmd.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FELT=KOLONNE",
        help="knyt en kolonne til et felt, fx year=D eller 'Fuldtidspersoner=Antal'; KOLONNE er et "
        "kolonnebogstav eller overskriftens tekst, FELT feltets nøgle eller navn (se importguiden); "
        "FELT= uden kolonne fjerner feltet",
    )
    cmd.add_argument("--check", action="store_true", help="kontrollér kun; projektfilen ændres ikke")
    cmd.add_argument(TAKE_OVER_OPTION, dest="take_over_lock", action="store_true", help=TAKE_OVER_HELP)
    cmd.add_argument("--json", action="store_true", help="udskriv rapporten som JSON")
    cmd.set_defaults(func=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    from budgetapp.io.project_lock import WriteClaim, claim_for_writing, release_lock

    claim = WriteClaim() if args.check else claim_for_writing(args.project, args.take_over_lock)
    if claim.refusal:  # before the file is read: a locked project is not written whatever the file holds
        error(claim.refusal)
        return EXIT_PROJECT
    try:
        return _run(args)
    except MemoryError:
        error(f"{args.file}: filen er for stor til at blive indlæst i den tilgængelige hukommelse")
        return EXIT_ERRORS
    except Exception as exc:  # the last guard: a user never sees a traceback
        error(
            f"{args.file} kan ikke importeres: uventet fejl ({type(exc).__name__}: {exc}). "
            "Projektfilen er uændret."
        )
        return EXIT_ERRORS
    finally:
        if claim.taken:  # the stale lock taken over for this write
            release_lock(Path(args.project))


def _run(args: argparse.Namespace) -> int:
    from budgetapp.io import layouts
    from budgetapp.io.import_common import ImportRefused
    from budgetapp.io.layouts import store
    from budgetapp.io.layouts.base import mapping_to_remember
    from budgetapp.io.project_file import ProjectFileError, load_project, save_project

    try:
        project = load_project(args.project)
    except ProjectFileError as exc:
        error(str(exc))
        return EXIT_PROJECT
    remembered = store.load_file()
    chosen = _choose(args, remembered)
    if isinstance(chosen, int):
        return chosen
    book, layout, choices = chosen
    result = layouts.read(book, layout, choices, project)
    result.report.notes.insert(
        0, f"Layout: {layout.title}; ark: {choices.sheet}; overskriftsrække {choices.header_row + 1}"
    )
    if layout.has_unit:
        result.report.notes.insert(1, unit_note(choices, given=bool(args.unit)))
    new_project = None
    if result.ok:
        try:
            new_project = layouts.apply(result, project)
        except ImportRefused:
            new_project = None
    _print(args, layout.id, result, imported=new_project is not None and not args.check)
    if new_project is None:
        if not args.json:
            print("Intet er indlæst; projektfilen er uændret.")
        return EXIT_ERRORS
    refused = _uncomputable(new_project, args.project)
    if refused:
        error(refused)
        return EXIT_ERRORS
    done = EXIT_ADJUSTED if result.report.adjusted_count else 0
    if args.check:
        return done
    try:
        save_project(new_project, args.project)
    except ProjectFileError as exc:
        error(str(exc))
        return EXIT_PROJECT
    mapping = mapping_to_remember(book.sheet(choices.sheet), choices)
    store.save_file(
        store.with_targets(store.remember(remembered, layout.id, mapping), layout.id, choices.targets)
    )
    if not args.json:
        print(f"Importeret i {args.project}.")
    return done


def _uncomputable(project, path: str) -> str:
    """Why the imported project could not be computed or exported (the check ``project summary``
    and export make), in Danish; "" when it can."""
    from budgetapp.core.project_validation import describe, project_problems

    problems = project_problems(project)
    if not problems:
        return ""
    return (f"Importen afvises: projektet kunne bagefter ikke beregnes eller eksporteres:\n"
            f"{describe(problems)}\nIntet er indlæst; {path} er uændret.")


def _choose(args: argparse.Namespace, remembered):
    """(workbook, layout, choices) as detected and overridden by the options, or an exit code."""
    from budgetapp.io import layouts
    from budgetapp.io.workbook_reader import WorkbookError

    try:
        book = layouts.open_file(args.file)
        book.include_hidden = getattr(args, "include_hidden", None)
        layout, choices = layouts.guess(book, args.layout or args.kind, args.sheet, remembered)
        if args.header_row is not None:
            if args.header_row < 1:
                error("--header-row skal være 1 eller mere")
                return EXIT_ERRORS
            choices.header_row = args.header_row - 1
            choices.mapping = layout.mapping_at(book.sheet(choices.sheet), choices.header_row)
    except WorkbookError as exc:
        error(str(exc))
        return EXIT_ERRORS
    if args.unit:
        choices.unit = UNIT_NAMES[args.unit]
    if args.pl is not None:
        choices.price_level = args.pl
    for spec in getattr(args, "column", []):
        problem = _map_column(spec, layout, book.sheet(choices.sheet), choices)
        if problem:
            error(problem)
            return EXIT_ERRORS
    if getattr(args, "replace_all", False):
        choices.options["replace"] = "all"
    for option in args.option:
        key, sep, value = option.partition("=")
        if not sep:
            error(f"--option skal have formen NØGLE=VÆRDI, fandt '{option}'")
            return EXIT_ERRORS
        choices.options[key.strip()] = value.strip()
    return book, layout, choices


def unit_note(choices, given: bool) -> str:
    """Which unit the amounts were read in, and why (stated in the file, chosen, or assumed)."""
    from budgetapp.io.layouts.base import UNITS

    unit = UNITS.get(choices.unit, f"{choices.unit:g} kr.")
    if given:
        return f"Enhed: {unit} (valgt med --unit)"
    if choices.unit_detected:
        return f"Enhed: {unit} (fundet i {choices.unit_detected})"
    return (
        f"Enhed: {unit} – filen angiver ingen enhed, så {unit} er antaget; "
        "angiv --unit kr|1000|mio ved en anden"
    )


def _map_column(spec: str, layout, sheet, choices) -> str:
    """Apply one ``--column FELT=KOLONNE``; a Danish message when it cannot be, else ""."""
    from budgetapp.io.cells import column_letter
    from budgetapp.io.layouts.base import header_text, normalise

    name, sep, column = spec.partition("=")
    if not sep:
        return f"--column skal have formen FELT=KOLONNE, fandt '{spec}'"
    wanted = normalise(name)
    field = next((f for f in layout.fields if wanted in (normalise(f.key), normalise(f.label))), None)
    if field is None:
        known = ", ".join(f"{f.key} ({f.label})" for f in layout.fields)
        return f"--column: feltet '{name.strip()}' findes ikke i layoutet {layout.title}; vælg et af: {known}"
    if not column.strip():
        choices.mapping = {c: k for c, k in choices.mapping.items() if k != field.key}
        return ""
    header = sheet.rows[choices.header_row] if choices.header_row < len(sheet.rows) else []
    width = max(len(header), max((len(r) for r in sheet.rows[:50]), default=0))
    letters = {column_letter(c): c for c in range(width)}
    col = letters.get(column.strip().upper())
    if col is None:
        col = next((c for c, v in enumerate(header) if normalise(header_text(v)) == normalise(column)), None)
    if col is None:
        return (
            f"--column: kolonnen '{column.strip()}' findes hverken som kolonnebogstav eller som overskrift "
            f"i overskriftsrækken (række {choices.header_row + 1})"
        )
    if not field.multiple:
        choices.mapping = {c: k for c, k in choices.mapping.items() if k != field.key}
    choices.mapping[col] = field.key
    return ""


def _print(args: argparse.Namespace, layout_id: str, result, imported: bool) -> None:
    """The report and the totals per year against the file's total rows (text or JSON)."""
    from budgetapp.core.formatting import format_number

    report = result.report
    if args.json:
        data = report.to_json_dict()
        data["layout"] = layout_id
        data["totals"] = [
            {
                "label": t.label,
                "imported": t.imported,
                "file_total": t.file_total,
                "unit": t.unit,
                "matches": t.matches,
            }
            for t in result.totals
        ]
        data["imported"] = imported
        print_json(data)
        return
    print(report.to_text(limit=None))
    if result.totals:
        status = {True: "stemmer", False: "STEMMER IKKE", None: "ingen sumrække"}
        rows = [
            [
                t.label,
                format_number(t.imported, 1),
                "" if t.file_total is None else format_number(t.file_total, 1),
                status[t.matches],
            ]
            for t in result.totals
        ]
        print(render_table(["År", f"Indlæst ({result.totals[0].unit})", "Filens sum", ""], rows))
