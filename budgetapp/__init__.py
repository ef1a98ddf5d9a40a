"""budgetapp: employment budgets and investment business cases for Danish job centres."""

__version__ = "0.1.0"
