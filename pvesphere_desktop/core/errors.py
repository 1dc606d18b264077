"""The error taxonomy: environment problems users can act on, each with a translatable message.

Programming errors are not modelled here; they propagate to the crash dialog and the log.
No field of these errors may hold a secret (password, token secret, ticket).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from pvesphere_desktop.core.i18n import QT_TRANSLATE_NOOP, UserMessage

_CTX = "Errors"  # lupdate reads literals only: the calls below repeat it


class PveSphereError(Exception):
    """Base of every expected error. ``message`` is what users see.

    ``retryable`` tells background work whether trying again later may help (a host that is
    down) or not (a refused permission) without the user doing something first.
    """

    template: str = QT_TRANSLATE_NOOP("Errors", "The operation failed.")
    retryable: ClassVar[bool] = False

    def __init__(self, detail: str = "", **args: Any) -> None:
        self.detail = detail  # technical detail (PVE's own text), shown after the message
        self.args_map: Mapping[str, Any] = args
        super().__init__(str(self.message))

    @property
    def message(self) -> UserMessage:
        values = dict(self.args_map)
        values.setdefault("detail", self.detail)
        return UserMessage(_CTX, self.template, values)


class UnreachableError(PveSphereError):
    template = QT_TRANSLATE_NOOP("Errors", "Cannot reach {host}: {detail}")
    retryable = True


class TlsError(PveSphereError):
    template = QT_TRANSLATE_NOOP("Errors", "The TLS connection to {host} failed: {detail}")


class FingerprintMismatchError(TlsError):
    template = QT_TRANSLATE_NOOP(
        "Errors",
        "The certificate of {host} has changed. Pinned fingerprint: {expected}. "
        "Presented fingerprint: {actual}. Re-pin only if you know why it changed.",
    )


class UntrustedCertificateError(TlsError):
    template = QT_TRANSLATE_NOOP(
        "Errors",
        "The certificate of {host} is not trusted yet. Fingerprint: {fingerprint}, "
        "subject: {subject}.",
    )


class AuthenticationError(PveSphereError):
    template = QT_TRANSLATE_NOOP("Errors", "Authentication failed: {detail}")


class TfaRequiredError(AuthenticationError):
    template = QT_TRANSLATE_NOOP("Errors", "A second factor is required to log in.")

    @property
    def methods(self) -> tuple[str, ...]:
        """The second factors PVE offers for this login (``totp``, ``recovery``, ...)."""
        return tuple(self.args_map.get("methods", ()))


class TfaUnsupportedError(AuthenticationError):
    template = QT_TRANSLATE_NOOP(
        "Errors",
        "This account only offers a second factor this application cannot use ({methods}). "
        "Add a TOTP app or recovery keys to the account, or use an API token instead.",
    )


class NeedsLoginError(AuthenticationError):
    template = QT_TRANSLATE_NOOP(
        "Errors", "The session with {host} has ended and needs you to log in again."
    )


class PermissionDeniedError(PveSphereError):
    template = QT_TRANSLATE_NOOP("Errors", "Permission denied: {detail}")

    @property
    def path(self) -> str | None:
        """The ACL path PVE checked, e.g. ``/vms/100``, when it said so."""
        value = self.args_map.get("path")
        return str(value) if value else None

    @property
    def privilege(self) -> str | None:
        """The privilege PVE required, e.g. ``VM.PowerMgmt``, when it said so."""
        value = self.args_map.get("privilege")
        return str(value) if value else None


class NotFoundError(PveSphereError):
    template = QT_TRANSLATE_NOOP("Errors", "Not found: {detail}")


class ValidationError(PveSphereError):
    template = QT_TRANSLATE_NOOP("Errors", "PVE rejected the parameters: {detail}")

    def __init__(self, detail: str = "", errors: Mapping[str, str] | None = None, **args: Any):
        self.errors: Mapping[str, str] = dict(errors or {})
        super().__init__(detail, **args)


class ConflictError(PveSphereError):
    template = QT_TRANSLATE_NOOP("Errors", "Conflict: {detail}")


class ServerError(PveSphereError):
    template = QT_TRANSLATE_NOOP("Errors", "PVE reported an error: {detail}")
    retryable = True


class TaskTimeoutError(PveSphereError):
    template = QT_TRANSLATE_NOOP(
        "Errors", "The task {upid} was still running after {seconds} seconds."
    )
    retryable = True


class InvalidInputError(PveSphereError):
    template = QT_TRANSLATE_NOOP("Errors", "Invalid {what}: {detail}")


class MalformedResponseError(PveSphereError):
    template = QT_TRANSLATE_NOOP("Errors", "PVE sent a reply that could not be read: {detail}")
    retryable = True


class StoreError(PveSphereError):
    template = QT_TRANSLATE_NOOP("Errors", "The local cache could not be used: {detail}")


class SecretsError(PveSphereError):
    template = QT_TRANSLATE_NOOP("Errors", "The credential store could not be used: {detail}")
