"""Add or edit a cluster connection: URL, token or password (+ realm, TFA), the
trust-on-first-use certificate step, and a connection test before anything is saved."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pvesphere_desktop.core.config import AuthMethod, ClusterConfig, TlsMode
from pvesphere_desktop.core.enums import NodeStatus
from pvesphere_desktop.core.errors import (
    InvalidInputError,
    PveSphereError,
    TfaRequiredError,
    TlsError,
)
from pvesphere_desktop.core.secret import Secret
from pvesphere_desktop.pve.session import normalize_url, parse_token
from pvesphere_desktop.pve.tls import CertificateInfo, host_port
from pvesphere_desktop.ui.i18n import translate
from pvesphere_desktop.ui.workers import WorkerPool

log = logging.getLogger(__name__)

DEFAULT_REALMS = (("pam", "Linux PAM"), ("pve", "Proxmox VE"))


def _message(exc: BaseException) -> str:
    if isinstance(exc, PveSphereError):
        return exc.message.render(translate)
    raise exc


def describe_certificate(info: CertificateInfo, parent: QWidget | None = None) -> str:
    """Return the certificate facts a user needs to decide (rich text)."""
    valid = info.not_after.strftime("%Y-%m-%d") if info.not_after else "?"
    issuer = info.issuer or "?"
    if info.self_signed:
        issuer += " " + QCoreApplication.translate("Certificate", "(self-signed)")
    rows = [
        (QCoreApplication.translate("Certificate", "Endpoint"), info.host_port),
        (
            QCoreApplication.translate("Certificate", "SHA-256 fingerprint"),
            f"<code>{info.fingerprint}</code>",
        ),
        (QCoreApplication.translate("Certificate", "Subject"), info.subject or "?"),
        (QCoreApplication.translate("Certificate", "Issuer"), issuer),
        (QCoreApplication.translate("Certificate", "Valid until"), valid),
    ]
    return (
        "<table>"
        + "".join(
            f"<tr><td style='padding-right:10px;color:gray'>{k}</td><td>{v}</td></tr>"
            for k, v in rows
        )
        + "</table>"
    )


class AddClusterDialog(QDialog):
    """Connect a cluster (or edit one when ``existing`` is given).

    Nothing is saved until a connection test succeeded; the secret goes to the secrets layer,
    the settings to the cluster registry (through the backend).

    Signals:
        saved(object): the ClusterConfig that was saved.
        removed(str): the cluster was removed (edit mode).
    """

    saved = Signal(object)
    removed = Signal(str)

    def __init__(
        self,
        workers: WorkerPool,
        backend: Any,
        existing: ClusterConfig | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("addClusterDialog")
        self._workers = workers
        self._backend = backend
        self.existing = existing
        self.certificate: CertificateInfo | None = None
        self.checked: Any = None  # ConnectionCheck of the last successful test
        self._busy = False
        self.setWindowTitle(
            self.tr("Edit cluster connection") if existing else self.tr("Add a cluster")
        )
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)

        intro = QLabel(
            self.tr(
                "Connect a Proxmox VE cluster or a standalone node. An API token is recommended "
                "for background work; a user login works too, with two-factor codes."
            )
        )
        intro.setWordWrap(True)
        intro.setObjectName("muted")
        layout.addWidget(intro)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("clusterName")
        self.name_edit.setPlaceholderText(self.tr("e.g. fra-prod"))
        form.addRow(self.tr("Name:"), self.name_edit)
        self.url_edit = QLineEdit()
        self.url_edit.setObjectName("clusterUrl")
        self.url_edit.setPlaceholderText("https://pve1.example.com:8006")
        form.addRow(self.tr("URL:"), self.url_edit)
        layout.addLayout(form)

        # -- credentials ---------------------------------------------------------------
        auth_box = QGroupBox(self.tr("Log in with"))
        auth_layout = QVBoxLayout(auth_box)
        choice = QHBoxLayout()
        self.token_radio = QRadioButton(self.tr("API token"))
        self.token_radio.setObjectName("authToken")
        self.password_radio = QRadioButton(self.tr("User and password"))
        self.password_radio.setObjectName("authPassword")
        group = QButtonGroup(self)
        group.addButton(self.token_radio)
        group.addButton(self.password_radio)
        self.token_radio.setChecked(True)
        choice.addWidget(self.token_radio)
        choice.addWidget(self.password_radio)
        choice.addStretch(1)
        auth_layout.addLayout(choice)
        self.auth_stack = QStackedWidget()
        token_page = QWidget()
        token_form = QFormLayout(token_page)
        token_form.setContentsMargins(0, 0, 0, 0)
        self.token_id_edit = QLineEdit()
        self.token_id_edit.setObjectName("tokenId")
        self.token_id_edit.setPlaceholderText(
            self.tr("USER@REALM!TOKENID (or paste the whole token)")
        )
        self.token_secret_edit = QLineEdit()
        self.token_secret_edit.setObjectName("tokenSecret")
        self.token_secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_secret_edit.setPlaceholderText("xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx")
        token_form.addRow(self.tr("Token ID:"), self.token_id_edit)
        token_form.addRow(self.tr("Secret:"), self.token_secret_edit)
        self.auth_stack.addWidget(token_page)
        password_page = QWidget()
        password_form = QFormLayout(password_page)
        password_form.setContentsMargins(0, 0, 0, 0)
        user_row = QHBoxLayout()
        self.user_edit = QLineEdit()
        self.user_edit.setObjectName("userName")
        self.user_edit.setPlaceholderText("root")
        self.realm_combo = QComboBox()
        self.realm_combo.setObjectName("realm")
        self.realm_combo.setMinimumWidth(200)
        self._set_realms([{"realm": r, "comment": c} for r, c in DEFAULT_REALMS])
        user_row.addWidget(self.user_edit, 1)
        user_row.addWidget(QLabel("@"))
        user_row.addWidget(self.realm_combo)
        password_form.addRow(self.tr("User:"), user_row)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        password_form.addRow(self.tr("Password:"), self.password_edit)
        self.otp_edit = QLineEdit()
        self.otp_edit.setObjectName("otp")
        self.otp_edit.setPlaceholderText(self.tr("only if the account uses two-factor login"))
        password_form.addRow(self.tr("TFA code:"), self.otp_edit)
        self.auth_stack.addWidget(password_page)
        auth_layout.addWidget(self.auth_stack)
        layout.addWidget(auth_box)
        self.token_radio.toggled.connect(lambda on: self.auth_stack.setCurrentIndex(0 if on else 1))

        # -- trust ---------------------------------------------------------------------
        trust_box = QGroupBox(self.tr("Certificate"))
        trust_layout = QVBoxLayout(trust_box)
        mode_row = QHBoxLayout()
        self.tls_combo = QComboBox()
        self.tls_combo.setObjectName("tlsMode")
        self.tls_combo.addItem(self.tr("Pin the certificate (trust on first use)"), TlsMode.PINNED)
        self.tls_combo.addItem(
            self.tr("Verify with the system's certificate authorities"), TlsMode.SYSTEM
        )
        self.tls_combo.addItem(self.tr("Verify with a CA file…"), TlsMode.CA_FILE)
        mode_row.addWidget(self.tls_combo, 1)
        self.ca_button = QPushButton(self.tr("Choose CA file…"))
        self.ca_button.clicked.connect(self._choose_ca)
        self.ca_button.hide()
        mode_row.addWidget(self.ca_button)
        trust_layout.addLayout(mode_row)
        self.ca_file: str | None = None
        self.cert_label = QLabel()
        self.cert_label.setObjectName("certificate")
        self.cert_label.setTextFormat(Qt.TextFormat.RichText)
        self.cert_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cert_label.setWordWrap(True)
        trust_layout.addWidget(self.cert_label)
        self.trust_check = QCheckBox(
            self.tr("I have compared this fingerprint with the one shown on the server; trust it")
        )
        self.trust_check.setObjectName("trustCertificate")
        self.trust_check.hide()
        trust_layout.addWidget(self.trust_check)
        layout.addWidget(trust_box)
        self.tls_combo.currentIndexChanged.connect(self._tls_changed)

        # -- test + result -------------------------------------------------------------
        test_row = QHBoxLayout()
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.setObjectName("testConnection")
        self.test_button.clicked.connect(self.test)
        test_row.addWidget(self.test_button)
        self.result_label = QLabel()
        self.result_label.setObjectName("testResult")
        self.result_label.setWordWrap(True)
        test_row.addWidget(self.result_label, 1)
        layout.addLayout(test_row)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton(
            self.tr("Save") if existing else self.tr("Add cluster"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.save_button.setObjectName("saveCluster")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        if existing is not None:
            self.remove_button = self.buttons.addButton(
                self.tr("Remove cluster…"), QDialogButtonBox.ButtonRole.DestructiveRole
            )
            self.remove_button.setObjectName("removeCluster")
            self.remove_button.clicked.connect(self._remove)
            self.repin_button = self.buttons.addButton(
                self.tr("Re-pin certificate…"), QDialogButtonBox.ButtonRole.ActionRole
            )
            self.repin_button.setObjectName("repinCertificate")
            self.repin_button.clicked.connect(self._repin)
        layout.addWidget(self.buttons)

        for edit in (
            self.url_edit, self.token_id_edit, self.token_secret_edit, self.user_edit,
            self.password_edit, self.name_edit,
        ):  # fmt: skip
            edit.textChanged.connect(self._invalidate)
        self.url_edit.textChanged.connect(self._url_changed)
        self.token_id_edit.textChanged.connect(self._split_pasted_token)
        self.trust_check.toggled.connect(self._invalidate)
        self.realm_combo.currentIndexChanged.connect(self._invalidate)
        self.token_radio.toggled.connect(self._invalidate)
        if existing is not None:
            self._fill(existing)

    # -- form helpers ---------------------------------------------------------------------
    def _fill(self, config: ClusterConfig) -> None:
        self.name_edit.setText(config.name)
        self.url_edit.setText(config.url)
        if config.auth is AuthMethod.TOKEN:
            self.token_radio.setChecked(True)
            self.token_id_edit.setText(f"{config.user}!{config.token_id}")
            self.token_secret_edit.setPlaceholderText(self.tr("unchanged (stored in the keyring)"))
        else:
            self.password_radio.setChecked(True)
            user, _, realm = config.user.partition("@")
            self.user_edit.setText(user)
            self._select_realm(realm)
            self.password_edit.setPlaceholderText(self.tr("unchanged (stored in the keyring)"))
        index = self.tls_combo.findData(config.tls)
        self.tls_combo.setCurrentIndex(max(0, index))
        self.ca_file = config.ca_file
        if config.tls is TlsMode.PINNED and config.fingerprints:
            pins = "<br>".join(
                f"{k}: <code>{v}</code>" for k, v in sorted(config.fingerprints.items())
            )
            self.cert_label.setText(self.tr("Pinned:") + "<br>" + pins)

    def _set_realms(self, realms: list[dict[str, Any]]) -> None:
        current = self.realm_combo.currentData()
        self.realm_combo.clear()
        for realm in realms:
            name = str(realm.get("realm", ""))
            if not name:
                continue
            comment = str(realm.get("comment") or "")
            self.realm_combo.addItem(f"{name} — {comment}" if comment else name, name)
        self._select_realm(current or "pam")

    def _select_realm(self, realm: str) -> None:
        index = self.realm_combo.findData(realm)
        if index < 0 and realm:
            self.realm_combo.addItem(realm, realm)
            index = self.realm_combo.count() - 1
        self.realm_combo.setCurrentIndex(max(0, index))

    def _split_pasted_token(self, text: str) -> None:
        if "=" in text and "!" in text:
            try:
                user, token_id, secret = parse_token(text)
            except InvalidInputError:
                return
            self.token_id_edit.blockSignals(True)
            self.token_id_edit.setText(f"{user}!{token_id}")
            self.token_id_edit.blockSignals(False)
            self.token_secret_edit.setText(secret.reveal())

    def _tls_changed(self) -> None:
        mode = self.tls_combo.currentData()
        self.ca_button.setVisible(mode == TlsMode.CA_FILE)
        self.trust_check.setVisible(mode == TlsMode.PINNED and self.certificate is not None)
        self._invalidate()

    def _choose_ca(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("CA certificate (PEM)"),
            "",
            self.tr("PEM files (*.pem *.crt);;All files (*)"),
        )
        if path:
            self.ca_file = path
            self.cert_label.setText(self.tr("CA file: {path}").format(path=path))
            self._invalidate()

    def _url_changed(self) -> None:
        self.certificate = None
        self.trust_check.setChecked(False)
        self.trust_check.hide()
        if self.existing is None or self.url_edit.text() != self.existing.url:
            self.cert_label.clear()

    def _invalidate(self, *_: Any) -> None:
        self.checked = None
        self.save_button.setEnabled(False)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.test_button.setEnabled(not busy)
        if text:
            self.result_label.setText(text)

    def _error(self, text: str) -> None:
        self._set_busy(False)
        self.result_label.setText(f"<span style='color:#dc2626'>{text}</span>")

    # -- building the configuration --------------------------------------------------------
    def build(self) -> tuple[ClusterConfig, Secret | None]:
        """Return the configuration and secret from the form; raise InvalidInputError."""
        name = self.name_edit.text().strip()
        if not name:
            raise InvalidInputError(self.tr("give the connection a name"), what=self.tr("name"))
        url = normalize_url(self.url_edit.text())
        base = self.existing or ClusterConfig(name=name, url=url)
        config = base.with_changes(name=name, url=url)
        secret: Secret | None
        if self.token_radio.isChecked():
            ident = self.token_id_edit.text().strip()
            user, bang, token_id = ident.partition("!")
            if not bang or "@" not in user or not token_id:
                raise InvalidInputError(
                    self.tr("expected USER@REALM!TOKENID"), what=self.tr("token ID")
                )
            text = self.token_secret_edit.text().strip()
            secret = Secret(text) if text else None
            config = config.with_changes(auth=AuthMethod.TOKEN, user=user, token_id=token_id)
        else:
            user = self.user_edit.text().strip()
            if not user:
                raise InvalidInputError(self.tr("enter a user name"), what=self.tr("user"))
            if "@" not in user:
                user = f"{user}@{self.realm_combo.currentData() or 'pam'}"
            text = self.password_edit.text()
            secret = Secret(text) if text else None
            config = config.with_changes(auth=AuthMethod.PASSWORD, user=user, token_id="")
        mode = TlsMode(self.tls_combo.currentData())
        if mode is TlsMode.PINNED:
            pins = dict(config.fingerprints) if self.existing and url == self.existing.url else {}
            if self.certificate is not None and self.trust_check.isChecked():
                pins[self.certificate.host_port] = self.certificate.fingerprint
            config = config.with_changes(tls=mode, fingerprints=pins, ca_file=None)
        elif mode is TlsMode.CA_FILE:
            if not self.ca_file:
                raise InvalidInputError(self.tr("choose a CA file"), what=self.tr("certificate"))
            config = config.with_changes(tls=mode, ca_file=self.ca_file)
        else:
            config = config.with_changes(tls=mode, ca_file=None)
        if secret is None and self.existing is None:
            raise InvalidInputError(self.tr("enter the secret or password"), what=self.tr("secret"))
        return config, secret

    def _secret_for_test(self, secret: Secret | None, config: ClusterConfig) -> Secret | None:
        if secret is not None:
            return secret
        if self.existing is not None:
            return self._backend.secrets.get(self.existing.secret_ref)
        return None

    # -- the steps ------------------------------------------------------------------------
    def test(self) -> None:
        """Check the certificate (TOFU), then log in and read version and nodes."""
        if self._busy:
            return
        try:
            config, secret = self.build()
        except PveSphereError as exc:
            self._error(_message(exc))
            return
        if config.tls is TlsMode.PINNED and host_port(config.url) not in config.fingerprints:
            self._probe(config.url)
            return
        backend = self._backend
        otp = self.otp_edit.text().strip() or None
        self._set_busy(True, self.tr("Connecting…"))

        def job() -> Any:
            used = self._secret_for_test(secret, config)
            if used is None:
                raise InvalidInputError("no stored secret", what="secret")
            return backend.check(config, used, otp)

        self._workers.submit(job, self._tested, self._test_failed)
        if config.auth is AuthMethod.PASSWORD:
            self._workers.submit(lambda: backend.realms(config), self._set_realms, lambda _e: None)

    def _probe(self, url: str) -> None:
        self._set_busy(True, self.tr("Reading the certificate…"))
        self._workers.submit(lambda: self._backend.probe(url), self._probed, self._test_failed)

    def _probed(self, info: CertificateInfo) -> None:
        self._set_busy(False)
        self.certificate = info
        self.cert_label.setText(
            self.tr("The server presented this certificate:") + describe_certificate(info, self)
        )
        self.trust_check.setChecked(False)
        self.trust_check.show()
        self.result_label.setText(
            self.tr("Compare the fingerprint, tick the box, then test the connection again.")
        )

    def _tested(self, check: Any) -> None:
        self._set_busy(False)
        self.checked = check
        nodes = check.nodes
        online = sum(1 for n in nodes if n.status is NodeStatus.ONLINE)
        kind = (
            self.tr("cluster “{name}”").format(name=check.info.name)
            if len(nodes) > 1 or check.info.node_count > 1
            else self.tr("standalone node")
        )
        self.result_label.setText(
            "<span style='color:#16a34a'>✔</span> "
            + self.tr("Connected: PVE {version}, {kind}, {nodes} nodes ({online} online)").format(
                version=check.version.version, kind=kind, nodes=len(nodes), online=online
            )
        )
        self.save_button.setEnabled(True)
        self.save_button.setDefault(True)

    def _test_failed(self, exc: BaseException) -> None:
        if isinstance(exc, TfaRequiredError):
            self.password_radio.setChecked(True)
            self.otp_edit.setFocus()
            self._error(self.tr("This account uses two-factor login: enter the current code."))
            return
        text = _message(exc)
        if isinstance(exc, TlsError):
            text += "<br>" + self.tr("Check the certificate settings above.")
        self._error(text)

    def save(self) -> None:
        """Save the tested configuration and its secret."""
        if self.checked is None:
            return
        try:
            _config, secret = self.build()
        except PveSphereError as exc:
            self._error(_message(exc))
            return
        final = self.checked.config
        backend = self._backend
        self._set_busy(True, self.tr("Saving…"))
        self.save_button.setEnabled(False)
        if self.existing is None:
            assert secret is not None
            job = lambda: backend.add_cluster(final, secret)  # noqa: E731
        else:
            old = self.existing.name
            job = lambda: backend.update_cluster(final, secret, old_name=old)  # noqa: E731
        self._workers.submit(job, self._saved, self._test_failed)

    def _saved(self, config: ClusterConfig) -> None:
        self._set_busy(False)
        self.saved.emit(config)
        self.accept()

    def _remove(self) -> None:
        assert self.existing is not None
        name = self.existing.name
        answer = QMessageBox.question(
            self,
            self.tr("Remove cluster"),
            self.tr(
                "Remove {name}? Its settings, stored credential and cached data are deleted "
                "from this computer. The cluster itself is not changed."
            ).format(name=name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._workers.submit(
            lambda: self._backend.remove_cluster(name),
            lambda _: (self.removed.emit(name), self.accept()),
            self._test_failed,
        )

    def _repin(self) -> None:
        """Show the certificate the server presents now; pin it after confirmation."""
        try:
            url = normalize_url(self.url_edit.text())
        except PveSphereError as exc:
            self._error(_message(exc))
            return
        self.tls_combo.setCurrentIndex(self.tls_combo.findData(TlsMode.PINNED))
        self._probe(url)
