"""Key combinations and typed text as RFB key events."""

from __future__ import annotations

from pvesphere_desktop.console import keys


def test_ctrl_alt_del_presses_in_order_and_releases_in_reverse() -> None:
    assert keys.CTRL_ALT_DEL.events() == [
        (0xFFE3, "ControlLeft", True),
        (0xFFE9, "AltLeft", True),
        (0xFFFF, "Delete", True),
        (0xFFFF, "Delete", False),
        (0xFFE9, "AltLeft", False),
        (0xFFE3, "ControlLeft", False),
    ]


def test_every_combo_is_balanced() -> None:
    labels = [combo.label for combo in keys.COMBOS]
    assert len(labels) == len(set(labels))
    assert "Ctrl+Alt+F12" in labels
    for combo in keys.COMBOS:
        events = combo.events()
        downs = [e[:2] for e in events if e[2]]
        ups = [e[:2] for e in events if not e[2]]
        assert ups == list(reversed(downs))


def test_text_is_typed_on_a_us_keyboard() -> None:
    events = keys.text_events("aB!\n")
    assert events == [
        (ord("a"), "KeyA", True),
        (ord("a"), "KeyA", False),
        (0xFFE1, "ShiftLeft", True),
        (ord("B"), "KeyB", True),
        (ord("B"), "KeyB", False),
        (0xFFE1, "ShiftLeft", False),
        (0xFFE1, "ShiftLeft", True),
        (ord("!"), "Digit1", True),
        (ord("!"), "Digit1", False),
        (0xFFE1, "ShiftLeft", False),
        (0xFF0D, "Enter", True),
        (0xFF0D, "Enter", False),
    ]


def test_characters_beyond_ascii_go_as_keysyms() -> None:
    assert keys.text_events("é") == [(0xE9, "", True), (0xE9, "", False)]
    assert keys.text_events("€")[0] == (0x010020AC, "", True)


def test_control_characters_are_dropped_and_line_ends_normalised() -> None:
    assert keys.text_events("\x1b\x07") == []
    assert keys.text_events("a\r\nb") == keys.text_events("a\nb")
    assert keys.text_events("\t")[0] == (0xFF09, "Tab", True)


def test_clip_text() -> None:
    assert keys.clip_text("abc", 5) == ("abc", False)
    assert keys.clip_text("abcdef", 5) == ("abcde", True)
    assert keys.as_json_events([(1, "x", True)]) == [[1, "x", True]]
