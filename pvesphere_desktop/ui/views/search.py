"""The search box: the qualified query language with completion and error positions."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pvesphere_desktop.core.models import Guest
from pvesphere_desktop.core.search import QUALIFIERS, QueryError, parse
from pvesphere_desktop.ui.i18n import translate as tr_marked
from pvesphere_desktop.ui.theme import symbol

log = logging.getLogger(__name__)

Predicate = Callable[[Guest], bool]

# Fixed values offered after a qualifier.
_FIXED_VALUES = {
    "status": ("running", "stopped", "paused", "suspended"),
    "type": ("qemu", "lxc"),
    "template": ("yes", "no"),
    "lock": ("yes", "no", "backup", "migrate", "snapshot", "suspended"),
}


class SearchBar(QWidget):
    """A search field that compiles the query language on every keystroke.

    Completion offers qualifiers (``tag:``, ``node:``...) and, after one, known values (tag,
    node and cluster names). A malformed query marks the field and shows the problem with its
    column; the table keeps its last valid filter meanwhile.

    Signals:
        predicate_changed(object): a new compiled predicate (None = no filter).
        save_requested(str): the user wants the current query as a smart folder.
    """

    predicate_changed = Signal(object)
    save_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchBar")
        self._notes: dict[object, str] = {}
        self._values: dict[str, list[str]] = {}
        # Called (when set) before offering values, so they are gathered only when needed.
        self.values_provider: Callable[[], None] | None = None
        self._values_stale = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        row = QHBoxLayout()
        row.setSpacing(4)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("searchBox")
        self.edit.setClearButtonEnabled(True)
        self.edit.setPlaceholderText(
            self.tr("Search guests: web  tag:prod  status:running  node:pve1  mem>4G  (Ctrl+F)")
        )
        self.edit.setToolTip(
            self.tr(
                "Free text matches name, ID, tags and notes. Qualifiers: {qualifiers}. "
                "Negate with -, combine with OR, compare with > < (mem>4G, cpu>50%, uptime>7d)."
            ).format(qualifiers=", ".join(f"{q}:" for q in QUALIFIERS))
        )
        self.search_icon = QAction(self)
        self.edit.addAction(self.search_icon, QLineEdit.ActionPosition.LeadingPosition)
        row.addWidget(self.edit, 1)
        self.save_button = QToolButton(self)
        self.save_button.setObjectName("saveSearchButton")
        self.save_button.setText(self.tr("Save as smart folder"))
        self.save_button.setToolTip(self.tr("Save this search as a smart folder"))
        self.save_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(lambda: self.save_requested.emit(self.text()))
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self.error = QLabel(self)
        self.error.setObjectName("searchError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)

        self._completions = QStringListModel(self)
        self.completer = QCompleter(self._completions, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchStartsWith)
        self.completer.setWidget(self.edit)
        self.completer.activated.connect(self._insert_completion)
        # Compile at once (it is fast), but coalesce bursts of keystrokes into one refilter.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._compile)
        self.edit.textChanged.connect(self._on_text)
        self.focus_action = QAction(self.tr("Find"), self)
        self.focus_action.setShortcut(QKeySequence.StandardKey.Find)
        self.focus_action.triggered.connect(self.focus)
        self.addAction(self.focus_action)
        self.set_icons("#6b7280")

    def set_icons(self, color: str) -> None:
        self.search_icon.setIcon(symbol("mdi6.magnify", color))
        self.save_button.setIcon(symbol("mdi6.folder-star-outline", color))

    # -- API ------------------------------------------------------------------------------
    def text(self) -> str:
        return self.edit.text().strip()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)
        self._compile()

    def focus(self) -> None:
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def set_notes(self, notes: dict[object, str]) -> None:
        """Notes searched by free text (user-owned, from the cache)."""
        self._notes = notes
        self._recompile()

    def set_note(self, key: object, text: str) -> None:
        """Take one guest's note as just saved: the current search reflects it at once."""
        if text.strip():
            if self._notes.get(key) == text:
                return
            self._notes[key] = text
        elif self._notes.pop(key, None) is None:
            return
        self._recompile()

    def _recompile(self) -> None:
        # A compiled predicate reads the notes when it runs, but the table keeps what it
        # decided per row: a new predicate makes it filter again.
        if self.text():
            self._compile()

    def set_known_values(
        self,
        clusters: Iterable[str],
        nodes: Iterable[str],
        tags: Iterable[str],
        pools: Iterable[str],
    ) -> None:
        """Values offered for completion after ``cluster:``, ``node:``, ``tag:``, ``pool:``."""
        self._values = {
            "cluster": sorted(set(clusters)),
            "node": sorted(set(nodes)),
            "tag": sorted(set(tags)),
            "pool": sorted(set(pools)),
        }

    # -- internals ------------------------------------------------------------------------
    def _on_text(self, _text: str) -> None:
        self._timer.start()
        self._update_completions()

    def _compile(self) -> None:
        text = self.text()
        self.save_button.setEnabled(bool(text))
        if not text:
            self._set_error(None)
            self.predicate_changed.emit(None)
            return
        try:
            query = parse(text)
        except QueryError as exc:
            problem = self.tr_problem(exc)
            self._set_error(
                self.tr("Column {column}: {problem}").format(column=exc.column, problem=problem),
                exc.position,
            )
            return
        self._set_error(None)
        self.predicate_changed.emit(query.predicate(self._notes))  # type: ignore[arg-type]

    def tr_problem(self, exc: QueryError) -> str:
        template = tr_marked("Search", exc.problem_template)
        try:
            return template.format(**exc.problem_values)
        except (KeyError, IndexError, ValueError):
            return exc.problem_template.format(**exc.problem_values)

    def _set_error(self, message: str | None, position: int = 0) -> None:
        invalid = message is not None
        if self.edit.property("invalid") != invalid:
            self.edit.setProperty("invalid", invalid)
            self.edit.style().unpolish(self.edit)
            self.edit.style().polish(self.edit)
        if message is None:
            self.error.hide()
            self.error.clear()
            return
        shown = self.edit.text()
        marker = shown[:position] + "▸" + shown[position:]
        self.error.setText(f"{message}\n{marker}")
        self.error.show()

    def current_word(self) -> tuple[int, str]:
        text = self.edit.text()[: self.edit.cursorPosition()]
        start = max(text.rfind(" "), text.rfind("\t")) + 1
        return start, text[start:]

    def invalidate_values(self) -> None:
        """The fleet changed: gather values again the next time completion needs them."""
        self._values_stale = True

    def _update_completions(self) -> None:
        _start, word = self.current_word()
        if ":" in word and self._values_stale and self.values_provider is not None:
            self._values_stale = False
            self.values_provider()
        negate = word.startswith("-")
        core = word[1:] if negate else word
        prefix = "-" if negate else ""
        if ":" in core:
            key, _, value = core.partition(":")
            values = self._values.get(key.lower()) or list(_FIXED_VALUES.get(key.lower(), ()))
            options = [f"{prefix}{key}:{v}" for v in values if v.lower().startswith(value.lower())]
        elif core:
            options = [f"{prefix}{q}:" for q in QUALIFIERS if q.startswith(core.lower())]
        else:
            options = []
        self._completions.setStringList(options[:200])
        popup = self.completer.popup()
        if popup is None:
            return
        if not self.edit.hasFocus():  # text set by the program (smart folder): no popup
            popup.hide()
            return
        if options and not (len(options) == 1 and options[0] == word):
            self.completer.setCompletionPrefix(word)
            rect = self.edit.cursorRect()
            rect.setWidth(popup.sizeHintForColumn(0) + popup.verticalScrollBar().sizeHint().width())
            self.completer.complete(rect)
        else:
            popup.hide()

    def _insert_completion(self, completion: str) -> None:
        start, _word = self.current_word()
        text = self.edit.text()
        cursor = self.edit.cursorPosition()
        suffix = "" if completion.endswith(":") else " "
        new_text = text[:start] + completion + suffix + text[cursor:]
        self.edit.setText(new_text)
        self.edit.setCursorPosition(start + len(completion) + len(suffix))
