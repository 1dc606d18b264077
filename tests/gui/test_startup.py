"""What start-up defers until the window shows the cache: the secret store, the sync engine,
work queued behind a frame."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import SIGNAL, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLabel, QWidget

from pvesphere_desktop.core.secret import Secret
from pvesphere_desktop.secrets import PASSWORD_ENV
from pvesphere_desktop.store import Database
from pvesphere_desktop.ui.backend import FleetBackend
from pvesphere_desktop.ui.startup import DeferredSecrets, VaultPrompter
from pvesphere_desktop.ui.views.common import after_paint


def _in_thread(fn):
    box = {}
    thread = threading.Thread(target=lambda: box.setdefault("value", fn()))
    thread.start()
    thread.join(30)
    return box["value"]


def test_the_secret_store_opens_on_first_use_from_a_worker(qapp, tmp_path, monkeypatch):
    monkeypatch.setenv("PVESPHERE_SECRETS", "vault")
    monkeypatch.setenv(PASSWORD_ENV, "correct horse")
    prompter = VaultPrompter()
    secrets = DeferredSecrets(tmp_path, prompter)
    assert secrets._store is None  # nothing opened by building it
    assert "vault" in _in_thread(secrets.describe)
    assert secrets.kind == "vault"
    secrets.set("cluster:lab", Secret("token-value"))
    stored = _in_thread(lambda: secrets.get("cluster:lab"))
    assert stored is not None
    assert stored.reveal() == "token-value"
    assert secrets.delete("cluster:lab")
    assert not prompter.notices
    prompter.deleteLater()


def test_unavailable_credentials_warn_once_and_clusters_need_a_login(
    qapp, qtbot, tmp_path, monkeypatch
):
    monkeypatch.setenv("PVESPHERE_SECRETS", "neither")  # a wrong choice cannot be opened
    prompter = VaultPrompter()
    secrets = DeferredSecrets(tmp_path, prompter)
    assert _in_thread(lambda: secrets.get("cluster:lab")) is None
    assert secrets.get("cluster:other") is None
    qtbot.waitUntil(lambda: len(prompter.notices) == 1, timeout=2000)
    box = prompter.notices[0]
    assert box.windowTitle() == "Credentials are not available"
    assert "keyring" in box.text()
    box.close()
    qtbot.waitUntil(lambda: not prompter.notices, timeout=2000)
    assert len(prompter.notices) == 0
    prompter.deleteLater()


def test_after_paint_runs_once_the_widget_painted(qapp, qtbot):
    label = QLabel("x")
    qtbot.addWidget(label)
    painted: list[bool] = []
    seen: list[bool] = []
    label.paintEvent = lambda event: (painted.append(True), QLabel.paintEvent(label, event))
    after_paint([label], lambda: seen.append(bool(painted)), fallback_ms=60_000)
    qtbot.wait(50)
    assert not seen  # hidden: nothing painted, nothing run
    label.show()
    qtbot.waitUntil(lambda: bool(seen), timeout=2000)
    assert seen == [True]
    label.update()
    qtbot.wait(50)
    assert seen == [True]  # once


def test_after_paint_falls_back_when_nothing_paints(qapp, qtbot):
    label = QLabel("never shown")
    qtbot.addWidget(label)
    seen: list[bool] = []
    after_paint([label], lambda: seen.append(True), fallback_ms=30)
    qtbot.waitUntil(lambda: bool(seen), timeout=2000)
    qtbot.wait(50)
    assert seen == [True]


@pytest.fixture
def backend(app_paths):
    database = Database.for_data_dir(app_paths.data_dir)
    posted: list[object] = []
    backend = FleetBackend(database, _Secrets(), posted.append)
    yield backend
    backend.stop()
    database.close()


class _Secrets:
    kind = "memory"

    def describe(self) -> str:
        return "memory"

    def get(self, ref: str) -> None:
        return None


def test_the_sync_engine_is_made_on_first_use_and_a_stop_wins(backend):
    assert backend._engine is None  # building the backend imports no sync stack
    backend.stop()
    backend.start()  # after a stop (the window closed meanwhile): made, never run
    assert backend.engine is backend.engine
    assert "sync-scheduler" not in {t.name for t in threading.enumerate()}


def test_start_runs_the_engine_until_stop(backend):
    backend.start()
    assert "sync-scheduler" in {t.name for t in threading.enumerate()}
    backend.stop()
    assert "sync-scheduler" not in {t.name for t in threading.enumerate()}


def test_stop_waits_for_a_start_in_progress(app_paths):
    # The window closes while the start job still opens the secret store (a vault prompt):
    # the job ends first and starts nothing, so nothing of it outlives the application.
    opening, release = threading.Event(), threading.Event()
    order: list[str] = []

    class SlowSecrets(_Secrets):
        def describe(self) -> str:
            opening.set()
            release.wait(10)
            order.append("opened")
            return "slow"

    database = Database.for_data_dir(app_paths.data_dir)
    backend = FleetBackend(database, SlowSecrets(), lambda item: None)
    starter = threading.Thread(target=backend.start)
    starter.start()
    assert opening.wait(10)
    threading.Timer(0.1, release.set).start()
    backend.stop()
    order.append("stopped")
    starter.join(10)
    database.close()
    assert order == ["opened", "stopped"]
    assert "sync-scheduler" not in {t.name for t in threading.enumerate()}


def test_a_window_on_a_stale_cache_greys_those_rows_from_the_first_frame(
    qapp, qtbot, app_paths, fleet_factory
):
    # The cached health arrives with the guests: stale rows are greyed and aged at once.
    from PySide6.QtCore import Qt

    from pvesphere_desktop.core.config import ClusterConfig
    from pvesphere_desktop.core.enums import Health
    from pvesphere_desktop.core.status import ClusterStatus
    from pvesphere_desktop.store import ClusterRegistry
    from pvesphere_desktop.store.inventory import CycleWrite, InventoryStore
    from pvesphere_desktop.ui.bridge import SyncBridge
    from pvesphere_desktop.ui.main_window import MainWindow
    from pvesphere_desktop.ui.settings import Settings

    database = Database.for_data_dir(app_paths.data_dir)
    registry, store = ClusterRegistry(database), InventoryStore(database)
    health = {"alpha": Health.OK, "beta": Health.UNREACHABLE}
    for name in health:
        registry.add(ClusterConfig(name=name, url=f"https://127.0.0.1:{8006 + len(name)}"))
    for name, state in health.items():
        status = ClusterStatus(name, state, last_ok_at=1000.0, last_attempt_at=2000.0)
        guests = list(fleet_factory.guests(name, 30).values())
        store.apply(CycleWrite(store.cluster_ids()[name], 1000.0, status, guests_upsert=guests))
    bridge = SyncBridge()
    backend = FleetBackend(database, _Secrets(), bridge.post)
    backend.start = lambda: None  # offline
    window = MainWindow(Settings(app_paths.settings_file), backend, bridge=bridge)
    bridge.setParent(window)
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.cache_shown, timeout=10_000):
            window.show()
            window.start()
        model = window.guest_model
        assert model.rowCount() == 60
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            stale = model.guest_at(row).cluster == "beta"
            assert ("seen" in index.data()) is stale
            assert (index.data(Qt.ItemDataRole.ForegroundRole) is not None) is stale
        # Back online: its rows are repainted (views cache what they drew).
        spans: list[tuple[int, int]] = []
        model.dataChanged.connect(
            lambda first, last, _roles: spans.append((first.row(), last.row()))
        )
        live = ClusterStatus("beta", Health.OK, last_ok_at=3000.0, last_attempt_at=3000.0)
        window.fleet.apply_status(live)
        beta = [row for row in range(60) if model.guest_at(row).cluster == "beta"]
        assert any(first <= beta[0] and beta[-1] <= last for first, last in spans)
        assert "seen" not in model.index(beta[0], 0).data()
        # A guest's pane shows its text at once; its charts (pyqtgraph) come after its paint.
        pane = window.guest_pane
        window.open_key(model.guest_at(beta[0]).key)
        assert window._detail_is(pane)
        assert pane.title.text()
        assert pane._charts is None
        qtbot.waitUntil(lambda: pane._charts is not None, timeout=10_000)
        qtbot.waitUntil(lambda: pane._charts.status.text() != "", timeout=10_000)  # data asked
    finally:
        window.shutdown(wait=True)
        database.close()


def test_the_cache_read_started_early_is_the_one_the_window_gets(app_paths, fleet_factory):
    from pvesphere_desktop.core.config import ClusterConfig
    from pvesphere_desktop.core.enums import Health
    from pvesphere_desktop.core.status import ClusterStatus
    from pvesphere_desktop.store import ClusterRegistry
    from pvesphere_desktop.store.inventory import CycleWrite, InventoryStore

    database = Database.for_data_dir(app_paths.data_dir)
    ClusterRegistry(database).add(ClusterConfig(name="alpha", url="https://127.0.0.1:8006"))
    store = InventoryStore(database)
    guests = list(fleet_factory.guests("alpha", 12).values())
    status = ClusterStatus("alpha", Health.OK, last_ok_at=1.0)
    store.apply(CycleWrite(store.cluster_ids()["alpha"], 1.0, status, guests_upsert=guests))
    backend = FleetBackend(database, _Secrets(), lambda item: None)
    try:
        backend.prefetch_cache()
        early = backend.load_cache()
        assert early.read_started <= early.read_finished
        again = backend.load_cache()  # read anew
        assert again is not early
        for load in (early, again):
            assert load.clusters == ["alpha"]
            assert load.changesets[0].of("guests").added == {g.key: g for g in guests}
    finally:
        backend.stop()
        database.close()


def test_a_worker_waiting_for_the_vault_password_gives_up_when_the_app_quits(qapp, qtbot):
    # The start job may ask for the vault's password; quitting before the question was even
    # shown must not leave the worker waiting (the process would not exit).
    before = qapp.receivers(SIGNAL("aboutToQuit()"))
    prompter = VaultPrompter()
    assert qapp.receivers(SIGNAL("aboutToQuit()")) == before + 1  # told when the app quits
    answers: list[str | None] = []
    worker = threading.Thread(target=lambda: answers.append(prompter(False)))
    worker.start()  # its question is queued: nothing processes events here
    worker.join(0.3)
    assert worker.is_alive()
    prompter.quitting()  # what aboutToQuit calls
    worker.join(5)
    assert not worker.is_alive()
    assert answers == [None]
    # The queued question arrives now: nobody waits for it, so no dialog may open (one that
    # did is noted and closed, or this test would wait in it forever).
    opened: list[QWidget] = []

    def close_dialogs() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QInputDialog) and widget.isVisible():
                opened.append(widget)
                widget.reject()

    QTimer.singleShot(200, close_dialogs)
    qtbot.wait(400)
    assert not opened
    prompter.deleteLater()
