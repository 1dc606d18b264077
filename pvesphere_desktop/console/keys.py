"""Key combinations and typed text as RFB key events (X11 keysym + DOM ``code`` + down/up).

QEMU's VNC server prefers scancodes (QEMU extended key events); noVNC derives them from the
DOM ``code``, so each event carries both. Text is typed as a US-layout keyboard would produce
it (Shift pressed around shifted characters); characters without a US key go as keysyms only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pvesphere_desktop.core.i18n import QT_TRANSLATE_NOOP

_CTX = "Console"

KeyEvent = tuple[int, str, bool]  # keysym, DOM code ("" if none), pressed

# keysym and DOM code of the named (non-character) keys we send.
NAMED_KEYS: dict[str, tuple[int, str]] = {
    "Control_L": (0xFFE3, "ControlLeft"),
    "Alt_L": (0xFFE9, "AltLeft"),
    "Shift_L": (0xFFE1, "ShiftLeft"),
    "Super_L": (0xFFEB, "MetaLeft"),
    "Delete": (0xFFFF, "Delete"),
    "BackSpace": (0xFF08, "Backspace"),
    "Tab": (0xFF09, "Tab"),
    "Return": (0xFF0D, "Enter"),
    "Escape": (0xFF1B, "Escape"),
    "Insert": (0xFF63, "Insert"),
    "Print": (0xFF61, "PrintScreen"),
    "Sys_Req": (0xFF15, "PrintScreen"),
    **{f"F{n}": (0xFFBE + n - 1, f"F{n}") for n in range(1, 13)},
}


@dataclass(frozen=True)
class KeyCombo:
    """A named key combination, pressed in order and released in reverse."""

    label: str  # translatable (context "Console")
    keys: tuple[str, ...]

    def events(self) -> list[KeyEvent]:
        """Return the press/release events of this combination."""
        presses = [(*NAMED_KEYS[name], True) for name in self.keys]
        releases = [(*NAMED_KEYS[name], False) for name in reversed(self.keys)]
        return [(sym, code, down) for sym, code, down in presses + releases]


CTRL_ALT_DEL = KeyCombo(
    QT_TRANSLATE_NOOP("Console", "Ctrl+Alt+Del"), ("Control_L", "Alt_L", "Delete")
)

COMBOS: tuple[KeyCombo, ...] = (
    CTRL_ALT_DEL,
    KeyCombo(
        QT_TRANSLATE_NOOP("Console", "Ctrl+Alt+Backspace"), ("Control_L", "Alt_L", "BackSpace")
    ),
    KeyCombo(QT_TRANSLATE_NOOP("Console", "Ctrl+Alt+Insert"), ("Control_L", "Alt_L", "Insert")),
    KeyCombo(QT_TRANSLATE_NOOP("Console", "Alt+Tab"), ("Alt_L", "Tab")),
    KeyCombo(QT_TRANSLATE_NOOP("Console", "Alt+F4"), ("Alt_L", "F4")),
    KeyCombo(QT_TRANSLATE_NOOP("Console", "Ctrl+Esc"), ("Control_L", "Escape")),
    KeyCombo(QT_TRANSLATE_NOOP("Console", "Windows key"), ("Super_L",)),
    KeyCombo(QT_TRANSLATE_NOOP("Console", "Print Screen"), ("Print",)),
    KeyCombo(QT_TRANSLATE_NOOP("Console", "Alt+SysRq"), ("Alt_L", "Sys_Req")),
    *(KeyCombo(f"Ctrl+Alt+F{n}", ("Control_L", "Alt_L", f"F{n}")) for n in range(1, 13)),
)

# US layout: character -> (DOM code, needs Shift).
_US: dict[str, tuple[str, bool]] = {" ": ("Space", False)}
for _letter in "abcdefghijklmnopqrstuvwxyz":
    _US[_letter] = (f"Key{_letter.upper()}", False)
    _US[_letter.upper()] = (f"Key{_letter.upper()}", True)
for _digit, _shifted in zip("1234567890", "!@#$%^&*()", strict=True):
    _US[_digit] = (f"Digit{_digit}", False)
    _US[_shifted] = (f"Digit{_digit}", True)
for _plain, _shifted, _code in (
    ("-", "_", "Minus"),
    ("=", "+", "Equal"),
    ("[", "{", "BracketLeft"),
    ("]", "}", "BracketRight"),
    ("\\", "|", "Backslash"),
    (";", ":", "Semicolon"),
    ("'", '"', "Quote"),
    (",", "<", "Comma"),
    (".", ">", "Period"),
    ("/", "?", "Slash"),
    ("`", "~", "Backquote"),
):
    _US[_plain] = (_code, False)
    _US[_shifted] = (_code, True)

MAX_TYPED_CHARACTERS = 4096


def char_keysym(char: str) -> int:
    """Return the X11 keysym of a character (Latin-1 maps directly, the rest via Unicode)."""
    point = ord(char)
    if 0x20 <= point <= 0x7E or 0xA0 <= point <= 0xFF:
        return point
    return 0x01000000 | point


def text_events(text: str) -> list[KeyEvent]:
    """Return the key events that type ``text`` on a US-layout keyboard.

    Line breaks become Return, tabs Tab; other control characters are dropped (they would
    act as shortcuts in the guest).
    """
    shift_sym, shift_code = NAMED_KEYS["Shift_L"]
    events: list[KeyEvent] = []
    for char in text.replace("\r\n", "\n").replace("\r", "\n"):
        if char == "\n":
            events += _tap(*NAMED_KEYS["Return"])
            continue
        if char == "\t":
            events += _tap(*NAMED_KEYS["Tab"])
            continue
        if ord(char) < 0x20 or ord(char) == 0x7F:
            continue
        code, shifted = _US.get(char, ("", False))
        sym = char_keysym(char)
        if shifted:
            events.append((shift_sym, shift_code, True))
            events += _tap(sym, code)
            events.append((shift_sym, shift_code, False))
        else:
            events += _tap(sym, code)
    return events


def _tap(sym: int, code: str) -> list[KeyEvent]:
    return [(sym, code, True), (sym, code, False)]


def as_json_events(events: Iterable[KeyEvent]) -> list[list[object]]:
    """Return events in the form the page's ``sendKeys``/``typeKeys`` take."""
    return [[sym, code, down] for sym, code, down in events]


def clip_text(text: str, limit: int = MAX_TYPED_CHARACTERS) -> tuple[str, bool]:
    """Return at most ``limit`` characters of ``text`` and whether it was cut."""
    return (text[:limit], len(text) > limit)
