"""The municipality lookup of File › Ny and File › Egenskaber accepts the spellings users type."""

from __future__ import annotations

import csv

import pytest

from budgetapp.core import municipalities as mun


@pytest.mark.parametrize(("typed", "official"), [
    ("Århus", "Aarhus Kommune"),
    ("århus kommune", "Aarhus Kommune"),
    ("AARHUS", "Aarhus Kommune"),
    ("Høje Taastrup", "Høje-Taastrup Kommune"),
    ("Høje-Taastrup Kommune", "Høje-Taastrup Kommune"),
    ("hoeje taastrup", "Høje-Taastrup Kommune"),
    ("Lyngby", "Lyngby-Taarbæk Kommune"),
    ("Lyngby Taarbæk", "Lyngby-Taarbæk Kommune"),
    ("Kongens Lyngby", "Lyngby-Taarbæk Kommune"),
    ("Bornholm", "Bornholms Regionskommune"),
    ("Bornholms Regionskommune", "Bornholms Regionskommune"),
    ("bornholms kommune", "Bornholms Regionskommune"),
    ("Brønderslev", "Brønderslev Kommune"),
    ("Brønderslev-Dronninglund Kommune", "Brønderslev Kommune"),
    ("Ærø", "Ærø Kommune"),
    ("Aeroe", "Ærø Kommune"),
    ("ærø kommune", "Ærø Kommune"),
    ("Frederiksberg", "Frederiksberg Kommune"),
    ("FREDERIKSBERG KOMMUNE", "Frederiksberg Kommune"),
    ("København", "Københavns Kommune"),
    ("Københavns Kommune", "Københavns Kommune"),
    ("København Kommune", "Københavns Kommune"),  # the name earlier versions wrote into projects
    ("Ålborg", "Aalborg Kommune"),
    ("Åbenrå", "Aabenraa Kommune"),
    ("Nordfyn", "Nordfyns Kommune"),
    ("Hillerød Kommune (219)", "Hillerød Kommune"),
    ("  hillerød  ", "Hillerød Kommune"),
    ("219", "Hillerød Kommune"),
])
def test_other_spellings_find_the_municipality(typed, official):
    found = mun.find(typed)
    assert found is not None, typed
    assert found.official_name == official


@pytest.mark.parametrize("typed", ["", "   ", "Testby", "Kommune", "Christiansø", "411", "Lyngby Hillerød"])
def test_names_of_no_municipality_find_none(typed):
    assert mun.find(typed) is None


def test_every_municipality_is_found_by_its_own_names_and_no_two_share_a_spelling():
    every = mun.municipalities()
    assert len(every) == 98
    # Lower/upper case, hyphens and æ/ø/å → ae/oe/aa must not make two of the 98 look alike.
    assert len({mun.normalised(m.name) for m in every}) == 98
    for m in every:
        for text in (m.code, m.name, m.official_name, m.label(), m.name.upper(), m.official_name.lower()):
            assert mun.find(text) == m, text


def test_every_alias_in_the_data_file_names_a_listed_municipality_and_is_not_another_ones_name():
    with mun.alias_path().open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert len(rows) >= 10
    names = {mun.normalised(m.name): m for m in mun.municipalities()}
    for row in rows:
        found = mun.find(row["alias"])
        assert found is not None and found.code == row["kommunekode"], row
        assert row["begrundelse"].strip(), row  # every alias says why it is there
        clash = names.get(mun.normalised(row["alias"]))
        assert clash is None or clash.code == row["kommunekode"], row


def test_a_broken_alias_file_is_named_in_the_message(tmp_path, monkeypatch):
    bad = tmp_path / "kommuner-alias.csv"
    bad.write_text("alias;kommunekode;begrundelse\nÅrhus;999;forkert kode\n", encoding="utf-8")
    monkeypatch.setattr(mun, "alias_path", lambda: bad)
    mun._index.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"kommuner-alias\.csv, linje 2"):
            mun.find("Århus")
    finally:
        mun._index.cache_clear()


@pytest.mark.gui
@pytest.mark.parametrize(("typed", "official"), [("Århus", "Aarhus Kommune"),
                                                 ("Høje Taastrup", "Høje-Taastrup Kommune"),
                                                 ("lyngby", "Lyngby-Taarbæk Kommune")])
def test_the_wizard_form_takes_other_spellings(qtbot, typed, official):
    """File › Ny and File › Egenskaber: the typed spelling is accepted and the official name stored."""
    pytest.importorskip("pytestqt")
    import dataclasses

    from budgetapp.ui.app import create_application
    from budgetapp.ui.new_project_wizard import SettingsForm, default_settings

    create_application()
    form = SettingsForm(dataclasses.replace(default_settings(), municipality=""))
    qtbot.addWidget(form)
    assert form.check()  # nothing chosen yet: a message
    form.municipality.setEditText(typed)
    assert form.check() == ""
    assert form.problem.text() == ""
    assert form.read().municipality == official
