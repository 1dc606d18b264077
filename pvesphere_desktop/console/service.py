"""The console service: the relay on its own asyncio loop, and opening console sessions.

The relay runs in a dedicated thread with its own event loop, so copying console frames never
waits for the GUI thread (a busy model update) and the GUI never waits for the network. The
Qt side talks to it through thread-safe calls and gets results and events as callbacks on the
relay thread, which it forwards to the GUI thread with queued signals.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from pvesphere_desktop.console.relay import ConsoleRelay, EventCallback
from pvesphere_desktop.console.static import StaticSite
from pvesphere_desktop.console.target import ConsoleGrant, ConsoleTarget
from pvesphere_desktop.core.errors import PveSphereError
from pvesphere_desktop.core.i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

_T = TypeVar("_T")
_CTX = "Console"


class ConsoleLoginRequiredError(PveSphereError):
    """The connection's credentials cannot open this console; a password login can."""

    template = QT_TRANSLATE_NOOP(
        "Console",
        "The API token of {cluster} cannot open a node shell on PVE {version} (possible from "
        "9.0.13). Log in with a password to open it.",
    )


class ConsoleOpener(Protocol):
    """Ask PVE for a console (vncproxy/termproxy) and say how to reach its websocket.

    Called in a worker thread; may block on the network. Raises :class:`PveSphereError`
    subclasses (unreachable, permission denied, ...) or :class:`ConsoleLoginRequiredError`.
    """

    def grant(self, target: ConsoleTarget) -> ConsoleGrant: ...

    @property
    def host(self) -> str:
        """``host:port`` the console goes to, for messages."""
        ...


@dataclass(frozen=True)
class ConsoleLaunch:
    """What the pane needs to show a console: the page and the options that start it."""

    page_url: str
    token: str = field(repr=False)
    start_options: Mapping[str, Any] = field(repr=False)


class LoopThread:
    """An asyncio event loop running forever in a daemon thread."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()
        self._ready.wait()

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
            loop.close()

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        assert self._loop is not None, "the loop thread is not running"
        return self._loop

    def submit(self, coro: Coroutine[Any, Any, _T]) -> concurrent.futures.Future[_T]:
        """Run ``coro`` on the loop; return a future usable from any thread."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def stop(self, timeout: float = 5.0) -> None:
        if self._loop is None or self._thread is None:
            return
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout)
        self._thread = None


class ConsoleService:
    """Own the relay and open console sessions; every method is safe from any thread."""

    def __init__(self, site: StaticSite | None = None, **relay_options: Any) -> None:
        self._relay = ConsoleRelay(site or StaticSite.console_pages(), **relay_options)
        self._thread = LoopThread("console-relay")
        self._running = False

    def start(self, timeout: float = 10.0) -> None:
        """Start the relay thread and listen; return when it is ready."""
        if self._running:
            return
        self._thread.start()
        self._thread.submit(self._relay.start()).result(timeout)
        self._running = True

    def stop(self, timeout: float = 10.0) -> None:
        """End every session, stop listening and stop the thread."""
        if not self._running:
            return
        self._running = False
        try:
            self._thread.submit(self._relay.stop()).result(timeout)
        except (concurrent.futures.TimeoutError, RuntimeError):
            log.warning("The console relay did not stop in time")
        self._thread.stop()

    @property
    def running(self) -> bool:
        return self._running

    @property
    def relay(self) -> ConsoleRelay:
        return self._relay

    @property
    def origin(self) -> str:
        return self._relay.origin

    def open(
        self, target: ConsoleTarget, opener: ConsoleOpener, on_event: EventCallback
    ) -> concurrent.futures.Future[ConsoleLaunch]:
        """Ask PVE for the console and register a relay session; resolve to the launch data.

        ``on_event`` is called on the relay thread for every event of the session.
        """
        self.start()
        return self._thread.submit(self._open(target, opener, on_event))

    async def _open(
        self, target: ConsoleTarget, opener: ConsoleOpener, on_event: EventCallback
    ) -> ConsoleLaunch:
        grant = await asyncio.to_thread(opener.grant, target)
        ticket = self._relay.register(grant.upstream, on_event)
        options = {"url": ticket.ws_url, **grant.page_params}
        return ConsoleLaunch(self._relay.page_url(target.kind.page), ticket.token, options)

    def run_blocking(self, fn: Callable[[], _T]) -> concurrent.futures.Future[_T]:
        """Run a blocking call (PVE requests) in a worker thread; return its future."""
        self.start()
        return self._thread.submit(asyncio.to_thread(fn))

    def end(self, token: str) -> None:
        """End a session (the tab closed, or it reconnects)."""
        if self._running:
            self._relay.end(token)
