"""The virt-viewer fields ``spiceproxy`` answers with (no SPICE server is simulated).

Shape taken from a real capture (PVE 6.2, fog-proxmox cassette) and the notes:
``host`` is ``pvespiceproxy:<8 lower-case hex time>:<vmid>:<node>::<40 hex signature>``,
``password`` 40 hex digits, ``ca`` the cluster CA with its newlines written as the two
characters ``\\n`` (PVE does ``s/\\n/\\\\n/g``), ``proxy`` ``http://<address>:3128``.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any

SPICE_PROXY_PORT = 3128
DEFAULT_TLS_PORT = 61000


def spice_fields(
    *,
    host: str,
    node: str,
    vmid: int,
    proxy: str,
    user: str = "root@pam",
    kind: str = "qemu",
    title: str | None = None,
    ca_pem: str = "",
    key: bytes = b"",
    tls_port: int = DEFAULT_TLS_PORT,
    now: float | None = None,
) -> dict[str, Any]:
    """Return the ``spiceproxy`` answer for ``vmid`` on ``node``.

    ``host`` is the node's host name, used in ``host-subject`` (the node certificate's
    subject). ``proxy`` is the address the client asked for (or the node's): PVE turns
    ``addr`` into ``http://addr:3128`` and keeps an explicit ``http://`` URL as given.
    ``key`` signs the ticket and password (any per-cluster secret).
    """
    stamp = f"{int(time.time() if now is None else now):08x}"
    data = f"{stamp}:{user}:{vmid}:{node}".encode()
    signature = hmac.new(key, b"spiceproxy:" + data, hashlib.sha1).hexdigest()
    password = hmac.new(key, b"spicepassword:" + data, hashlib.sha1).hexdigest()
    proxy_url = proxy if proxy.startswith("http://") else f"http://{proxy}:{SPICE_PROXY_PORT}"
    prefix = "CT" if kind == "lxc" else "VM"
    return {
        "type": "spice",
        "host": f"pvespiceproxy:{stamp}:{vmid}:{node}::{signature}",
        "proxy": proxy_url,
        "tls-port": tls_port,
        "password": password,
        "ca": ca_pem.replace("\n", "\\n"),
        "host-subject": f"OU=PVE Cluster Node,O=Proxmox Virtual Environment,CN={host}",
        "title": title if title is not None else f"{prefix} {vmid}",
        "secure-attention": "Ctrl+Alt+Ins",
        "release-cursor": "Ctrl+Alt+R",
        "toggle-fullscreen": "Shift+F11",
        "delete-this-file": 1,
    }
