"""Install Qt translators for the chosen language (the system locale unless overridden)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from pvesphere_desktop.resources import translations_dir

log = logging.getLogger(__name__)

SUPPORTED_LANGUAGES = ("en", "de", "zh_CN")


def pick_language(override: str, system: QLocale | None = None) -> str:
    """Return the language code to use: the override if supported, else the system's."""
    if override:
        return override if override in SUPPORTED_LANGUAGES else "en"
    locale = system or QLocale.system()
    name = locale.name()  # e.g. "de_DE", "zh_CN"
    if name in SUPPORTED_LANGUAGES:
        return name
    short = name.split("_", 1)[0]
    return short if short in SUPPORTED_LANGUAGES else "en"


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Load our catalogue and Qt's own for ``language``; return them (keep them alive)."""
    installed: list[QTranslator] = []
    if language == "en":
        return installed
    ours = QTranslator(app)
    if ours.load(f"pvesphere_{language}", str(translations_dir())):
        app.installTranslator(ours)
        installed.append(ours)
    else:
        log.warning("No translation catalogue for %s in %s", language, translations_dir())
    qt_base = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_base.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qt_base)
        installed.append(qt_base)
    return installed


def translate(context: str, text: str) -> str:
    """Translate ``text`` in ``context`` with the installed catalogues (for UserMessage)."""
    return QCoreApplication.translate(context, text)
