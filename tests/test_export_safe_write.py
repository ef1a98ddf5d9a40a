"""Failure without loss: a locked target, a read-only folder or a full disk leaves the old export."""

from __future__ import annotations

import errno
import os
import tempfile

import pytest
from conftest import HILLEROD

from budgetapp.cli import main
from budgetapp.core.case import load_case
from budgetapp.export.council_workbook import content_from_cases, export_council_workbook
from budgetapp.export.safe_write import ExportError, write_atomically

OLD = b"earlier export"


@pytest.fixture
def earlier(tmp_path):
    target = tmp_path / "mappe.xlsx"
    target.write_bytes(OLD)
    return target


def leftovers(folder):
    return [p.name for p in folder.iterdir() if p.name.startswith(".~budgetapp-")]


def test_locked_target_keeps_the_earlier_export(earlier, monkeypatch):
    def locked(src, dst):  # Windows refuses to replace a file Excel has open
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ExportError, match="åben i et andet program"):
        export_council_workbook(earlier, content_from_cases([load_case(HILLEROD)]))
    assert earlier.read_bytes() == OLD
    assert leftovers(earlier.parent) == []


def test_read_only_folder(earlier, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(ExportError, match="skrivebeskyttet"):
        write_atomically(earlier, lambda temp: temp.write_bytes(b"new"))
    assert earlier.read_bytes() == OLD


def test_full_disk_while_writing(earlier):
    def fill(temp):
        temp.write_bytes(b"half a file")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(ExportError, match="ikke plads nok på disken"):
        write_atomically(earlier, fill)
    assert earlier.read_bytes() == OLD
    assert leftovers(earlier.parent) == []


def test_success_replaces_the_file(earlier):
    write_atomically(earlier, lambda temp: temp.write_bytes(b"new"))
    assert earlier.read_bytes() == b"new"
    assert leftovers(earlier.parent) == []


def test_cli_reports_a_locked_file_in_danish_with_exit_3(earlier, monkeypatch, capsys):
    monkeypatch.setattr(os, "replace", lambda s, d: (_ for _ in ()).throw(PermissionError(errno.EACCES, "x")))
    assert main(["export", str(HILLEROD), "--xlsx", str(earlier)]) == 3
    err = capsys.readouterr().err
    assert "Luk filen og prøv igen" in err and "Traceback" not in err
    assert earlier.read_bytes() == OLD
