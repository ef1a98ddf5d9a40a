"""``budgetapp rules``: the financing rules, catalogues and price indices, and index updates.

- ``budgetapp rules list [--json]``: every rule version, catalogue, index and reference file with
  validity, status and citation.
- ``budgetapp rules check-index FILE``: read a price-index CSV and show what it holds.
- ``budgetapp rules import-index PROJECT FILE [--index service|overforsler]``: replace one of the
  project's two indices with the CSV and save the project: ``service`` (default) is KL's pris- og
  lønskøn for service lines, ``overforsler`` the satsreguleringsprocent for benefit lines.

Exit codes: 0 = done; 1 = a file cannot be read or is invalid (a Danish message, nothing changed).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from budgetapp.cli.output import error, print_json
from budgetapp.core.catalogues import CatalogueError, data_overview
from budgetapp.core.formatting import format_number
from budgetapp.core.price_index import (
    KIND_LABELS,
    PriceIndexError,
    index_kind,
    read_index_csv,
    replace_project_index,
)
from budgetapp.core.rules import RuleFileError
from budgetapp.io.project_lock import TAKE_OVER_HELP, TAKE_OVER_OPTION

EXIT_ERROR = 1


def register(subparsers: argparse._SubParsersAction) -> None:
    rules = subparsers.add_parser("rules", help="finansieringsregler, kataloger og prisindeks")
    sub = rules.add_subparsers(dest="rules_command", metavar="KOMMANDO", required=True)
    listing = sub.add_parser("list", help="vis regler, kataloger og indeks med gyldighed, status og kilde")
    listing.add_argument("--json", action="store_true", help="udskriv som JSON")
    listing.set_defaults(func=cmd_list)
    check = sub.add_parser("check-index", help="kontrollér en CSV-fil med et pris- og lønindeks")
    check.add_argument("file", help="CSV med kolonnerne år og indeks (evt. kilde, status)")
    check.set_defaults(func=cmd_check_index)
    imp = sub.add_parser("import-index", help="erstat et af projektets to prisindeks med en CSV-fil")
    imp.add_argument("project", help="projektfil (.jcbudget)")
    imp.add_argument("file", help="CSV med kolonnerne år og indeks (evt. kilde, status)")
    imp.add_argument("--index", default="service", choices=("service", "overforsler"),
                     help="service: KL's pris- og lønskøn (standard); overforsler: satsreguleringsprocenten")
    imp.add_argument(TAKE_OVER_OPTION, dest="take_over_lock", action="store_true", help=TAKE_OVER_HELP)
    imp.set_defaults(func=cmd_import_index)


def cmd_list(args: argparse.Namespace) -> int:
    try:
        entries = data_overview()
    except (RuleFileError, CatalogueError, PriceIndexError) as exc:
        error(str(exc))
        return EXIT_ERROR
    if args.json:
        print_json([e.to_json() for e in entries])
        return 0
    header = ["Type", "Id", "Gyldig fra", "Gyldig til", "Status"]
    rows = [[e.category, e.id, e.valid_from.isoformat() if e.valid_from else "",
             e.valid_to.isoformat() if e.valid_to else "", e.status] for e in entries]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, ["-" * w for w in widths], *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    print("\nKilder: budgetapp rules list --json viser lovhenvisningen for hver linje.")
    return 0


def cmd_check_index(args: argparse.Namespace) -> int:
    try:
        index = read_index_csv(Path(args.file))
    except PriceIndexError as exc:
        error(str(exc))
        return EXIT_ERROR
    years = index.years
    print(f"{Path(args.file).name}: {len(years)} år, {years[0]}-{years[-1]}")
    for point in index.points:
        print(f"  {point.year}  {format_number(point.value, 4):>12}  {point.status}")
    return 0


def cmd_import_index(args: argparse.Namespace) -> int:
    from budgetapp.io.project_file import ProjectFileError, load_project, save_project
    from budgetapp.io.project_lock import write_claimed

    try:
        kind = index_kind(args.index)
        index = read_index_csv(Path(args.file))
        project = load_project(args.project)
    except (PriceIndexError, ProjectFileError) as exc:
        error(str(exc))
        return EXIT_ERROR
    problems = replace_project_index(project, index, Path(args.file).name, kind)
    if problems:
        error(problems[0])
        return EXIT_ERROR
    try:  # a stale lock is taken over only with --take-over-lock; a live one never
        refusal = write_claimed(args.project, args.take_over_lock,
                                lambda: save_project(project, Path(args.project)))
    except (ProjectFileError, OSError) as exc:
        refusal = str(exc)
    if refusal:
        error(refusal)
        return EXIT_ERROR
    print(f"Projektets indeks for {KIND_LABELS[kind]} er erstattet med {Path(args.file).name} "
          f"({len(index.years)} år).")
    return 0
