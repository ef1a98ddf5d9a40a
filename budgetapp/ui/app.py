"""Start the desktop application."""

from __future__ import annotations

import argparse
import sys


def run_gui(args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("budgetapp")
    window = QMainWindow()
    window.setWindowTitle(app.translate("MainWindow", "Budgetapp"))
    window.setCentralWidget(QLabel(app.translate("MainWindow", "Budgetapp")))
    window.resize(1200, 800)
    if args.screenshot:
        window.show()
        app.processEvents()
        return 0 if window.grab().save(args.screenshot) else 1
    window.show()
    return app.exec()
