"""``--self-test``: prove a build works headless (Qt, the main window, QtWebEngine, assets)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEvent, QEventLoop, QTimer, QUrl
from PySide6.QtWebEngineWidgets import QWebEngineView

from pvesphere_desktop.resources import resources_dir, web_assets_dir

if TYPE_CHECKING:
    from pvesphere_desktop.ui.app import Application

log = logging.getLogger(__name__)

SELF_TEST_PAGE = "console/selftest.html"
TIMEOUT_MS = 60_000


def run_self_test(app: Application) -> int:
    """Load the self-test page (which uses the bundled xterm.js and noVNC); return an exit code."""
    page_path = resources_dir() / SELF_TEST_PAGE
    problems = []
    if not page_path.is_file():
        problems.append(f"missing page {page_path}")
    for asset in ("@xterm/xterm/lib/xterm.js", "@novnc/novnc/core/rfb.js"):
        if not (web_assets_dir() / asset).is_file():
            problems.append(f"missing web asset {asset}")
    problems += _check_cache(app)
    problems += _check_single_instance(app)
    if problems:
        for problem in problems:
            print(f"self-test: {problem}")  # noqa: T201 - the self-test reports on stdout
        return 1

    view = QWebEngineView()
    result: dict[str, int | str] = {"code": 1, "detail": "timed out"}

    def finish(code: int, detail: str) -> None:
        result["code"] = code
        result["detail"] = detail
        app.qapp.quit()

    def on_loaded(ok: bool) -> None:
        if not ok:
            finish(1, "the page did not load")
            return

        # The page sets document.title once its modules ran; poll briefly for it.
        def check(attempt: int = 0) -> None:
            def got(value: object) -> None:
                if value == "ok":
                    finish(0, "web assets loaded")
                elif attempt < 100:
                    QTimer.singleShot(100, lambda: check(attempt + 1))
                else:
                    finish(1, f"page reported {value!r}")

            view.page().runJavaScript("window.selfTestResult || 'pending'", 0, got)

        check()

    view.loadFinished.connect(on_loaded)
    app.window.show()
    view.load(QUrl.fromLocalFile(str(page_path)))
    QTimer.singleShot(TIMEOUT_MS, lambda: finish(1, "timed out"))
    app.qapp.exec()
    print(f"self-test: {'passed' if result['code'] == 0 else 'FAILED'}: {result['detail']}")  # noqa: T201
    # The page must be gone before the profile and the application are destroyed.
    view.close()
    view.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return int(result["code"])


def _check_cache(app: Application) -> list[str]:
    """Create and migrate a cache database in the (throwaway) data directory."""
    from pvesphere_desktop.store.db import Database

    try:
        database = Database.open(f"sqlite:///{app.paths.data_dir / 'self-test.sqlite'}")
    except Exception as exc:  # the self-test reports every failure instead of crashing
        return [f"the cache could not be created: {exc}"]
    database.close()
    return []


def _check_single_instance(app: Application) -> list[str]:
    """A second start must reach the first (the lock and the local socket work here)."""
    from pvesphere_desktop.ui.single_instance import InstanceGuard

    folder = app.paths.data_dir / "self-test-instance"
    folder.mkdir(exist_ok=True)
    first, second = InstanceGuard(folder), InstanceGuard(folder)
    if not first.acquire():
        return ["the instance lock could not be taken"]
    try:
        raised: list[bool] = []
        first.listen(lambda: raised.append(True))
        if second.acquire():
            return ["the instance lock was taken twice"]
        if not second.activate_running(timeout_s=5):
            return ["a second start could not reach the first"]
        deadline = QDeadlineTimer(5000)
        while not raised and not deadline.hasExpired():
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        return [] if raised else ["the first start did not hear the second"]
    finally:
        first.release()
