"""A guard against reference-count bugs of PySide6 on Python 3.11.

The PySide6 6.12 wheels assume that Python's singletons are immortal, as they are from
Python 3.12 on: they return ``None``, ``True`` and ``False`` (e.g. from ``Signal.emit()`` and
from every ``void`` method) without taking a reference. On Python 3.11 each such call lowers the
object's reference count by one; Qt models, undo stacks and pyqtgraph make such calls all the
time, and after a few thousand the count reaches zero and the interpreter aborts
("bool_dealloc: deallocating True or False", "none_dealloc: deallocating None").

On CPython < 3.12 this module gives the objects Python 3.12 treats as immortal (``None``,
``True``, ``False``, ``Ellipsis``, ``NotImplemented``, the empty tuple/str/bytes, the small ints
and the one-character Latin-1 strings) a reference count so large that no session can use it
up — the same thing Python 3.12 does. It is applied once, when ``budgetapp.ui`` is imported.
"""

from __future__ import annotations

import ctypes
import sys

RESERVE = 1 << 40


def immortal_objects() -> list[object]:
    objects: list[object] = [None, True, False, Ellipsis, NotImplemented, (), "", b""]
    objects += list(range(-5, 257))
    objects += [chr(i) for i in range(256)]
    return objects


def protect_singletons() -> bool:
    """Make Python's singletons practically immortal on CPython < 3.12; returns whether it did."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if getattr(sys, "_budgetapp_singletons_protected", False):
        return False
    for value in immortal_objects():
        # ob_refcnt is the first field of every CPython object, at the object's address.
        ctypes.c_ssize_t.from_address(id(value)).value += RESERVE
    sys._budgetapp_singletons_protected = True  # type: ignore[attr-defined]
    return True
