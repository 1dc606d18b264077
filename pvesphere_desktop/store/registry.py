"""The cluster registry: the user's cluster connections, persisted in the ``clusters`` table.

Stores :class:`~pvesphere_desktop.core.config.ClusterConfig` exactly, never a secret (the
secrets layer keeps those under ``config.secret_ref``). Every change bumps the row's
``generation`` so a running sync engine (in this process or another) picks it up.
"""

from __future__ import annotations

import builtins
import logging
import re
import time
from collections.abc import Mapping

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from pvesphere_desktop.core.config import AuthMethod, ClusterConfig, TlsMode
from pvesphere_desktop.store.db import Database
from pvesphere_desktop.store.errors import (
    ClusterExistsError,
    ClusterNotFoundError,
    InvalidClusterConfigError,
)
from pvesphere_desktop.store.models import ClusterRow

log = logging.getLogger(__name__)

MAX_NAME = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def validate(config: ClusterConfig) -> None:
    """Raise InvalidClusterConfigError when ``config`` cannot be stored."""
    name = config.name
    if not name or name != name.strip() or len(name) > MAX_NAME or _CONTROL.search(name):
        raise InvalidClusterConfigError(f"name {name!r}")
    if not config.url or _CONTROL.search(config.url):
        raise InvalidClusterConfigError(f"url {config.url!r}")
    # A secret pasted into the wrong field must not end up in the database.
    for field_name, value in (("user", config.user), ("token_id", config.token_id)):
        if "=" in value or _CONTROL.search(value) or " " in value:
            raise InvalidClusterConfigError(field_name)
    if config.interval_s <= 0 or config.timeout_s <= 0:
        raise InvalidClusterConfigError("interval_s/timeout_s")


def row_to_config(row: ClusterRow) -> ClusterConfig:
    """Build the core configuration from a stored row."""
    return ClusterConfig(
        name=row.name,
        url=row.url,
        auth=AuthMethod(row.auth),
        user=row.user,
        token_id=row.token_id,
        tls=TlsMode(row.tls),
        ca_file=row.ca_file,
        fingerprints=dict(row.fingerprints or {}),
        known_endpoints=dict(row.known_endpoints or {}),
        failover=row.failover,
        enabled=row.enabled,
        interval_s=row.interval_s,
        timeout_s=row.timeout_s,
    )


def _apply(row: ClusterRow, config: ClusterConfig) -> None:
    row.name = config.name
    row.url = config.url
    row.auth = AuthMethod(config.auth).value
    row.user = config.user
    row.token_id = config.token_id
    row.tls = TlsMode(config.tls).value
    row.ca_file = config.ca_file
    row.fingerprints = _plain(config.fingerprints)
    row.known_endpoints = _plain(config.known_endpoints)
    row.failover = config.failover
    row.enabled = config.enabled
    row.interval_s = float(config.interval_s)
    row.timeout_s = float(config.timeout_s)


def _plain(mapping: Mapping[str, str]) -> dict[str, str]:
    return {str(k): str(v) for k, v in mapping.items()}


class ClusterRegistry:
    """Add, read, update and remove cluster connections (thread-safe; one DB transaction each)."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def add(self, config: ClusterConfig) -> ClusterConfig:
        """Store a new connection; raise ClusterExistsError when the name is taken."""
        validate(config)
        now = time.time()
        row = ClusterRow(created_at=now, updated_at=now, generation=1)
        _apply(row, config)
        try:
            with self._db.write() as session:
                if session.scalar(select(ClusterRow.id).where(ClusterRow.name == config.name)):
                    raise ClusterExistsError(name=config.name)
                session.add(row)
        except IntegrityError as exc:  # a concurrent add of the same name
            raise ClusterExistsError(name=config.name) from exc
        log.info("cluster %s added", config.name)
        return row_to_config(row)

    def get(self, name: str) -> ClusterConfig:
        """Return the connection called ``name``; raise ClusterNotFoundError if there is none."""
        found = self.find(name)
        if found is None:
            raise ClusterNotFoundError(name=name)
        return found

    def find(self, name: str) -> ClusterConfig | None:
        """Return the connection called ``name`` or None."""
        with self._db.session() as session:
            row = session.scalar(select(ClusterRow).where(ClusterRow.name == name))
            return row_to_config(row) if row is not None else None

    def list(self) -> list[ClusterConfig]:
        """Return every connection, ordered by name."""
        with self._db.session() as session:
            rows = session.scalars(select(ClusterRow).order_by(ClusterRow.name)).all()
            return [row_to_config(row) for row in rows]

    def names(self) -> builtins.list[str]:
        """Return every connection's name, ordered."""
        with self._db.session() as session:
            return list(session.scalars(select(ClusterRow.name).order_by(ClusterRow.name)))

    def generations(self) -> dict[str, int]:
        """Return name -> generation for every connection (cheap change detection)."""
        with self._db.session() as session:
            rows = session.execute(select(ClusterRow.name, ClusterRow.generation)).all()
            return {name: generation for name, generation in rows}  # noqa: C416 - typed

    def update(self, config: ClusterConfig, *, old_name: str | None = None) -> ClusterConfig:
        """Replace the stored settings of ``old_name`` (default ``config.name``) with ``config``.

        Renaming keeps the cluster's cached inventory and user data (they reference the row).
        Raises ClusterNotFoundError, or ClusterExistsError when renaming onto a taken name.
        """
        validate(config)
        current_name = old_name if old_name is not None else config.name
        try:
            with self._db.write() as session:
                row = session.scalar(select(ClusterRow).where(ClusterRow.name == current_name))
                if row is None:
                    raise ClusterNotFoundError(name=current_name)
                if config.name != current_name and session.scalar(
                    select(ClusterRow.id).where(ClusterRow.name == config.name)
                ):
                    raise ClusterExistsError(name=config.name)
                _apply(row, config)
                row.generation += 1
                row.updated_at = time.time()
                result = row_to_config(row)
        except IntegrityError as exc:
            raise ClusterExistsError(name=config.name) from exc
        if config.name != current_name:
            log.info("cluster %s renamed to %s", current_name, config.name)
        else:
            log.info("cluster %s updated", config.name)
        return result

    def learn(
        self, name: str, known_endpoints: Mapping[str, str], fingerprints: Mapping[str, str]
    ) -> bool:
        """Store what a session learnt (node addresses, fingerprints of newly seen nodes).

        Existing pins are never replaced (re-pinning is an explicit user action through
        :meth:`update`), and the generation is not bumped: a running sync keeps its session.
        Returns whether anything changed. A removed cluster is ignored.
        """
        with self._db.write() as session:
            row = session.scalar(select(ClusterRow).where(ClusterRow.name == name))
            if row is None:
                return False
            pins = dict(row.fingerprints or {})
            for key, value in fingerprints.items():
                pins.setdefault(str(key), str(value))
            endpoints = _plain(known_endpoints)
            if pins == (row.fingerprints or {}) and endpoints == (row.known_endpoints or {}):
                return False
            row.fingerprints = pins
            row.known_endpoints = endpoints
            row.updated_at = time.time()
        return True

    def touch(self, name: str) -> None:
        """Mark the connection as changed (e.g. its secret was replaced) so sync reconnects."""
        with self._db.write() as session:
            result = session.execute(
                update(ClusterRow)
                .where(ClusterRow.name == name)
                .values(generation=ClusterRow.generation + 1, updated_at=time.time())
            )
            if not getattr(result, "rowcount", 0):
                raise ClusterNotFoundError(name=name)

    def remove(self, name: str) -> None:
        """Delete the connection and everything cached for it; raise ClusterNotFoundError."""
        with self._db.write() as session:
            row = session.scalar(select(ClusterRow).where(ClusterRow.name == name))
            if row is None:
                raise ClusterNotFoundError(name=name)
            session.delete(row)
        log.info("cluster %s removed", name)

    def cluster_id(self, name: str) -> int:
        """Return the row id of ``name`` (used by the other repositories)."""
        with self._db.session() as session:
            found = session.scalar(select(ClusterRow.id).where(ClusterRow.name == name))
            if found is None:
                raise ClusterNotFoundError(name=name)
            return found
