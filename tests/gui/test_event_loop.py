"""The application's asyncio loop keeps asyncio's promises on top of Qt's event loop."""

from __future__ import annotations

import asyncio
import time

import pytest

from pvesphere_desktop.ui.event_loop import AppEventLoop


@pytest.mark.asyncio
async def test_timers_never_fire_early() -> None:
    loop = asyncio.get_running_loop()
    assert isinstance(loop, AppEventLoop)
    # Qt's default coarse timers fire up to 5 % early, and qasync truncated to whole ms.
    for delay in (0.0304, 0.05, 0.0999):
        for _ in range(5):
            started = time.monotonic()
            await asyncio.sleep(delay)
            assert time.monotonic() - started >= delay
    fired: list[float] = []
    started = time.monotonic()
    loop.call_later(0.07, lambda: fired.append(time.monotonic() - started))
    await asyncio.sleep(0.12)
    assert len(fired) == 1
    assert fired[0] >= 0.07


@pytest.mark.asyncio
async def test_order_of_callbacks_follows_their_deadlines() -> None:
    loop = asyncio.get_running_loop()
    order: list[int] = []
    for number, delay in ((3, 0.03), (1, 0.01), (2, 0.02)):
        loop.call_later(delay, order.append, number)
    await asyncio.sleep(0.06)
    assert order == [1, 2, 3]


def test_the_application_uses_it(desktop_app) -> None:
    assert isinstance(desktop_app.loop, AppEventLoop)
