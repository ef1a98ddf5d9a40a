"""Decision support in the GUI: tornado, fan chart with its explanation, break-even and scenarios.

Embed :class:`DecisionPanel` and call ``set_case(case)``; it also runs on its own
(``python -m budgetapp.ui.decision FILE``).
"""

from budgetapp.ui.decision.panel import DecisionPanel

__all__ = ["DecisionPanel"]
