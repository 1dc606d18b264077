"""Non-modal re-login (password + second factor) and the changed-certificate decision."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from pvesphere_desktop.core.config import AuthMethod, ClusterConfig
from pvesphere_desktop.core.errors import PveSphereError, TfaRequiredError
from pvesphere_desktop.pve.tls import CertificateInfo, host_port
from pvesphere_desktop.ui.dialogs.add_cluster import describe_certificate
from pvesphere_desktop.ui.i18n import translate
from pvesphere_desktop.ui.workers import WorkerPool

log = logging.getLogger(__name__)


class ReloginDialog(QDialog):
    """Log in to one cluster again without blocking the rest of the window.

    Signals:
        logged_in(str): the cluster's new session works; sync continues with it.
    """

    logged_in = Signal(str)

    def __init__(
        self,
        workers: WorkerPool,
        backend: Any,
        config: ClusterConfig,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reloginDialog")
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._workers = workers
        self._backend = backend
        self.config = config
        self.setWindowTitle(self.tr("Log in to {name}").format(name=config.name))
        layout = QVBoxLayout(self)
        text = self.tr(
            "{name} needs you to log in again ({user}). The rest of the fleet keeps working "
            "meanwhile; this cluster shows cached data until then."
        ).format(name=config.name, user=config.user)
        intro = QLabel(text)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.password = QLineEdit()
        self.password.setObjectName("reloginPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        if config.auth is AuthMethod.TOKEN:
            self.password.setPlaceholderText(self.tr("new token secret (leave empty to retry)"))
            form.addRow(self.tr("Token secret:"), self.password)
        else:
            self.password.setPlaceholderText(self.tr("leave empty to use the stored password"))
            form.addRow(self.tr("Password:"), self.password)
        self.otp = QLineEdit()
        self.otp.setObjectName("reloginOtp")
        self.otp.setPlaceholderText(self.tr("TOTP code or recovery key"))
        if config.auth is AuthMethod.PASSWORD:
            form.addRow(self.tr("TFA code:"), self.otp)
        layout.addLayout(form)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.login_button = buttons.addButton(
            self.tr("Log in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.login_button.setObjectName("reloginButton")
        self.login_button.setDefault(True)
        self.login_button.clicked.connect(self.submit)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)

    def submit(self) -> None:
        password = self.password.text() or None
        otp = self.otp.text().strip() or None
        name = self.config.name
        self.login_button.setEnabled(False)
        self.status.setText(self.tr("Logging in…"))
        self._workers.submit(
            lambda: self._backend.relogin(name, password, otp), self._done, self._failed
        )

    def _done(self, _version: Any) -> None:
        self.logged_in.emit(self.config.name)
        self.close()

    def _failed(self, exc: BaseException) -> None:
        self.login_button.setEnabled(True)
        if isinstance(exc, TfaRequiredError):
            self.status.setText(self.tr("Enter the current code of your second factor."))
            self.otp.setFocus()
            return
        if not isinstance(exc, PveSphereError):
            raise exc
        self.status.setText(exc.message.render(translate))


class CertificateChangedDialog(QDialog):
    """Show the pinned and the presented fingerprints; re-pin only if the user confirms.

    Signals:
        repinned(str): the new fingerprint was pinned for the cluster.
    """

    repinned = Signal(str)

    def __init__(
        self,
        workers: WorkerPool,
        backend: Any,
        config: ClusterConfig,
        presented: CertificateInfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("certificateChangedDialog")
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._workers = workers
        self._backend = backend
        self.config = config
        self.presented = presented
        self.setWindowTitle(self.tr("Certificate changed: {name}").format(name=config.name))
        layout = QVBoxLayout(self)
        warning = QLabel(
            self.tr(
                "The certificate of {endpoint} is not the one you trusted. This happens when "
                "the certificate was renewed or replaced, but also when someone intercepts "
                "the connection. Pin the new one only if you know why it changed."
            ).format(endpoint=presented.host_port)
        )
        warning.setWordWrap(True)
        layout.addWidget(warning)
        old = config.fingerprints.get(presented.host_port) or config.fingerprints.get(
            host_port(config.url), "?"
        )
        self.old_label = QLabel(self.tr("Pinned fingerprint:") + f"<br><code>{old}</code>")
        self.old_label.setObjectName("oldFingerprint")
        self.old_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.old_label)
        self.new_label = QLabel(
            self.tr("Presented certificate:") + describe_certificate(presented, self)
        )
        self.new_label.setObjectName("newFingerprint")
        self.new_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.new_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.pin_button = buttons.addButton(
            self.tr("Trust the new certificate"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.pin_button.setObjectName("pinNewCertificate")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        self.pin_button.clicked.connect(self._pin)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.status = QLabel()
        layout.addWidget(self.status)

    def _pin(self) -> None:
        name, info = self.config.name, self.presented
        self.pin_button.setEnabled(False)
        self._workers.submit(
            lambda: self._backend.repin(name, info.host_port, info.fingerprint),
            lambda _cfg: (self.repinned.emit(name), self.close()),
            lambda exc: self.status.setText(
                exc.message.render(translate) if isinstance(exc, PveSphereError) else str(exc)
            ),
        )
