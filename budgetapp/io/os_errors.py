"""An operating-system error (``OSError``) as a short Danish reason, for every save and export path.

``exc.strerror`` is the C library's English ("Is a directory", "No such file or directory"); the
user reads Danish. Unknown codes get a Danish sentence with the code number, never English.
"""

from __future__ import annotations

import errno

_REASONS = {
    errno.ENOENT: "mappen eller filen findes ikke",
    errno.EISDIR: "navnet er en mappe, ikke en fil",
    errno.ENOTDIR: "en del af stien er ikke en mappe",
    errno.EACCES: "der er ikke adgang (skrivebeskyttet, eller filen er åben i et andet program)",
    errno.EPERM: "handlingen er ikke tilladt (skrivebeskyttet, eller filen er åben i et andet program)",
    errno.EROFS: "drevet er skrivebeskyttet",
    errno.ENOSPC: "der er ikke plads nok på disken",
    errno.EEXIST: "filen findes allerede",
    errno.EBUSY: "filen er i brug af et andet program",
    errno.ENAMETOOLONG: "filnavnet er for langt",
    errno.EIO: "en ind-/udlæsningsfejl på drevet (er netværksdrevet eller USB-nøglen taget ud?)",
    errno.EMFILE: "for mange åbne filer",
    errno.EXDEV: "filen ligger på et andet drev",
    errno.EINVAL: "navnet er ugyldigt",
}
_EDQUOT = getattr(errno, "EDQUOT", None)
if _EDQUOT is not None:
    _REASONS[_EDQUOT] = "din diskkvote er opbrugt"


def danish_reason(exc: OSError) -> str:
    """Why ``exc`` happened, in Danish (lower-case, no full stop): e.g. "navnet er en mappe, ikke en fil"."""
    code = exc.errno
    if code in _REASONS:
        return _REASONS[code]
    if isinstance(exc, PermissionError):
        return _REASONS[errno.EACCES]
    if isinstance(exc, FileNotFoundError):
        return _REASONS[errno.ENOENT]
    if isinstance(exc, IsADirectoryError):
        return _REASONS[errno.EISDIR]
    if code:
        return f"systemfejl nr. {code}"
    return "en ukendt fejl i filsystemet"
