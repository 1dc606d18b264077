"""Entry point of the ``pvesphere-desktop`` program."""

from __future__ import annotations

import argparse
import os
import sys

from pvesphere_desktop import APP_NAME, __version__
from pvesphere_desktop.paths import HOME_ENV, AppPaths


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pvesphere-desktop", description=APP_NAME)
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--home", metavar="DIR", help=f"data directory (default: ${HOME_ENV} or the platform's)"
    )
    parser.add_argument("--lang", metavar="CODE", help="language: en, de or zh_CN")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="start offscreen, open the main window and a web page from the bundle, then exit",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from pvesphere_desktop.ui.app import create_application

    paths = AppPaths.resolve(args.home)
    app = create_application(paths, language_override=args.lang)
    try:
        if args.self_test:
            from pvesphere_desktop.ui.selftest import run_self_test

            return run_self_test(app)
        app.window.show()  # type: ignore[attr-defined]
        with app.loop:
            app.loop.run_until_complete(_until_quit(app))
        return 0
    finally:
        app.close()


async def _until_quit(app: object) -> None:
    import asyncio

    from PySide6.QtWidgets import QApplication

    done = asyncio.get_running_loop().create_future()
    instance = QApplication.instance()
    assert instance is not None
    instance.aboutToQuit.connect(lambda: done.done() or done.set_result(None))
    await done


if __name__ == "__main__":
    sys.exit(main())
