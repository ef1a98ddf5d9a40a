"""``budgetapp import-check FILE [--kind ...]`` and ``budgetapp template KIND OUT.xlsx``.

import-check reads a workbook exactly as the import does, prints the validation report in Danish
and exits 1 when it has errors, 2 when it has none but the import would change figures from the
file (warnings marked as adjustments: a bare 50 read as 50 %, rounded shares scaled to 100 %, a
rate ignored beside band shares, hidden rows left out), and 0 only when the figures would be
imported as the file holds them. Nothing is imported or changed; no traceback is ever shown.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from budgetapp.cli.output import error, print_json

EXIT_ERRORS = 1
EXIT_ADJUSTED = 2


def register(subparsers: argparse._SubParsersAction) -> None:
    check = subparsers.add_parser(
        "import-check", help="kontrollér en importfil (budget, udgifter pr. fuldtidsledig, puljer)",
        description="Læser filen som importen gør og udskriver alle fejl og advarsler med ark og celle. "
        "Afslutter med 1 ved fejl, 2 når importen ville ændre tal fra filen (fx afrundede andele "
        "skaleret til 100 %), og 0 kun når tallene kan importeres, som de står. Intet indlæses.")
    check.add_argument("file", help=".xlsx, .xls, .ods eller .csv")
    check.add_argument("--kind", choices=("budget", "unitcosts", "pools"),
                       help="tabellens art (standard: genkendes på ark- og kolonnenavne)")
    from budgetapp.io.layouts import LAYOUTS

    check.add_argument("--layout", choices=tuple(LAYOUTS),
                       help="filens layout, som i importguiden (standard: genkendes)")
    check.add_argument("--sheet", metavar="ARK",
                       help="arket der kontrolleres (standard: det der passer bedst)")
    check.add_argument("--project", metavar="PROJEKT",
                       help="projektfilen filen kontrolleres mod (kommune, målgrupper, budgetår); standard: "
                       "eksempelprojektet")
    hidden = check.add_mutually_exclusive_group()
    hidden.add_argument("--include-hidden", dest="include_hidden", action="store_const", const=True,
                        help="læs skjulte ark og rækker med (standard: de er en fejl, til der er valgt)")
    hidden.add_argument("--exclude-hidden", dest="include_hidden", action="store_const", const=False,
                        help="udelad skjulte ark og rækker (med en advarsel for hver)")
    check.add_argument("--alle", action="store_true", help="vis alle problemer (standard: de første 200)")
    check.add_argument("--json", action="store_true", help="udskriv rapporten som JSON")
    check.set_defaults(func=cmd_import_check)

    template = subparsers.add_parser("template", help="skriv en tom importskabelon (.xlsx)")
    template.add_argument("kind", choices=("budget", "unitcosts", "pools"), help="skabelonens art")
    template.add_argument("out", metavar="OUT.xlsx", help="filen der skrives")
    template.set_defaults(func=cmd_template)


def cmd_import_check(args: argparse.Namespace) -> int:
    from budgetapp.io.import_kind import KIND_LABELS, read_any

    try:
        engine = None if args.kind else _with_layouts(args)
        if isinstance(engine, int):
            return engine
        if isinstance(engine, tuple):
            kind, report = engine
        else:  # one of the app's templates: read from the workbook already open (or opened now)
            source = args.file if engine is None else engine
            kind, _result, report = read_any(source, args.kind, include_hidden=args.include_hidden)
    except MemoryError:
        error(f"{args.file}: filen er for stor til at blive kontrolleret i den tilgængelige hukommelse")
        return EXIT_ERRORS
    except Exception as exc:  # the last guard: a user never sees a traceback
        error(f"{args.file} kan ikke kontrolleres: uventet fejl ({type(exc).__name__}: {exc})")
        return EXIT_ERRORS
    if args.json:
        data = report.to_json_dict()
        data["kind"] = kind
        print_json(data)
    else:
        if kind in KIND_LABELS:
            report.notes.insert(0, f"Art: {KIND_LABELS[kind]}")
        print(report.to_text(limit=None if args.alle else 200))
    if report.has_errors:
        return EXIT_ERRORS
    return EXIT_ADJUSTED if report.adjusted_count else 0


def _with_layouts(args: argparse.Namespace):
    """(layout id, report) read by the import wizard's engine when the file is one of the layouts
    users have (kontoplan, Statistikbanken, jobindsats, refusionstrappe) or ``--layout`` names one;
    (None, report) when the file cannot be opened at all (the report says why); the open workbook
    for the app's templates (read by the template reader without opening the file again); None
    when no layout can be guessed; an exit code when the project cannot be read."""
    from budgetapp.io import layouts
    from budgetapp.io.import_common import ImportRefused
    from budgetapp.io.import_report import ImportReport
    from budgetapp.io.project_file import ProjectFileError, load_project
    from budgetapp.io.workbook_reader import WorkbookError
    from budgetapp.resources import demo_project_path

    try:
        book = layouts.open_file(args.file)
    except WorkbookError as exc:  # reported here: reading a large file a second time only to refuse it again
        report = ImportReport(source=Path(args.file).name)
        report.file_error(str(exc))
        return None, report
    try:
        layout, choices = layouts.guess(book, args.layout, args.sheet)
    except (WorkbookError, ValueError):
        return None  # the template reader reports why the file cannot be read
    if layout.kind == "template" and not args.layout:
        return book  # its sheets are loaded: the template reader goes on from there
    book.include_hidden = args.include_hidden
    try:
        project = load_project(args.project or demo_project_path())
    except ProjectFileError as exc:
        error(str(exc))
        return EXIT_ERRORS
    result = layouts.read(book, layout, choices, project)
    if result.ok:
        with contextlib.suppress(ImportRefused):  # apply wrote its errors to the report
            layouts.apply(result, project)
    result.report.notes.insert(0, f"Layout: {layout.title}; ark: {choices.sheet}; overskriftsrække "
                               f"{choices.header_row + 1}"
                               + ("" if args.project else "; kontrolleret mod eksempelprojektet "
                                  "(--project for dit eget)"))
    return layout.id, result.report


def cmd_template(args: argparse.Namespace) -> int:
    from budgetapp.io.templates import write_template

    try:
        path = write_template(args.kind, args.out)
    except OSError as exc:
        from budgetapp.io.os_errors import danish_reason

        error(f"{args.out} kan ikke skrives: {danish_reason(exc)}")
        return EXIT_ERRORS
    except Exception as exc:  # xlsxwriter raises its own errors for an unwritable target
        error(f"{args.out} kan ikke skrives: {exc}")
        return EXIT_ERRORS
    print(f"Skabelon ({args.kind}) skrevet til {path}", file=sys.stdout)
    return 0
