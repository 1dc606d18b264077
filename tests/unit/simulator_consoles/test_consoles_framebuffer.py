"""Font, framebuffer, pixel encoding and the simulated screen's echo behaviour."""

from __future__ import annotations

import struct
import time

import pytest

from pvesphere_desktop.simulator.consoles import font
from pvesphere_desktop.simulator.consoles.framebuffer import (
    PALETTE,
    Colour,
    Framebuffer,
    PixelEncoder,
    PixelFormat,
    Rect,
    merge_rects,
)
from pvesphere_desktop.simulator.consoles.screen import ConsoleScreen, keysym_to_char


def test_font_covers_printable_ascii_with_distinct_5x7_glyphs() -> None:
    chars = font.characters()
    assert chars == "".join(chr(code) for code in range(0x20, 0x7F))
    shapes = set()
    for char in chars:
        rows = font.glyph(char)
        assert len(rows) == font.GLYPH_HEIGHT
        assert all(len(row) == font.GLYPH_WIDTH and set(row) <= {"#", "."} for row in rows)
        assert (char == " ") == all(set(row) == {"."} for row in rows)
        shapes.add(rows)
    assert len(shapes) == len(chars)
    assert font.glyph("\u00e9") == font.glyph("?")


def test_rect_operations() -> None:
    a, b = Rect(0, 0, 10, 10), Rect(5, 5, 10, 10)
    assert a.intersect(b) == Rect(5, 5, 5, 5)
    assert a.intersect(Rect(20, 20, 1, 1)) is None
    assert a.union(b) == Rect(0, 0, 15, 15)
    assert a.touches(Rect(10, 0, 5, 5))
    assert not a.touches(Rect(11, 0, 5, 5))
    assert merge_rects([a, b, Rect(100, 100, 1, 1)]) == [Rect(100, 100, 1, 1), Rect(0, 0, 15, 15)]
    many = [Rect(i * 10, 0, 1, 1) for i in range(20)]
    assert merge_rects(many) == [Rect(0, 0, 191, 1)]


def test_framebuffer_tracks_damage_and_clips() -> None:
    fb = Framebuffer(100, 50)
    assert fb.take_damage() == [Rect(0, 0, 100, 50)]
    assert fb.take_damage() == []
    fb.fill(Rect(90, 40, 20, 20), Colour.ACCENT)
    assert fb.take_damage() == [Rect(90, 40, 10, 10)]
    assert fb.pixels[49 * 100 + 99] == Colour.ACCENT
    area = fb.draw_text(95, 0, "AB", scale=2, fg=Colour.TITLE)
    assert area == Rect(95, 0, 5, 14)
    with pytest.raises(ValueError, match="unsupported framebuffer size"):
        Framebuffer(0, 10)


def test_draw_text_renders_the_glyph_bits() -> None:
    fb = Framebuffer(40, 20)
    fb.draw_text(2, 3, "A", scale=2, fg=Colour.TITLE)
    for row, pattern in enumerate(font.glyph("A")):
        for col, cell in enumerate(pattern):
            for dy in range(2):
                for dx in range(2):
                    pixel = fb.pixels[(3 + row * 2 + dy) * 40 + 2 + col * 2 + dx]
                    assert pixel == (Colour.TITLE if cell == "#" else Colour.BACKGROUND)


@pytest.mark.parametrize(
    ("fmt", "rgb", "expected"),
    [
        # noVNC: 32 bpp little-endian, red in the low byte.
        (PixelFormat(32, 24, False, True, 255, 255, 255, 0, 8, 16), (1, 2, 3), b"\x01\x02\x03\x00"),
        # QEMU default: xRGB, little-endian.
        (PixelFormat(32, 24, False, True, 255, 255, 255, 16, 8, 0), (1, 2, 3), b"\x03\x02\x01\x00"),
        (PixelFormat(32, 24, True, True, 255, 255, 255, 16, 8, 0), (1, 2, 3), b"\x00\x01\x02\x03"),
        # RGB565: white and pure red.
        (PixelFormat(16, 16, False, True, 31, 63, 31, 11, 5, 0), (255, 0, 0), b"\x00\xf8"),
        (PixelFormat(16, 16, True, True, 31, 63, 31, 11, 5, 0), (255, 0, 0), b"\xf8\x00"),
        (PixelFormat(8, 8, False, True, 7, 7, 3, 0, 3, 6), (255, 255, 255), b"\xff"),
    ],
)
def test_pixel_encoder(fmt: PixelFormat, rgb: tuple[int, int, int], expected: bytes) -> None:
    encoder = PixelEncoder(fmt, palette=[rgb])
    assert encoder.encode(b"\x00\x00") == expected * 2


def test_colour_map_mode_sends_palette_indices() -> None:
    fmt = PixelFormat(8, 8, False, False, 0, 0, 0, 0, 0, 0)
    assert PixelEncoder(fmt).encode(bytes([0, 5, 7])) == bytes([0, 5, 7])


@pytest.mark.parametrize(
    "fields",
    [
        (24, 24, 0, 1, 255, 255, 255, 16, 8, 0),  # 24 bpp is not allowed
        (16, 16, 0, 1, 255, 255, 255, 16, 8, 0),  # does not fit 16 bits
        (32, 24, 0, 1, 0, 255, 255, 16, 8, 0),  # zero max
    ],
)
def test_invalid_pixel_formats_are_rejected(fields: tuple[int, ...]) -> None:
    with pytest.raises(ValueError, match=r"bits-per-pixel|fit|max"):
        PixelFormat.from_bytes(struct.pack(">BBBBHHHBBBxxx", *fields))


def test_pixel_format_round_trips() -> None:
    fmt = PixelFormat(16, 16, True, True, 31, 63, 31, 11, 5, 0)
    assert PixelFormat.from_bytes(fmt.to_bytes()) == fmt


def test_full_screen_encoding_is_fast() -> None:
    screen = ConsoleScreen(1024, 768, title="VM 100 (web01)", subtitle="VMID 100")
    fb = screen.framebuffer
    encoder = PixelEncoder(PixelFormat(32, 24, False, True, 255, 255, 255, 0, 8, 16))
    started = time.perf_counter()
    data = encoder.encode_region(fb, fb.bounds)
    elapsed = time.perf_counter() - started
    assert data == encoder.encode(fb.region(fb.bounds))
    assert len(data) == 1024 * 768 * 4
    assert data[:4] == bytes([*PALETTE[Colour.ACCENT], 0])
    assert elapsed < 0.25, f"encoding took {elapsed:.3f} s"


def test_keysyms() -> None:
    assert keysym_to_char(ord("a")) == "a"
    assert keysym_to_char(0xE9) == "\u00e9"
    assert keysym_to_char(0xFFB5) == "5"  # keypad 5
    assert keysym_to_char(0x010020AC) == "\u20ac"
    assert keysym_to_char(0xFFE1) is None  # Shift_L
    assert keysym_to_char(0x0100D800) is None  # a surrogate is no character


def test_echo_wraps_scrolls_and_only_damages_what_changed() -> None:
    screen = ConsoleScreen(320, 240, title="VM 1", subtitle="VMID 1")
    layout = screen.layout
    screen.framebuffer.take_damage()
    assert screen.key(ord("x"), down=True)
    damage = screen.framebuffer.take_damage()
    assert damage == [layout.echo_line_rect(0)]
    assert not screen.key(ord("x"), down=False)  # key release changes nothing
    assert not screen.key(0xFFE1, down=True)  # neither does Shift
    assert not screen.pointer_event(0, 0, 0)  # nor a pointer that did not move
    text = "y" * (layout.echo_columns + 3)
    for char in text:
        screen.key(ord(char), down=True)
    rows = screen.visible_echo()
    assert rows[0] == "x" + "y" * (layout.echo_columns - 1)
    assert rows[1] == "yyyy_"
    for _ in range(layout.echo_rows + 2):
        screen.key(0xFF0D, down=True)
    assert screen.visible_echo()[-1] == "_"
    assert len(screen.visible_echo()) == layout.echo_rows
    # BackSpace on an empty first line does nothing.
    fresh = ConsoleScreen(320, 240, title="t", subtitle="s")
    assert not fresh.key(0xFF08, down=True)


def test_long_titles_are_fitted() -> None:
    screen = ConsoleScreen(200, 150, title="VM 100 (" + "x" * 80 + ")", subtitle="VMID 100")
    title = screen.layout.title
    assert title.scale == 1
    assert title.text.endswith("..")
    assert title.rect.x + title.rect.w <= 200
