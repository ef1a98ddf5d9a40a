"""Start the desktop application (and ``--screenshot`` for the README's pictures)."""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from pathlib import Path

START = time.perf_counter()


def create_application():
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from budgetapp import app_info
    from budgetapp.ui.locale import install_danish_locale

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app_info.apply_to(app)
    icon = app_info.icon_path()
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    install_danish_locale()
    install_qt_translations(app)
    return app


def install_qt_translations(app) -> bool:
    """Load Qt's own Danish translation (``qtbase_da.qm`` shipped with PySide6) once per process.

    It translates what Qt draws itself: the standard buttons (Gem, Forkast, Annuller, Ja, Nej),
    the file dialogs, the context menus of line edits. The few texts of Qt 6's file dialog that the
    catalogue lacks ("&Look in:", "Files of &type:", the "Folder" type) come from
    :class:`budgetapp.ui.locale.QtGapsTranslator`. The app's own texts are written in Danish
    in the source (see docs/architecture.md), so no translation file of our own is loaded.
    Returns whether the translation is installed (False when the file is missing: English Qt texts).
    """
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    from budgetapp.ui.locale import QtGapsTranslator

    if getattr(app, "_budgetapp_qt_translator", None) is not None:
        return True
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    danish = QLocale(QLocale.Language.Danish, QLocale.Country.Denmark)
    if not translator.load(danish, "qtbase", "_", folder):
        return False
    app.installTranslator(translator)
    gaps = QtGapsTranslator(app)  # installed last, so asked first: the few texts qtbase_da lacks
    app.installTranslator(gaps)
    app._budgetapp_qt_translator = (translator, gaps)  # kept alive as long as the application
    return True


def last_project() -> Path | None:
    """The most recently used project file that still exists, or None."""
    from budgetapp.ui import files

    return next((p for p in files.recent_files() if p.exists()), None)


def build_window(open_path: str | None = None, interactive: bool = True, fallback: str = "last"):
    """The main window with the project to show: ``open_path``; else (``fallback="last"``) the last
    project used, or a new empty project with the start view (new, open, the demo); with
    ``fallback="demo"`` the demo project (screenshots, benchmarks).

    A project open elsewhere or in a read-only file opens read-only (with a message when
    ``interactive``); one that cannot be opened gives its message and the demo opens instead.
    """
    if open_path is None and fallback == "last":
        last = last_project()
        if last is not None:
            open_path = str(last)
        else:
            return _start_window()
    from PySide6.QtWidgets import QMessageBox

    from budgetapp.ui import files
    from budgetapp.ui.document import Document
    from budgetapp.ui.locale import tr
    from budgetapp.ui.main_window import MainWindow

    if open_path:
        path = Path(open_path)
        try:
            opened = files.open_project(path)
        except files.ProjectFileError as exc:
            print(f"budgetapp: {exc}", file=sys.stderr)
            if interactive:
                QMessageBox.warning(None, tr("App", "Projektet kan ikke åbnes"),
                                    tr("App", "{0}\n\nDemoprojektet åbnes i stedet.").format(exc))
        else:
            read_only: bool | None = True
            if opened.problems:
                print(f"budgetapp: {files.damage_text(path, opened.problems)}", file=sys.stderr)
                if interactive:
                    QMessageBox.warning(None, tr("App", "Projektet indeholder fejl"),
                                        files.damage_text(path, opened.problems))
            elif interactive:
                read_only = files.lock_for_opening(None, path)  # asks when the lock is held
            else:
                read_only = not files.is_writable(path) or not files.take_lock(path)
            if read_only is not None:
                window = MainWindow(Document(opened.project, path, read_only=read_only))
                files.add_recent_file(path)
                return window
    project, _ = files.open_demo()
    return MainWindow(Document(project))


def _start_window():
    """The start view (new, open, the demo) titled "Budgetapp": no project is shown or named until
    the user makes or opens one. The window holds an empty, unnamed placeholder project (no
    municipality) behind the disabled pages."""
    import dataclasses

    from budgetapp.ui.document import Document
    from budgetapp.ui.main_window import MainWindow
    from budgetapp.ui.new_project_wizard import build_project, default_settings

    window = MainWindow(Document(build_project(dataclasses.replace(default_settings(), municipality=""))))
    window.show_start()
    return window


def offer_recovery(window) -> None:
    """After a crash: offer each autosaved copy; the recovered project opens with unsaved changes."""
    from PySide6.QtWidgets import QMessageBox

    from budgetapp.ui import files
    from budgetapp.ui.autosave import discard_recovery, find_recoveries
    from budgetapp.ui.document import Document
    from budgetapp.ui.locale import tr

    for recovery in find_recoveries():
        answer = QMessageBox.question(
            window,
            tr("App", "Genopret projekt?"),
            tr(
                "App",
                "Programmet blev ikke lukket korrekt sidst. Der findes en autogemt kopi af {0}.\n\n"
                "Vil du genoprette den? Vælger du Nej, slettes kopien.",
            ).format(recovery.describe()),
        )
        if answer == QMessageBox.StandardButton.Yes:
            try:
                project = files.load_project(recovery.project_file)
            except files.ProjectFileError as exc:
                QMessageBox.warning(window, tr("App", "Kopien kan ikke genoprettes"), str(exc))
                continue
            read_only: bool | None = False
            if recovery.original is not None and recovery.original.exists():
                read_only = files.lock_for_opening(window, recovery.original)  # the crash left its lock
            document = Document(project, recovery.original, read_only=read_only is not False)
            document.undo_stack.resetClean()
            window.set_document(document)
            window.autosaver.adopt(recovery)  # kept until the user has saved the recovered project
            window.autosaver.save_now()
            return
        discard_recovery(recovery)


def save_screenshot(window, out: str, page: str | None) -> bool:
    from PySide6.QtWidgets import QApplication

    if page:
        window.show_page(page)
    window.show()
    for _ in range(5):
        QApplication.processEvents()
    return window.grab().save(out)


def run_gui(args: argparse.Namespace) -> int:
    if args.screenshot:
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = create_application()
    from budgetapp.ui.files import ProjectFileError

    try:
        window = build_window(args.open, interactive=not args.screenshot,
                              fallback="demo" if args.screenshot else "last")
    except ProjectFileError as exc:
        print(f"budgetapp: {exc}", file=sys.stderr)
        return 1
    if args.screenshot:
        try:
            ok = save_screenshot(window, args.screenshot, args.page)
        except KeyError:
            from budgetapp.ui.main_window import PAGE_CLASSES

            names = ", ".join(cls.key for cls in PAGE_CLASSES)
            print(f"budgetapp: ukendt side '{args.page}'; kendte sider: {names}", file=sys.stderr)
            return 2
        return 0 if ok else 1
    window.show()
    offer_recovery(window)
    code = app.exec()
    exit_now(code)
    return code  # not reached


def exit_now(code: int) -> None:
    """End the process at once after the window has closed.

    By then the window has saved its layout (QSettings synced), released its lock and discarded the
    autosave copy. What is left is Python's own teardown of a few thousand Qt wrappers and pyqtgraph
    objects, which took 0,2-2 s after the window had gone (bench/bench_gui.py measures it). Running
    tasks are waited for and logs and streams flushed first; then ``os._exit`` skips the teardown.
    """
    import logging
    import os
    import threading

    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(5000)
    for thread in threading.enumerate():  # a save still running in a worker thread finishes first
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join(5.0)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
