"""Faults one can switch on per cluster: what breaks, and how often."""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

UNREACHABLE_MODES = ("refused", "hang")
BODY_FAULTS = ("malformed", "truncated")
NODE_DOWN_MODES = ("no-route", "timeout", "refused")


@dataclass
class Faults:
    """Mutable fault switches of one cluster (change them through ``ClusterSim`` methods)."""

    unreachable: str | None = None  # refused | hang
    latency: float = 0.0  # seconds added to every answer
    error_rate: float = 0.0  # share of API requests answered "500 <error_message>"
    error_message: str = "internal error - simulated failure"
    body_fault: str | None = None  # malformed | truncated
    body_fault_rate: float = 1.0
    hold_tasks: bool = False  # tasks stay running until released
    task_delay: float | None = None  # real seconds every task takes (slow tasks)
    fail_tasks: dict[str, str] = field(default_factory=dict)  # task type or "*" -> message
    seed: int = 0
    rng: random.Random = field(default_factory=random.Random)

    def __post_init__(self) -> None:
        self.rng.seed(self.seed)

    def roll(self, rate: float) -> bool:
        return rate > 0 and (rate >= 1 or self.rng.random() < rate)

    def task_failure(self, task_type: str) -> str | None:
        return self.fail_tasks.get(task_type, self.fail_tasks.get("*"))

    def clear(self) -> None:
        self.unreachable = None
        self.latency = 0.0
        self.error_rate = 0.0
        self.body_fault = None
        self.body_fault_rate = 1.0
        self.hold_tasks = False
        self.task_delay = None
        self.fail_tasks.clear()
