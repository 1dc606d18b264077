"""Health of a cluster connection: classify failures, pick retry delays, say it once in the log."""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass

from pvesphere_desktop.core.enums import Health
from pvesphere_desktop.core.errors import (
    AuthenticationError,
    PermissionDeniedError,
    PveSphereError,
    SecretsError,
    TlsError,
)

log = logging.getLogger(__name__)

FAILED = frozenset({Health.UNREACHABLE, Health.NEEDS_LOGIN, Health.TLS_CHANGED})


def classify(error: BaseException) -> Health:
    """Return the health a failed cycle puts a cluster in."""
    if isinstance(error, TlsError):
        return Health.TLS_CHANGED
    if isinstance(error, AuthenticationError | PermissionDeniedError | SecretsError):
        return Health.NEEDS_LOGIN
    return Health.UNREACHABLE


def describe(error: BaseException) -> str:
    """Return the user-facing English text of ``error`` (no secrets: errors never hold any)."""
    if isinstance(error, PveSphereError):
        return str(error.message)
    return f"{type(error).__name__}: {str(error)[:300]}"


@dataclass(frozen=True, slots=True)
class Backoff:
    """Retry delays after consecutive failures: doubling from ``minimum`` to ``maximum``, with
    jitter so that many clusters failing together do not retry in lockstep."""

    minimum: float = 5.0
    maximum: float = 300.0
    jitter: float = 0.2  # +/- 20 %

    def delay(self, failures: int, rng: random.Random | None = None) -> float:
        """Return the wait before the next attempt after ``failures`` failures in a row (>= 1)."""
        exponent = max(0, min(failures - 1, 30))
        base = min(self.maximum, self.minimum * (2**exponent))
        spread = base * self.jitter
        value: float = base + (rng or random).uniform(-spread, spread)
        return max(self.minimum, min(self.maximum, value))


class HealthLog:
    """Edge-triggered logging: one line when a cluster goes bad (or bad in a new way) and one
    when it recovers; repeated identical failures are logged at debug level only."""

    def __init__(self, cluster: str) -> None:
        self.cluster = cluster
        self._last: tuple[Health, str] | None = None

    def failed(self, health: Health, detail: str, error: BaseException) -> None:
        # Programming errors keep their traceback in the log (once per episode).
        unexpected = not isinstance(error, PveSphereError)
        state = (health, type(error).__name__)
        if self._last != state:
            if unexpected:
                log.error(
                    "cluster %s: sync failed unexpectedly (%s)",
                    self.cluster,
                    detail,
                    exc_info=error,
                )
            else:
                log.warning("cluster %s is %s: %s", self.cluster, health.value, detail)
        else:
            log.debug("cluster %s still %s: %s", self.cluster, health.value, detail)
        self._last = state

    def succeeded(self, health: Health, detail: str) -> None:
        state = (health, detail)
        if self._last is not None and self._last[0] in FAILED:
            log.info("cluster %s is reachable again (%s)", self.cluster, health.value)
        elif self._last != state and health is Health.DEGRADED:
            log.warning("cluster %s is degraded: %s", self.cluster, detail)
        elif self._last is not None and self._last[0] is Health.DEGRADED and health is Health.OK:
            log.info("cluster %s is healthy again", self.cluster)
        self._last = state
