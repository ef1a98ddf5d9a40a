"""Shared steps for the case-editor GUI tests."""

from __future__ import annotations


def hillerod_editor(window):
    """The case editor of the demo's first case (Hillerød), on the Business cases page."""
    page = window.show_page("cases")
    page.select(0)
    assert page.editor.current_case().name.startswith("Straksaktivering")
    return page.editor
