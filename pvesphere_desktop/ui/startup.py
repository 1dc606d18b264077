"""Open the layers below the window (cache, secrets, sync) for the composition root."""

from __future__ import annotations

import gc
import logging
import threading
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox

from pvesphere_desktop.core.errors import PveSphereError
from pvesphere_desktop.paths import AppPaths
from pvesphere_desktop.ui.i18n import translate

log = logging.getLogger(__name__)

# Clusters synced in parallel by the desktop's sync process. Sync work is mostly Python
# (normalising and diffing): more threads than cores only queue for that process's
# interpreter lock.
DESKTOP_SYNC_WORKERS = 3


class VaultPrompter(QObject):
    """Ask for the vault's master password on the GUI thread, from any thread.

    The secrets layer calls :meth:`__call__` (possibly from a worker); the question is shown by
    the GUI thread and the worker waits for the answer, or until the application quits (a
    worker still waiting would keep the process from exiting).
    """

    _ask = Signal(object)
    _warn = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ask.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._warn.connect(self._show_warning, Qt.ConnectionType.QueuedConnection)
        self.notices: list[QMessageBox] = []  # open warnings (parentless: kept alive here)
        self._quitting = threading.Event()
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.quitting)

    def quitting(self) -> None:
        """Stop waiting for answers: the application is closing."""
        self._quitting.set()

    def warn(self, error: PveSphereError) -> None:
        """Tell the user why the credentials are unavailable (from any thread, non-blocking)."""
        self._warn.emit(error)

    @Slot(object)
    def _show_warning(self, error: PveSphereError) -> None:
        # Non-modal (open, not exec): the event loop is running by now (see DESIGN.md).
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            QApplication.translate("Startup", "Credentials are not available"),
            error.message.render(translate),
        )
        box.setObjectName("credentialsUnavailable")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.notices.append(box)
        box.finished.connect(lambda _result: self.notices.remove(box))
        box.open()

    def __call__(self, creating: bool) -> str | None:
        app = QApplication.instance()
        if app is not None and threading.current_thread() is threading.main_thread():
            return self._dialog(creating)
        box: dict[str, Any] = {"creating": creating, "done": threading.Event(), "value": None}
        self._ask.emit(box)
        for _tick in range(6000):  # ten minutes
            if box["done"].wait(0.1) or self._quitting.is_set():
                break
        box["gone"] = True
        value = box["value"]
        return str(value) if value else None

    @Slot(object)
    def _show(self, box: dict[str, Any]) -> None:
        try:
            if not box.get("gone") and not self._quitting.is_set():  # nobody waits any more
                box["value"] = self._dialog(bool(box["creating"]))
        finally:
            box["done"].set()

    def _dialog(self, creating: bool) -> str | None:
        title = self.tr("Credential vault")
        if creating:
            text = self.tr(
                "This system has no usable keyring. Choose a master password for the encrypted "
                "vault that will hold your cluster credentials:"
            )
        else:
            text = self.tr("Master password of the credential vault:")
        value, ok = QInputDialog.getText(None, title, text, QLineEdit.EchoMode.Password)
        return value if ok and value else None


# How long start-up may run without the cyclic collector when the cache never shows.
GC_RESUME_AFTER_MS = 10_000


def resume_gc_when_shown(window: Any, fallback_ms: int = GC_RESUME_AFTER_MS) -> None:
    """Turn the cyclic garbage collector (paused for start-up) back on once ``window`` shows
    the cache, or after ``fallback_ms`` whatever happens.

    What exists by then lives as long as the program: the window's :class:`CollectorPolicy`
    freezes it out of later collections, which keeps them short. The few cycles already
    garbage by then (some hundred KB) stay until its first sweep; collecting them now would
    cost a 0.1 s pause of the window.
    """

    def resume() -> None:
        if not gc.isenabled():
            window.collector.settle()  # paused: freezes without collecting
            gc.enable()
            log.debug("garbage collector resumed (%d objects frozen)", gc.get_freeze_count())

    window.cache_shown.connect(lambda _load: QTimer.singleShot(0, window, resume))
    QTimer.singleShot(fallback_ms, window, resume)


def has_clusters(paths: AppPaths) -> bool:
    """Return True when the user's cache lists at least one cluster (False if unreadable)."""
    from pvesphere_desktop.store import ClusterRegistry, Database

    try:
        database = Database.for_data_dir(paths.data_dir)
    except PveSphereError as exc:
        log.warning("cannot open the cache to look for clusters: %s", exc)
        return False
    try:
        return bool(ClusterRegistry(database).names())
    except PveSphereError:
        return False
    finally:
        database.close()


def open_backend(paths: AppPaths, post: Any, demo: Any | None = None) -> Any | None:
    """Return a FleetBackend over the cache in ``paths`` (None, after telling why, on failure).

    The secret store opens when the sync starts (``FleetBackend.start``, in a worker, after
    the window shows the cache): finding the OS keyring takes a tenth of a second.
    """
    from pvesphere_desktop.store import Database
    from pvesphere_desktop.ui.backend import FleetBackend

    try:
        database = Database.for_data_dir(paths.data_dir)
    except PveSphereError as exc:
        log.error("cannot open the cache: %s", exc)
        QMessageBox.critical(
            None,
            QApplication.translate("Startup", "The local cache could not be opened"),
            exc.message.render(translate),
        )
        return None
    if demo is not None:
        secrets: Any = demo.secrets
        demo.register(_registry(database))
        settings = partial(_sync_settings, stagger_s=0.3, tasks_every=2)
    else:
        secrets = DeferredSecrets(paths.data_dir, VaultPrompter(QApplication.instance()))
        settings = partial(_sync_settings)
    return FleetBackend(database, secrets, post, settings, sync_process=True)


def _sync_settings(**changes: Any) -> Any:
    from pvesphere_desktop.sync.coordinator import SyncSettings

    return SyncSettings(workers=DESKTOP_SYNC_WORKERS, **changes)


class DeferredSecrets:
    """The user's secret store (OS keyring, else the vault), opened on first use, from any
    thread; a vault is unlocked right then (its password asked on the GUI thread).

    When it cannot be opened, the user is told once and every cluster needs a login.
    """

    def __init__(self, data_dir: Any, prompter: VaultPrompter) -> None:
        self._data_dir = data_dir
        self._prompter = prompter
        self._lock = threading.Lock()
        self._store: Any = None

    def _opened(self) -> Any:
        with self._lock:
            if self._store is None:
                from pvesphere_desktop.secrets import VaultSecretStore, open_secret_store

                try:
                    store = open_secret_store(self._data_dir, self._prompter)
                    if isinstance(store, VaultSecretStore) and store.exists:
                        store.refs()  # unlock now, not in the middle of a sync
                except PveSphereError as exc:
                    self._prompter.warn(exc)
                    store = _NoSecrets()
                self._store = store
            return self._store

    @property
    def kind(self) -> str:
        return str(self._opened().kind)

    def describe(self) -> str:
        return str(self._opened().describe())

    def get(self, ref: str) -> Any:
        return self._opened().get(ref)

    def set(self, ref: str, value: Any) -> None:
        self._opened().set(ref, value)

    def delete(self, ref: str) -> bool:
        return bool(self._opened().delete(ref))


def _registry(database: Any) -> Any:
    from pvesphere_desktop.store import ClusterRegistry

    return ClusterRegistry(database)


class _NoSecrets:
    """A secret store that has nothing (the vault stayed locked): clusters need a login."""

    kind = "none"

    def describe(self) -> str:
        return "unavailable"

    def get(self, ref: str) -> None:
        return None

    def set(self, ref: str, value: object) -> None:
        raise PveSphereError("the credential store is locked")

    def delete(self, ref: str) -> bool:
        return False
