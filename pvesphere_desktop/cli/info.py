"""``pvesphere paths``: show where the application keeps its files."""

from __future__ import annotations

import argparse
import json
from typing import Any

from pvesphere_desktop.cli.main import EXIT_OK, CliContext


def register(subparsers: Any) -> None:
    """Add the ``paths`` subcommand."""
    parser = subparsers.add_parser("paths", help="show the data, config, log and cache folders")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, context: CliContext) -> int:
    """Print the folders, as a table or as JSON."""
    paths = context.paths
    entries = {
        "data": str(paths.data_dir),
        "config": str(paths.config_dir),
        "logs": str(paths.log_dir),
        "cache": str(paths.cache_dir),
        "settings": str(paths.settings_file),
        "log": str(paths.log_file),
    }
    if args.json:
        print(json.dumps(entries))
    else:
        for name, value in entries.items():
            print(f"{name:9} {value}")
    return EXIT_OK
