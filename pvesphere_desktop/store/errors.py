"""Expected errors of the store, with translatable messages."""

from __future__ import annotations

from pvesphere_desktop.core.errors import ConflictError, NotFoundError, ValidationError
from pvesphere_desktop.core.i18n import QT_TRANSLATE_NOOP

_CTX = "Errors"


class ClusterNotFoundError(NotFoundError):
    template = QT_TRANSLATE_NOOP(_CTX, "There is no cluster named “{name}”.")


class ClusterExistsError(ConflictError):
    template = QT_TRANSLATE_NOOP(_CTX, "A cluster named “{name}” already exists.")


class InvalidClusterConfigError(ValidationError):
    template = QT_TRANSLATE_NOOP(_CTX, "The cluster settings are not valid: {detail}")
