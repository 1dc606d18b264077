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


def test_close_drops_pending_timers_on_this_thread(qapp) -> None:
    # qasync left timers of never-run callbacks registered on its timer object; freed later
    # by a garbage collection in another thread, the GUI thread's next timer event crashed.
    import gc
    import threading

    import shiboken6
    from PySide6.QtCore import QCoreApplication

    from tests.fixtures.asyncio_qt import qasync_loop

    loop = qasync_loop()
    fired: list[bool] = []
    loop.call_later(600, fired.append, True)
    loop.call_later(0.001, fired.append, False)
    loop.run_until_complete(asyncio.sleep(0.01))
    timer = loop._timer
    assert shiboken6.isValid(timer)
    loop.close()
    asyncio.set_event_loop(None)
    assert not shiboken6.isValid(timer)
    del loop, timer
    collector = threading.Thread(target=gc.collect)
    collector.start()
    collector.join()
    for _ in range(5):
        QCoreApplication.processEvents()
    assert fired == [False]
