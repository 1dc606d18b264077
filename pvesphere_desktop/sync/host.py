"""The sync engine in a child process: how the desktop syncs.

Sync work is Python (decoding, normalising, diffing and writing thousands of guests). Run as
threads of the window's process, it takes the interpreter lock from the GUI thread: measured
with 20,000 guests, a 10 ms step of the window took 25-65 ms while three sync threads ran.
In a child process the sync has an interpreter of its own, runs at a lower OS priority, and
the window only receives what changed.

:class:`SyncProcess` (in the window's process) starts the host, forwards refresh requests
and logins, answers the host's questions for secrets, and hands ChangeSets and cluster
statuses to its callbacks. When the host dies it is started again (with backoff); the cache
is a database file both processes open, so nothing is lost.

The two talk through a :mod:`multiprocessing` pipe, in pickled tuples:

* window -> host: ``("refresh", cluster | None, tasks)``, ``("login", cluster, fields)``,
  ``("secret", request_id, text | None)``, ``("stop",)``
* host -> window: ``("changes", ChangeSet)``, ``("status", ClusterStatus)``,
  ``("follows", holder)`` (another process holds the sync lease: ``holder`` names it; ""
  once this host syncs itself),
  ``("secret?", request_id, ref)``, ``("log", level, logger, text)``, ``("stopped",)``

A secret crosses the pipe only as the answer to the host's own request; :class:`Secret`
itself refuses to be pickled, so nothing else can carry one by accident.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from pvesphere_desktop.core.changeset import ChangeSet
from pvesphere_desktop.core.config import ClusterConfig
from pvesphere_desktop.core.secret import Secret
from pvesphere_desktop.core.status import ClusterStatus
from pvesphere_desktop.pve.session import LoginState, PveSession

log = logging.getLogger(__name__)

# The host runs below the window's priority: when the machine is busy, the window wins.
HOST_NICENESS = 10
SECRET_TIMEOUT_S = 600.0  # the window may be asking the user to unlock the vault
# While another process syncs the cache: how often it is read for changes (and the lease tried).
FOLLOW_INTERVAL_S = 2.0

SecretLookup = Callable[[str], "Secret | None"]


def _login_fields(state: LoginState) -> tuple[str, str, str, float, bool]:
    return (
        state.username,
        state.ticket.reveal(),
        state.csrf.reveal(),
        state.issued_at,
        state.second_factor,
    )


def _login_from(fields: tuple[str, str, str, float, bool]) -> LoginState:
    username, ticket, csrf, issued_at, second_factor = fields
    return LoginState(username, Secret(ticket), Secret(csrf), issued_at, second_factor)


# ------------------------------------------------------------------------------ window side
class SyncProcess:
    """Runs the sync engine in a child process (see the module docstring).

    ``on_changes``, ``on_status`` and ``on_following`` (another process syncs the cache: its
    name, or "" once this host syncs) are called from a reader thread; ``secrets`` is called
    from a short-lived thread per question, so a slow keyring never holds up ChangeSets.
    """

    def __init__(
        self,
        database_url: str,
        settings: Any,
        *,
        on_changes: Callable[[ChangeSet], None],
        on_status: Callable[[ClusterStatus], None],
        secrets: SecretLookup,
        on_following: Callable[[str], None] | None = None,
        niceness: int = HOST_NICENESS,
        restart_delays: tuple[float, ...] = (1.0, 2.0, 5.0, 15.0, 60.0),
    ) -> None:
        self._url = database_url
        self._settings = settings
        self._on_changes = on_changes
        self._on_status = on_status
        self._secrets = secrets
        self._on_following = on_following
        self._niceness = niceness
        self._delays = restart_delays
        self._lock = threading.Lock()
        self._send_lock = threading.Lock()
        self._stopping = threading.Event()
        self._process: Any = None
        self._conn: Connection | None = None
        self._reader: threading.Thread | None = None
        self._logins: dict[str, tuple[str, str, str, float, bool]] = {}
        self.starts = 0

    @property
    def pid(self) -> int | None:
        process = self._process
        return process.pid if process is not None else None

    def alive(self) -> bool:
        process = self._process
        return process is not None and process.is_alive()

    def start(self) -> None:
        """Start the host (returns at once; the first cycles follow within a second or two).

        Starting a process takes tens of milliseconds: the reader thread does it, not the
        caller (the GUI thread).
        """
        with self._lock:
            if self._reader is not None:
                return
            self._stopping.clear()
            self._reader = threading.Thread(target=self._read, name="sync-host-reader", daemon=True)
            self._reader.start()

    def _launch(self) -> None:
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe(duplex=True)
        process = context.Process(
            target=host_main,
            args=(theirs, self._url, self._settings, self._niceness),
            name="pvesphere-sync",
            daemon=True,
        )
        process.start()
        theirs.close()
        self._process, self._conn = process, ours
        self.starts += 1
        # A login handed over before a restart still serves the new host.
        for cluster, fields in self._logins.items():
            self._send(("login", cluster, fields))
        log.info("sync process started (pid %s)", process.pid)

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the host to finish its cycles and exit; kill it after ``timeout`` seconds."""
        with self._lock:
            reader, self._reader = self._reader, None
            self._stopping.set()
            process, conn = self._process, self._conn
        if process is None:
            return
        self._send(("stop",))
        process.join(timeout)
        if process.is_alive():
            log.warning("the sync process did not stop in %.0f s; ending it", timeout)
            process.terminate()
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join(5)
        if conn is not None:
            conn.close()
        if reader is not None and reader is not threading.current_thread():
            reader.join(timeout)
        with self._lock:
            self._process = self._conn = None

    def refresh(self, cluster: str | None = None, *, tasks: bool = True) -> None:
        """Ask for a priority cycle of ``cluster`` (every cluster when None)."""
        self._send(("refresh", cluster, tasks))

    def hand_login(self, cluster: str, state: LoginState | None) -> None:
        """Let the host's session of ``cluster`` use a login made here (password + TFA)."""
        if state is None:
            return
        fields = _login_fields(state)
        with self._lock:
            self._logins[cluster] = fields
        self._send(("login", cluster, fields))

    def forget_login(self, cluster: str) -> None:
        with self._lock:
            self._logins.pop(cluster, None)

    def _send(self, message: tuple[Any, ...]) -> bool:
        conn = self._conn
        if conn is None:
            return False
        try:
            with self._send_lock:
                conn.send(message)
        except (OSError, ValueError, BrokenPipeError):
            return False  # the reader notices the end and restarts the host
        return True

    # -- the reader thread ----------------------------------------------------------------
    def _read(self) -> None:
        with self._lock:
            if self._stopping.is_set():
                return
            self._launch()
        failures = 0
        while not self._stopping.is_set():
            conn = self._conn
            started = time.monotonic()
            if conn is not None:
                self._serve(conn)
            if self._stopping.is_set():
                return
            process = self._process
            code = process.exitcode if process is not None else None
            if time.monotonic() - started > 60:
                failures = 0
            delay = self._delays[min(failures, len(self._delays) - 1)]
            failures += 1
            log.warning(
                "the sync process ended unexpectedly (exit code %s); starting it again in %.0f s",
                code, delay,
            )  # fmt: skip
            if self._stopping.wait(delay):
                return
            with self._lock:
                if self._stopping.is_set():
                    return
                if conn is not None:
                    conn.close()
                self._launch()

    def _serve(self, conn: Connection) -> None:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                return
            except Exception:  # a message we cannot read must not end the window's sync
                log.exception("unreadable message from the sync process")
                continue
            try:
                self._dispatch(message)
            except Exception:  # a callback's bug must not stop the reader
                log.exception("handling a message of the sync process failed")
            if message[0] == "stopped":
                return

    def _dispatch(self, message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == "changes":
            self._on_changes(message[1])
        elif kind == "status":
            self._on_status(message[1])
        elif kind == "log":
            level, name, text = message[1:]
            logging.getLogger(name).log(level, "%s", text)
        elif kind == "follows":
            if self._on_following is not None:
                self._on_following(message[1])
        elif kind == "secret?":
            request_id, ref = message[1:]
            threading.Thread(
                target=self._answer_secret, args=(request_id, ref), name="sync-secret", daemon=True
            ).start()

    def _answer_secret(self, request_id: int, ref: str) -> None:
        try:
            secret = self._secrets(ref)
        except Exception as exc:  # the host treats it as "no secret": the user must help
            log.warning("cannot read the secret %s for the sync: %s", ref, exc)
            secret = None
        self._send(("secret", request_id, secret.reveal() if secret else None))


# -------------------------------------------------------------------------------- host side
class _LogForwarder(logging.Handler):
    """Send the host's log records to the window's process (its files, its redaction)."""

    def __init__(self, channel: _Channel) -> None:
        super().__init__(logging.INFO)
        self._channel = channel

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
            if record.exc_info:
                text += "\n" + logging.Formatter().formatException(record.exc_info)
            self._channel.send(("log", record.levelno, record.name, text))
        except Exception:  # logging must never break the sync
            self.handleError(record)


class _Channel:
    """The host's end of the pipe: thread-safe sends, and questions for secrets."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._send_lock = threading.Lock()
        self._ids = itertools.count(1)
        self._waiting: dict[int, list[Any]] = {}
        self._answers = threading.Condition()
        self.closed = False  # the pipe is gone: nothing more can be sent
        self._ending = False  # the host is stopping: nobody will answer

    def send(self, message: tuple[Any, ...]) -> None:
        if self.closed:
            return
        try:
            with self._send_lock:
                self._conn.send(message)
        except (OSError, ValueError):
            self.closed = True

    def secret(self, ref: str) -> Secret | None:
        request_id = next(self._ids)
        with self._answers:
            self._waiting[request_id] = []
        self.send(("secret?", request_id, ref))
        deadline = time.monotonic() + SECRET_TIMEOUT_S
        with self._answers:
            while not self._waiting[request_id] and not (self.closed or self._ending):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._answers.wait(min(remaining, 1.0))
            answer = self._waiting.pop(request_id)
        return Secret(answer[0]) if answer and answer[0] else None

    def answer(self, request_id: int, text: str | None) -> None:
        with self._answers:
            if request_id in self._waiting:
                self._waiting[request_id].append(text)
                self._answers.notify_all()

    def end(self) -> None:
        """Wake every question for a secret: no answer will come."""
        with self._answers:
            self._ending = True
            self._answers.notify_all()


def _lower_priority(niceness: int) -> None:
    nice = getattr(os, "nice", None)
    if nice is not None and niceness > 0:
        with contextlib.suppress(OSError):
            nice(niceness)


def host_main(conn: Connection, database_url: str, settings: Any, niceness: int) -> None:
    """The child process: run the sync engine until told to stop or the window is gone."""
    # Ctrl+C in the terminal reaches the whole process group; the window decides when the
    # sync ends (and a window that is gone closes the pipe), so the host ignores it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _lower_priority(niceness)
    channel = _Channel(conn)
    root = logging.getLogger()
    root.handlers[:] = [_LogForwarder(channel)]
    root.setLevel(logging.INFO)
    try:
        _run_host(conn, channel, database_url, settings)
    except Exception:
        log.exception("the sync process failed")
        raise
    finally:
        channel.send(("stopped",))
        conn.close()


def _run_host(conn: Connection, channel: _Channel, database_url: str, settings: Any) -> None:
    # Imported here: the window's process never needs the engine's modules for this file.
    from pvesphere_desktop.store import ClusterRegistry, Database
    from pvesphere_desktop.sync.engine import SyncEngine
    from pvesphere_desktop.sync.fetcher import MissingSecretError, PveFetcher
    from pvesphere_desktop.sync.follower import CacheFollower
    from pvesphere_desktop.sync.lease import ROLE_APP, SyncLease

    database = Database.open(database_url, migrate=False)  # the window migrated it
    registry = ClusterRegistry(database)
    logins: dict[str, LoginState] = {}
    sessions: dict[str, PveSession] = {}
    lock = threading.Lock()

    def save_learned(config: ClusterConfig) -> None:
        try:
            registry.learn(config.name, config.known_endpoints, config.fingerprints)
        except Exception as exc:  # learning is an optimisation, never a failure
            log.warning("cluster %s: cannot save learnt node addresses: %s", config.name, exc)

    def fetcher(config: ClusterConfig) -> PveFetcher:
        secret = channel.secret(config.secret_ref)
        if not secret:
            raise MissingSecretError(name=config.name)
        session = PveSession(config, secret, on_config_change=save_learned)
        with lock:
            login = logins.get(config.name)
            sessions[config.name] = session
        if login is not None:
            session.adopt_login(login)
        return PveFetcher(session)

    engine: SyncEngine

    def on_cycle(result: Any) -> None:
        coordinator = engine.coordinator(result.cluster)
        if coordinator is not None:
            channel.send(("status", coordinator.status))

    engine = SyncEngine(
        database,
        fetcher_factory=fetcher,
        on_changes=lambda changes: channel.send(("changes", changes)),
        on_cycle=on_cycle,
        settings=settings,
    )
    # Another process (``pvesphere sync``) may sync this cache already: then follow what it
    # writes, and take over once it ends.
    lease = SyncLease(database.path, ROLE_APP)
    follower: CacheFollower | None = None
    if lease.try_acquire():
        engine.start()
    else:
        holder = lease.holder()
        log.info("%s syncs this cache; following it", holder or "another process")
        follower = CacheFollower(database)
        follower.poll()  # the baseline (the window has just read the same cache), then say so
        channel.send(("follows", holder or "?"))
    try:
        while True:
            if follower is not None and not conn.poll(FOLLOW_INTERVAL_S):
                for item in follower.poll():
                    channel.send(("changes" if isinstance(item, ChangeSet) else "status", item))
                if lease.try_acquire():
                    log.info("the other sync ended; this app syncs the cache again")
                    follower = None
                    channel.send(("follows", ""))
                    engine.start()
                continue
            try:
                message = conn.recv()
            except (EOFError, OSError):
                return  # the window is gone
            kind = message[0]
            if kind == "stop":
                return
            if kind == "secret":
                channel.answer(message[1], message[2])
            elif kind == "refresh" and follower is None:
                _cluster, tasks = message[1], message[2]
                for name in [_cluster] if _cluster else engine.clusters():
                    engine.refresh(name, tasks=tasks)
            elif kind == "login":
                cluster, state = message[1], _login_from(message[2])
                with lock:
                    logins[cluster] = state
                    session = sessions.get(cluster)
                if session is not None:
                    session.adopt_login(state)
                if follower is None:
                    engine.refresh(cluster)
    finally:
        channel.end()  # wake cycles waiting for a secret
        if follower is None:
            engine.stop(timeout=10)
        lease.release()
        database.close()
