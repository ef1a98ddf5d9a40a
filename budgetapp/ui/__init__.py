"""The PySide6 desktop application. Calls the core; the core never calls back."""

from budgetapp.ui.pyside_guard import protect_singletons

protect_singletons()
