"""Command line: ``budgetapp`` starts the desktop app; sub-commands work without a window.

Every command calls the same core as the GUI. A user error prints a Danish message and exits
with the command's documented code; no command shows a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from budgetapp import __version__

# Each module registers its sub-commands with ``register(subparsers)``.
COMMAND_MODULES = (
    "budgetapp.cli.case_cmd",
    "budgetapp.cli.project_cmd",
    "budgetapp.cli.edit_cmd",
    "budgetapp.cli.import_cmd",
    "budgetapp.cli.import_project_cmd",
    "budgetapp.cli.export_cmd",
    "budgetapp.cli.rules_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="budgetapp",
        description="Beskæftigelsesbudget og business cases for jobcentre. "
        "Uden kommando åbnes skrivebordsprogrammet.",
    )
    parser.add_argument("--version", action="version", version=f"budgetapp {__version__}")
    parser.add_argument("--screenshot", metavar="OUT.png",
                        help="åbn demoprojektet uden skærm og gem vinduet som PNG")
    parser.add_argument("--page", metavar="NAVN", help="siden der vises ved --screenshot")
    parser.add_argument("--selftest", action="store_true",
                        help="kør programmets selvtest uden skærm og afslut med 0 eller 1")
    parser.add_argument("--open", metavar="PROJEKT", help="åbn denne projektfil i stedet for demoen")
    subparsers = parser.add_subparsers(dest="command", metavar="KOMMANDO")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args = parser.parse_args(args_list)
    try:
        if getattr(args, "func", None) is not None:
            return int(args.func(args) or 0)
        if args.selftest:
            from budgetapp import selftest

            return selftest.run()
        from budgetapp.ui.app import run_gui  # Qt only when a window is wanted

        return run_gui(args)
    except KeyboardInterrupt:
        return 130
    except MemoryError:
        print("Fejl: der var ikke hukommelse nok til kommandoen; den er afbrudt, og intet er ændret. "
              "Prøv med en mindre fil, eller luk andre programmer.", file=sys.stderr)
        return 1
    except RecursionError:
        print("Fejl: indholdet er indlejret for dybt til at kunne læses; intet er ændret.", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
