"""Details fetched on request (guest config with digest, snapshots, agent data) and the bounded
metric history (rrddata points), each with the time it was fetched so callers apply a TTL.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, and_, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from pvesphere_desktop.core.ids import GuestKey
from pvesphere_desktop.store.db import Database
from pvesphere_desktop.store.errors import ClusterNotFoundError
from pvesphere_desktop.store.models import ClusterRow, GuestDetailRow, GuestRow, MetricSampleRow

DETAILS: Table = GuestDetailRow.__table__  # type: ignore[assignment]
METRICS: Table = MetricSampleRow.__table__  # type: ignore[assignment]
GUESTS: Table = GuestRow.__table__  # type: ignore[assignment]
CLUSTERS: Table = ClusterRow.__table__  # type: ignore[assignment]

# At most this many points per object and timeframe (PVE 9 returns up to 1,440).
MAX_POINTS = 1500
# History older than this is dropped whatever the timeframe.
MAX_AGE_S = 400 * 86400


@dataclass(frozen=True, slots=True)
class Cached:
    """A cached detail and when it was fetched."""

    value: Any
    fetched_at: float

    def fresh(self, ttl_s: float, now: float | None = None) -> bool:
        return ((now if now is not None else time.time()) - self.fetched_at) <= ttl_s


@dataclass(frozen=True, slots=True)
class GuestDetails:
    config: Cached | None = None  # value: dict of config keys
    digest: str | None = None
    snapshots: Cached | None = None  # value: list of snapshot dicts
    agent: Cached | None = None  # value: dict (network interfaces...)


class DetailsStore:
    """Cache of per-guest details and metric history."""

    def __init__(self, database: Database) -> None:
        self._db = database
        self._dialect = database.engine.dialect.name

    def _cid(self, conn: Connection, cluster: str) -> int:
        found = conn.execute(select(CLUSTERS.c.id).where(CLUSTERS.c.name == cluster)).scalar()
        if found is None:
            raise ClusterNotFoundError(name=cluster)
        return int(found)

    def _insert(self) -> Any:
        return sqlite.insert if self._dialect == "sqlite" else postgresql.insert

    # -- guest details --------------------------------------------------------------------------

    def put(
        self,
        key: GuestKey,
        *,
        config: Mapping[str, Any] | None = None,
        snapshots: Sequence[Mapping[str, Any]] | None = None,
        agent: Mapping[str, Any] | None = None,
        at: float | None = None,
    ) -> bool:
        """Store the given details of a cached guest; return False if the guest is not cached.

        The config's ``digest`` is kept apart so a change can be detected cheaply.
        """
        now = at if at is not None else time.time()
        values: dict[str, Any] = {}
        if config is not None:
            values["config"] = dict(config)
            values["digest"] = str(config.get("digest")) if config.get("digest") else None
            values["config_fetched_at"] = now
        if snapshots is not None:
            values["snapshots"] = [dict(s) for s in snapshots]
            values["snapshots_fetched_at"] = now
        if agent is not None:
            values["agent"] = dict(agent)
            values["agent_fetched_at"] = now
        if not values:
            return True
        with self._db.write_connection() as conn:
            cid = self._cid(conn, key.cluster)
            exists = conn.execute(
                select(GUESTS.c.vmid).where(
                    and_(GUESTS.c.cluster_id == cid, GUESTS.c.vmid == key.vmid)
                )
            ).first()
            if exists is None:
                return False
            stmt = self._insert()(DETAILS).values(cluster_id=cid, vmid=key.vmid, **values)
            stmt = stmt.on_conflict_do_update(
                index_elements=[DETAILS.c.cluster_id, DETAILS.c.vmid],
                set_={name: stmt.excluded[name] for name in values},
            )
            conn.execute(stmt)
        return True

    def get(self, key: GuestKey) -> GuestDetails:
        """Return what is cached for the guest (empty GuestDetails when nothing)."""
        with self._db.read_connection() as conn:
            cid = self._cid(conn, key.cluster)
            row = conn.execute(
                select(DETAILS).where(and_(DETAILS.c.cluster_id == cid, DETAILS.c.vmid == key.vmid))
            ).first()
        if row is None:
            return GuestDetails()

        def cached(value: Any, at: float | None) -> Cached | None:
            return Cached(value, at) if at is not None else None

        return GuestDetails(
            config=cached(row.config, row.config_fetched_at),
            digest=row.digest,
            snapshots=cached(row.snapshots, row.snapshots_fetched_at),
            agent=cached(row.agent, row.agent_fetched_at),
        )

    def digest(self, key: GuestKey) -> str | None:
        """Return the cached config digest of the guest."""
        return self.get(key).digest

    # -- metric history -------------------------------------------------------------------------

    def put_metrics(
        self,
        cluster: str,
        object_id: str,
        timeframe: str,
        rows: Sequence[Mapping[str, Any]],
    ) -> int:
        """Store rrddata rows (each with an integer ``time``); keep at most MAX_POINTS.

        Returns how many rows were stored. Rows without a usable time are skipped.
        """
        points: dict[int, dict[str, Any]] = {}
        for row in rows:
            stamp = row.get("time")
            if isinstance(stamp, bool) or not isinstance(stamp, (int, float, str)):
                continue
            try:
                when = int(float(stamp))
            except ValueError:
                continue
            points[when] = {k: v for k, v in row.items() if k != "time"}
        with self._db.write_connection() as conn:
            cid = self._cid(conn, cluster)
            if points:
                stmt = self._insert()(METRICS)
                stmt = stmt.on_conflict_do_update(
                    index_elements=[
                        METRICS.c.cluster_id,
                        METRICS.c.object_id,
                        METRICS.c.timeframe,
                        METRICS.c.time,
                    ],
                    set_={"values": stmt.excluded["values"]},
                )
                conn.execute(
                    stmt,
                    [
                        {
                            "cluster_id": cid,
                            "object_id": object_id,
                            "timeframe": timeframe,
                            "time": when,
                            "values": values,
                        }
                        for when, values in points.items()
                    ],
                )
            self._prune(conn, cid, object_id, timeframe)
        return len(points)

    def _prune(self, conn: Connection, cid: int, object_id: str, timeframe: str) -> None:
        scope = and_(
            METRICS.c.cluster_id == cid,
            METRICS.c.object_id == object_id,
            METRICS.c.timeframe == timeframe,
        )
        conn.execute(delete(METRICS).where(and_(scope, METRICS.c.time < time.time() - MAX_AGE_S)))
        cutoff = conn.execute(
            select(METRICS.c.time)
            .where(scope)
            .order_by(METRICS.c.time.desc())
            .offset(MAX_POINTS)
            .limit(1)
        ).scalar()
        if cutoff is not None:
            conn.execute(delete(METRICS).where(and_(scope, METRICS.c.time <= cutoff)))

    def metrics(
        self, cluster: str, object_id: str, timeframe: str
    ) -> tuple[list[dict[str, Any]], float | None]:
        """Return the stored rows (oldest first, each with ``time``) and the newest time."""
        with self._db.read_connection() as conn:
            cid = self._cid(conn, cluster)
            rows = conn.execute(
                select(METRICS.c.time, METRICS.c["values"])
                .where(
                    and_(
                        METRICS.c.cluster_id == cid,
                        METRICS.c.object_id == object_id,
                        METRICS.c.timeframe == timeframe,
                    )
                )
                .order_by(METRICS.c.time)
            ).all()
        result = [{"time": when, **(values or {})} for when, values in rows]
        return result, (float(rows[-1][0]) if rows else None)

    def metric_point_count(self) -> int:
        """Return the number of stored metric points (diagnostics)."""
        with self._db.read_connection() as conn:
            return int(conn.execute(select(func.count()).select_from(METRICS)).scalar() or 0)
