"""``budgetapp export PROJECT --xlsx OUT [--case NAME ...] [--simulate N] [--seed S]``, and
``budgetapp export PROJECT --pdf OUT --case NAME``.

PROJECT is a project file (``.jcbudget``) or a single business-case file (``.json``). The
workbook holds the named cases (default: the project's switched-on cases); ``--simulate`` and
``--seed`` set the draws and seed of the simulation on its sheet "Følsomhed og usikkerhed"
(default 10.000 and 1, as ``budgetapp case run``). The committee proposal PDF is for exactly one
case. Exit codes: 0 done, 2 the input cannot be used (unreadable file, unknown case, missing or
out-of-range option), 3 the export could not be written (locked file, read-only folder, full
disk); the earlier export is then unchanged.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from budgetapp.cli.output import error
from budgetapp.core.formatting import format_number
from budgetapp.core.simulation import DEFAULT_DRAWS, DEFAULT_SEED

EXIT_BAD_INPUT = 2
EXIT_WRITE_FAILED = 3


def register(subparsers: argparse._SubParsersAction) -> None:
    cmd = subparsers.add_parser(
        "export", help="eksportér byrådsmappe (xlsx) eller udvalgsindstilling (pdf)",
        description="Eksportér en byrådsmappe (Excel) og/eller en udvalgsindstilling (PDF) fra et "
                    "projekt (.jcbudget) eller en business case-fil (.json).")
    cmd.add_argument("project", metavar="PROJEKT", help="projektfil (.jcbudget) eller business case (.json)")
    cmd.add_argument("--xlsx", metavar="UD.xlsx", help="skriv byrådsmappen hertil")
    cmd.add_argument("--pdf", metavar="UD.pdf", help="skriv udvalgsindstillingen for --case hertil")
    cmd.add_argument("--case", metavar="NAVN", action="append", default=[],
                     help="business casens navn (kan gentages for --xlsx; præcis én for --pdf)")
    cmd.add_argument("--scenario", metavar="NAVN", help="projektets scenarie (standard: som indtastet)")
    cmd.add_argument("--simulate", type=int, default=DEFAULT_DRAWS, metavar="N",
                     help=f"antal beregninger i simuleringen på arket 'Følsomhed og usikkerhed' "
                          f"(standard {format_number(DEFAULT_DRAWS)})")
    cmd.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S",
                     help=f"startværdi for simuleringen; samme værdi giver samme tal "
                          f"(standard {DEFAULT_SEED})")
    cmd.set_defaults(func=cmd_export)


def _fail(message: str, code: int) -> int:
    error(message)
    return code


def cmd_export(args: argparse.Namespace) -> int:
    from budgetapp.cli.case_cmd import MAX_DRAWS
    from budgetapp.core.case import CaseError, load_case
    from budgetapp.export.council_workbook import (
        content_from_cases,
        content_from_project,
        export_council_workbook,
    )
    from budgetapp.export.safe_write import ExportError

    if not args.xlsx and not args.pdf:
        return _fail("angiv --xlsx UD.xlsx og/eller --pdf UD.pdf", EXIT_BAD_INPUT)
    if not 1 <= args.simulate <= MAX_DRAWS:
        return _fail(f"--simulate skal være mellem 1 og {format_number(MAX_DRAWS)}, fik {args.simulate}",
                     EXIT_BAD_INPUT)
    if args.seed < 0:
        return _fail(f"--seed skal være 0 eller større, fik {args.seed}", EXIT_BAD_INPUT)
    source = Path(args.project)
    if args.pdf and len(args.case) != 1 and source.suffix.lower() != ".json":
        return _fail("--pdf kræver præcis én --case NAVN (udvalgsindstillingen gælder én business case)",
                     EXIT_BAD_INPUT)
    try:
        if source.suffix.lower() == ".json":
            try:
                case = load_case(source)
            except CaseError as exc:
                error(f"{source} kan ikke bruges:")
                for issue in exc.issues:
                    print(f"  - {issue}", file=sys.stderr)
                return EXIT_BAD_INPUT
            wrong = [n for n in args.case if n != case.name]
            if wrong:
                return _fail(f"filen indeholder business casen '{case.name}', ikke "
                             f"{', '.join(repr(n) for n in wrong)}", EXIT_BAD_INPUT)
            content = content_from_cases([case])
        else:
            from budgetapp.io.project_file import ProjectFileError, load_checked_project

            try:
                project = load_checked_project(source)  # refuses what project summary refuses
            except ProjectFileError as exc:
                return _fail(str(exc), EXIT_BAD_INPUT)
            if args.scenario:
                try:
                    project.scenario(args.scenario)
                except KeyError as exc:
                    return _fail(str(exc.args[0]), EXIT_BAD_INPUT)
            try:
                content = content_from_project(project, args.case or None, args.scenario)
            except ExportError as exc:
                return _fail(str(exc), EXIT_BAD_INPUT)
    except CaseError as exc:
        return _fail(f"{source}: {exc}", EXIT_BAD_INPUT)
    content.draws, content.seed = args.simulate, args.seed

    try:
        if args.xlsx:
            layout = export_council_workbook(args.xlsx, content)
            print(f"Byrådsmappe gemt: {args.xlsx} ({len(layout.cases)} business case(s), "
                  f"ark: {', '.join(layout.sheets)})")
        if args.pdf:
            from budgetapp.export.proposal_pdf import export_proposal_pdf

            case = content.cases[0] if not args.case else next(
                c for c in content.cases if c.name == args.case[0])
            export_proposal_pdf(args.pdf, case, municipality=content.municipality if content.project else "",
                                price_level=content.price_level if content.project else "",
                                budget_year=content.budget_year if content.project else None,
                                project=content.project)
            print(f"Udvalgsindstilling gemt: {args.pdf}")
    except ExportError as exc:
        return _fail(str(exc), EXIT_WRITE_FAILED)
    return 0
