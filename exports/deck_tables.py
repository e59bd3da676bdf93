"""Measured tables for slides: a table's layout (TableSpec) and its rows paginated by measured height.

Every table is paginated by measured height (exports.pptx_text measures the text), so no row runs off its
slide: rows that do not fit move to the next slide, and a cell too long for a whole slide is split with '…'
and '(continued)', its key columns repeated. Nothing here knows what a table holds; exports/deck.py draws the
pages, exports/appendix_a.py says which tables there are.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from exports.pptx_text import LINE_FACTOR, Para, split_to_height, text_height

CELL_MARGIN_X, CELL_MARGIN_Y = 0.06, 0.04
MIN_SPLIT_LINES = 3
"""A row is only split across slides when at least this many lines of it fit on the current slide."""


Cell = list[Para]
Row = list[Cell]


@dataclass(frozen=True)
class TableSpec:
    """How a table is laid out: headers, column widths (inches), font size, and which columns repeat."""

    headers: Sequence[str]
    widths: Sequence[float]
    size: float
    key_columns: tuple[int, ...] = (0,)
    """Columns repeated (with '(continued)') when a row is split across slides."""
    max_rows: int | None = None
    align_centre: tuple[int, ...] = ()
    smaller: tuple[float, ...] = ()
    """Smaller font sizes a slide may use to hold one more row (largest first)."""

    def text_width(self, column: int) -> float:
        return (self.widths[column] - 2 * CELL_MARGIN_X) * 72

    def cell_height(self, cell: Cell, column: int) -> float:
        return _cell_height(tuple(cell), self.text_width(column), self.size)

    def row_height(self, row: Row) -> float:
        return max(self.cell_height(cell, c) for c, cell in enumerate(row))

    def header_row(self) -> Row:
        return [[Para(((h, True),))] for h in self.headers]


@lru_cache(maxsize=50_000)
def _cell_height(cell: tuple[Para, ...], width_pt: float, size: float) -> float:
    """A cell's height with its margins (cached: rows are measured to paginate, then again to draw)."""
    return text_height(list(cell), width_pt, size) + 2 * CELL_MARGIN_Y * 72


def _continued(cell: Cell) -> Cell:
    if not cell:
        return cell
    first = cell[0]
    if first.text.endswith(" (continued)"):
        return cell
    return [Para((*first.runs, (" (continued)", False))), *cell[1:]]


def _split_row(spec: TableSpec, row: Row, room_pt: float) -> tuple[Row, Row] | None:
    """The part of a row that fits in `room_pt`, and the rest; None if too little of it fits.

    Key columns (the theme, the date and item) are repeated on the next slide with '(continued)'; a key
    cell too long for the room itself (a pasted 20,000-character link as a theme name) is split like any
    other cell, so every row goes on a slide however long its text.
    """
    inner = room_pt - 2 * CELL_MARGIN_Y * 72
    if inner < MIN_SPLIT_LINES * LINE_FACTOR * spec.size:
        return None
    head: Row = []
    tail: Row = []
    split_keys: set[int] = set()
    for column, cell in enumerate(row):
        first, rest = split_to_height(cell, spec.text_width(column), spec.size, inner)
        if column in spec.key_columns and not rest:
            head.append(cell)
            tail.append(_continued(cell))
            continue
        if column in spec.key_columns:
            split_keys.add(column)  # its remainder already starts with '(continued)'
        head.append(first)
        tail.append(rest)
    counted = [c for c in range(len(row)) if c not in spec.key_columns or c in split_keys]
    if not any(head[c] for c in counted):
        return None
    if _characters(tail, counted) >= _characters(row, counted):  # no progress: never loop
        return None
    return head, tail


def _characters(row: Row, columns: list[int]) -> int:
    return sum(len(p.text) for c in columns for p in row[c])


def _take_page(spec: TableSpec, queue: list[Row], height_pt: float) -> tuple[list[Row], list[Row], int]:
    """One slide's rows from the front of `queue`: the rows, the queue left, and how many rows went whole.

    A row that does not fit moves to the next slide whole, unless it is taller than a whole slide: then it
    fills the room left here and continues on the next slide.
    """
    header = spec.row_height(spec.header_row())
    page: list[Row] = []
    used, capacity, whole = header, height_pt - header, 0
    queue = list(queue)
    while queue and (spec.max_rows is None or len(page) < spec.max_rows):
        height = spec.row_height(queue[0])
        if used + height <= height_pt:
            page.append(queue.pop(0))
            used += height
            whole += 1
            continue
        if page and height <= capacity:
            break
        split = _split_row(spec, queue[0], height_pt - used)
        if split is None:
            if not page:
                raise ValueError("a table row cannot fit on an empty slide")  # only with no room at all
            break
        page.append(split[0])
        queue[0] = split[1]
        break
    return page, queue, whole


def paginate(spec: TableSpec, rows: list[Row], height_pt: float) -> list[tuple[TableSpec, list[Row]]]:
    """Rows grouped into slides whose table (header row included) fits in `height_pt`, each slide at the
    largest of the spec's sizes that takes the most whole rows (so a slide shrinks a little to hold one more
    theme, as the seed's tables do, but never below the smallest size allowed)."""
    pages: list[tuple[TableSpec, list[Row]]] = []
    queue = list(rows)
    options = [spec, *(dataclasses.replace(spec, size=size) for size in spec.smaller)]
    while queue:
        best: tuple[TableSpec, list[Row], list[Row], int] | None = None
        for option in options:
            page, rest, whole = _take_page(option, queue, height_pt)
            if best is None or whole > best[3]:
                best = (option, page, rest, whole)
        assert best is not None
        pages.append((best[0], best[1]))
        queue = best[2]
    if len(pages) > 1 and spec.max_rows is None:
        # No orphan rows on a last slide: spread the rows evenly when that takes no more slides.
        even = -(-sum(len(page) for _, page in pages) // len(pages))
        balanced = paginate(dataclasses.replace(spec, max_rows=even), rows, height_pt)
        if len(balanced) == len(pages):
            return [(dataclasses.replace(s, max_rows=None), page) for s, page in balanced]
    return pages
