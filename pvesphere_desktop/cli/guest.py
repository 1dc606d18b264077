"""``pvesphere guest ACTION CLUSTER/VMID [--wait]``: power actions on VMs and containers."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pvesphere_desktop.cli.main import EXIT_FAILED, EXIT_OK, EXIT_USAGE, CliContext
from pvesphere_desktop.cli.pvecommon import error, guarded, load_secret, opened, session_for
from pvesphere_desktop.core.enums import PowerAction
from pvesphere_desktop.core.ids import GuestKey
from pvesphere_desktop.pve.guests import find_guest, power_action
from pvesphere_desktop.pve.tasks import follow_task


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "guest",
        help="start, stop, shut down, reboot, reset, suspend or resume a VM or container",
        description="Run a power action on a guest. Without --wait, print the task id (UPID).",
    )
    parser.add_argument("action", choices=[a.value for a in PowerAction])
    parser.add_argument("guest", metavar="CLUSTER/VMID")
    parser.add_argument("--wait", action="store_true", help="follow the task to its end")
    parser.add_argument(
        "--timeout", type=float, default=600.0, metavar="SECONDS", help="with --wait (600)"
    )
    parser.add_argument("--log", action="store_true", help="with --wait, print the task log")
    parser.add_argument("--otp", metavar="CODE", help="TOTP code or recovery key (two-factor)")
    parser.set_defaults(handler=guarded(run))


def run(args: argparse.Namespace, context: CliContext) -> int:
    """Run the action; with --wait exit 0 only when the task ends OK (or with warnings)."""
    try:
        key = GuestKey.parse(args.guest)
    except ValueError:
        print(f"pvesphere guest: error: expected CLUSTER/VMID, got {args.guest!r}", file=sys.stderr)
        return EXIT_USAGE
    with opened(context) as (registry, secrets):
        config = registry.get(key.cluster)
        secret = load_secret(secrets, config)
        with session_for(config, secret, registry) as session:
            session.connect(otp=args.otp)
            guest = find_guest(session, key.vmid)
            upid = power_action(session, guest, args.action)
            if not args.wait:
                print(upid.text)
                return EXIT_OK
            on_log = (lambda line: print(line, flush=True)) if args.log else None
            result = follow_task(session, upid, timeout=args.timeout, on_log=on_log)
    if result.ok:
        print(f"{args.action} {key}: {result.exitstatus}")
        return EXIT_OK
    error(f"{args.action} {key} failed: {result.message}")
    return EXIT_FAILED
