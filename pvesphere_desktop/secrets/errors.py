"""The errors of the credential store, each with a translatable template (context "Errors")."""

from __future__ import annotations

from pvesphere_desktop.core.errors import InvalidInputError, SecretsError
from pvesphere_desktop.core.i18n import QT_TRANSLATE_NOOP


class NoKeyringError(SecretsError):
    template = QT_TRANSLATE_NOOP("Errors", "This system has no usable keyring.")


class KeyringRefusedError(SecretsError):
    template = QT_TRANSLATE_NOOP("Errors", "The keyring refused the request ({detail}).")


class BackendChoiceError(InvalidInputError):
    template = QT_TRANSLATE_NOOP("Errors", "{env} must be “keyring” or “vault”.")


class VaultLockedError(SecretsError):
    template = QT_TRANSLATE_NOOP(
        "Errors", "The credential vault is locked: enter its master password or set {env}."
    )


class WrongMasterPasswordError(SecretsError):
    template = QT_TRANSLATE_NOOP(
        "Errors", "Wrong master password, or the credential vault was altered."
    )


class VaultDamagedError(SecretsError):
    template = QT_TRANSLATE_NOOP("Errors", "The credential vault {path} is damaged.")


class VaultTooNewError(SecretsError):
    template = QT_TRANSLATE_NOOP(
        "Errors", "The credential vault {path} was written by a newer version of PveSphere."
    )


class VaultUnreadableError(SecretsError):
    template = QT_TRANSLATE_NOOP("Errors", "Cannot read the credential vault {path}: {detail}")


class WeakMasterPasswordError(InvalidInputError):
    template = QT_TRANSLATE_NOOP(
        "Errors", "The master password is too short: use at least {minimum} characters."
    )


class MissingCredentialError(SecretsError):
    template = QT_TRANSLATE_NOOP(
        "Errors", "No credential is stored for {name}: remove the cluster and add it again."
    )
