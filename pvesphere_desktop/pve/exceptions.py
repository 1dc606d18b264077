"""The errors only the connection layer raises, each with a translatable template.

Templates use the ``"Errors"`` context, in which ``PveSphereError`` renders every message.
"""

from __future__ import annotations

from pvesphere_desktop.core.errors import AuthenticationError, InvalidInputError, NotFoundError
from pvesphere_desktop.core.i18n import QT_TRANSLATE_NOOP


class InvalidUrlError(InvalidInputError):
    template = QT_TRANSLATE_NOOP("Errors", "Invalid URL: expected https://HOST[:PORT].")


class InvalidTokenError(InvalidInputError):
    template = QT_TRANSLATE_NOOP("Errors", "Invalid API token: expected USER@REALM!TOKENID=SECRET.")


class InvalidUserError(InvalidInputError):
    template = QT_TRANSLATE_NOOP("Errors", "Invalid user: expected USER@REALM.")


class InvalidFingerprintError(InvalidInputError):
    template = QT_TRANSLATE_NOOP(
        "Errors", "Invalid SHA-256 fingerprint: expected 32 hexadecimal bytes such as AA:BB:…"
    )


class CaFileError(InvalidInputError):
    template = QT_TRANSLATE_NOOP("Errors", "Cannot use the CA file {path}: {detail}")


class GuestNotFoundError(NotFoundError):
    template = QT_TRANSLATE_NOOP("Errors", "There is no guest with VMID {vmid} in {cluster}.")


class ActionNotPossibleError(InvalidInputError):
    template = QT_TRANSLATE_NOOP("Errors", "“{action}” is not possible for a {type} guest.")


class TfaRejectedError(AuthenticationError):
    template = QT_TRANSLATE_NOOP("Errors", "The second factor was not accepted.")


class NoTfaPendingError(AuthenticationError):
    template = QT_TRANSLATE_NOOP("Errors", "No second-factor login is waiting for an answer.")
