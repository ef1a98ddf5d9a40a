import sys

from budgetapp.cli import main

sys.exit(main())
