"""Translatable messages for layers that cannot import Qt.

Core, pve, sync and the other Qt-free layers build :class:`UserMessage` objects whose source
text is marked with :func:`QT_TRANSLATE_NOOP`, so ``pyside6-lupdate`` extracts it. The UI
renders them through Qt's translator; the CLI renders the English source text.

lupdate recognises the call by its name and reads only literal arguments: write
``QT_TRANSLATE_NOOP("Errors", "Cannot reach {host}")``, never a context held in a variable
(the text would silently stay untranslated; ``tools/i18n.py check`` reports such calls).
Placeholders are ``{name}`` fields filled by :meth:`UserMessage.render`; translations must keep
every field of the source and add none.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

Translator = Callable[[str, str], str]


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - name lupdate recognises
    """Mark ``text`` for extraction into the ``context`` of the .ts files; return it unchanged."""
    del context
    return text


def _identity(context: str, text: str) -> str:
    del context
    return text


@dataclass(frozen=True)
class UserMessage:
    """A message for users: a translatable template plus the values to fill in.

    ``template`` uses ``{name}`` placeholders; values are never secrets.
    """

    context: str
    template: str
    args: Mapping[str, Any] = field(default_factory=dict)

    def render(self, translate: Translator | None = None) -> str:
        """Return the message in the language of ``translate`` (English when None)."""
        text = (translate or _identity)(self.context, self.template)
        try:
            return text.format(**self.args)
        except (KeyError, IndexError, ValueError):
            # A broken translation must not hide the message: fall back to the source text.
            return self.template.format(**self.args)

    def __str__(self) -> str:
        return self.render()
