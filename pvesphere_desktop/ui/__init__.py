"""Everything Qt: bootstrap, main window, models, views, dialogs, charts and the palette."""

from __future__ import annotations

import sys


def _pin_bool_singletons() -> None:
    """Work around PySide6 6.12 returning ``True`` from ``SignalInstance.emit`` unreferenced.

    Every ``signal.emit()`` from Python drops one reference to ``True``; after enough emits
    CPython frees the singleton and aborts ("bool_dealloc"). Python 3.12+ makes the
    singletons immortal; on 3.11 we give them the same effect with a huge reference count.
    Importing any ``pvesphere_desktop.ui`` module (the console package does too) runs this.
    """
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    import ctypes

    for singleton in (True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40


_pin_bool_singletons()
