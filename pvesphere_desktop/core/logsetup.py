"""Logging for every entry point: one rotating file, secrets redacted everywhere."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from pvesphere_desktop.core.redact import RedactingFilter

ROOT_LOGGER = "pvesphere_desktop"
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"


def configure_logging(
    log_file: Path | None, level: int = logging.INFO, console: bool = False
) -> logging.Logger:
    """Set up the package's logger: rotating file, optional stderr, redaction on every handler.

    Safe to call more than once (handlers are replaced, not stacked).
    """
    logger = logging.getLogger(ROOT_LOGGER)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    logger.setLevel(level)
    logger.propagate = False
    formatter = logging.Formatter(_FORMAT)
    handlers: list[logging.Handler] = []
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
            )
        )
    if console:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler.setFormatter(formatter)
        handler.addFilter(RedactingFilter())
        logger.addHandler(handler)
    return logger
