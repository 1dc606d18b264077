"""What a simulated guest display shows: its title and VMID in large letters, and typed keys.

The screen is deliberately plain so tests (and screenshots) can check it: a title line
("VM 100 (web01)"), a VMID line ("VMID 100", or "NODE pve1" for a node shell), an info line,
an echo box that shows typed characters (BackSpace deletes, Return starts a new line) and a
status line with the last pointer position.
"""

from __future__ import annotations

from dataclasses import dataclass

from pvesphere_desktop.simulator.consoles import font
from pvesphere_desktop.simulator.consoles.framebuffer import (
    CELL_WIDTH,
    LINE_HEIGHT,
    Colour,
    Framebuffer,
    Rect,
)

KEYSYM_BACKSPACE = 0xFF08
KEYSYM_TAB = 0xFF09
KEYSYM_RETURN = 0xFF0D
KEYSYM_KP_ENTER = 0xFF8D
KEYSYM_KP_0 = 0xFFB0
KEYSYM_KP_9 = 0xFFB9
_UNICODE_KEYSYM = 0x01000000

KIND_LABELS = {"qemu": "QEMU virtual machine", "lxc": "LXC container", "shell": "node shell"}


def keysym_to_char(keysym: int) -> str | None:
    """Return the character a keysym types, or None for function and modifier keys."""
    if 0x20 <= keysym <= 0x7E or 0xA0 <= keysym <= 0xFF:
        return chr(keysym)  # Latin-1 keysyms equal their code points
    if KEYSYM_KP_0 <= keysym <= KEYSYM_KP_9:
        return chr(ord("0") + keysym - KEYSYM_KP_0)
    if keysym & 0xFF000000 == _UNICODE_KEYSYM:
        code = keysym & 0x00FFFFFF
        if 0x20 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
            return chr(code)
    return None


def _fit(text: str, columns: int) -> str:
    if len(text) <= columns:
        return text
    return text[: max(columns - 2, 0)] + ".." if columns >= 2 else text[:columns]


@dataclass(frozen=True)
class TextLine:
    """Where one line of text sits: origin, scale and the text as drawn."""

    x: int
    y: int
    scale: int
    text: str

    @property
    def rect(self) -> Rect:
        """Return the area the line's glyph cells cover."""
        return Rect(
            self.x, self.y, len(self.text) * CELL_WIDTH * self.scale, font.GLYPH_HEIGHT * self.scale
        )


@dataclass(frozen=True)
class ScreenLayout:
    """Geometry of the simulated display, for drawing and for tests that read it back."""

    width: int
    height: int
    accent: Rect
    title: TextLine
    subtitle: TextLine
    info: TextLine
    echo_box: Rect
    echo_x: int
    echo_y: int
    echo_scale: int
    echo_columns: int
    echo_rows: int
    status: Rect
    status_scale: int

    def echo_line_rect(self, row: int) -> Rect:
        """Return the area of echo line ``row`` (0 = top)."""
        return Rect(
            self.echo_x,
            self.echo_y + row * LINE_HEIGHT * self.echo_scale,
            self.echo_columns * CELL_WIDTH * self.echo_scale,
            font.GLYPH_HEIGHT * self.echo_scale,
        )


def compute_layout(width: int, height: int, title: str, subtitle: str, info: str) -> ScreenLayout:
    """Return the layout for a display of ``width`` x ``height`` showing these lines."""
    margin = max(4, width // 32)
    accent = Rect(0, 0, width, max(2, height // 96))
    usable = width - 2 * margin

    def line(text: str, y: int, max_scale: int) -> TextLine:
        scale = max(1, min(max_scale, usable // max(1, len(text) * CELL_WIDTH)))
        columns = max(1, usable // (CELL_WIDTH * scale))
        return TextLine(margin, y, scale, _fit(text, columns))

    title_line = line(title, accent.h + margin, max(1, width // 170))
    subtitle_y = title_line.y + LINE_HEIGHT * title_line.scale + margin // 2
    subtitle_line = line(subtitle, subtitle_y, max(1, width // 128))
    info_y = subtitle_line.y + LINE_HEIGHT * subtitle_line.scale + margin // 2
    info_line = line(info, info_y, max(1, width // 512))

    status_scale = max(1, width // 512)
    status_h = font.GLYPH_HEIGHT * status_scale
    status = Rect(margin, height - margin // 2 - status_h, usable, status_h)

    echo_top = max(info_line.y + LINE_HEIGHT * info_line.scale + margin // 2, height // 2)
    echo_bottom = status.y - margin // 2
    echo_box = Rect(margin, echo_top, usable, max(0, echo_bottom - echo_top))
    echo_scale = max(1, width // 340)
    border, padding = 2, max(2, margin // 4)
    inner_w = echo_box.w - 2 * (border + padding)
    inner_h = echo_box.h - 2 * (border + padding)
    echo_columns = max(1, inner_w // (CELL_WIDTH * echo_scale))
    echo_rows = max(1, (inner_h + 2 * echo_scale) // (LINE_HEIGHT * echo_scale))
    return ScreenLayout(
        width=width,
        height=height,
        accent=accent,
        title=title_line,
        subtitle=subtitle_line,
        info=info_line,
        echo_box=echo_box,
        echo_x=echo_box.x + border + padding,
        echo_y=echo_box.y + border + padding,
        echo_scale=echo_scale,
        echo_columns=echo_columns,
        echo_rows=echo_rows,
        status=status,
        status_scale=status_scale,
    )


class ConsoleScreen:
    """The simulated display of one console session, drawn into a :class:`Framebuffer`."""

    CURSOR = "_"

    def __init__(
        self, width: int, height: int, *, title: str, subtitle: str, info: str = ""
    ) -> None:
        self.framebuffer = Framebuffer(width, height)
        self.layout = compute_layout(width, height, title, subtitle, info)
        self.lines: list[str] = [""]
        self.typed: list[str] = []
        self.pointer = (0, 0, 0)
        self._drawn_echo: list[str] = []
        self._draw_static()
        self._draw_echo()
        self._draw_status()

    def _draw_static(self) -> None:
        fb, layout = self.framebuffer, self.layout
        fb.fill(layout.accent, Colour.ACCENT)
        for text_line, colour in (
            (layout.title, Colour.TITLE),
            (layout.subtitle, Colour.VMID),
            (layout.info, Colour.INFO),
        ):
            fb.draw_text(text_line.x, text_line.y, text_line.text, scale=text_line.scale, fg=colour)
        box = layout.echo_box
        fb.fill(box, Colour.BORDER)
        fb.fill(Rect(box.x + 2, box.y + 2, box.w - 4, box.h - 4), Colour.ECHO_BACKGROUND)

    def visible_echo(self) -> list[str]:
        """Return the echo lines as drawn (the last rows, the cursor on the current line)."""
        layout = self.layout
        rows: list[str] = []
        for line in self.lines:
            # Long lines wrap, as on a terminal.
            chunks = [
                line[i : i + layout.echo_columns]
                for i in range(0, max(len(line), 1), layout.echo_columns)
            ]
            rows.extend(chunks or [""])
        if len(rows[-1]) < layout.echo_columns:
            rows[-1] += self.CURSOR
        else:
            rows.append(self.CURSOR)
        return rows[-layout.echo_rows :]

    def _draw_echo(self) -> None:
        layout = self.layout
        wanted = self.visible_echo()
        for row in range(layout.echo_rows):
            text = wanted[row] if row < len(wanted) else ""
            drawn = self._drawn_echo[row] if row < len(self._drawn_echo) else None
            if text == drawn:
                continue
            rect = layout.echo_line_rect(row)
            self.framebuffer.fill(rect, Colour.ECHO_BACKGROUND)
            self.framebuffer.draw_text(
                rect.x,
                rect.y,
                text,
                scale=layout.echo_scale,
                fg=Colour.ECHO_TEXT,
                bg=Colour.ECHO_BACKGROUND,
            )
        self._drawn_echo = [
            wanted[row] if row < len(wanted) else "" for row in range(layout.echo_rows)
        ]

    def _draw_status(self) -> None:
        layout = self.layout
        x, y, mask = self.pointer
        text = f"pointer {x},{y} buttons {mask}"
        self.framebuffer.fill(layout.status, Colour.BACKGROUND)
        self.framebuffer.draw_text(
            layout.status.x, layout.status.y, text, scale=layout.status_scale, fg=Colour.INFO
        )

    def key(self, keysym: int, down: bool) -> bool:
        """Apply a key event; return True when the screen changed."""
        if not down:
            return False
        if keysym == KEYSYM_BACKSPACE:
            if self.lines[-1]:
                self.lines[-1] = self.lines[-1][:-1]
            elif len(self.lines) > 1:
                self.lines.pop()
            else:
                return False
            self.typed.append("\b")
        elif keysym in (KEYSYM_RETURN, KEYSYM_KP_ENTER):
            self.lines.append("")
            self.typed.append("\n")
            # Keep what can scroll back into view bounded.
            del self.lines[: -(self.layout.echo_rows * 4)]
        else:
            char = keysym_to_char(keysym)
            if char is None:
                return False
            self.lines[-1] += char if font.has_glyph(char) else font.FALLBACK
            self.typed.append(char)
        self._draw_echo()
        return True

    def pointer_event(self, x: int, y: int, mask: int) -> bool:
        """Apply a pointer event; return True when the screen changed."""
        if (x, y, mask) == self.pointer:
            return False
        self.pointer = (x, y, mask)
        self._draw_status()
        return True
