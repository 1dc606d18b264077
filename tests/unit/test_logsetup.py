"""Logging: one rotating private file, redaction on every handler, no stacked handlers."""

from __future__ import annotations

import logging
import logging.handlers
import os
import stat
import uuid
from pathlib import Path

import pytest

from pvesphere_desktop.core.logsetup import (
    BACKUP_COUNT,
    MAX_BYTES,
    ROOT_LOGGER,
    configure_logging,
    installed_handlers,
)


def test_one_rotating_file_even_when_configured_twice(tmp_path: Path, read_log) -> None:
    log_file = tmp_path / "logs" / "pvesphere.log"
    configure_logging(log_file)
    configure_logging(log_file)
    handlers = installed_handlers()
    assert len(handlers) == 1
    assert isinstance(handlers[0], logging.handlers.RotatingFileHandler)
    assert handlers[0].maxBytes == MAX_BYTES
    assert handlers[0].backupCount == BACKUP_COUNT
    logging.getLogger("pvesphere_desktop.sync.test").info("cycle %d done", 7)
    text = read_log(log_file)
    assert text.count("cycle 7 done") == 1
    assert " INFO    pvesphere_desktop.sync.test [MainThread] cycle 7 done" in text


def test_reconfiguring_moves_to_the_new_file(tmp_path: Path, read_log) -> None:
    configure_logging(tmp_path / "a.log")
    configure_logging(tmp_path / "b.log")
    logging.getLogger(ROOT_LOGGER).warning("where am I")
    assert "where am I" in read_log(tmp_path / "b.log")
    assert "where am I" not in read_log(tmp_path / "a.log")


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_log_file_is_private(tmp_path: Path) -> None:
    configure_logging(tmp_path / "logs" / "pvesphere.log")
    logging.getLogger(ROOT_LOGGER).info("x")
    assert stat.S_IMODE((tmp_path / "logs" / "pvesphere.log").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "logs").stat().st_mode) == 0o700


def test_file_rotates(tmp_path: Path, read_log) -> None:
    log_file = tmp_path / "pvesphere.log"
    configure_logging(log_file)
    installed_handlers()[0].maxBytes = 2_000  # rotate after a few lines instead of 2 MB
    log = logging.getLogger("pvesphere_desktop.test")
    for number in range(100):
        log.info("line %03d %s", number, "x" * 60)
    assert (tmp_path / "pvesphere.log.1").exists()
    assert "line 099" in read_log(log_file)
    assert len(list(tmp_path.glob("pvesphere.log.*"))) <= BACKUP_COUNT


def test_secrets_never_reach_the_file(tmp_path: Path, read_log) -> None:
    secret = str(uuid.uuid4())
    log_file = tmp_path / "pvesphere.log"
    configure_logging(log_file)
    log = logging.getLogger("pvesphere_desktop.pve.session")
    log.info("auth header %s", {"Authorization": f"PVEAPIToken=root@pam!ci={secret}"})
    try:
        raise RuntimeError(f"login failed for password={secret}")
    except RuntimeError:
        log.exception("login failed")
    text = read_log(log_file)
    assert secret not in text
    assert "PVEAPIToken=root@pam!ci=***" in text or "'Authorization': '***'" in text
    assert "RuntimeError: login failed for password=***" in text


def test_library_warnings_land_in_the_file_redacted(tmp_path: Path, read_log) -> None:
    secret = str(uuid.uuid4())
    log_file = tmp_path / "pvesphere.log"
    configure_logging(log_file)
    urllib3 = logging.getLogger("urllib3.connectionpool")
    urllib3.warning("Retrying /api2/json?password=%s", secret)
    urllib3.info("Starting new HTTPS connection (1): 127.0.0.1:8006")  # below WARNING
    text = read_log(log_file)
    assert "Retrying /api2/json?password=***" in text
    assert secret not in text
    assert "Starting new HTTPS connection" not in text


def test_debug_level_and_console(tmp_path: Path, capsys) -> None:
    configure_logging(tmp_path / "p.log", level=logging.DEBUG, console=True)
    assert len(installed_handlers()) == 2
    logging.getLogger("pvesphere_desktop.cli").debug("token=%s", "abcdef123456")
    err = capsys.readouterr().err
    assert "token=***" in err
    assert "abcdef123456" not in err


def test_foreign_handlers_survive(tmp_path: Path) -> None:
    foreign = logging.NullHandler()
    logging.getLogger().addHandler(foreign)
    try:
        configure_logging(tmp_path / "a.log")
        configure_logging(tmp_path / "b.log")
        assert foreign in logging.getLogger().handlers
    finally:
        logging.getLogger().removeHandler(foreign)
