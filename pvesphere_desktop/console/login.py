"""A password (+ second factor) login made only to open consoles, kept in memory only.

Used where the cluster's credentials cannot open a console: an API token and a node shell on
PVE before 9.0.13. The ticket lives in a :class:`PveSession` held by
:class:`~pvesphere_desktop.console.pve_opener.ConsoleLogins`; the password is not stored.
"""

from __future__ import annotations

import concurrent.futures
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from pvesphere_desktop.console.pve_opener import ConsoleLogins
from pvesphere_desktop.core.config import AuthMethod, ClusterConfig
from pvesphere_desktop.core.errors import PveSphereError, TfaRequiredError
from pvesphere_desktop.core.secret import Secret
from pvesphere_desktop.pve.session import PveSession

log = logging.getLogger(__name__)

# Runs a blocking call off the GUI thread and returns a future (the console service does).
Runner = Callable[[Callable[[], Any]], concurrent.futures.Future[Any]]


class _Relay(QObject):
    """Signals:
    done(object): the finished future, delivered on the GUI thread.
    """

    done = Signal(object)


class ConsoleLoginDialog(QDialog):
    """Ask for a user's password (and a TOTP/recovery code when PVE wants one); log in.

    Signals:
        logged_in(str): the cluster now has a console login.
    """

    logged_in = Signal(str)

    def __init__(
        self,
        config: ClusterConfig,
        logins: ConsoleLogins,
        run: Runner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("consoleLoginDialog")
        self.setWindowTitle(self.tr("Log in to open the console"))
        self._config = config
        self._logins = logins
        self._run = run
        self._session: PveSession | None = None
        self._relay = _Relay(self)
        self._relay.done.connect(self._finished)

        intro = QLabel(
            self.tr(
                "The API token of {cluster} cannot open this console. Log in as a user who "
                "can; the login is kept in memory for consoles only and never saved."
            ).format(cluster=config.name),
            self,
        )
        intro.setWordWrap(True)
        self.user_edit = QLineEdit(config.user or "root@pam", self)
        self.user_edit.setObjectName("consoleLoginUser")
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("consoleLoginPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.code_edit = QLineEdit(self)
        self.code_edit.setObjectName("consoleLoginCode")
        self.code_edit.setPlaceholderText(self.tr("TOTP code or recovery key"))
        self.code_label = QLabel(self.tr("Second factor:"), self)
        self.code_label.hide()
        self.code_edit.hide()
        self.error_label = QLabel(self)
        self.error_label.setObjectName("consoleLoginError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        form = QFormLayout()
        form.addRow(self.tr("User (user@realm):"), self.user_edit)
        form.addRow(self.tr("Password:"), self.password_edit)
        form.addRow(self.code_label, self.code_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Log in"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.password_edit.setFocus()

    def submit(self) -> None:
        """Log in (first step), or answer the second-factor challenge (second step)."""
        self._busy(True)
        if self._session is not None and self.code_edit.isVisible():
            session = self._session
            code = self.code_edit.text().strip()
            if session.pending_tfa_methods:
                future = self._run(lambda: session.complete_tfa(code))
            else:  # PVE before 7.2: the code goes with a new login
                future = self._run(lambda: session.login(otp=code))
        else:
            user = self.user_edit.text().strip()
            config = self._config.with_changes(auth=AuthMethod.PASSWORD, user=user, token_id="")
            try:
                session = PveSession(config, Secret(self.password_edit.text()))
            except PveSphereError as exc:
                self._show_error(str(exc.message))
                return
            self._session = session
            future = self._run(session.login)
        relay = self._relay
        future.add_done_callback(relay.done.emit)

    def _finished(self, future: concurrent.futures.Future[Any]) -> None:
        self._busy(False)
        error = future.exception()
        if isinstance(error, TfaRequiredError):
            self.code_label.show()
            self.code_edit.show()
            self.code_edit.setFocus()
            self._show_error(self.tr("Enter the second factor of this account."))
            return
        if isinstance(error, PveSphereError):
            if self._session is not None and not self.code_edit.isVisible():
                self._session.close()
                self._session = None
            self._show_error(str(error.message))
            return
        if error is not None:
            raise error
        assert self._session is not None
        self._logins.put(self._config.name, self._session)
        self.password_edit.clear()
        log.info("cluster %s: console login made (kept in memory only)", self._config.name)
        self.logged_in.emit(self._config.name)
        self.accept()

    def reject(self) -> None:
        if self._session is not None and self._logins.get(self._config.name) is not self._session:
            self._session.close()
        self._session = None
        self.password_edit.clear()
        super().reject()

    def _busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)

    def _show_error(self, text: str) -> None:
        self._busy(False)
        self.error_label.setText(text)
        self.error_label.show()
