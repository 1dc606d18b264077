"""A palette-indexed framebuffer with damage tracking, and RFB pixel-format encoding.

Pixels are stored as one palette index per byte. Encoding a region for a client's pixel format
is then a handful of ``bytes.translate`` calls (one per output byte), so a full 1024x768 update
costs milliseconds, not seconds of per-pixel Python.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from typing import Literal

from pvesphere_desktop.simulator.consoles import font


class Colour(IntEnum):
    """Palette indices used by the simulated console screen."""

    BACKGROUND = 0
    TITLE = 1
    VMID = 2
    INFO = 3
    ECHO_BACKGROUND = 4
    ECHO_TEXT = 5
    BORDER = 6
    ACCENT = 7


# RGB of each palette entry, indexed by Colour.
PALETTE: tuple[tuple[int, int, int], ...] = (
    (16, 24, 40),  # background: dark navy
    (255, 255, 255),  # title
    (255, 193, 7),  # VMID / node line: amber
    (150, 160, 180),  # info and status lines
    (0, 0, 0),  # echo box
    (0, 230, 118),  # echoed keys: terminal green
    (80, 90, 110),  # echo box border
    (229, 112, 0),  # accent bar: Proxmox orange
)


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle in framebuffer pixels."""

    x: int
    y: int
    w: int
    h: int

    @property
    def empty(self) -> bool:
        """Return True when the rectangle covers no pixel."""
        return self.w <= 0 or self.h <= 0

    def intersect(self, other: Rect) -> Rect | None:
        """Return the overlap with ``other``, or None."""
        x0, y0 = max(self.x, other.x), max(self.y, other.y)
        x1 = min(self.x + self.w, other.x + other.w)
        y1 = min(self.y + self.h, other.y + other.h)
        if x1 <= x0 or y1 <= y0:
            return None
        return Rect(x0, y0, x1 - x0, y1 - y0)

    def union(self, other: Rect) -> Rect:
        """Return the bounding box of both rectangles."""
        x0, y0 = min(self.x, other.x), min(self.y, other.y)
        x1 = max(self.x + self.w, other.x + other.w)
        y1 = max(self.y + self.h, other.y + other.h)
        return Rect(x0, y0, x1 - x0, y1 - y0)

    def touches(self, other: Rect) -> bool:
        """Return True when the rectangles overlap or share an edge."""
        return (
            self.x <= other.x + other.w
            and other.x <= self.x + self.w
            and self.y <= other.y + other.h
            and other.y <= self.y + self.h
        )

    def contains(self, other: Rect) -> bool:
        """Return True when ``other`` lies entirely inside this rectangle."""
        return (
            self.x <= other.x
            and self.y <= other.y
            and other.x + other.w <= self.x + self.w
            and other.y + other.h <= self.y + self.h
        )


def merge_rects(rects: Iterable[Rect], limit: int = 8) -> list[Rect]:
    """Merge touching rectangles; fall back to one bounding box beyond ``limit`` rectangles."""
    pending = [rect for rect in rects if not rect.empty]
    merged: list[Rect] = []
    while pending:
        current = pending.pop()
        changed = True
        while changed:
            changed = False
            for other in list(pending):
                if current.touches(other):
                    current = current.union(other)
                    pending.remove(other)
                    changed = True
            for other in list(merged):
                if current.touches(other):
                    current = current.union(other)
                    merged.remove(other)
                    changed = True
        merged.append(current)
    if len(merged) > limit:
        box = merged[0]
        for rect in merged[1:]:
            box = box.union(rect)
        return [box]
    return merged


@dataclass(frozen=True)
class PixelFormat:
    """An RFB PIXEL_FORMAT (RFC 6143, 7.4)."""

    bits_per_pixel: int
    depth: int
    big_endian: bool
    true_colour: bool
    red_max: int
    green_max: int
    blue_max: int
    red_shift: int
    green_shift: int
    blue_shift: int

    _STRUCT = struct.Struct(">BBBBHHHBBBxxx")

    @classmethod
    def from_bytes(cls, data: bytes) -> PixelFormat:
        """Parse the 16-byte wire form; raise ValueError for formats RFB does not allow."""
        bpp, depth, big, true_colour, rmax, gmax, bmax, rsh, gsh, bsh = cls._STRUCT.unpack(data)
        fmt = cls(bpp, depth, bool(big), bool(true_colour), rmax, gmax, bmax, rsh, gsh, bsh)
        fmt.validate()
        return fmt

    def to_bytes(self) -> bytes:
        """Return the 16-byte wire form."""
        return self._STRUCT.pack(
            self.bits_per_pixel,
            self.depth,
            int(self.big_endian),
            int(self.true_colour),
            self.red_max,
            self.green_max,
            self.blue_max,
            self.red_shift,
            self.green_shift,
            self.blue_shift,
        )

    def validate(self) -> None:
        """Raise ValueError unless this is a pixel format a server can produce."""
        if self.bits_per_pixel not in (8, 16, 32):
            raise ValueError(f"bits-per-pixel must be 8, 16 or 32, not {self.bits_per_pixel}")
        if self.true_colour:
            for value_max, shift in (
                (self.red_max, self.red_shift),
                (self.green_max, self.green_shift),
                (self.blue_max, self.blue_shift),
            ):
                if value_max == 0 or value_max.bit_length() + shift > self.bits_per_pixel:
                    raise ValueError("colour max/shift do not fit the pixel size")

    @property
    def bytes_per_pixel(self) -> int:
        """Return the size of one pixel on the wire."""
        return self.bits_per_pixel // 8


# What we announce in ServerInit: 32 bpp, depth 24, little-endian xRGB (as QEMU does).
SERVER_PIXEL_FORMAT = PixelFormat(32, 24, False, True, 255, 255, 255, 16, 8, 0)


def _scale(component: int, value_max: int) -> int:
    return (component * value_max + 127) // 255


class PixelEncoder:
    """Encode palette-index bytes into a client's pixel format."""

    def __init__(self, fmt: PixelFormat, palette: Sequence[tuple[int, int, int]] = PALETTE):
        self.format = fmt
        size = fmt.bytes_per_pixel
        order: Literal["big", "little"] = "big" if fmt.big_endian else "little"
        values: list[bytes] = []
        for index in range(256):
            if fmt.true_colour:
                red, green, blue = palette[index] if index < len(palette) else (0, 0, 0)
                pixel = (
                    _scale(red, fmt.red_max) << fmt.red_shift
                    | _scale(green, fmt.green_max) << fmt.green_shift
                    | _scale(blue, fmt.blue_max) << fmt.blue_shift
                )
            else:
                pixel = index  # colour-map mode: the palette index is the pixel value
            values.append(pixel.to_bytes(size, order))
        self._tables = [bytes(value[byte] for value in values) for byte in range(size)]

    def encode(self, indices: bytes) -> bytes:
        """Return the pixels for ``indices`` (one palette index per pixel) in wire form."""
        size = len(self._tables)
        if size == 1:
            return indices.translate(self._tables[0])
        out = bytearray(len(indices) * size)
        for byte, table in enumerate(self._tables):
            out[byte::size] = indices.translate(table)
        return bytes(out)

    def encode_region(self, framebuffer: Framebuffer, rect: Rect) -> bytes:
        """Encode ``rect`` of ``framebuffer`` row by row, encoding each distinct row once.

        A console screen is mostly identical rows (background, empty echo lines), so this
        is several times faster than encoding the whole region.
        """
        cache: dict[bytes, bytes] = {}
        out = []
        for row in framebuffer.rows(rect):
            encoded = cache.get(row)
            if encoded is None:
                encoded = cache[row] = self.encode(row)
            out.append(encoded)
        return b"".join(out)


@lru_cache(maxsize=4096)
def _glyph_rows(char: str, scale: int, fg: int, bg: int) -> tuple[bytes, ...]:
    """Return the 7 pixel rows of one character cell (glyph plus one column of spacing)."""
    rows = []
    for pattern in font.glyph(char):
        cells = bytearray()
        for cell in pattern + ".":
            cells += bytes([fg if cell == "#" else bg]) * scale
        rows.append(bytes(cells))
    return tuple(rows)


CELL_WIDTH = font.GLYPH_WIDTH + 1
LINE_HEIGHT = font.GLYPH_HEIGHT + 2


class Framebuffer:
    """A width x height grid of palette indices that records which regions changed."""

    def __init__(self, width: int, height: int, background: int = Colour.BACKGROUND):
        if width <= 0 or height <= 0 or width > 8192 or height > 8192:
            raise ValueError(f"unsupported framebuffer size {width}x{height}")
        self.width = width
        self.height = height
        self.pixels = bytearray([background]) * (width * height)
        self._damage: list[Rect] = [Rect(0, 0, width, height)]

    @property
    def bounds(self) -> Rect:
        """Return the whole framebuffer as a rectangle."""
        return Rect(0, 0, self.width, self.height)

    def _clip(self, rect: Rect) -> Rect | None:
        return rect.intersect(self.bounds)

    def fill(self, rect: Rect, colour: int) -> None:
        """Fill ``rect`` (clipped to the framebuffer) with ``colour``."""
        clipped = self._clip(rect)
        if clipped is None:
            return
        row = bytes([colour]) * clipped.w
        for y in range(clipped.y, clipped.y + clipped.h):
            start = y * self.width + clipped.x
            self.pixels[start : start + clipped.w] = row
        self._damage.append(clipped)

    def draw_text(
        self, x: int, y: int, text: str, *, scale: int, fg: int, bg: int = Colour.BACKGROUND
    ) -> Rect:
        """Draw ``text`` with its top-left corner at (x, y); return the area painted."""
        area = Rect(x, y, len(text) * CELL_WIDTH * scale, font.GLYPH_HEIGHT * scale)
        clipped = self._clip(area)
        if clipped is None or not text:
            return Rect(x, y, 0, 0)
        cells = [_glyph_rows(char, scale, fg, bg) for char in text]
        left = clipped.x - x
        for glyph_row in range(font.GLYPH_HEIGHT):
            line = b"".join(cell[glyph_row] for cell in cells)[left : left + clipped.w]
            for repeat in range(scale):
                py = y + glyph_row * scale + repeat
                if clipped.y <= py < clipped.y + clipped.h:
                    start = py * self.width + clipped.x
                    self.pixels[start : start + clipped.w] = line
        self._damage.append(clipped)
        return clipped

    def rows(self, rect: Rect) -> Iterator[bytes]:
        """Yield the palette indices of each row of ``rect``."""
        for y in range(rect.y, rect.y + rect.h):
            start = y * self.width + rect.x
            yield bytes(self.pixels[start : start + rect.w])

    def region(self, rect: Rect) -> bytes:
        """Return the palette indices of ``rect``, row by row."""
        return b"".join(self.rows(rect))

    def take_damage(self) -> list[Rect]:
        """Return the regions changed since the last call, merged, and forget them."""
        damage, self._damage = self._damage, []
        return merge_rects(damage)
