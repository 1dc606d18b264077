"""The secret store interface and how the application picks one.

Secrets are keyed by ``ClusterConfig.secret_ref``. The OS keyring is used whenever it offers a
safe backend; otherwise an encrypted vault file in the data directory. ``PVESPHERE_SECRETS``
(``keyring`` or ``vault``) forces one.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Protocol

from pvesphere_desktop.core.errors import SecretsError
from pvesphere_desktop.core.i18n import QT_TRANSLATE_NOOP
from pvesphere_desktop.core.secret import Secret
from pvesphere_desktop.secrets.keyring_store import KeyringSecretStore, usable_keyring
from pvesphere_desktop.secrets.vault import VAULT_FILENAME, PasswordPrompt, VaultSecretStore

log = logging.getLogger(__name__)

_CTX = "Secrets"
BACKEND_ENV = "PVESPHERE_SECRETS"


class SecretStore(Protocol):
    """Where cluster credentials live. Implementations never log or echo a value."""

    kind: str

    def describe(self) -> str:
        """Name the backend for diagnostics (no secret in it)."""
        ...

    def get(self, ref: str) -> Secret | None: ...

    def set(self, ref: str, value: str | Secret) -> None: ...

    def delete(self, ref: str) -> bool: ...


def open_secret_store(
    data_dir: Path, prompt: PasswordPrompt | None = None, prefer: str | None = None
) -> SecretStore:
    """Return the keyring store when the OS has a safe keyring, else the vault in ``data_dir``."""
    choice = (prefer or os.environ.get(BACKEND_ENV) or "").strip().lower()
    if choice not in ("", "keyring", "vault"):
        raise SecretsError(
            QT_TRANSLATE_NOOP(_CTX, "{env} must be keyring or vault").format(env=BACKEND_ENV)
        )
    if choice != "vault":
        backend = usable_keyring()
        if backend is not None:
            return KeyringSecretStore(backend)
        if choice == "keyring":
            raise SecretsError(QT_TRANSLATE_NOOP(_CTX, "no usable keyring on this system"))
        log.info("no usable OS keyring; using the encrypted vault")
    return VaultSecretStore(Path(data_dir) / VAULT_FILENAME, prompt)
