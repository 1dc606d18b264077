"""Entry point of the ``pvesphere`` command-line program.

Subcommands register themselves through :data:`SUBCOMMANDS`: each module provides
``register(subparsers)`` which adds its parser and sets ``handler(args, context) -> int``.
Exit codes: 0 success, 1 the operation failed (message on stderr), 2 usage error.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from pvesphere_desktop import APP_NAME, __version__
from pvesphere_desktop.core.logsetup import configure_logging
from pvesphere_desktop.paths import HOME_ENV, AppPaths

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

# Modules under pvesphere_desktop.cli that contribute subcommands.
SUBCOMMANDS: tuple[str, ...] = ("info", "cluster", "guest", "sim", "sync", "inventory")


@dataclass(frozen=True)
class CliContext:
    """What every subcommand may use."""

    paths: AppPaths
    verbose: bool = False


class CliError(Exception):
    """An expected failure: the message is printed on stderr and the exit code is 1."""


def build_parser() -> argparse.ArgumentParser:
    """Return the parser with every registered subcommand."""
    parser = argparse.ArgumentParser(
        prog="pvesphere", description=f"{APP_NAME}: manage Proxmox VE fleets from the shell."
    )
    parser.add_argument("--version", action="version", version=f"pvesphere {__version__}")
    parser.add_argument(
        "--home", metavar="DIR", help=f"data directory (default: ${HOME_ENV} or the platform's)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log to stderr too")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        importlib.import_module(f"pvesphere_desktop.cli.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (see the module docstring)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help/--version
        return int(exc.code or 0)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    paths = AppPaths.resolve(args.home)
    try:
        paths.ensure()
    except OSError as exc:
        print(f"pvesphere: cannot use the data directory: {exc}", file=sys.stderr)
        return EXIT_FAILED
    configure_logging(paths.log_file, console=args.verbose)
    context = CliContext(paths=paths, verbose=args.verbose)
    try:
        return int(args.handler(args, context))
    except CliError as exc:
        print(f"pvesphere: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    # Run the package's module, not this __main__ copy: the subcommands raise
    # pvesphere_desktop.cli.main.CliError, which this copy's CliError would not catch.
    from pvesphere_desktop.cli.main import main as package_main

    sys.exit(package_main())
