"""Awkward export targets: permissions kept, read-only and special files refused, atomic writes.

Every writer (council workbook xlsx, proposal pdf, import template, CSV) goes through
``write_atomically``; each test builds its own target.
"""

from __future__ import annotations

import errno
import os
import stat
import threading
import time

import pytest
from conftest import HILLEROD

from budgetapp.core.case import load_case
from budgetapp.core.csv_safe import csv_bytes
from budgetapp.export.council_workbook import content_from_cases, export_council_workbook
from budgetapp.export.proposal_pdf import export_proposal_pdf
from budgetapp.export.safe_write import (
    STALE_TEMP_SECONDS,
    TEMP_PREFIX,
    ExportError,
    write_atomically,
    write_bytes_atomically,
)
from budgetapp.io.templates import write_template

OLD = b"earlier export"


def _xlsx(target):
    export_council_workbook(target, content_from_cases([load_case(HILLEROD)]))


def _pdf(target):
    export_proposal_pdf(target, load_case(HILLEROD))


def _template(target):
    write_template("budget", target)


def _csv(target):
    write_bytes_atomically(target, csv_bytes(["Navn", "Beløb"], [["=1+1", -2.5]]))


WRITERS = {"xlsx": _xlsx, "pdf": _pdf, "template": _template, "csv": _csv}
SUFFIX = {"xlsx": ".xlsx", "pdf": ".pdf", "template": ".xlsx", "csv": ".csv"}


@pytest.fixture
def umask_027():
    old = os.umask(0o027)
    yield
    os.umask(old)


@pytest.mark.parametrize("kind", WRITERS)
def test_new_file_gets_the_umask_permissions(kind, tmp_path, umask_027):
    target = tmp_path / f"ud{SUFFIX[kind]}"
    WRITERS[kind](target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # 0666 minus umask 027, not mkstemp's 0600


@pytest.mark.parametrize("kind", WRITERS)
def test_replaced_file_keeps_its_permissions(kind, tmp_path):
    target = tmp_path / f"ud{SUFFIX[kind]}"
    target.write_bytes(OLD)
    os.chmod(target, 0o664)
    WRITERS[kind](target)
    assert target.read_bytes() != OLD
    assert stat.S_IMODE(target.stat().st_mode) == 0o664


@pytest.mark.parametrize("kind", WRITERS)
def test_read_only_target_is_refused_and_unchanged(kind, tmp_path):
    target = tmp_path / f"ud{SUFFIX[kind]}"
    target.write_bytes(OLD)
    os.chmod(target, 0o444)  # refused even for root, who could write it anyway
    with pytest.raises(ExportError, match="er skrivebeskyttet og bliver ikke overskrevet"):
        WRITERS[kind](target)
    assert target.read_bytes() == OLD
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


@pytest.mark.parametrize("kind", WRITERS)
def test_fifo_target_is_refused_without_blocking(kind, tmp_path):
    target = tmp_path / f"ud{SUFFIX[kind]}"
    os.mkfifo(target)
    outcome: list[BaseException | None] = []

    def run():
        try:
            WRITERS[kind](target)
            outcome.append(None)
        except BaseException as exc:  # handed to the test thread
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(60)
    if worker.is_alive():  # unblock the writer so the test run can end, then fail
        fd = os.open(target, os.O_RDONLY | os.O_NONBLOCK)
        os.close(fd)
        pytest.fail("eksporten blokerede på en navngiven pipe")
    assert isinstance(outcome[0], ExportError)
    assert "ikke en almindelig fil" in str(outcome[0])
    assert stat.S_ISFIFO(os.stat(target).st_mode)


def test_template_is_written_atomically(tmp_path, monkeypatch):
    target = tmp_path / "skabelon.xlsx"
    target.write_bytes(OLD)
    import xlsxwriter

    def full_disk(self):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(xlsxwriter.Workbook, "close", full_disk)
    with pytest.raises(ExportError, match="ikke plads nok på disken"):
        write_template("budget", target)
    assert target.read_bytes() == OLD
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_csv_is_written_atomically(tmp_path):
    target = tmp_path / "data.csv"
    target.write_bytes(OLD)

    def half_then_fail(temp):
        temp.write_bytes(b"Navn;Bel")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(ExportError, match="ikke plads nok"):
        write_atomically(target, half_then_fail)
    assert target.read_bytes() == OLD


def test_stale_temp_files_are_removed_on_the_next_export(tmp_path):
    stale = tmp_path / f"{TEMP_PREFIX}killed.xlsx"
    fresh = tmp_path / f"{TEMP_PREFIX}running.xlsx"  # another export in progress right now
    stale.write_bytes(b"half")
    fresh.write_bytes(b"half")
    old = time.time() - STALE_TEMP_SECONDS - 60
    os.utime(stale, (old, old))
    _csv(tmp_path / "data.csv")
    assert not stale.exists()
    assert fresh.exists()
