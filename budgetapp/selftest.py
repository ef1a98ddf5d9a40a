"""``budgetapp --selftest``: proves that this installation works, from source or frozen.

It loads the demo project, appraises every case, checks a published figure, writes a council
workbook and a committee proposal (PDF) to a temporary folder and reads them back (the workbook
with openpyxl, the PDF by its structure), and checks that Qt finds the plugins the program needs.
It prints a short Danish summary, the folders where settings, autosave and logs live, and the site
defaults in effect, and returns 0 when every check passed, 1 otherwise. No window is opened:
Qt runs offscreen unless ``QT_QPA_PLATFORM`` says otherwise. Never a traceback: a check that
raises is reported as failed with the error's type and message.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from budgetapp import __version__, app_info
from budgetapp.resources import demo_project_path, examples_dir
from budgetapp.site_config import describe, load_site_config

# The Hillerød case, municipal saving in a full-effect year with a flat 50 % refusion:
# 459 entrants × 12,25 saved weeks / 52 × 72.000 kr. × 0,5 = 3.892.673 kr.
# (KL og Deloitte (2012): Gør som de bedste! Tag styring af beskæftigelsesindsatsen, eksemplet
# "Businesscase for straksaktivering af unge i Hillerød", fra Hillerød Kommunes budgetforslag 2013-2016).
HILLEROD_FILE = "hillerod-straksaktivering.json"
HILLEROD_FULL_YEAR_SAVING = 459 * 12.25 / 52 * 72_000 * 0.5
TOLERANCE_KR = 0.5
SELFTEST_LOG = "selvtest.log"  # a workbook figure must equal the app's own within 0,5 kr.


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


class CheckFailed(Exception):
    """A check whose result was wrong; the message is the Danish detail shown."""


@dataclass
class _State:
    """What earlier checks produced for later ones."""

    tmp: Path
    project: Any = None
    appraisals: dict[str, Any] | None = None
    workbook: Path | None = None
    pdf: Path | None = None


# --- the checks -------------------------------------------------------------------------------

def check_rules(state: _State) -> str:
    from budgetapp.core.rules import load_rules

    rules = load_rules()
    if not rules:
        raise CheckFailed("ingen finansieringsregler fundet i resources/rules")
    return f"{len(rules)} finansieringsregler indlæst"


def check_reference_case(state: _State) -> str:
    from budgetapp.core.appraisal import appraise
    from budgetapp.core.case import load_case

    appraisal = appraise(load_case(examples_dir() / HILLEROD_FILE))
    saving = appraisal.series["municipal_saving"][1]  # 2014: the first full-effect year
    if abs(saving - HILLEROD_FULL_YEAR_SAVING) > TOLERANCE_KR:
        raise CheckFailed(f"Hillerød-casens kommunale besparelse 2014 er {_kr(saving)}, "
                          f"forventede {_kr(HILLEROD_FULL_YEAR_SAVING)}")
    return f"Hillerød-casen giver {_kr(saving)} i kommunal besparelse i 2014 som publiceret"


def check_demo_project(state: _State) -> str:
    path = demo_project_path()
    if not path.is_file():
        raise CheckFailed(f"demoprojektet mangler: {path}")
    state.project = _load_project(path)
    cases = list(state.project.cases)
    if not cases:
        raise CheckFailed("demoprojektet indeholder ingen business cases")
    return f"{state.project.municipality}: {len(cases)} business cases, budgetår {state.project.budget_year}"


def check_appraisals(state: _State) -> str:
    from budgetapp.core.appraisal import appraise
    from budgetapp.core.projection import ProjectionEngine

    engine = ProjectionEngine(state.project)
    state.appraisals = {}
    for item in state.project.cases:
        # The case as the project uses it: scenario-free, with its pool funding filled in.
        appraisal = appraise(engine.effective_case(item.name))
        effect = engine.case_effect(item.name)
        values = [*(v for series in appraisal.series.values() for v in series),
                  *(v for series in effect.series.values() for v in series.values())]
        if not all(math.isfinite(v) for v in values):
            raise CheckFailed(f"'{item.name}' giver ugyldige tal (ikke endelige)")
        state.appraisals[item.name] = (appraisal, effect)
    projection = engine.result()
    totals = [projection.total_projected_net(year) for year in projection.years]
    if not all(math.isfinite(v) for v in totals):
        raise CheckFailed("fremskrivningen giver ugyldige tal (ikke endelige)")
    budget_year = state.project.budget_year
    return (f"{len(state.appraisals)} cases beregnet; fremskrevet nettoudgift {budget_year}: "
            f"{_kr(projection.total_projected_net(budget_year))}")


def check_workbook(state: _State) -> str:
    import openpyxl

    target = state.tmp / "selvtest-byraad.xlsx"
    _write_council_workbook(state.project, target)
    state.workbook = target
    if not target.is_file() or target.stat().st_size == 0:
        raise CheckFailed("regnearket blev ikke skrevet")
    book = openpyxl.load_workbook(target, data_only=True, read_only=True)
    try:
        sheets = list(book.sheetnames)
        values = list(_numbers(book))
    finally:
        book.close()
    if "Resumé" not in sheets:
        raise CheckFailed(f"arket 'Resumé' mangler (fandt {', '.join(sheets)})")
    name, (appraisal, effect) = next(iter(state.appraisals.items()))
    year = appraisal.years[-1]
    # The workbook may show the case at its own price level or at the project's.
    candidates = {appraisal.series["municipal_saving"][-1], effect.series["municipal_saving"][year]}
    if not any(_contains(values, expected) for expected in candidates):
        shown = " eller ".join(_kr(v) for v in sorted(candidates))
        raise CheckFailed(f"regnearket indeholder ikke '{name}'s kommunale besparelse {year} "
                          f"({shown}) som gemt værdi")
    found = next(v for v in sorted(candidates) if _contains(values, v))
    return f"{len(sheets)} ark; '{name}' besparelse {year} = {_kr(found)} genfundet med openpyxl"


def check_pdf(state: _State) -> str:
    name = next(iter(state.appraisals))
    target = state.tmp / "selvtest-indstilling.pdf"
    _write_proposal_pdf(state.project, name, target)
    state.pdf = target
    data = target.read_bytes() if target.is_file() else b""
    if not data.startswith(b"%PDF-"):
        raise CheckFailed("filen er ikke en PDF (begynder ikke med %PDF-)")
    if b"%%EOF" not in data[-1024:]:
        raise CheckFailed("PDF-filen er ufuldstændig (mangler %%EOF)")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    if pages < 1:
        raise CheckFailed("PDF-filen har ingen sider")
    return f"udvalgsindstilling for '{name}': {pages} sider, {len(data) // 1024} KB"


def check_qt(state: _State) -> str:
    from PySide6.QtCore import QLibraryInfo, QPluginLoader
    from PySide6.QtGui import QIcon, QImageReader
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    missing = {"png", "svg"} - formats
    if missing:
        raise CheckFailed(f"Qt kan ikke læse billedformatet {', '.join(sorted(missing))}")
    icon = QIcon(str(app_info.icon_path()))
    if icon.isNull():
        raise CheckFailed(f"programikonet kan ikke indlæses: {app_info.icon_path()}")
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    plugin = plugins / "platforms" / _native_platform_plugin_name()
    if not plugin.is_file():
        raise CheckFailed(f"skærm-pluginet mangler: {plugin}")
    loader = QPluginLoader(str(plugin))
    if loader.load():
        native = f"skærm-plugin {plugin.name} indlæst"
    elif sys.platform == "win32":
        raise CheckFailed(f"skærm-pluginet {plugin.name} kan ikke indlæses: {loader.errorString()}")
    else:
        # Linux is a build and test platform here; a server without X libraries cannot load
        # the X11 plugin, and that says nothing about the build.
        native = f"skærm-plugin {plugin.name} findes (kan ikke indlæses uden X11-biblioteker)"
    return f"Qt {_qt_version()} ({app.platformName()}); PNG og SVG; ikon; {native}"


def check_main_window(state: _State) -> str:
    from budgetapp.ui.app import build_window

    window = build_window(fallback="demo")  # the demo project in the real main window, never shown
    try:
        title = window.windowTitle()
    finally:
        window.close()
        window.deleteLater()
    return f"hovedvinduet bygget med demoprojektet ({title})"


CHECKS: tuple[tuple[str, Callable[[_State], str], tuple[str, ...]], ...] = (
    # (name shown, function, names of checks it needs)
    ("Finansieringsregler", check_rules, ()),
    ("Publiceret tal", check_reference_case, ("Finansieringsregler",)),
    ("Demoprojekt", check_demo_project, ()),
    ("Beregning", check_appraisals, ("Demoprojekt",)),
    ("Byrådsregneark", check_workbook, ("Beregning",)),
    ("Udvalgsindstilling (PDF)", check_pdf, ("Beregning",)),
    ("Qt", check_qt, ()),
    ("Hovedvindue", check_main_window, ("Demoprojekt", "Qt")),
)


# --- adapters to the project and export modules -----------------------------------------------

def _load_project(path: Path) -> Any:
    from budgetapp.io.project_file import load_project

    return load_project(path)


def _write_council_workbook(project: Any, target: Path) -> None:
    from budgetapp.export.council_workbook import content_from_project, export_council_workbook

    export_council_workbook(target, content_from_project(project, [c.name for c in project.cases]))


def _write_proposal_pdf(project: Any, case_name: str, target: Path) -> None:
    from budgetapp.export.council_workbook import content_from_project
    from budgetapp.export.proposal_pdf import export_proposal_pdf

    # The case as the council workbook shows it: pool funding filled in, at the project's p/l.
    content = content_from_project(project, [case_name])
    export_proposal_pdf(target, content.cases[0], content.municipality, content.price_level,
                        content.budget_year)


# --- running ----------------------------------------------------------------------------------

def run(out: TextIO | None = None, log_dir: Path | None = None) -> int:
    """Run every check, print the summary to ``out`` (default stdout); 0 if all passed, else 1.

    The summary is also written to ``selvtest.log`` in ``log_dir`` (default: the program's
    log folder), so the result can be read when the program has no console.
    """
    started = time.perf_counter()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = sys.stdout if out is None else out  # None when a Windows GUI program has no console
    app = _qt_application()
    results: list[Check] = []
    with tempfile.TemporaryDirectory(prefix="budgetapp-selvtest-") as tmp:
        state = _State(tmp=Path(tmp))
        passed: set[str] = set()
        for name, function, needs in CHECKS:
            failed_needs = [n for n in needs if n not in passed]
            if failed_needs:
                results.append(Check(name, False, f"ikke kørt: {', '.join(failed_needs)} fejlede"))
                continue
            try:
                detail = function(state)
            except CheckFailed as exc:
                results.append(Check(name, False, str(exc)))
            except Exception as exc:  # report, never a traceback
                results.append(Check(name, False, f"{type(exc).__name__}: {exc}"))
            else:
                results.append(Check(name, True, detail))
                passed.add(name)
    elapsed = time.perf_counter() - started
    locations = _data_locations(app)
    text = _report(results, locations, elapsed)
    _print(out, text)
    if log_dir is None:
        log_dir = Path(dict(locations)["Logfiler"])
    _write_log(log_dir, text)
    return 0 if all(c.ok for c in results) else 1


def _qt_application() -> Any:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "budgetapp"])
    app_info.apply_to(app)
    return app


def _data_locations(app: Any) -> list[tuple[str, str]]:
    from PySide6.QtCore import QSettings, QStandardPaths

    data = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    return [
        ("Indstillinger og seneste filer", QSettings(app_info.ORG_NAME, app_info.APP_NAME).fileName()),
        ("Autogem (gendannelse)", str(data / app_info.AUTOSAVE_DIR)),
        ("Logfiler", str(data / app_info.LOG_DIR)),
    ]


def _report(results: list[Check], locations: list[tuple[str, str]], elapsed: float) -> str:
    lines = [f"Selvtest af Budgetapp {__version__}"]
    width = max(len(c.name) for c in results)
    lines += [f"  {'OK  ' if c.ok else 'FEJL'}  {c.name.ljust(width)}  {c.detail}" for c in results]
    lines += [f"{label}: {where}" for label, where in locations]
    lines += describe(load_site_config())
    failed = sum(not c.ok for c in results)
    seconds = f"{elapsed:.1f}".replace(".", ",")
    if failed:
        lines.append(f"Resultat: {failed} af {len(results)} kontroller fejlede ({seconds} s).")
    else:
        lines.append(f"Resultat: alle {len(results)} kontroller bestået ({seconds} s).")
    return "\n".join(lines) + "\n"


def _print(out: TextIO | None, text: str) -> None:
    if out is None:  # a Windows GUI program has no console; the log and the exit code tell
        return
    if hasattr(out, "reconfigure"):
        with contextlib.suppress(ValueError, OSError):
            out.reconfigure(errors="replace")  # a Windows console code page without æøå
    out.write(text)
    out.flush()


def _write_log(log_dir: Path, text: str) -> None:
    """Keep the last report in ``selvtest.log`` for IT; a folder we cannot write is no failure."""
    with contextlib.suppress(OSError):
        log_dir.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        (log_dir / SELFTEST_LOG).write_text(f"{stamp}\n{text}", encoding="utf-8")


# --- helpers ----------------------------------------------------------------------------------

def _numbers(book: Any) -> Iterable[float]:
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, int | float) and not isinstance(value, bool):
                    yield float(value)


def _contains(values: list[float], expected: float) -> bool:
    """True when the workbook holds ``expected`` kroner: in kr., or in 1.000 kr. to 0,5 kr."""
    return any(abs(v - expected) <= TOLERANCE_KR or abs(v * 1000 - expected) <= TOLERANCE_KR
               for v in values)


def _native_platform_plugin_name() -> str:
    """The platform plugin a desktop session uses (Windows: qwindows, Linux: qxcb)."""
    return {"win32": "qwindows.dll", "darwin": "libqcocoa.dylib"}.get(sys.platform, "libqxcb.so")


def _qt_version() -> str:
    from PySide6.QtCore import qVersion

    return qVersion()


def _kr(value: float) -> str:
    from budgetapp.core.formatting import format_kr

    return f"{format_kr(value)} kr."
