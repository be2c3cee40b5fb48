"""Work around a PySide6/shiboken6 6.12 reference-count bug on Python 3.11.

shiboken6 6.12 hands ``None``, ``True`` and ``False`` back and forth without taking a
reference, which is harmless on Python 3.12+ (those objects are immortal there) but on 3.11
drains their reference counts: a table view repainting a model whose ``data()`` returns
``None`` for unused roles aborts the process within seconds ("none_dealloc: deallocating
None"), and so does emitting signals (``bool_dealloc``). Measured here: every ``data()`` call
returning ``None`` and every ``Signal.emit()`` loses one reference.

The fix does what Python 3.12 does: it makes those singletons immortal by giving them a
reference count that can never reach zero. It changes nothing else and is a no-op on 3.12+.
Remove it once the app requires Python 3.12 or a fixed PySide6.
"""

from __future__ import annotations

import ctypes
import platform
import sys

_HEADROOM = 1 << 40


def immortalize_singletons() -> None:
    if sys.version_info >= (3, 12) or platform.python_implementation() != "CPython":
        return
    for obj in (None, True, False, Ellipsis, NotImplemented):
        # ob_refcnt is the first field of every CPython object (Py_ssize_t).
        refcount = ctypes.c_ssize_t.from_address(id(obj))
        if refcount.value < _HEADROOM:
            refcount.value += _HEADROOM


immortalize_singletons()
