"""``python -m budgetapp.ui.decision FILE``: the decision panel of one case file in its own window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from budgetapp.core.case import CaseError, load_case
from budgetapp.ui.decision.panel import DecisionPanel
from budgetapp.ui.locale import install_danish_locale


def main(argv: list[str]) -> int:
    app = QApplication.instance() or QApplication(argv[:1])
    install_danish_locale()
    if len(argv) < 2:
        print("Brug: python -m budgetapp.ui.decision CASEFIL.json", file=sys.stderr)
        return 2
    try:
        case = load_case(argv[1])
    except CaseError as exc:
        QMessageBox.critical(None, "Business case", str(exc))
        return 2
    panel = DecisionPanel()
    panel.setWindowTitle(case.name)
    panel.resize(1100, 750)
    panel.set_case(case)
    panel.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
