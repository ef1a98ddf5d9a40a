"""Writing an export without losing anything: to a temporary file beside the target, then a rename.

The export is first written completely to a hidden temporary file in the target's folder and only
then moved over the target with :func:`os.replace` (atomic on the same disk). If anything fails —
the target is open in Excel (Windows locks it), the folder is read-only, the disk is full — the
temporary file is removed, the earlier export stays exactly as it was, and :class:`ExportError`
carries a Danish message that says what happened and what to do.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

TEMP_PREFIX = ".~budgetapp-"


class ExportError(Exception):
    """An export that could not be written; ``str(error)`` is the Danish message for the user."""


def _message(exc: OSError, target: Path, stage: str) -> str:
    name = target.name
    folder = str(target.parent) or "."
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return (f"Der er ikke plads nok på disken til at gemme '{name}'. Frigør plads eller vælg "
                f"et andet drev. En tidligere version af filen er ikke ændret.")
    if code == errno.EROFS:
        return (f"Mappen '{folder}' ligger på et skrivebeskyttet drev. Vælg en anden mappe. "
                f"En tidligere version af filen er ikke ændret.")
    if code == errno.ENOENT:
        return f"Mappen '{folder}' findes ikke. Vælg en mappe, der findes."
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM, errno.EBUSY):
        if stage == "replace":
            return (f"Filen '{name}' kan ikke overskrives: den er sandsynligvis åben i et andet "
                    f"program (fx Excel eller en PDF-læser) eller skrivebeskyttet. Luk filen og "
                    f"prøv igen. Den tidligere version af filen er ikke ændret.")
        return (f"Der er ikke adgang til at skrive i mappen '{folder}' (skrivebeskyttet). Vælg en "
                f"anden mappe. En tidligere version af filen er ikke ændret.")
    detail = exc.strerror or str(exc)
    return f"'{name}' kunne ikke gemmes: {detail}. En tidligere version af filen er ikke ændret."


def write_atomically(target: str | Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(temp_path)`` to produce the file, then move it onto ``target``.

    ``write`` must create the complete file at the path it is given. Returns the target path.
    Raises :class:`ExportError` (Danish message) when the file cannot be written or replaced;
    the target is then unchanged and no temporary file is left behind.
    """
    target = Path(target)
    if target.is_dir():
        raise ExportError(f"'{target}' er en mappe. Angiv et filnavn, fx '{target / 'eksport'}'.")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"Mappen '{folder}' findes ikke. Vælg en mappe, der findes.")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=target.suffix, dir=folder)
    except OSError as exc:
        raise ExportError(_message(exc, target, "create")) from exc
    os.close(handle)
    temp = Path(temp_name)
    stage = "write"
    try:
        write(temp)
        with open(temp, "rb+") as stream:  # make sure the bytes are on the disk before the rename
            os.fsync(stream.fileno())
        stage = "replace"
        os.replace(temp, target)
    except OSError as exc:
        _remove_quietly(temp)
        raise ExportError(_message(exc, target, stage)) from exc
    except BaseException:
        _remove_quietly(temp)
        raise
    return target


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
