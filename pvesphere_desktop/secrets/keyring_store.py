"""Secrets in the operating system's keyring (Secret Service, macOS Keychain, Windows Vault).

One service name for the application, one entry per cluster credential, keyed by
``ClusterConfig.secret_ref``. Backends that would keep secrets in plain text or not at all
(``keyring``'s fail/null backends, anything from ``keyrings.alt``) count as "no keyring".
"""

from __future__ import annotations

import logging
from typing import Any

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from pvesphere_desktop.core.errors import SecretsError
from pvesphere_desktop.core.i18n import QT_TRANSLATE_NOOP
from pvesphere_desktop.core.secret import Secret

log = logging.getLogger(__name__)

_CTX = "Secrets"
SERVICE = "pvesphere-desktop"
_REJECTED_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


def _acceptable(backend: Any) -> bool:
    module = type(backend).__module__
    if any(module == bad or module.startswith(bad + ".") for bad in _REJECTED_MODULES):
        return False
    try:
        return float(backend.priority) > 0
    except Exception:  # a backend whose priority check fails cannot be used
        return False


def usable_keyring() -> KeyringBackend | None:
    """The keyring backend we may use, or None when the OS offers no safe one."""
    backend = keyring.get_keyring()
    inner = getattr(backend, "backends", None)
    if inner is not None:  # the chainer: use the best acceptable backend it holds
        for candidate in inner:
            if _acceptable(candidate):
                return candidate  # type: ignore[no-any-return]
        return None
    return backend if _acceptable(backend) else None


class KeyringSecretStore:
    """Secrets kept by an OS keyring backend."""

    kind = "keyring"

    def __init__(self, backend: KeyringBackend, service: str = SERVICE) -> None:
        self._backend = backend
        self._service = service

    def describe(self) -> str:
        return f"keyring ({type(self._backend).__module__}.{type(self._backend).__name__})"

    def get(self, ref: str) -> Secret | None:
        try:
            value = self._backend.get_password(self._service, ref)
        except keyring.errors.KeyringError as exc:
            raise self._error(exc) from None
        return Secret(value) if value is not None else None

    def set(self, ref: str, value: str | Secret) -> None:
        try:
            self._backend.set_password(self._service, ref, Secret(value).reveal())
        except keyring.errors.KeyringError as exc:
            raise self._error(exc) from None
        log.info("stored the secret %s in the %s", ref, self.describe())

    def delete(self, ref: str) -> bool:
        try:
            self._backend.delete_password(self._service, ref)
        except keyring.errors.PasswordDeleteError:
            return False
        except keyring.errors.KeyringError as exc:
            raise self._error(exc) from None
        log.info("deleted the secret %s from the keyring", ref)
        return True

    @staticmethod
    def _error(exc: Exception) -> SecretsError:
        # keyring errors describe the backend, never the secret value
        return SecretsError(
            QT_TRANSLATE_NOOP(_CTX, "the keyring refused the request ({kind})").format(
                kind=type(exc).__name__
            )
        )
