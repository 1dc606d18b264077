"""``pvesphere cluster add|list|remove|verify|repin``: manage cluster connections.

Settings go to the local cache's cluster registry, secrets to the OS keyring (or the encrypted
vault). ``add`` and ``verify`` connect for real and print what they found.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from pvesphere_desktop.cli.main import EXIT_FAILED, EXIT_OK, EXIT_USAGE, CliContext
from pvesphere_desktop.cli.pvecommon import (
    error,
    guarded,
    load_secret,
    opened,
    read_stdin_secret,
    session_for,
)
from pvesphere_desktop.core.config import AuthMethod, ClusterConfig, TlsMode
from pvesphere_desktop.core.enums import Health, NodeStatus
from pvesphere_desktop.core.errors import (
    AuthenticationError,
    InvalidInputError,
    PveSphereError,
    TlsError,
    UnreachableError,
)
from pvesphere_desktop.core.secret import Secret
from pvesphere_desktop.pve.session import PveSession, normalize_url, parse_token
from pvesphere_desktop.pve.tls import (
    CertificateInfo,
    host_port,
    normalize_fingerprint,
    probe_certificate,
)
from pvesphere_desktop.secrets import SecretStore

log = logging.getLogger(__name__)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("cluster", help="add, list, verify and remove clusters")
    commands = parser.add_subparsers(dest="cluster_command", metavar="ACTION")
    parser.set_defaults(handler=lambda args, context: _missing(parser))

    add = commands.add_parser(
        "add",
        help="add a cluster (or standalone node) and verify the connection",
        description="Add a cluster. Give one way to log in and one way to trust its certificate.",
    )
    add.add_argument("name", help="your name for this connection")
    add.add_argument("--url", required=True, help="entry URL, e.g. https://pve1.example.com:8006")
    login = add.add_mutually_exclusive_group(required=True)
    login.add_argument("--token", metavar="USER@REALM!TOKENID=SECRET", help="API token")
    login.add_argument(
        "--token-stdin", action="store_true", help="read USER@REALM!TOKENID=SECRET from stdin"
    )
    login.add_argument("--user", metavar="USER@REALM", help="log in with a password")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    add.add_argument("--otp", metavar="CODE", help="TOTP code or recovery key (two-factor)")
    trust = add.add_mutually_exclusive_group(required=True)
    trust.add_argument("--fingerprint", metavar="SHA256", help="pin this certificate fingerprint")
    trust.add_argument(
        "--trust-on-first-use",
        action="store_true",
        help="show the presented certificate and pin it",
    )
    trust.add_argument("--ca-file", metavar="FILE", help="verify against this CA bundle (PEM)")
    trust.add_argument("--system-ca", action="store_true", help="verify against the system CAs")
    add.add_argument("--no-failover", action="store_true", help="never use other nodes' addresses")
    add.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS")
    add.set_defaults(handler=guarded(run_add))

    listing = commands.add_parser("list", help="list clusters with version and health")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.add_argument(
        "--offline", action="store_true", help="do not connect (version and health unknown)"
    )
    listing.set_defaults(handler=guarded(run_list))

    remove = commands.add_parser("remove", help="remove a cluster and its stored credential")
    remove.add_argument("name")
    remove.set_defaults(handler=guarded(run_remove))

    verify = commands.add_parser("verify", help="connect and report version, nodes and trust")
    verify.add_argument("name")
    verify.add_argument("--otp", metavar="CODE", help="TOTP code or recovery key (two-factor)")
    verify.add_argument("--json", action="store_true", help="print JSON")
    verify.set_defaults(handler=guarded(run_verify))

    repin = commands.add_parser(
        "repin", help="pin a new certificate fingerprint after a deliberate certificate change"
    )
    repin.add_argument("name")
    repin.add_argument("--fingerprint", required=True, metavar="SHA256")
    repin.add_argument(
        "--endpoint", metavar="HOST:PORT", help="which endpoint (default: the entry URL)"
    )
    repin.set_defaults(handler=guarded(run_repin))


def _missing(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_USAGE


def _usage(message: str) -> int:
    print(f"pvesphere cluster: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def describe_certificate(info: CertificateInfo) -> str:
    valid = f", valid until {info.not_after:%Y-%m-%d}" if info.not_after else ""
    return (
        f"Certificate of {info.host_port}:\n"
        f"  SHA-256 fingerprint: {info.fingerprint}\n"
        f"  subject: {info.subject or '?'}\n"
        f"  issuer: {info.issuer or '?'}{' (self-signed)' if info.self_signed else ''}{valid}"
    )


# ------------------------------------------------------------------------------ add
def run_add(args: argparse.Namespace, context: CliContext) -> int:
    """Add a cluster after a successful connection."""
    url = normalize_url(args.url)
    if args.user is not None and not args.password_stdin:
        return _usage("--user needs --password-stdin")
    if args.user is None and args.password_stdin:
        return _usage("--password-stdin goes with --user")
    config = ClusterConfig(
        name=args.name.strip(),
        url=url,
        failover=not args.no_failover,
        timeout_s=args.timeout,
    )
    secret: Secret
    if args.user is not None:
        if "@" not in args.user:
            return _usage("--user must be USER@REALM")
        secret = read_stdin_secret("password")
        config = config.with_changes(auth=AuthMethod.PASSWORD, user=args.user)
    else:
        token = read_stdin_secret("API token").reveal() if args.token_stdin else args.token
        user, token_id, secret = parse_token(token)
        config = config.with_changes(auth=AuthMethod.TOKEN, user=user, token_id=token_id)

    if args.fingerprint:
        pins = {host_port(url): normalize_fingerprint(args.fingerprint)}
        config = config.with_changes(tls=TlsMode.PINNED, fingerprints=pins)
    elif args.trust_on_first_use:
        cert = probe_certificate(url, timeout=args.timeout)
        print(describe_certificate(cert), file=sys.stderr)
        print("Trusting this certificate (--trust-on-first-use).", file=sys.stderr)
        config = config.with_changes(
            tls=TlsMode.PINNED, fingerprints={cert.host_port: cert.fingerprint}
        )
    elif args.ca_file:
        ca_file = Path(args.ca_file).expanduser().resolve()
        if not ca_file.is_file():
            return _usage(f"no such CA file: {ca_file}")
        config = config.with_changes(tls=TlsMode.CA_FILE, ca_file=str(ca_file))
    else:
        config = config.with_changes(tls=TlsMode.SYSTEM)

    with opened(context) as (registry, secrets):
        if registry.find(config.name) is not None:
            error(f"a cluster named {config.name!r} already exists")
            return EXIT_FAILED
        with PveSession(config, secret) as session:
            version = session.connect(otp=args.otp)
            info, nodes = session.cluster_status()
            endpoint = session.active_endpoint
            final = session.config
        secrets.set(final.secret_ref, secret)
        try:
            registry.add(final)
        except PveSphereError:
            secrets.delete(final.secret_ref)
            raise
    online = sum(1 for n in nodes if n.status is NodeStatus.ONLINE)
    kind = f"cluster {info.name}" if info.name != (nodes[0].node if nodes else "") else "node"
    print(
        f"Added {config.name}: PVE {version.version}, {kind}, {len(nodes)} nodes "
        f"({online} online), via {endpoint.node or endpoint.key}"
    )
    return EXIT_OK


# ------------------------------------------------------------------------------ list
def _check(config: ClusterConfig, secrets: SecretStore) -> dict[str, Any]:
    entry: dict[str, Any] = {"version": None, "health": Health.UNKNOWN.value, "nodes": None}
    try:
        secret = load_secret(secrets, config)
        with PveSession(config, secret) as session:
            entry["version"] = session.connect().version
            _, nodes = session.cluster_status(learn=False)
        online = sum(1 for n in nodes if n.status is NodeStatus.ONLINE)
        entry["nodes"] = len(nodes)
        entry["health"] = (Health.OK if online == len(nodes) else Health.DEGRADED).value
    except TlsError as exc:
        entry["health"], entry["error"] = Health.TLS_CHANGED.value, str(exc)
    except AuthenticationError as exc:
        entry["health"], entry["error"] = Health.NEEDS_LOGIN.value, str(exc)
    except UnreachableError as exc:
        entry["health"], entry["error"] = Health.UNREACHABLE.value, str(exc)
    except PveSphereError as exc:
        entry["error"] = str(exc)
    return entry


def run_list(args: argparse.Namespace, context: CliContext) -> int:
    """List clusters; unless --offline, connect to each (in parallel) for version and health."""
    with opened(context) as (registry, secrets):
        configs = registry.list()
        rows: list[dict[str, Any]] = []
        checks: list[dict[str, Any]]
        if args.offline or not configs:
            checks = [{"version": None, "health": Health.UNKNOWN.value} for _ in configs]
        else:
            with ThreadPoolExecutor(max_workers=min(8, len(configs))) as pool:
                checks = list(pool.map(lambda c: _check(c, secrets), configs))
    for config, check in zip(configs, checks, strict=True):
        rows.append(
            {
                "name": config.name,
                "url": config.url,
                "auth": config.auth.value,
                "tls": config.tls.value,
                "failover": config.failover,
                **check,
            }
        )
    if args.json:
        print(json.dumps(rows, indent=1))
        return EXIT_OK
    if not rows:
        print(
            "No clusters. Add one with: pvesphere cluster add NAME --url URL ...", file=sys.stderr
        )
        return EXIT_OK
    width = max(len(r["name"]) for r in rows)
    for row in rows:
        version = row["version"] or "-"
        print(f"{row['name']:<{width}}  {row['health']:<11}  {version:<10}  {row['url']}")
    return EXIT_OK


# ------------------------------------------------------------------------------ remove
def run_remove(args: argparse.Namespace, context: CliContext) -> int:
    """Remove a cluster's settings and its stored secret."""
    with opened(context) as (registry, secrets):
        config = registry.get(args.name)
        registry.remove(config.name)
        secrets.delete(config.secret_ref)
    print(f"Removed {config.name}.", file=sys.stderr)
    return EXIT_OK


# ------------------------------------------------------------------------------ verify
def run_verify(args: argparse.Namespace, context: CliContext) -> int:
    """Connect with the stored settings; report what was found."""
    with opened(context) as (registry, secrets):
        config = registry.get(args.name)
        secret = load_secret(secrets, config)
        with session_for(config, secret, registry) as session:
            version = session.connect(otp=args.otp)
            info, nodes = session.cluster_status()
            endpoint = session.active_endpoint
            caps = session.capabilities()
    online = [n.node for n in nodes if n.status is NodeStatus.ONLINE]
    if args.json:
        print(
            json.dumps(
                {
                    "name": config.name,
                    "url": config.url,
                    "version": version.version,
                    "cluster": info.name,
                    "quorate": info.quorate,
                    "nodes": [
                        {"node": n.node, "status": n.status.value, "ip": n.ip} for n in nodes
                    ],
                    "endpoint": {"node": endpoint.node, "url": endpoint.url},
                    "capabilities": caps.as_dict(),
                },
                indent=1,
            )
        )
        return EXIT_OK
    print(
        f"{config.name}: OK, PVE {version.version}, {len(nodes)} nodes ({len(online)} online), "
        f"via {endpoint.node or '?'} at {endpoint.url}"
    )
    return EXIT_OK


# ------------------------------------------------------------------------------ repin
def run_repin(args: argparse.Namespace, context: CliContext) -> int:
    """Pin a new fingerprint, after checking that the endpoint really presents it."""
    fingerprint = normalize_fingerprint(args.fingerprint)
    with opened(context) as (registry, _secrets):
        config = registry.get(args.name)
        key = args.endpoint.strip() if args.endpoint else host_port(config.url)
        url = _endpoint_url(config, key)
        info = probe_certificate(url, timeout=config.timeout_s)
        if info.fingerprint != fingerprint:
            print(describe_certificate(info), file=sys.stderr)
            error(f"{key} presents {info.fingerprint}, not {fingerprint}: nothing was changed")
            return EXIT_FAILED
        old = config.fingerprints.get(key)
        pins = {**config.fingerprints, key: fingerprint}
        registry.update(config.with_changes(tls=TlsMode.PINNED, fingerprints=pins))
    print(f"Pinned {fingerprint} for {key} (was {old or 'not pinned'}).")
    return EXIT_OK


def _endpoint_url(config: ClusterConfig, key: str) -> str:
    if key == host_port(config.url):
        return config.url
    for url in config.known_endpoints.values():
        if host_port(url) == key:
            return url
    try:
        return normalize_url(key)
    except InvalidInputError:
        raise InvalidInputError(key, what="endpoint (HOST:PORT)") from None
