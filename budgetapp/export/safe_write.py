"""Writing an export without losing anything: to a temporary file beside the target, then a rename.

The export is first written completely to a hidden temporary file in the target's folder and only
then moved over the target with :func:`os.replace` (atomic on the same disk). If anything fails —
the target is open in Excel (Windows locks it), the folder is read-only, the disk is full — the
temporary file is removed, the earlier export stays exactly as it was, and :class:`ExportError`
carries a Danish message that says what happened and what to do.

The written file gets the permissions of the file it replaces, or for a new file the usual ones
(0666 minus the umask), never the 0600 of a temporary file. A target that is read-only (no write
permission bit) is refused rather than replaced, and so is a target that is not a regular file
(a named pipe, a device): such a target is never opened, so a pipe cannot block the export.
Temporary files left behind by a killed export (older than :data:`STALE_TEMP_SECONDS`) are
removed on the next export into the same folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from budgetapp.io.os_errors import danish_reason

TEMP_PREFIX = ".~budgetapp-"
STALE_TEMP_SECONDS = 3600  # a temporary export file this old belongs to a program that died


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
    own = exc.errno is None and len(exc.args) == 1 and isinstance(exc.args[0], str)
    detail = exc.args[0] if own else danish_reason(exc)  # our own OSError carries Danish text
    return f"'{name}' kunne ikke gemmes: {detail}. En tidligere version af filen er ikke ændret."


def current_umask() -> int:
    """The process umask, read without changing it where the system tells it (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def new_file_mode(existing: os.stat_result | None) -> int:
    """Permission bits for the written file: the replaced file's, else 0666 minus the umask."""
    if existing is not None:
        return stat.S_IMODE(existing.st_mode)
    return 0o666 & ~current_umask()


def check_target(target: Path) -> os.stat_result | None:
    """The target's status if it exists, after refusing what must not be replaced.

    Raises :class:`ExportError` for a folder, a special file (named pipe, device, socket) and a
    read-only file. Never opens the target, so a named pipe cannot block.
    """
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ExportError(_message(exc, target, "create")) from exc
    if stat.S_ISDIR(info.st_mode):
        raise ExportError(f"'{target}' er en mappe. Angiv et filnavn, fx '{target / 'eksport'}'.")
    if not stat.S_ISREG(info.st_mode):
        raise ExportError(f"'{target.name}' er ikke en almindelig fil (fx en navngiven pipe eller en "
                          f"enhed) og kan ikke overskrives. Vælg et andet filnavn.")
    if not info.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise ExportError(f"Filen '{target.name}' er skrivebeskyttet og bliver ikke overskrevet. "
                          f"Vælg et andet filnavn, eller fjern skrivebeskyttelsen og prøv igen.")
    return info


def remove_stale_temps(folder: Path, prefix: str = TEMP_PREFIX,
                       older_than: float = STALE_TEMP_SECONDS) -> list[Path]:
    """Remove regular files named ``prefix*`` in ``folder`` older than ``older_than`` seconds
    (left by an export or save that was killed); returns what was removed."""
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(prefix):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime > older_than:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def write_bytes_atomically(target: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` like :func:`write_atomically` (used for CSV exports)."""
    def write(temp: Path) -> None:
        temp.write_bytes(data)

    return write_atomically(target, write)


def write_atomically(target: str | Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(temp_path)`` to produce the file, then move it onto ``target``.

    ``write`` must create the complete file at the path it is given. Returns the target path.
    Raises :class:`ExportError` (Danish message) when the file cannot be written or replaced;
    the target is then unchanged and no temporary file is left behind.
    """
    target = Path(target)
    existing = check_target(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"Mappen '{folder}' findes ikke. Vælg en mappe, der findes.")
    remove_stale_temps(folder)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=target.suffix, dir=folder)
    except OSError as exc:
        raise ExportError(_message(exc, target, "create")) from exc
    os.close(handle)
    temp = Path(temp_name)
    stage = "write"
    try:
        write(temp)
        os.chmod(temp, new_file_mode(existing))
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
