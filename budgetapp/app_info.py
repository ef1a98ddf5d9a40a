"""The application's names, as Qt uses them for settings and standard paths.

``QSettings`` and ``QStandardPaths`` build their folders from the organisation and application
names, so these names decide where settings, recent files, autosave files and logs live on the
user's PC (documented for IT in ``docs/install-windows.md``). Change them only together with
that document: a new name means users lose their settings.

No Qt import here: the CLI, the self-test and the site configuration use these names too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from budgetapp import __version__
from budgetapp.resources import resources_dir

ORG_NAME = "budgetapp"
ORG_DOMAIN = "budgetapp.local"
APP_NAME = "budgetapp"
APP_DISPLAY_NAME = "Budgetapp"

# Sub-folders of QStandardPaths.AppDataLocation (Windows: %APPDATA%\budgetapp\budgetapp).
AUTOSAVE_DIR = "recovery"  # autosave/recovery copies (budgetapp/ui/autosave.py)
LOG_DIR = "logs"           # log files, e.g. the self-test's selvtest.log


def apply_to(app: Any) -> None:
    """Set the names on a ``QCoreApplication`` (or subclass) before any QSettings is made.

    ``QSettings(ORG_NAME, APP_NAME)`` then stores settings and recent files in the native
    place: on Windows the registry key ``HKEY_CURRENT_USER\\Software\\budgetapp\\budgetapp``.
    """
    app.setOrganizationName(ORG_NAME)
    app.setOrganizationDomain(ORG_DOMAIN)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    if hasattr(app, "setApplicationDisplayName"):  # QGuiApplication and QApplication only
        app.setApplicationDisplayName(APP_DISPLAY_NAME)


def icon_path(extension: str = "png") -> Path:
    """The application icon (``png`` for the window, ``ico`` for the Windows executable)."""
    return resources_dir() / "icons" / f"budgetapp.{extension}"
