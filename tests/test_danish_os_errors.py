"""No English from the operating system or a library reaches the user: every save and export path
turns an OSError into Danish through one helper (budgetapp.io.os_errors), and a spreadsheet the
reader library cannot parse gets a Danish message naming the file."""

from __future__ import annotations

import errno
import zipfile
from pathlib import Path

import pytest

from budgetapp.export.safe_write import ExportError, write_bytes_atomically
from budgetapp.io.os_errors import danish_reason
from budgetapp.io.project_file import ProjectFileError, load_project, save_project
from budgetapp.io.workbook_reader import WorkbookError, open_workbook
from budgetapp.resources import demo_project_path

ENGLISH = ("Is a directory", "No such file", "Permission denied", "Cannot detect", "Errno")


@pytest.mark.parametrize(("exc", "reason"), [
    (IsADirectoryError(errno.EISDIR, "Is a directory"), "navnet er en mappe, ikke en fil"),
    (FileNotFoundError(errno.ENOENT, "No such file or directory"), "mappen eller filen findes ikke"),
    (PermissionError(errno.EACCES, "Permission denied"),
     "der er ikke adgang (skrivebeskyttet, eller filen er åben i et andet program)"),
    (OSError(errno.ENOSPC, "No space left on device"), "der er ikke plads nok på disken"),
    (OSError(9999, "Something odd"), "systemfejl nr. 9999"),
])
def test_os_errors_are_danish(exc: OSError, reason: str) -> None:
    assert danish_reason(exc) == reason


def test_saving_a_project_onto_a_folder_says_so_in_danish(tmp_path: Path) -> None:
    project = load_project(demo_project_path())
    target = tmp_path / "projekt.jcbudget"
    target.mkdir()
    with pytest.raises(ProjectFileError) as caught:
        save_project(project, target)
    message = str(caught.value)
    assert "Projektet kunne ikke gemmes i projekt.jcbudget: navnet er en mappe, ikke en fil" in message
    assert not any(word in message for word in ENGLISH), message


def test_saving_a_project_into_a_missing_folder_says_so_in_danish(tmp_path: Path) -> None:
    project = load_project(demo_project_path())
    with pytest.raises(ProjectFileError) as caught:
        save_project(project, tmp_path / "findes-ikke" / "projekt.jcbudget")
    message = str(caught.value)
    assert message == ("Projektet kunne ikke gemmes i projekt.jcbudget: mappen kan ikke skrives i "
                       "(mappen eller filen findes ikke).")


def test_export_error_without_a_known_code_is_danish(tmp_path: Path, monkeypatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(Path, "write_bytes", fail)
    with pytest.raises(ExportError) as caught:
        write_bytes_atomically(tmp_path / "ud.csv", b"x")
    assert str(caught.value) == ("'ud.csv' kunne ikke gemmes: en ind-/udlæsningsfejl på drevet (er "
                                 "netværksdrevet eller USB-nøglen taget ud?). En tidligere version af "
                                 "filen er ikke ændret.")


def test_unparseable_ods_gets_a_danish_message_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "budget.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<ikke-et-regneark/>")
    with pytest.raises(WorkbookError) as caught:
        book = open_workbook(path)
        book.sheet(book.sheet_names[0])
    message = str(caught.value)
    assert "budget.ods" in message
    assert not any(word in message for word in ENGLISH), message


