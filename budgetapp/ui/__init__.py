"""The PySide6 desktop application. Calls the core; the core never calls back."""
