"""Entry point of the frozen program: the same as ``python -m budgetapp``."""

import multiprocessing
import sys

from budgetapp.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen child process must not start the app again
    sys.exit(main())
