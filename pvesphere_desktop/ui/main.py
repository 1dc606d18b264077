"""Entry point of the ``pvesphere-desktop`` program."""

from __future__ import annotations

import argparse
import contextlib
import gc
import logging
import os
import signal
import socket
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from pvesphere_desktop import APP_NAME, __version__
from pvesphere_desktop.paths import HOME_ENV, AppPaths

if TYPE_CHECKING:
    from pvesphere_desktop.ui.app import Application
    from pvesphere_desktop.ui.single_instance import InstanceGuard

log = logging.getLogger(__name__)

# The cold-start benchmark's hook (ui/startup_timing.py); read here to import nothing unless set.
STARTUP_TIMING_ENV = "PVESPHERE_STARTUP_TIMING"


def build_parser() -> argparse.ArgumentParser:
    """Return the command-line parser of the GUI program."""
    parser = argparse.ArgumentParser(prog="pvesphere-desktop", description=APP_NAME)
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--home", metavar="DIR", help=f"data directory (default: ${HOME_ENV} or the platform's)"
    )
    parser.add_argument(
        "--lang",
        metavar="CODE",
        help="language for this run: en, de or zh_CN (default: the setting, else the system's)",
    )
    parser.add_argument(
        "--demo-if-empty",
        action="store_true",
        help="open the simulated demo fleet when no cluster is configured",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a simulated demo fleet (3 clusters) in a throwaway profile",
    )
    parser.add_argument(
        "--screenshot",
        metavar="PATH",
        help="wait for the first complete sync, save the window (1440x900) as PNG, exit",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="start offscreen, open the main window and a web page from the bundle, then exit",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the desktop application; return its exit status."""
    # Start-up allocates some 300,000 objects that live as long as the program (modules, Qt
    # wrappers, the cached fleet): the cyclic collector would scan them again and again,
    # about a quarter of a cold start. It resumes once the window shows the cache
    # (startup.resume_gc_when_shown).
    gc.disable()
    timing = None
    if os.environ.get(STARTUP_TIMING_ENV):
        from pvesphere_desktop.ui.startup_timing import StartupTiming

        timing = StartupTiming.from_environment()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test or args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    paths = AppPaths.resolve(args.home)
    try:
        paths.ensure()
    except OSError as exc:
        parser.error(f"cannot use the data directory: {exc}")  # exits with status 2
    guard = None
    if not (args.demo or args.self_test or args.screenshot):
        from pvesphere_desktop.ui.single_instance import InstanceGuard

        guard = InstanceGuard(paths.data_dir)
        if not guard.acquire():
            return _activate_running(guard)
    from pvesphere_desktop.ui.app import create_application
    from pvesphere_desktop.ui.startup import resume_gc_when_shown

    demo = None
    if args.demo or (args.demo_if_empty and not args.self_test and not _has_clusters(paths)):
        from pvesphere_desktop.ui.demo import DEMO_COLLEAGUE_EVERY_S, DemoFleet

        # A colleague starts, stops, snapshots and backs up guests now and then, as in a real
        # fleet; a screenshot is taken before the first of them.
        demo = DemoFleet(colleagues_every_s=DEMO_COLLEAGUE_EVERY_S).start()
        paths = AppPaths.resolve(demo.profile)  # a throwaway profile, removed at exit
        paths.ensure()
    app = create_application(
        paths,
        language_override=args.lang,
        demo_if_empty=args.demo_if_empty,
        demo=demo,
        backend=not args.self_test,
        timing=timing,
    )
    try:
        if args.self_test or args.screenshot:
            gc.enable()
        if args.self_test:
            from pvesphere_desktop.ui.selftest import run_self_test

            return run_self_test(app)
        if args.screenshot:
            from pvesphere_desktop.ui.screenshot import run_screenshot

            return run_screenshot(app, args.screenshot)
        if guard is not None:
            guard.listen(app.window.bring_to_front)
        app.window.show()
        if timing is not None:
            timing.mark("shown")
            timing.watch(app.window, app.qapp.quit)
        app.window.start()
        resume_gc_when_shown(app.window)
        restore_signals = quit_on_signals(app)
        log.info("Main window open")
        try:
            # Runs until Qt quits (last window closed, Quit, or a signal). run_forever and not
            # run_until_complete(future): with background work queued, Qt may stop the loop
            # before a future resolved by aboutToQuit gets its turn.
            app.loop.run_forever()
        finally:
            restore_signals()
        return 0
    finally:
        app.close()
        if demo is not None:
            demo.stop()
        if guard is not None:
            guard.release()
        log.info("Stopped")


def _activate_running(guard: InstanceGuard) -> int:
    """Another app runs on this data directory: bring its window to the front, end this one."""
    pid = guard.holder_pid()
    holder = f" (pid {pid})" if pid else ""
    if guard.activate_running():
        sys.stderr.write(
            f"{APP_NAME} is already running on {guard.data_dir}{holder}: "
            "its window was brought to the front.\n"
        )
        return 0
    sys.stderr.write(
        f"{APP_NAME} is already running on {guard.data_dir}{holder} but did not answer. "
        "If it hangs, end it; or start with --home DIR for another data directory.\n"
    )
    return 1


def _has_clusters(paths: AppPaths) -> bool:
    from pvesphere_desktop.ui.startup import has_clusters

    return has_clusters(paths)


def quit_on_signals(app: Application) -> Callable[[], None]:
    """Quit cleanly on Ctrl+C and SIGTERM (settings saved, log closed); return an undo.

    Python runs signal handlers only between bytecodes, and Qt's loop may sit in C++ for
    long: the wake-up socket makes the loop notice the signal at once.
    """
    from PySide6.QtCore import QSocketNotifier

    receiver, sender = socket.socketpair()
    receiver.setblocking(False)
    sender.setblocking(False)
    notifier = QSocketNotifier(receiver.fileno(), QSocketNotifier.Type.Read)

    def drain() -> None:
        with contextlib.suppress(OSError):  # the bytes only woke the loop up
            receiver.recv(64)

    notifier.activated.connect(drain)
    signals = [signal.SIGINT] + ([signal.SIGTERM] if hasattr(signal, "SIGTERM") else [])

    def stop(number: int, _frame: object) -> None:
        log.info("Quitting on signal %d", number)
        app.qapp.quit()

    previous = {number: signal.signal(number, stop) for number in signals}
    previous_fd = signal.set_wakeup_fd(sender.fileno())

    def restore() -> None:
        signal.set_wakeup_fd(previous_fd)
        for number, handler in previous.items():
            signal.signal(number, handler)
        notifier.setEnabled(False)
        notifier.deleteLater()
        receiver.close()
        sender.close()

    return restore


if __name__ == "__main__":
    sys.exit(main())
