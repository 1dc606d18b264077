"""Entry point of the ``pvesphere-desktop`` program."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from typing import TYPE_CHECKING

from pvesphere_desktop import APP_NAME, __version__
from pvesphere_desktop.paths import HOME_ENV, AppPaths

if TYPE_CHECKING:
    from pvesphere_desktop.ui.app import Application

log = logging.getLogger(__name__)


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
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test or args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    paths = AppPaths.resolve(args.home)
    try:
        paths.ensure()
    except OSError as exc:
        parser.error(f"cannot use the data directory: {exc}")  # exits with status 2
    from pvesphere_desktop.ui.app import create_application

    demo = None
    if args.demo or (args.demo_if_empty and not args.self_test and not _has_clusters(paths)):
        from pvesphere_desktop.ui.demo import DemoFleet

        demo = DemoFleet().start()
        paths = AppPaths.resolve(demo.profile)  # a throwaway profile, removed at exit
        paths.ensure()
    app = create_application(
        paths,
        language_override=args.lang,
        demo_if_empty=args.demo_if_empty,
        demo=demo,
        backend=not args.self_test,
    )
    try:
        if args.self_test:
            from pvesphere_desktop.ui.selftest import run_self_test

            return run_self_test(app)
        if args.screenshot:
            from pvesphere_desktop.ui.screenshot import run_screenshot

            return run_screenshot(app, args.screenshot)
        app.window.show()
        app.window.start()
        app.loop.run_until_complete(_until_quit(app))
        return 0
    finally:
        app.close()
        if demo is not None:
            demo.stop()
        log.info("Stopped")


def _has_clusters(paths: AppPaths) -> bool:
    from pvesphere_desktop.ui.startup import has_clusters

    return has_clusters(paths)


async def _until_quit(app: Application) -> None:
    """Wait until Qt is about to quit (the last window closed or Quit chosen)."""
    done = asyncio.get_running_loop().create_future()

    def finish() -> None:
        if not done.done():
            done.set_result(None)

    app.qapp.aboutToQuit.connect(finish)
    await done


if __name__ == "__main__":
    sys.exit(main())
