"""Logging for every entry point: one rotating file, secrets redacted everywhere.

Handlers sit on the root logger so that warnings of the libraries we use (urllib3, proxmoxer,
asyncio, Qt through the GUI's message handler) land in the same file, redacted like our own
records. Our own package logs at ``level``; other loggers keep the root's WARNING threshold.
Only handlers installed here are ever removed, so test harnesses keep theirs.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from pvesphere_desktop.core.redact import RedactingFilter

ROOT_LOGGER = "pvesphere_desktop"
LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"
MAX_BYTES = 2_000_000
BACKUP_COUNT = 5

_OWNED = "_pvesphere_handler"


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file readable by its owner only (logs name hosts and users)."""

    def _open(self):  # type: ignore[no-untyped-def]  # typeshed's return type is private
        # Create the file 0600 instead of with the umask's default; existing files keep theirs.
        os.close(os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        return super()._open()


def configure_logging(
    log_file: Path | None, level: int = logging.INFO, console: bool = False
) -> logging.Logger:
    """Install the rotating file (and optionally stderr) with redaction; return our logger.

    Safe to call more than once: the handlers of an earlier call are replaced, not stacked.
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _OWNED, False):
            root.removeHandler(handler)
            handler.close()
    ours = logging.getLogger(ROOT_LOGGER)
    ours.setLevel(level)
    ours.propagate = True
    formatter = logging.Formatter(LOG_FORMAT)
    handlers: list[logging.Handler] = []
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handlers.append(
            PrivateRotatingFileHandler(
                log_file, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
            )
        )
    if console:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler.setFormatter(formatter)
        handler.addFilter(RedactingFilter())
        setattr(handler, _OWNED, True)
        root.addHandler(handler)
    return ours


def installed_handlers() -> list[logging.Handler]:
    """Return the handlers :func:`configure_logging` installed (for tests and diagnostics)."""
    return [h for h in logging.getLogger().handlers if getattr(h, _OWNED, False)]
