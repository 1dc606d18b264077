"""What the cluster and guest commands share: the registry, the secret store, sessions, output.

Not a subcommand module (it has no ``register``).
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from pvesphere_desktop.cli.main import EXIT_FAILED, EXIT_USAGE, CliContext
from pvesphere_desktop.core.config import ClusterConfig
from pvesphere_desktop.core.errors import InvalidInputError, PveSphereError, SecretsError
from pvesphere_desktop.core.secret import Secret
from pvesphere_desktop.pve.session import PveSession
from pvesphere_desktop.secrets import SecretStore, open_secret_store
from pvesphere_desktop.store import ClusterRegistry, Database


def error(message: object) -> None:
    """Print one line on stderr."""
    print(f"pvesphere: {message}", file=sys.stderr)


def guarded(run: Callable[[Any, CliContext], int]) -> Callable[[Any, CliContext], int]:
    """Turn expected errors into a message on stderr and exit code 1 (2 for bad input)."""

    def wrapper(args: Any, context: CliContext) -> int:
        try:
            return run(args, context)
        except InvalidInputError as exc:
            error(exc)
            return EXIT_USAGE
        except PveSphereError as exc:
            error(exc)
            return EXIT_FAILED

    wrapper.__doc__ = run.__doc__
    return wrapper


def _tty_available() -> bool:
    if os.name == "nt":  # pragma: no cover - Windows consoles
        return sys.stdin.isatty()
    try:
        fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        return False
    os.close(fd)
    return True


def vault_prompt(creating: bool) -> str | None:
    """Ask for the vault's master password on the terminal (twice for a new vault)."""
    if not _tty_available():
        return None
    if creating:
        print(
            "Creating an encrypted vault for credentials (no usable OS keyring).", file=sys.stderr
        )
    first = getpass.getpass("Vault master password: ")
    if creating and getpass.getpass("Repeat the master password: ") != first:
        raise SecretsError("the two passwords differ")
    return first


@contextmanager
def opened(context: CliContext) -> Iterator[tuple[ClusterRegistry, SecretStore]]:
    """Open the registry (local cache) and the secret store for one command."""
    database = Database.for_data_dir(context.paths.data_dir)
    try:
        yield ClusterRegistry(database), open_secret_store(context.paths.data_dir, vault_prompt)
    finally:
        database.close()


def load_secret(secrets: SecretStore, config: ClusterConfig) -> Secret:
    """The stored credential of ``config``; a clear error when it is missing."""
    secret = secrets.get(config.secret_ref)
    if secret is None:
        raise SecretsError(
            f"no credential stored for {config.name}: remove the cluster and add it again"
        )
    return secret


def read_stdin_secret(what: str) -> Secret:
    """Read one line (a password or token) from standard input."""
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise InvalidInputError("nothing was given on standard input", what=what)
    return Secret(line)


def session_for(
    config: ClusterConfig,
    secret: Secret,
    registry: ClusterRegistry | None = None,
) -> PveSession:
    """A session whose learnt endpoints and pins are saved back to the registry."""

    def save(changed: ClusterConfig) -> None:
        if registry is not None and registry.find(changed.name) is not None:
            registry.update(changed)

    return PveSession(config, secret, on_config_change=save)
