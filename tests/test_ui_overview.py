"""Overblik shows the projection per styringsområde with the same figures as the core."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui


def test_overview_shows_the_cases_per_styringsomraade(window):
    page = window.show_page("overblik")
    model = page.area_model
    labels = [model.rows[i].label for i in range(model.rowCount())]
    column = page.projection.years.index(2028)
    values = {label: model.value(i, column) for i, label in reversed(list(enumerate(labels)))}
    # Eksempel Kommune 2028 (arithmetic in tests/test_projection.py): the cases add 2.206.926,84 kr.
    # of service (after 960.000 kr. pool income) and save 7.494.710,85 kr. on overførsler (calendar timing).
    projection = page.projection
    assert values["Service i alt"] - values["Service: basisbudget"] == pytest.approx(2_206_926.84, abs=0.01)
    assert values["Overførsler i alt"] - values["Overførsler: basisbudget"] == pytest.approx(
        -7_494_710.85, abs=0.01)
    assert values["    Mentorstøtte til aktivitetsparate"] == pytest.approx(240_000)  # first row: service
    assert values["Fremskrevet nettoudgift i alt"] == pytest.approx(projection.total_projected_net(2028))
    assert page.tabs.tabText(0) == "Pr. styringsområde"
    assert "overførsler -7,5 mio. kr." in page.cards[1].text().replace("−", "-")  # −7,49 mio.
    # switching a case off removes its rows and its effect from the areas
    window.document.project.set_case_enabled("Mentorstøtte til aktivitetsparate", False)
    page.refresh()
    labels = [page.area_model.rows[i].label for i in range(page.area_model.rowCount())]
    assert "    Mentorstøtte til aktivitetsparate" not in labels
