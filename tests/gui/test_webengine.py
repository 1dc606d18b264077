"""QtWebEngine works inside the test process: our page loads the npm assets and runs them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWebEngineCore import QWebEnginePage
from PySide6.QtWebEngineWidgets import QWebEngineView

from pvesphere_desktop.resources import resources_dir


class _RecordingPage(QWebEnginePage):
    """Keeps the page's console output so a failing page explains itself."""

    def __init__(self, parent) -> None:
        super().__init__(parent)
        self.console: list[str] = []

    def javaScriptConsoleMessage(self, level, message, line, source) -> None:
        self.console.append(f"{source}:{line}: {message}")


@pytest.mark.webengine
def test_self_test_page_runs_xterm_and_novnc(qtbot, screenshot) -> None:
    view = QWebEngineView()
    qtbot.addWidget(view)
    page = _RecordingPage(view)
    view.setPage(page)
    view.resize(640, 240)
    view.show()
    with qtbot.waitSignal(view.loadFinished, timeout=30_000) as loaded:
        view.load(QUrl.fromLocalFile(str(resources_dir() / "console" / "selftest.html")))
    assert loaded.args == [True]

    result: list[object] = []

    def ask() -> bool:
        page.runJavaScript("window.selfTestResult || 'pending'", 0, result.append)
        return bool(result) and result[-1] != "pending"

    qtbot.waitUntil(ask, timeout=10_000)
    assert result[-1] == "ok", page.console
    # The terminal really rendered: xterm.js created its screen element.
    rendered: list[object] = []
    page.runJavaScript("document.querySelector('.xterm-screen') !== null", 0, rendered.append)
    qtbot.waitUntil(lambda: bool(rendered), timeout=5_000)
    assert rendered == [True]
    screenshot(view, "webengine_selftest_page")
    view.setPage(None)  # the page must go before the view and the profile
    page.deleteLater()
