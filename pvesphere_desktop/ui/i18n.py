"""Choose the language and install Qt translators (the system's unless the user overrides it)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from pvesphere_desktop.resources import translations_dir

log = logging.getLogger(__name__)

SUPPORTED_LANGUAGES = ("en", "de", "zh_CN")
# Each language's name in itself, for the language menu (never translated).
LANGUAGE_NAMES = {"en": "English", "de": "Deutsch", "zh_CN": "简体中文"}
# Chinese variants written in simplified characters; zh_TW, zh_HK and zh_Hant are not.
_SIMPLIFIED_CHINESE = {"zh", "zh_CN", "zh_SG", "zh_Hans", "zh_Hans_CN", "zh_Hans_SG"}


def _match(tag: str) -> str | None:
    """Return our code for a BCP 47 / POSIX locale tag, or None when we lack it."""
    tag = tag.replace("-", "_").split(".", 1)[0].split("@", 1)[0]
    if tag in SUPPORTED_LANGUAGES:
        return tag
    if tag in _SIMPLIFIED_CHINESE:
        return "zh_CN"
    language = tag.split("_", 1)[0]
    if language == "zh":
        return None
    return language if language in SUPPORTED_LANGUAGES else None


def pick_language(override: str, system: QLocale | None = None) -> str:
    """Return the language to use: a supported override, else the system's preference, else en.

    The system's preference is its ordered list of UI languages (``LANGUAGE=de:en`` on Linux,
    the language list on Windows and macOS); the first one we have wins.
    """
    if override:
        return _match(override) or "en"
    locale = system if system is not None else QLocale.system()
    for tag in [*locale.uiLanguages(), locale.name()]:
        code = _match(tag)
        if code is not None:
            return code
    return "en"


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
    else:
        log.info("No Qt translation for %s in %s", language, qt_dir)
    return installed


def translate(context: str, text: str) -> str:
    """Translate ``text`` in ``context`` with the installed catalogues (for UserMessage)."""
    return QCoreApplication.translate(context, text)
