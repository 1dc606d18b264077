"""``pvesphere sync``: mirror every configured cluster into the local cache.

``pvesphere sync --once [--cluster NAME]...`` runs one cycle per cluster and exits 0 when all
synced, 1 with one line per failed cluster. ``pvesphere sync`` keeps syncing until interrupted
(Ctrl+C or SIGTERM) and prints a line whenever a cluster's health changes.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pvesphere_desktop.cli.main import EXIT_FAILED, EXIT_OK, CliContext, CliError
from pvesphere_desktop.cli.pvecommon import vault_prompt
from pvesphere_desktop.core.config import ClusterConfig
from pvesphere_desktop.core.errors import PveSphereError
from pvesphere_desktop.core.secret import Secret
from pvesphere_desktop.paths import running_app_pid
from pvesphere_desktop.secrets import SecretStore, open_secret_store
from pvesphere_desktop.store.db import Database
from pvesphere_desktop.store.registry import ClusterRegistry
from pvesphere_desktop.sync.coordinator import CycleResult
from pvesphere_desktop.sync.engine import SyncEngine
from pvesphere_desktop.sync.fetcher import SecretProvider
from pvesphere_desktop.sync.lease import ROLE_CLI, SyncLease

log = logging.getLogger(__name__)

SECRET_ENV_PREFIX = "PVESPHERE_SECRET_"


def secret_env_name(cluster: str) -> str:
    """Return the environment variable that may hold ``cluster``'s secret (headless use)."""
    return SECRET_ENV_PREFIX + re.sub(r"[^A-Za-z0-9]", "_", cluster).upper()


def secret_provider(context: CliContext) -> SecretProvider:
    """Return how the CLI finds a cluster's secret.

    ``$PVESPHERE_SECRET_<NAME>`` first (headless use: CI, services), else the keyring or the
    encrypted vault (opened on first need; its master password comes from
    ``$PVESPHERE_VAULT_PASSWORD`` or a terminal prompt).
    """
    opened: list[SecretStore] = []
    lock = threading.Lock()

    def provide(config: ClusterConfig) -> Secret | str | None:
        value = os.environ.get(secret_env_name(config.name))
        if value:
            return Secret(value)
        with lock:  # one vault prompt, even with clusters syncing in parallel
            if not opened:
                opened.append(open_secret_store(context.paths.data_dir, vault_prompt))
            store = opened[0]
        return store.get(config.secret_ref)

    return provide


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "sync",
        help="mirror the configured clusters into the local cache",
        description="Mirror the configured clusters into the local cache.",
    )
    parser.add_argument("--once", action="store_true", help="sync each cluster once and exit")
    parser.add_argument(
        "--cluster",
        action="append",
        metavar="NAME",
        help="only this cluster (repeatable; default: every enabled cluster)",
    )
    parser.set_defaults(handler=run)


@contextmanager
def open_database(context: CliContext) -> Iterator[Database]:
    """Open the cache (StoreError becomes a CliError) and close it afterwards."""
    try:
        database = Database.for_data_dir(context.paths.data_dir)
    except PveSphereError as exc:
        raise CliError(str(exc.message)) from exc
    try:
        yield database
    finally:
        database.close()


def _check_names(database: Database, names: list[str] | None) -> None:
    if not names:
        return
    known = set(ClusterRegistry(database).names())
    unknown = [name for name in names if name not in known]
    if unknown:
        raise CliError("; ".join(f"there is no cluster named “{name}”" for name in unknown))


def _describe(result: CycleResult) -> str:
    if result.ok:
        extra = f" ({result.detail})" if result.detail else ""
        return (
            f"{result.cluster}: {result.health.value}{extra}, {result.guests} guests, "
            f"{result.requests} requests, {result.duration_s:.2f} s"
        )
    return f"{result.cluster}: {result.health.value}: {result.detail}"


def run(args: argparse.Namespace, context: CliContext) -> int:
    app = running_app_pid(context.paths.data_dir)
    if app is not None and not args.once:
        holder = f" (pid {app})" if app else ""
        raise CliError(
            f"the desktop app{holder} runs on {context.paths.data_dir} and keeps this cache in "
            "sync; a second sync would ask PVE for everything twice. Use “pvesphere sync "
            "--once” for one extra cycle; the read commands (guests, nodes, tasks) read the "
            "cache the app keeps."
        )
    with open_database(context) as database:
        _check_names(database, args.cluster)
        if args.once:
            return _once(SyncEngine(database, secrets=secret_provider(context)), args.cluster)
        lease = SyncLease(database.path, ROLE_CLI)
        if not lease.try_acquire():
            holder = lease.holder() or "another process"
            raise CliError(
                f"{holder} already keeps this cache in sync; a second sync would ask PVE for "
                "everything twice. Use “pvesphere sync --once” for one extra cycle."
            )
        try:
            return _forever(database, args.cluster, context)
        finally:
            lease.release()


def _once(engine: SyncEngine, names: list[str] | None) -> int:
    results = engine.run_once(names)
    if not results:
        print("no clusters to sync: add one with “pvesphere cluster add”", file=sys.stderr)
        return EXIT_OK
    failed = [r for r in results.values() if not r.ok]
    for result in results.values():
        if result.ok:
            print(_describe(result))
    for result in failed:
        print(f"pvesphere: {_describe(result)}", file=sys.stderr)
    return EXIT_FAILED if failed else EXIT_OK


def _forever(database: Database, names: list[str] | None, context: CliContext) -> int:
    stop = threading.Event()
    last: dict[str, str] = {}
    lock = threading.Lock()

    def on_cycle(result: CycleResult) -> None:
        state = result.health.value if result.ok else f"{result.health.value}:{result.detail}"
        with lock:
            if last.get(result.cluster) == state:
                return
            last[result.cluster] = state
        stream = sys.stdout if result.ok else sys.stderr
        print(_describe(result), file=stream, flush=True)

    engine = SyncEngine(database, secrets=secret_provider(context), on_cycle=on_cycle, only=names)
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    engine.start()
    print("syncing; press Ctrl+C to stop", file=sys.stderr, flush=True)
    try:
        while not stop.wait(1.0):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        engine.stop()
        signal.signal(signal.SIGTERM, previous)
    return EXIT_OK
