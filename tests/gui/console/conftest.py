"""Fixtures for console tests in QtWebEngine: the simulator's console servers behind a pinned
loopback wss front, the console service (relay), and a workspace in a shown window."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QMainWindow

from pvesphere_desktop.console.service import ConsoleService, LoopThread
from pvesphere_desktop.console.target import ConsoleKind, ConsoleTarget
from pvesphere_desktop.console.view import ConsolePane
from pvesphere_desktop.console.workspace import ConsoleWorkspace
from pvesphere_desktop.simulator.consoles import ConsoleHub
from tests.consolekit.certs import SelfSignedCert, make_cert
from tests.consolekit.opener import FakeClock, HubOpener
from tests.consolekit.upstream import FakeConsoleFront

COOKIE = (
    "PVE:root@pam:66AAAAAA::Z3VpLXRlc3Qtc2lnbmF0dXJl"  # house-rules: allow-secret fake for tests
)
TOKEN = (
    "root@pam!desk=6f1c1d8e-0b3b-4a4e-9a55-0c1d2e3f4a5b"  # house-rules: allow-secret fake for tests
)
TIMEOUT_MS = 20_000

# QtWebEngine's first start, offscreen and without a GPU, falls back to software rendering and
# says so; these lines (and only these) are expected in every console test.
WEBENGINE_NOISE = pytest.mark.qt_log_ignore(
    r"^Failed to create RHI for backend: OpenGL$",
    r"^This plugin does not support createPlatformVulkanInstance$",
    r"^QVulkanInstance: Failed to initialize Vulkan$",
    r"^GBM is not supported with the current configuration",
    r"^GPUInfo not initialized on GpuInfoUpdate$",
)
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "console"


@dataclass
class Cluster:
    """One simulated cluster's console side: hub + wss front + an opener for it."""

    name: str
    hub: ConsoleHub
    front: FakeConsoleFront
    opener: HubOpener


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> SelfSignedCert:
    return make_cert(tmp_path_factory.mktemp("console-certs"))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def backend_loop() -> Iterator[LoopThread]:
    thread = LoopThread("test-pve-front")
    thread.start()
    yield thread
    thread.stop()


@pytest.fixture
def make_cluster(
    backend_loop: LoopThread, cert: SelfSignedCert, clock: FakeClock
) -> Iterator[Callable[..., Cluster]]:
    started: list[FakeConsoleFront] = []

    def make(name: str = "alpha", version: str = "8.4.1", auth: str = "cookie") -> Cluster:
        hub = ConsoleHub(clock=clock)
        front = FakeConsoleFront(
            cert, cookie=COOKIE, api_token=TOKEN, backend="hub", hub=hub, version=version
        )
        backend_loop.submit(front.start()).result(10)
        started.append(front)
        return Cluster(name, hub, front, HubOpener(front, cert, auth=auth, clock=clock))

    yield make
    for front in started:
        backend_loop.submit(front.stop()).result(10)


@pytest.fixture
def service(clock: FakeClock) -> Iterator[ConsoleService]:
    # The simulator keeps TCP open after a close handshake: do not wait long for it.
    svc = ConsoleService(clock=clock, upstream_close_timeout=0.3)
    svc.start()
    yield svc
    svc.stop()


@pytest.fixture
def workspace(qtbot: Any, service: ConsoleService) -> Iterator[Workbench]:
    bench = Workbench(service)
    window = QMainWindow()
    window.resize(1100, 760)
    workspace = ConsoleWorkspace(service, bench.opener_for)
    window.setCentralWidget(workspace)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    bench.window = window
    bench.workspace = workspace
    yield bench
    workspace.close_all()
    window.close()
    # Pages must be gone before their profile (deleteLater needs the loop to run).
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qtbot.waitUntil(lambda: service.relay.active_count() == 0, timeout=TIMEOUT_MS)


class Workbench:
    """The workspace under test plus the clusters it may open consoles on."""

    def __init__(self, service: ConsoleService) -> None:
        self.service = service
        self.clusters: dict[str, Cluster] = {}
        self.window: QMainWindow
        self.workspace: ConsoleWorkspace

    def add(self, cluster: Cluster) -> Cluster:
        self.clusters[cluster.name] = cluster
        return cluster

    def opener_for(self, name: str) -> HubOpener:
        return self.clusters[name].opener

    def open(
        self, cluster: str, kind: ConsoleKind, *, vmid: int | None = None, name: str = ""
    ) -> ConsolePane:
        target = ConsoleTarget(cluster, "pve1", kind, vmid=vmid, name=name)
        return self.workspace.open_console(target)


def js(qtbot: Any, pane: ConsolePane, script: str, timeout: int = TIMEOUT_MS) -> Any:
    """Evaluate ``script`` in the pane's page and return its value (through JSON)."""
    box: dict[str, Any] = {}
    pane.run_js(f"JSON.stringify({script})", lambda value: box.setdefault("value", value))
    qtbot.waitUntil(lambda: "value" in box, timeout=timeout)
    return json.loads(box["value"]) if box["value"] else None


def wait_text(qtbot: Any, pane: ConsolePane, needle: str, timeout: int = TIMEOUT_MS) -> str:
    """Wait until the terminal's text contains ``needle``; return the text."""
    seen: dict[str, str] = {"text": ""}

    def check() -> bool:
        seen["text"] = js(qtbot, pane, "window.pvesphere.text()") or ""
        return needle in seen["text"]

    qtbot.waitUntil(check, timeout=timeout)
    return seen["text"]
