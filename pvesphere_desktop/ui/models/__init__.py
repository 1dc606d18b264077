"""Qt item models over the fleet mirror: thin, keyed, updated row by row from ChangeSets."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QMetaObject, Qt

KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # the object's stable key (GuestKey, NodeKey, ...)
OBJECT_ROLE = Qt.ItemDataRole.UserRole + 2  # the core record itself
SORT_ROLE = Qt.ItemDataRole.UserRole + 3  # a sortable raw value
KIND_ROLE = Qt.ItemDataRole.UserRole + 4  # tree item kind
FRACTION_ROLE = Qt.ItemDataRole.UserRole + 5  # 0..1 usage for bar delegates


def emit_layout_about_to_change(model: QAbstractItemModel) -> None:
    """Emit ``layoutAboutToBeChanged`` on ``model``.

    PySide6 6.12's ``SignalInstance.emit`` for the layout signals (which have default
    arguments) drops a reference to ``True``/``False`` on every call and eventually aborts
    the interpreter; emitting through the meta-object system avoids its argument conversion.
    """
    QMetaObject.invokeMethod(model, "layoutAboutToBeChanged", Qt.ConnectionType.DirectConnection)


def emit_layout_changed(model: QAbstractItemModel) -> None:
    """Emit ``layoutChanged`` on ``model`` (see :func:`emit_layout_about_to_change`)."""
    QMetaObject.invokeMethod(model, "layoutChanged", Qt.ConnectionType.DirectConnection)
