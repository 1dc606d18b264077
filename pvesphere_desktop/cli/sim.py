"""``pvesphere sim``: run a simulated Proxmox VE fleet on loopback addresses.

Prints one JSON line per cluster on stdout once it answers (name, url, version, fingerprint,
token, users, ...), then runs until interrupted. Commands read from stdin change the fleet while
it runs (``help`` lists them); their answers go to stderr.
"""

from __future__ import annotations

import argparse
import http.client
import json
import logging
import signal
import ssl
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pvesphere_desktop.cli.main import EXIT_OK, CliContext, CliError
from pvesphere_desktop.simulator import (
    FleetSpec,
    SimulatedFleet,
    dump_fleet,
    generate_fleet,
    load_fleet,
)
from pvesphere_desktop.simulator.fleetfile import FleetFileError
from pvesphere_desktop.simulator.versions import VERSION_KEYS

log = logging.getLogger(__name__)

COMMANDS_HELP = """commands (CLUSTER is a cluster name, one command per line):
  node-down CLUSTER NODE          node-up CLUSTER NODE
  unreachable CLUSTER [refused|hang]   reachable CLUSTER
  latency CLUSTER SECONDS         errors CLUSTER RATE [MESSAGE]
  body CLUSTER malformed|truncated|off [RATE]
  expire-tickets CLUSTER          change-cert CLUSTER [NODE]
  hold-tasks CLUSTER              release-tasks CLUSTER
  slow-tasks CLUSTER SECONDS|off  fail-tasks CLUSTER [TYPE] [MESSAGE]
  clear CLUSTER
  start CLUSTER VMID   stop CLUSTER VMID   migrate CLUSTER VMID NODE
  rename CLUSTER VMID NAME   delete CLUSTER VMID   tag CLUSTER VMID TAG[;TAG]
  shift-clock SECONDS             info            quit"""


def _versions(text: str) -> tuple[str, ...]:
    items = tuple(v.strip() for v in text.split(",") if v.strip())
    for item in items:
        if item not in VERSION_KEYS:
            raise argparse.ArgumentTypeError(
                f"unknown version {item!r} (choose from {', '.join(VERSION_KEYS)})"
            )
    if not items:
        raise argparse.ArgumentTypeError("no version given")
    return items


def _non_negative(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return value


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "sim",
        help="run a simulated Proxmox VE fleet (for tests, demos and trying the API with curl)",
        description="Start simulated PVE clusters on loopback addresses; print one JSON line per "
        "cluster, then run until interrupted. Type 'help' on stdin for runtime commands.",
    )
    parser.add_argument("--clusters", type=int, default=3, help="number of clusters (default 3)")
    parser.add_argument("--nodes", type=int, default=3, help="nodes per cluster (default 3)")
    parser.add_argument("--guests", type=int, default=30, help="guests per cluster (default 30)")
    parser.add_argument(
        "--standalone",
        type=int,
        default=0,
        help="how many of the clusters are standalone nodes (default 0)",
    )
    parser.add_argument(
        "--versions",
        type=_versions,
        default=VERSION_KEYS,
        help="comma-separated PVE versions to emulate, round-robin (default 7.4,8.4,9.1)",
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed of the generated fleet")
    parser.add_argument(
        "--time-scale",
        type=_non_negative,
        default=1.0,
        help="real seconds per simulated second of task work (0 = instant; default 1)",
    )
    parser.add_argument("--fleet", metavar="FILE", help="load the fleet from a JSON fleet file")
    parser.add_argument("--dump-fleet", metavar="FILE", help="write the fleet to FILE and exit")
    parser.add_argument(
        "--port", type=int, default=0, help="port for every cluster (default: free ports)"
    )
    parser.add_argument(
        "--unauthorized-delay",
        type=_non_negative,
        default=3.0,
        help="delay of 401 answers in seconds, as PVE (default 3)",
    )
    parser.add_argument(
        "--schema-dir", help="directory with the official pve-api-schema-*.json files"
    )
    parser.add_argument(
        "--no-schema", action="store_true", help="validate with the built-in parameter spec only"
    )
    parser.add_argument("--no-gzip", action="store_true", help="never gzip answers")
    parser.add_argument("--no-stdin", action="store_true", help="do not read commands from stdin")
    faults = parser.add_argument_group(
        "faults at start (apply to every cluster unless CLUSTER/ is given)"
    )
    faults.add_argument(
        "--fault-latency", type=_non_negative, metavar="SECONDS", help="added latency"
    )
    faults.add_argument(
        "--fault-error-rate",
        type=_non_negative,
        metavar="RATE",
        help="share of requests answered with 500",
    )
    faults.add_argument(
        "--fault-body", choices=("malformed", "truncated"), help="send damaged JSON bodies"
    )
    faults.add_argument(
        "--fault-node-down",
        action="append",
        default=[],
        metavar="CLUSTER/NODE",
        help="start with this node down (repeatable)",
    )
    faults.add_argument(
        "--fault-unreachable",
        action="append",
        default=[],
        metavar="CLUSTER[:hang]",
        help="start with this cluster unreachable (repeatable)",
    )
    faults.add_argument(
        "--fault-slow-tasks",
        type=_non_negative,
        metavar="SECONDS",
        help="every task takes this many seconds",
    )
    faults.add_argument(
        "--fault-fail-tasks",
        nargs="?",
        const="*",
        metavar="TYPE",
        help="tasks (of TYPE, default all) end with an error",
    )
    parser.set_defaults(handler=run)


def _build_fleet(args: argparse.Namespace) -> Any:
    if args.fleet:
        try:
            return load_fleet(args.fleet)
        except (FleetFileError, OSError) as exc:
            raise CliError(f"cannot use fleet file: {exc}") from None
    try:
        spec = FleetSpec(
            clusters=args.clusters,
            nodes=args.nodes,
            guests=args.guests,
            versions=args.versions,
            seed=args.seed,
            standalone=args.standalone,
        )
    except ValueError as exc:
        raise CliError(str(exc)) from None
    return generate_fleet(spec)


def _wait_answers(info: dict[str, Any], deadline: float) -> None:
    host, _, port = info["url"].removeprefix("https://").rpartition(":")
    ctx = ssl.create_default_context(cafile=info["ca_file"])
    while True:
        try:
            conn = http.client.HTTPSConnection(host, int(port), context=ctx, timeout=2)
            conn.request("GET", "/api2/json/access/domains")
            conn.getresponse().read()
            conn.close()
            return
        except (OSError, http.client.HTTPException):
            if time.monotonic() > deadline:
                return
            time.sleep(0.05)


def _apply_start_faults(fleet: SimulatedFleet, args: argparse.Namespace) -> None:
    for sim in fleet:
        if args.fault_latency:
            sim.set_latency(args.fault_latency)
        if args.fault_error_rate:
            sim.set_error_rate(args.fault_error_rate)
        if args.fault_body:
            sim.set_body_fault(args.fault_body)
        if args.fault_slow_tasks is not None:
            sim.slow_tasks(args.fault_slow_tasks)
        if args.fault_fail_tasks:
            sim.fail_tasks(types=(args.fault_fail_tasks,))
    for item in args.fault_node_down:
        cluster, _, node = item.partition("/")
        _cluster(fleet, cluster).node_down(node)
    for item in args.fault_unreachable:
        cluster, _, mode = item.partition(":")
        _cluster(fleet, cluster).unreachable(mode or "refused")


def _cluster(fleet: SimulatedFleet, name: str) -> Any:
    try:
        return fleet[name]
    except KeyError:
        raise CliError(f"no cluster named {name!r} (have: {', '.join(fleet.clusters)})") from None


def run(args: argparse.Namespace, context: CliContext) -> int:
    model = _build_fleet(args)
    if args.dump_fleet:
        dump_fleet(model, args.dump_fleet)
        print(json.dumps({"written": str(Path(args.dump_fleet))}))
        return EXIT_OK
    fleet = SimulatedFleet(
        model,
        time_scale=args.time_scale,
        unauthorized_delay=args.unauthorized_delay,
        schema_dir=args.schema_dir,
        use_official_schema=not args.no_schema,
        use_gzip=not args.no_gzip,
        port=args.port,
    )
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        try:
            fleet.start()
        except OSError as exc:
            raise CliError(f"cannot start the simulator: {exc}") from None
        deadline = time.monotonic() + 10
        infos = fleet.info()
        for info in infos:
            _wait_answers(info, deadline)
        _apply_start_faults(fleet, args)
        for info in fleet.info():
            print(json.dumps(info), flush=True)
        if not args.no_stdin and sys.stdin is not None and not sys.stdin.closed:
            threading.Thread(target=_command_loop, args=(fleet, stop), daemon=True).start()
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        fleet.stop()
    return EXIT_OK


def _command_loop(fleet: SimulatedFleet, stop: threading.Event) -> None:
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] in ("quit", "exit"):
            stop.set()
            return
        try:
            result = execute(fleet, words)
        except (CliError, KeyError, ValueError, IndexError) as exc:
            print(json.dumps({"command": words[0], "error": str(exc)}), file=sys.stderr, flush=True)
            continue
        print(json.dumps({"command": words[0], "ok": True, **result}), file=sys.stderr, flush=True)
    # stdin closed: keep running until interrupted


def execute(fleet: SimulatedFleet, words: list[str]) -> dict[str, Any]:
    """Run one runtime command (see ``help``); return extra fields for the answer."""
    cmd, rest = words[0], words[1:]
    if cmd == "help":
        print(COMMANDS_HELP, file=sys.stderr, flush=True)
        return {}
    if cmd == "info":
        return {"clusters": fleet.info()}
    if cmd == "shift-clock":
        fleet.clock.shift(float(rest[0]))
        return {}
    sim = _cluster(fleet, rest[0])
    args = rest[1:]
    outside = sim.outside
    actions: dict[str, Callable[[], Any]] = {
        "node-down": lambda: sim.node_down(args[0]),
        "node-up": lambda: sim.node_up(args[0]),
        "unreachable": lambda: sim.unreachable(args[0] if args else "refused"),
        "reachable": sim.reachable,
        "latency": lambda: sim.set_latency(float(args[0])),
        "errors": lambda: sim.set_error_rate(float(args[0]), " ".join(args[1:]) or None),
        "body": lambda: sim.set_body_fault(
            None if args[0] == "off" else args[0], float(args[1]) if len(args) > 1 else 1.0
        ),
        "expire-tickets": sim.expire_tickets,
        "change-cert": lambda: {"fingerprint": sim.change_certificate(args[0] if args else None)},
        "hold-tasks": sim.hold_tasks,
        "release-tasks": lambda: sim.hold_tasks(False),
        "slow-tasks": lambda: sim.slow_tasks(None if args[0] == "off" else float(args[0])),
        "fail-tasks": lambda: sim.fail_tasks(
            " ".join(args[1:]) or "simulated failure", (args[0],) if args else ("*",)
        ),
        "clear": sim.clear_faults,
        "start": lambda: outside.start_guest(int(args[0])),
        "stop": lambda: outside.stop_guest(int(args[0])),
        "migrate": lambda: outside.migrate_guest(int(args[0]), args[1]),
        "rename": lambda: outside.rename_guest(int(args[0]), args[1]),
        "delete": lambda: outside.delete_guest(int(args[0])),
        "tag": lambda: outside.tag_guest(int(args[0]), args[1] if len(args) > 1 else ""),
    }
    action = actions.get(cmd)
    if action is None:
        raise CliError(f"unknown command {cmd!r} (try 'help')")
    result = action()
    return result if isinstance(result, dict) else {}
