"""Plain, measured text for PowerPoint: cleaned of what XML forbids, wrapped and measured as Arial lays it out.

Text is measured with Liberation Sans, which has Arial's metrics, so a line wrapped here wraps at the same
place (or later) in PowerPoint and LibreOffice. Line spacing is set exactly on every paragraph (LINE_FACTOR
times the font size), so a cell's height is lines x line height plus its margins, in any renderer.
Characters the font lacks (status icons, other scripts) are measured as a wide 'W', and East Asian wide
characters and emoji (which print at an em or more in their fallback fonts) as WIDE_EM, so the guess errs on
the side of more lines, never fewer. Any string can be measured: control and separator characters, which
make the shaping library fail (U+0085, U+2029), are measured as a 'W' too (they never reach a slide: see
exports.office.paper_text).

A word too long for a line is broken between characters, as PowerPoint and LibreOffice break it; a paragraph
cut across slides is cut at a line break, and its two parts put back together give the text as it was.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

from exports.office import paper_text

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
)
LINE_FACTOR = 1.2
"""Exact line spacing, as a multiple of the font size."""
PARAGRAPH_GAP = 0.25
"""Space before every paragraph but the first, as a multiple of the font size."""
MEASURE_SIZE = 1000
WIDE_EM = 1.3
"""Width of an East Asian wide or fullwidth character or emoji, in ems (fallback fonts print them at ~1-1.25)."""
SAFETY = 0.97
"""Wrap at 97% of the box width: rounding and kerning differences between renderers stay inside the box."""

_SPACES = re.compile(r"[ \t\u00a0]+")
_MEASURED_AS_IS = set("–—‘’“”…•·€£°±×÷")


def clean(value: object) -> str:
    """Tracker text as plain text: missing as '', written as exports.office.paper_text writes it (nothing
    XML forbids), tabs and runs of spaces as one space, line breaks kept (each becomes a paragraph)."""
    if value is None:
        return ""
    try:
        if value != value:  # NaN, NaT, pd.NA raise or compare unequal
            return ""
    except (TypeError, ValueError):
        return ""
    return _SPACES.sub(" ", paper_text(value)).strip()


@dataclass(frozen=True)
class Para:
    """One paragraph: runs of (text, bold). Text has no line breaks (split into paragraphs first)."""

    runs: tuple[tuple[str, bool], ...]

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.runs)


def paras(text: object, bold: bool = False, bullet: str = "") -> list[Para]:
    """Cleaned text as paragraphs, one per line of the text, each optionally bulleted."""
    lines = [line.strip() for line in clean(text).split("\n")]
    return [Para(((f"{bullet}{line}", bold),)) for line in lines if line]


@lru_cache(maxsize=4)
def _font(bold: bool) -> ImageFont.FreeTypeFont | None:
    name = "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf"
    for folder in FONT_DIRS:
        if (folder / name).exists():
            return ImageFont.truetype(str(folder / name), MEASURE_SIZE)
    return None


def fonts_available() -> bool:
    """Whether the Arial-compatible fonts are installed (otherwise widths are over-estimated)."""
    return _font(False) is not None


@lru_cache(maxsize=4096)
def _stand_in(char: str) -> str:
    """The character measured for `char`: itself where the font has it, '' for a wide one (counted apart),
    'W' otherwise (and for control and separator characters, which the shaping library refuses)."""
    if unicodedata.east_asian_width(char) in "WF":
        return ""
    if unicodedata.category(char) in ("Cc", "Cs", "Cn", "Zl", "Zp") and char not in " \u00a0":
        return "W"
    return char if ord(char) < 0x250 or char in _MEASURED_AS_IS else "W"


@lru_cache(maxsize=200_000)
def em_width(text: str, bold: bool) -> float:
    """Width of `text` in ems (multiply by the font size in points for points). Never fails."""
    stand_ins = [_stand_in(c) for c in text]
    wide = WIDE_EM * stand_ins.count("")
    font = _font(bold)
    if font is None:
        return 0.7 * len(text) + wide  # no font: a deliberately generous guess
    measured = "".join(stand_ins)
    try:
        return font.getlength(measured) / MEASURE_SIZE + wide
    except (RuntimeError, OSError, ValueError):  # the shaping library refused: a generous guess
        return font.getlength("W") / MEASURE_SIZE * len(measured) + wide


Piece = tuple[str, bool]
"""A word or a run of spaces, with its boldness."""


def _pieces(para: Para) -> list[Piece]:
    pieces: list[Piece] = []
    for text, bold in para.runs:
        pieces.extend((token, bold) for token in re.findall(r"\S+|\s+", text))
    return pieces


@lru_cache(maxsize=65_536)
def _char_width(char: str, bold: bool) -> float:
    return em_width(char, bold)


def _break_word(word: str, bold: bool, width_em: float, first_room: float) -> list[str]:
    """A word too long for a line, cut into pieces that fit (the first into the room left on its line).

    Characters are measured one by one and added up (kerning only narrows a pair, so the sum errs wide):
    linear in the word's length, so a pasted 20,000-character link is cut in milliseconds.
    """
    parts, start, used, room = [], 0, 0.0, first_room
    for index, char in enumerate(word):
        width = _char_width(char, bold)
        if index > start and used + width > room:
            parts.append(word[start:index])
            start, used, room = index, 0.0, width_em
        used += width
    parts.append(word[start:])
    return parts


def wrap(para: Para, width_pt: float, size_pt: float) -> list[list[Piece]]:
    """The paragraph's lines at this width and size, greedily as PowerPoint wraps them.

    A line keeps the spaces it ends with (they hang past the margin, as in PowerPoint), so the lines joined
    give the paragraph back exactly, whether a break fell at a space or inside a word too long for a line.
    """
    return [list(line) for line in _wrapped(para, width_pt, size_pt)]


@lru_cache(maxsize=4096)
def _wrapped(para: Para, width_pt: float, size_pt: float) -> tuple[tuple[Piece, ...], ...]:
    """wrap's lines, cached: a long cell is wrapped again at each slide it is split across."""
    return tuple(tuple(line) for line in _wrap(para, width_pt, size_pt))


def _wrap(para: Para, width_pt: float, size_pt: float) -> list[list[Piece]]:
    width_em = SAFETY * width_pt / size_pt
    lines: list[list[Piece]] = [[]]
    used = 0.0
    for token, bold in _pieces(para):
        if token.isspace():
            if lines[-1]:
                lines[-1].append((token, bold))
                used += em_width(token, bold)
            continue
        width = em_width(token, bold)
        if used + width <= width_em or (not lines[-1] and width <= width_em):
            lines[-1].append((token, bold))
            used += width
            continue
        if width <= width_em:
            lines.append([(token, bold)])
            used = width
            continue
        if lines[-1]:  # a word wider than a line starts a new line, then breaks between characters
            lines.append([])
        parts = _break_word(token, bold, width_em, width_em)
        for index, part in enumerate(parts):
            if index:
                lines.append([])
            lines[-1].append((part, bold))
        used = em_width(parts[-1], bold)
    return [line for line in lines if line] or [[]]


@lru_cache(maxsize=100_000)
def line_count(para: Para, width_pt: float, size_pt: float) -> int:
    """How many lines the paragraph takes (cached: a row is measured while paginating and again when drawn)."""
    return len(_wrapped(para, width_pt, size_pt))


def line_height(size_pt: float) -> float:
    return LINE_FACTOR * size_pt


def text_height(items: list[Para], width_pt: float, size_pt: float) -> float:
    """Height in points of paragraphs at this width and size (no margins)."""
    if not items:
        return line_height(size_pt)
    lines = sum(line_count(p, width_pt, size_pt) for p in items)
    return lines * line_height(size_pt) + (len(items) - 1) * PARAGRAPH_GAP * size_pt


def join_lines(lines: list[list[Piece]]) -> Para:
    """Wrapped lines back into one paragraph (runs of equal boldness merged, trailing spaces dropped)."""
    runs: list[tuple[str, bool]] = []
    for line in lines:
        for text, bold in line:
            if runs and runs[-1][1] == bold:
                runs[-1] = (runs[-1][0] + text, bold)
            else:
                runs.append((text, bold))
    while runs and not runs[-1][0].rstrip():
        runs.pop()
    if runs:
        runs[-1] = (runs[-1][0].rstrip(), runs[-1][1])
    return Para(tuple(runs))


def split_to_height(
    items: list[Para], width_pt: float, size_pt: float, height_pt: float
) -> tuple[list[Para], list[Para]]:
    """The paragraphs that fit in `height_pt`, and the rest.

    The cut falls between paragraphs; only a first paragraph too tall for the room is itself cut. A paragraph cut in two ends with ' …' and its remainder starts with '(continued) ', so a reader sees
    that the text goes on. The head may be empty when not even one line fits.
    """
    head: list[Para] = []
    used = 0.0
    lh = line_height(size_pt)
    for index, para in enumerate(items):
        gap = PARAGRAPH_GAP * size_pt if head else 0.0
        lines = wrap(para, width_pt, size_pt)
        if used + gap + len(lines) * lh <= height_pt:
            head.append(para)
            used += gap + len(lines) * lh
            continue
        if head:  # cut between paragraphs where one fits; a paragraph is cut only when it must be
            return head, items[index:]
        room = int((height_pt - used - gap) // lh)
        rest = items[index + 1 :]
        for taken in range(min(room, len(lines) - 1), 0, -1):  # the marker may need a line of its own
            first = join_lines(lines[:taken])
            first = Para((*first.runs, (" …", False)))
            if len(wrap(first, width_pt, size_pt)) <= room:
                remainder = join_lines(lines[taken:])
                remainder = Para((("(continued) ", False), *remainder.runs))
                return [*head, first], [remainder, *rest]
        return head, items[index:]
    return head, []
