"""The Regler page lists every rule, catalogue and index with status; the p/l index imports from CSV."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from budgetapp.io.project_file import load_project
from budgetapp.resources import demo_project_path
from budgetapp.ui.document import Document
from budgetapp.ui.pages.rules import NOT_LAW_COLOR, RulesPage


@pytest.fixture
def page(qtbot):
    document = Document(load_project(demo_project_path()))
    widget = RulesPage(document)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _rows(page) -> list[list[str]]:
    t = page.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def test_every_rule_catalogue_and_index_is_listed_with_status_and_source(page):
    rows = _rows(page)
    names = {r[1] for r in rows}
    assert {"Refusionstrappen (kommunalt udbetalte ydelser)", "Målgrupper i beskæftigelsesindsatsen fra 2027",
            "Satser 2026 for de vigtigste ydelser", "Service (KL's pris- og lønskøn)",
            "Overførsler (satsreguleringsprocenten)",
            "Modregning i beskæftigelsestilskud (forsikrede ledige)"} <= names
    assert all(r[5] for r in rows), "hver linje har en kilde"
    by_name = {r[1]: r for r in rows}
    assert by_name["Loft over vejledning/opkvalificering og mentor i budgetgarantien (L 77)"][4] == \
        "lovforslag (ikke vedtaget)"
    assert by_name["Målgrupper i beskæftigelsesindsatsen fra 2027"][4] == "politisk aftale (ikke lov)"
    assert by_name["Refusionstrappen (kommunalt udbetalte ydelser)"][2] == "04.01.2016"
    # not-law statuses are marked with colour; law is not
    for r, row in enumerate(rows):
        color = page.table.item(r, 4).foreground().color().name()
        assert (color == NOT_LAW_COLOR) == (row[4] not in ("lov", "bekendtgørelse")), row
    text = page.browser.toPlainText()
    assert "§ 5, stk. 2" in text and "40 %" in text
    assert "Hjælpemidler" in text and "Kontanthjælp, forhøjet sats" in text


def test_import_of_a_p_l_index_is_undoable(page, tmp_path: Path, monkeypatch):
    csv_path = tmp_path / "kl-skoen.csv"
    csv_path.write_text("År;Indeks;Kilde\n" + "".join(
        f"{y};{100 + 2 * (y - 2011)},0;KL, pris- og lønskøn juni 2026\n" for y in range(2011, 2036)),
        encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(csv_path), ""))
    before = page.document.project.price_index
    page.import_button.click()
    project = page.document.project
    # 2013: 100 + 2 × 2 = 104; 2026: 100 + 2 × 15 = 130
    assert project.price_index.factor(2013, 2026) == pytest.approx(130 / 104)
    assert project.source("price_index/2026").source == "KL, pris- og lønskøn juni 2026"
    assert "kl-skoen.csv" in page.index_label.text()
    page.document.undo_stack.undo()
    assert page.document.project.price_index == before


@pytest.mark.parametrize(("text", "message"), [
    ("year,index\n2026,abc\n", "kolonnen indeks"),
    ("year,index\n2026,100\n", "mangler år, som projektet bruger"),
])
def test_bad_index_file_is_refused_and_changes_nothing(page, tmp_path: Path, monkeypatch, text, message):
    csv_path = tmp_path / "bad.csv"
    csv_path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(csv_path), ""))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, msg, *a: shown.append(msg))
    before = page.document.project.price_index
    page.import_button.click()
    assert len(shown) == 1 and message in shown[0] and "bad.csv" in shown[0]
    assert page.document.project.price_index == before
    assert not page.document.modified


def test_import_of_the_transfer_index_changes_only_the_transfers_and_is_undoable(page, tmp_path: Path,
                                                                                monkeypatch):
    from budgetapp.core.projection import ProjectionEngine

    csv_path = tmp_path / "sats.csv"
    csv_path.write_text("År;Indeks;Kilde;Status\n" + "".join(
        f"{y};{100 + 5 * (y - 2011)},0;Finansministeriet, satsreguleringsprocent;skøn\n"
        for y in range(2011, 2036)), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(csv_path), ""))
    service, transfers = page.document.project.price_index, page.document.project.transfer_index
    page.transfer_import_button.click()
    project = page.document.project
    # 2013: 100 + 5 × 2 = 110; 2026: 100 + 5 × 15 = 175
    assert project.transfer_index.factor(2013, 2026) == pytest.approx(175 / 110)
    assert project.price_index == service
    assert project.source("transfer_index/2026").source == "Finansministeriet, satsreguleringsprocent"
    assert "sats.csv" in page.transfer_index_label.text()
    assert "sats.csv" not in page.index_label.text()
    # the Straksaktivering case (2013 p/l) now saves 4.366.149 × 175 / 110 in 2028 (cost unchanged)
    cases = ProjectionEngine(project).result().cases
    straks = next(c for c in cases if c.name.startswith("Straksaktivering"))
    assert straks.series["municipal_saving"][2028] == pytest.approx(4_366_149 * 175 / 110, abs=1)
    page.document.undo_stack.undo()
    assert page.document.project.transfer_index == transfers
