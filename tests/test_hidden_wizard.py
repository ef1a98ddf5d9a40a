"""The import wizard names hidden columns and rows in their other spellings, and imports them
only when the checkbox is ticked (pytest-qt on the real main window, offscreen)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from budgetapp.ui import import_wizard
from budgetapp.ui.import_wizard import ImportWizard
from tests.test_hidden_spellings import sheet_xml, write_xlsx
from tests.test_import_wizard import through_wizard, walk

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def private_settings(tmp_path, monkeypatch):
    ini = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(import_wizard, "settings", lambda: ini)
    return ini


def persons_2027(window) -> dict[str, float]:
    return {g.target_group: g.full_year_persons for g in window.document.project.budget.groups
            if g.year == 2027}


@pytest.mark.parametrize("tick", [True, False])
def test_hidden_column_and_char_ref_hidden_row_need_the_checkbox(window, tmp_path, tick: bool) -> None:
    # Column D (Ydelse pr. helårsperson) hidden with <col hidden="&#49;">, row 3 with hidden=" true ".
    sheet = sheet_xml(' hidden=" true "', '<cols><col min="4" max="4" hidden="&#49;"/></cols>')
    path = write_xlsx(tmp_path / "b.xlsx", sheet)
    before = persons_2027(window)
    state: dict[str, object] = {}

    def on_page(wizard: ImportWizard) -> None:
        page = wizard.sheet_page
        if wizard.currentPage() is page:
            state["visible"] = page.include_hidden.isVisibleTo(page)
            state["note"] = page.hidden_note.text()
            page.include_hidden.setChecked(tick)

    if tick:
        seen = through_wizard(window, walk(path, before_next=on_page))
        assert seen["complete"] is True
        # both rows, as written: 412,5 and 100 helårspersoner
        after = persons_2027(window)
        assert after["dagpenge"] == 412.5
        assert [k for k, v in after.items() if v == 100 and before.get(k) != 100] != []
    else:
        def steps(wizard: ImportWizard) -> None:
            wizard.file_page.path.setText(str(path))
            for _ in range(5):
                on_page(wizard)
                if wizard.currentPage() is wizard.preview_page:
                    break
                wizard.next()
            state["at_preview"] = wizard.currentPage() is wizard.preview_page
            model = wizard.preview_page.problems.model()
            cells = [(r, c) for r in range(model.rowCount()) for c in range(model.columnCount())]
            state["problems"] = "\n".join(str(model.index(r, c).data()) for r, c in cells)

        seen = through_wizard(window, steps)
        assert seen["complete"] is False  # a hidden column the import reads cannot be left out
        assert state["at_preview"] is True
        assert "kolonne D (Ydelse pr. helårsperson (kr.)) er skjult i regnearket" in str(state["problems"])
        assert persons_2027(window) == before  # nothing imported
    assert state["visible"] is True
    assert "skjulte kolonner i Budget: D" in str(state["note"])
    assert "skjulte rækker i Budget: 3" in str(state["note"])
