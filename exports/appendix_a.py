"""Appendix A of the board paper as PowerPoint: the seed paper's slides, written from the view.

Slides, in the hand-made paper's order: the title; 'Progress against our CCPL Framework' (one table row per
development theme: what will be different, what we have achieved, the priorities for the next six months with
status and due date); two native charts the paper lacked (progress against the five principles, priorities
by status), each with its sentence on the slide and as alt text; what changed since the previous paper; the
CPLG agenda log, newest first; Appendix 1: the five principles and the framework matrix; then the appendices
the slides refer to that an earlier paper gave (report/appendices.py: the seed's appendices 2 and 3, as far as
its text carries them). A '(see appendix N)' with no such appendix in the deck is dropped.

Each slide is read by a screen reader in this order: its title, its lead sentence, its table or chart (each
with alternative text), then the footer and slide number; the rule under the title is marked decorative. No
text is smaller than 10 pt.

Every tracker string is cleaned to plain text (exports.pptx_text.clean) and written as a text run, never as
a field or markup. Every table is paginated by measured height, so no row runs off its slide: rows that do
not fit move to the next slide, and a cell too long for a whole slide is split with '…' and '(continued)'.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape, quoteattr

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_PATTERN
from pptx.enum.text import PP_ALIGN
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.parts.slide import SlidePart
from pptx.presentation import Presentation as PresentationType
from pptx.shapes.graphfrm import GraphicFrame
from pptx.slide import Slide
from pptx.util import Inches, Pt

from charts.palette import (
    BACKGROUND,
    NHS_BLUE,
    NHS_DARK_GREY,
    NHS_PALE_GREY,
    STATUS_CHART_ORDER,
    STATUS_COLOURS,
    STATUS_PATTERNS,
    STRENGTH_SYMBOLS,
    TEXT,
    status_label,
)
from domain import FACETS
from exports.office import finish_package, set_core_properties, written_time
from exports.pptx_text import (
    LINE_FACTOR,
    PARAGRAPH_GAP,
    Para,
    clean,
    line_height,
    paras,
    split_to_height,
    text_height,
)
from formatting import FLAG_MARK, FLAGGED_SUFFIX, count, long_date, marked, month_span, months_sentence
from metrics.view import View
from report import sections
from report.appendices import (
    PRINCIPLES_APPENDIX,
    Appendix,
    carried_appendices,
    with_resolved_references,
)
from report.paper import (
    ASSUMED_FOOTNOTE,
    ASSUMED_MARK,
    FIRST_REPORT,
    FLAGGED_FOOTNOTE,
    PaperTexts,
    as_known_at,
    cite_cover,
    due_text,
    paper_period,
)

TITLE = "Clinical and Care Professional Leadership (CCPL) Developments – Progress and Forward Plan"
FONT = "Arial"
SLIDE_WIDTH = Inches(13.333)
SLIDE_HEIGHT = Inches(7.5)
MARGIN = 0.4  # inches
CONTENT_WIDTH = 13.333 - 2 * MARGIN
TITLE_TOP, TITLE_HEIGHT, TITLE_SIZE = 0.25, 0.75, 24
LEAD_HEIGHT = 0.9
BODY_TOP = 1.05
FOOTER_TOP = 7.08
CELL_MARGIN_X, CELL_MARGIN_Y = 0.06, 0.04
SMALLEST = 10
"""No text on a slide is smaller than this, in points (footers and page numbers included)."""
MIN_SPLIT_LINES = 3
"""A row is only split across slides when at least this many lines of it fit on the current slide."""
TABLE_STYLE_GRID = "{5940675A-B579-460E-94D1-54222C63F5DA}"  # 'No Style, Table Grid': thin borders, no fills
PATTERNS = {
    "": None,
    "/": MSO_PATTERN.WIDE_UPWARD_DIAGONAL,
    "x": MSO_PATTERN.DIAGONAL_CROSS,
    "-": MSO_PATTERN.DARK_HORIZONTAL,
    "|": MSO_PATTERN.DARK_VERTICAL,
    ".": MSO_PATTERN.PERCENT_20,
}
"""The palette's bar patterns as PowerPoint pattern fills, so status is not told by colour alone."""
ASSUMPTION_NOTE = "The marks are the programme team's reading of each theme's content against the principles."


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#"))


FLAGGED = "meeting_date" + FLAGGED_SUFFIX  # metrics.cplg.dated: the data checks flag this meeting date


def _date(value: object) -> str:
    """'8 February 2023', as the seed paper writes dates ('–' for none)."""
    return long_date(None if value is None or pd.isna(value) else pd.Timestamp(value))


# --- measured tables ---------------------------------------------------------------------------------


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


# --- drawing -----------------------------------------------------------------------------------------


ALIGN = {PP_ALIGN.LEFT: "l", PP_ALIGN.CENTER: "ctr", PP_ALIGN.RIGHT: "r"}


def _paragraphs_xml(items: list[Para], size: float, colour: str = TEXT, align: PP_ALIGN | None = None) -> str:
    """DrawingML paragraphs for `items`: plain text runs, Arial, exact line spacing.

    Built as XML text (python-pptx's property setters cost ~20x more per run, which matters at 500 slides).
    Tracker text only ever goes in a:t element content, escaped, so nothing in it is read as markup; the
    attributes are this module's own numbers and colours.
    """
    sz = int(round(size * 100))
    line = int(round(LINE_FACTOR * size * 100))
    gap = int(round(PARAGRAPH_GAP * size * 100))
    hex_colour = colour.lstrip("#").upper()
    algn = f' algn="{ALIGN[align]}"' if align is not None else ""
    run_props = (
        f'<a:solidFill><a:srgbClr val="{hex_colour}"/></a:solidFill>'
        f'<a:latin typeface="{FONT}"/><a:cs typeface="{FONT}"/></a:rPr>'
    )
    parts = []
    for index, para in enumerate(items or [Para((("", False),))]):
        parts.append(
            f'<a:p><a:pPr{algn}><a:lnSpc><a:spcPts val="{line}"/></a:lnSpc>'
            f'<a:spcBef><a:spcPts val="{0 if index == 0 else gap}"/></a:spcBef>'
            '<a:spcAft><a:spcPts val="0"/></a:spcAft></a:pPr>'
        )
        for text, bold in para.runs:
            if text:
                parts.append(
                    f'<a:r><a:rPr lang="en-GB" sz="{sz}" b="{1 if bold else 0}" dirty="0">{run_props}'
                    f"<a:t>{escape(text)}</a:t></a:r>"
                )
        # the paragraph mark's size sets an empty line's height; unset, renderers use 18 pt
        parts.append(f'<a:endParaRPr lang="en-GB" sz="{sz}" dirty="0"/></a:p>')
    return "".join(parts)


def _shape_xml(
    shape_id: int,
    name: str,
    box: tuple[float, float, float, float],
    body: str = "",
    fill: str | None = None,
    title: bool = False,
    anchor: str = "t",
    decorative: bool = False,
) -> str:
    """A p:sp: a text box (or the slide's title placeholder, or a filled bar), at `box` (inches).

    A decorative shape (a rule) is marked so with Office's extension, so screen readers skip it.
    """
    left, top, width, height = (int(Inches(v)) for v in box)
    kind = (
        '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="title"/></p:nvPr>'
        if title
        else '<p:cNvSpPr txBox="1"/><p:nvPr/>'
    )
    paint = f'<a:solidFill><a:srgbClr val="{fill.lstrip("#")}"/></a:solidFill>' if fill else "<a:noFill/>"
    text = (
        f'<p:txBody><a:bodyPr wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="{anchor}">'
        f"<a:noAutofit/></a:bodyPr><a:lstStyle/>{body}</p:txBody>"
        if body
        else ""
    )
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name} {shape_id}">{DECORATIVE if decorative else ""}'
        f"</p:cNvPr>{kind}</p:nvSpPr>"
        f'<p:spPr><a:xfrm><a:off x="{left}" y="{top}"/><a:ext cx="{width}" cy="{height}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{paint}<a:ln><a:noFill/></a:ln></p:spPr>{text}</p:sp>'
    )


DECORATIVE = (
    '<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
    '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/>'
    "</a:ext></a:extLst>"
)
"""Office's 'Mark as decorative' (Office 2019 and later): screen readers skip the shape."""

SLIDE_XML = (
    f'<p:sld {nsdecls("a", "p", "r")}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/>'
    "<p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>{shapes}</p:spTree></p:cSld>"
    "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"
)
"""python-pptx's blank slide (CT_Slide.new), with room for the shapes."""


class PendingSlide:
    """A slide whose shapes are gathered as XML and parsed once, with the slide, when the deck is saved.

    python-pptx's shape API costs ~30 ms a slide (15 s at 500 slides); one parse costs ~1 ms. Shapes keep
    their order, which is a screen reader's reading order: the title first, then the content in the order
    it was added, and the footer (added with `last=True`) at the end. A slide whose python-pptx object is
    needed (the title slide's background, a chart) is made at once and later shapes are appended to it.
    """

    def __init__(self, part: SlidePart) -> None:
        self.part = part
        self.parts: list[str] = []
        self.last: list[str] = []
        self.next_id = 2

    @property
    def slide(self) -> Slide:
        if self.part._element is None:
            self.flush()
        return self.part.slide

    def add(self, build: Callable[[int], str], last: bool = False) -> None:
        (self.last if last else self.parts).append(build(self.next_id))
        self.next_id += 1

    def add_chart(
        self, chart_type: XL_CHART_TYPE, box: tuple[float, float, float, float], data: CategoryChartData
    ) -> GraphicFrame:
        """A native chart after the shapes so far (python-pptx places it): its graphic frame."""
        self.flush()
        left, top, width, height = (Inches(v) for v in box)
        frame = self.slide.shapes.add_chart(chart_type, left, top, width, height, data)
        # python-pptx numbers it from the shapes in the tree, which the footer (added last) is not in yet
        frame._element.nvGraphicFramePr.cNvPr.set("id", str(self.next_id))
        frame._element.nvGraphicFramePr.cNvPr.set("name", f"Chart {self.next_id}")
        self.next_id += 1
        return frame

    def text(
        self,
        items: list[Para],
        box: tuple[float, float, float, float],
        size: float,
        colour: str = TEXT,
        align: PP_ALIGN | None = None,
        title: bool = False,
        anchor: str = "t",
        name: str = "Text",
        last: bool = False,
    ) -> None:
        body = _paragraphs_xml(items, size, colour, align)
        name = "Title" if title else name
        self.add(lambda i: _shape_xml(i, name, box, body, title=title, anchor=anchor), last)

    def flush(self, final: bool = False) -> None:
        """Parse the shapes gathered so far into the slide; `final` adds the footer shapes, last."""
        if final:
            self.parts += self.last
            self.last = []
        if self.part._element is None:
            self.part._element = parse_xml(SLIDE_XML.format(shapes="".join(self.parts)))
            self.parts = []
            return
        if not self.parts:
            return
        tree = parse_xml(f"<p:spTree {nsdecls('p', 'a')}>{''.join(self.parts)}</p:spTree>")
        target = self.slide.shapes._spTree
        for shape in list(tree):
            target.append(shape)
        self.parts = []


def fit_size(items: list[Para], width_in: float, height_in: float, sizes: Sequence[float]) -> float:
    """The largest of `sizes` at which the paragraphs fit the box (the smallest if none does)."""
    for size in sizes:
        if text_height(items, width_in * 72, size) <= height_in * 72:
            return size
    return sizes[-1]


def _clip_to_box(items: list[Para], width_in: float, height_in: float, size: float) -> list[Para]:
    """Paragraphs cut to the box, the cut marked with '…' (for our own short texts, which always fit)."""
    head, rest = split_to_height(items, width_in * 72, size, height_in * 72)
    if rest and head:
        last = head[-1]
        if not last.text.endswith(" …"):
            head = [*head[:-1], Para((*last.runs, (" …", False)))]
            return _clip_to_box(head, width_in, height_in, size) if head != items else head
    return head


class Deck:
    """A 16:9 presentation with NHS-styled slides: title, optional lead sentence, body, footer."""

    def __init__(self, footer: str) -> None:
        self.prs: PresentationType = Presentation()
        self.prs.slide_width = SLIDE_WIDTH
        self.prs.slide_height = SLIDE_HEIGHT
        self.footer = footer
        self.pending: list[PendingSlide] = []
        self._blank = self.prs.slide_layouts[6]

    def new_slide(self) -> PendingSlide:
        """A blank slide, added as python-pptx's add_slide does but without its per-slide scans of every
        relationship and slide id (quadratic: 8 s of a 500-slide deck). The deck starts empty, so slide n is
        /ppt/slides/slide{n}.xml with slide id 255 + n."""
        number = len(self.pending) + 1
        part = SlidePart(PackURI(f"/ppt/slides/slide{number}.xml"), CT.PML_SLIDE, self.prs.part.package, None)
        part.relate_to(self._blank.part, RT.SLIDE_LAYOUT)
        rel_id = self.prs.part.rels._add_relationship(RT.SLIDE, part)
        self.prs.slides._sldIdLst._add_sldId(id=255 + number, rId=rel_id)
        page = PendingSlide(part)
        self.pending.append(page)
        return page

    def slide(self, title: str, lead: str | None = None) -> tuple[PendingSlide, float]:
        """A new slide with its title (a real title placeholder, for screen readers) and lead sentence.

        Returns the slide and the top of the free area, in inches.
        """
        page = self.new_slide()
        items = [Para(((clean(title), True),))]
        sizes = (TITLE_SIZE, 22, 20, 18)
        one_line = [z for z in sizes if text_height(items, CONTENT_WIDTH * 72, z) <= line_height(z)]
        size = one_line[0] if one_line else fit_size(items, CONTENT_WIDTH, TITLE_HEIGHT, sizes)
        items = _clip_to_box(items, CONTENT_WIDTH, TITLE_HEIGHT, size)
        page.text(
            items,
            (MARGIN, TITLE_TOP, CONTENT_WIDTH, TITLE_HEIGHT),
            size,
            NHS_BLUE,
            PP_ALIGN.LEFT,
            True,
            "ctr",
        )
        bar = (MARGIN, TITLE_TOP + TITLE_HEIGHT + 0.02, CONTENT_WIDTH, 0.04)
        page.add(lambda i: _shape_xml(i, "Rule", bar, fill=NHS_BLUE, decorative=True))
        top = BODY_TOP
        if lead:
            lead_items = paras(lead)
            size = fit_size(lead_items, CONTENT_WIDTH, LEAD_HEIGHT, (14, 13, 12, 11))
            lead_items = _clip_to_box(lead_items, CONTENT_WIDTH, LEAD_HEIGHT, size)
            height = text_height(lead_items, CONTENT_WIDTH * 72, size) / 72
            page.text(lead_items, (MARGIN, top, CONTENT_WIDTH, height + 0.02), size)
            top += height + 0.12
        # the footer and page number come last in reading order, after whatever the slide shows
        footer = _clip_to_box([Para(((self.footer, False),))], CONTENT_WIDTH - 0.8, 0.3, SMALLEST)
        page.text(
            footer,
            (MARGIN, FOOTER_TOP, CONTENT_WIDTH - 0.8, 0.3),
            SMALLEST,
            NHS_DARK_GREY,
            name="Footer",
            last=True,
        )
        number = [Para(((str(len(self.pending)), False),))]
        page.text(
            number,
            (MARGIN + CONTENT_WIDTH - 0.6, FOOTER_TOP, 0.6, 0.3),
            SMALLEST,
            NHS_DARK_GREY,
            PP_ALIGN.RIGHT,
            name="Slide number",
            last=True,
        )
        return page, top

    def table(
        self,
        page: PendingSlide,
        spec: TableSpec,
        rows: list[Row],
        top: float,
        description: str,
    ) -> float:
        """Draw a measured table at `top`, `description` its alternative text; returns its bottom, in inches."""
        descr = quoteattr(clean(description))
        all_rows = [spec.header_row(), *rows]
        heights = [spec.row_height(r) for r in all_rows]
        table = self._table_xml(spec, all_rows, heights)
        left, y = int(Inches(MARGIN)), int(Inches(top))
        width, height = int(Inches(sum(spec.widths))), int(Pt(sum(heights)))
        page.add(
            lambda i: (
                f'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="{i}" name="Table {i}" descr={descr}/>'
                '<p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/>'
                f'</p:nvGraphicFramePr><p:xfrm><a:off x="{left}" y="{y}"/><a:ext cx="{width}" cy="{height}"/>'
                '</p:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table">'
                f"{table}</a:graphicData></a:graphic></p:graphicFrame>"
            )
        )
        return top + sum(heights) / 72

    @staticmethod
    def _table_xml(spec: TableSpec, rows: list[Row], heights: list[float]) -> str:
        """The a:tbl element: grid style (no fills but ours), header row marked, measured row heights."""
        margin_x, margin_y = int(Inches(CELL_MARGIN_X)), int(Inches(CELL_MARGIN_Y))
        grid = "".join(f'<a:gridCol w="{int(Inches(w))}"/>' for w in spec.widths)
        parts = [
            '<a:tbl><a:tblPr firstRow="1" bandRow="0">'
            f"<a:tableStyleId>{TABLE_STYLE_GRID}</a:tableStyleId></a:tblPr><a:tblGrid>{grid}</a:tblGrid>"
        ]
        for r, row in enumerate(rows):
            parts.append(f'<a:tr h="{int(Pt(heights[r]))}">')
            fill_xml = (
                f'<a:solidFill><a:srgbClr val="{NHS_BLUE.lstrip("#")}"/></a:solidFill>' if r == 0 else ""
            )
            for c, cell_items in enumerate(row):
                body = _paragraphs_xml(
                    cell_items,
                    spec.size,
                    BACKGROUND if r == 0 else TEXT,
                    PP_ALIGN.CENTER if c in spec.align_centre else None,
                )
                parts.append(
                    f'<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>{body}</a:txBody><a:tcPr marL="{margin_x}" '
                    f'marR="{margin_x}" marT="{margin_y}" marB="{margin_y}" anchor="t">{fill_xml}</a:tcPr></a:tc>'
                )
            parts.append("</a:tr>")
        parts.append("</a:tbl>")
        return "".join(parts)

    def save(self) -> bytes:
        for page in self.pending:
            page.flush(final=True)
        finish_package(
            self.prs.part.package,
            (("PresentationFormat", "Widescreen"), ("Slides", str(len(self.pending)))),
            tagged_already="/ppt/slides/slide",
        )
        buffer = io.BytesIO()
        self.prs.save(buffer)
        return buffer.getvalue()


def _alt_text(shape, text: str) -> None:  # noqa: ANN001
    """Alt text of a graphic frame: the `descr` attribute of its p:cNvPr."""
    shape._element.nvGraphicFramePr.cNvPr.set("descr", clean(text))


def _table_slides(
    deck: Deck,
    title: str,
    lead: str | None,
    spec: TableSpec,
    rows: list[Row],
    empty: str,
    note: str | None = None,
    note_mark: str | None = None,
) -> None:
    """As many slides as the rows need, each with the title (and '(continued)'), lead, header row and note;
    with `note_mark`, the note (a footnote) only on the slides whose rows carry that mark."""
    if not rows:
        _message_slide(deck, title, empty, lead)
        return
    note_items = paras(note) if note else []
    note_height = text_height(note_items, CONTENT_WIDTH * 72, 11) / 72 + 0.1 if note_items else 0
    slide, top = deck.slide(title, lead)
    height = (FOOTER_TOP - 0.1 - top - note_height) * 72
    # later slides carry the same lead, so the same height is available on each
    for number, (page_spec, page) in enumerate(paginate(spec, rows, height)):
        if number:
            slide, top = deck.slide(f"{title} (continued)", lead)
        description = (
            f"{title}{' (continued)' if number else ''}: a table with the columns {', '.join(spec.headers)}"
        )
        bottom = deck.table(slide, page_spec, page, top, f"{description}.")
        carries_mark = note_mark is None or any(
            note_mark in text for row in page for cell in row for para in cell for text, _ in para.runs
        )
        if note_items and carries_mark:
            slide.text(note_items, (MARGIN, bottom + 0.08, CONTENT_WIDTH, note_height), 11, NHS_DARK_GREY)


# --- the slides ----------------------------------------------------------------------------------------


def _title_slide(deck: Deck, view: View) -> None:
    page = deck.new_slide()
    background = page.slide.background.fill
    background.solid()
    background.fore_color.rgb = _rgb(NHS_BLUE)
    kicker = [Para((("Appendix A: Supplementary Information", False),))]
    page.text(kicker, (0.8, 1.3, 11.7, 0.5), 20, BACKGROUND)
    title = [Para(((TITLE, True),))]
    size = fit_size(title, 11.7, 2.2, (36, 32, 28))
    page.text(
        _clip_to_box(title, 11.7, 2.2, size), (0.8, 1.9, 11.7, 2.2), size, BACKGROUND, PP_ALIGN.LEFT, True
    )
    lines = [f"As at {_date(view.as_at)}" if view.as_at is not None else "No tracker data"]
    lines += view.filters.describe(view.theme_names)
    body = [Para(((clean(line), index == 0),)) for index, line in enumerate(lines)]
    size = fit_size(body, 11.7, 2.0, (20, 16, 14, 12))
    page.text(_clip_to_box(body, 11.7, 2.0, size), (0.8, 4.5, 11.7, 2.0), size, BACKGROUND)


def _by_theme(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    if frame.empty:
        return {}
    ordered = frame.sort_values("_row", kind="stable") if "_row" in frame else frame
    return {str(k): g for k, g in ordered.groupby("theme_id", sort=False)}


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts (iterrows builds a Series per row: seconds at thousands of rows)."""
    return frame.to_dict("records")


def _priority_para(row: dict) -> Para:
    due = due_text(row)
    return Para(((status_label(row["status"]), True), (f", {due}: ", False), (clean(row["priority"]), False)))


FRAMEWORK = TableSpec(
    headers=(
        "Development Theme",
        "What will be different?",
        "What have we achieved?",
        "Priorities for the next 6 months",
    ),
    widths=(1.45, 3.3, 3.75, 4.03),  # the theme column narrower: the text columns hold more at 10 pt
    size=SMALLEST,
    max_rows=3,
)


def _achieved(text: object, new: bool) -> list[Para]:
    """An achievement as bulleted paragraphs, its first marked 'New:' when it is new since the previous paper."""
    items = paras(text, bullet="• ")
    if new and items:
        first = items[0].runs
        items[0] = Para(
            (("• ", False), ("New: ", True), (first[0][0].removeprefix("• "), first[0][1]), *first[1:])
        )
    return items


def _framework_slides(deck: Deck, view: View) -> None:
    achievements = _by_theme(view.achievements)
    priorities = _by_theme(view.priorities)
    before = view.previous.achievements if view.previous is not None else None
    known_before = (
        set()
        if before is None or before.empty
        else {(str(t), clean(a)) for t, a in zip(before["theme_id"], before["achievement"], strict=True)}
    )
    rows: list[Row] = []
    for theme in _records(view.themes.sort_values("_row", kind="stable")):
        theme_id = str(theme["theme_id"])
        done = achievements.get(theme_id, pd.DataFrame(columns=["achievement"]))
        planned = priorities.get(theme_id)
        different = paras(theme["what_will_be_different"], bullet="• ")
        achieved = [
            p
            for text in done["achievement"]
            for p in _achieved(text, before is not None and (theme_id, clean(text)) not in known_before)
        ]
        next_six = [] if planned is None else [_priority_para(r) for r in _records(planned)]
        rows.append(
            [
                paras(theme["theme"], bold=True) or [Para((("–", True),))],
                different or paras("–"),
                achieved or paras("–"),
                next_six or paras("–"),
            ]
        )
    period = f"to {_date(view.as_at)}" if view.as_at is not None else ""
    lead = (
        "The development themes agreed by CPLG: what will be different, what we have achieved"
        + (" (new since the previous paper marked New)" if view.previous is not None else "")
        + ", and the priorities for the next six months with their status and due date. The five principles "
        "and the framework matrix are in Appendix 1."
    )
    assumed = any(due_text(r).endswith(ASSUMED_MARK) for r in _records(view.priorities))
    _table_slides(
        deck,
        f"Progress against our CCPL Framework (summary) {period}".strip(),
        lead,
        FRAMEWORK,
        rows,
        "There are no development themes to show.",
        note=f"{ASSUMED_MARK} {ASSUMED_FOOTNOTE}" if assumed else None,
    )


def _chart_slide(
    deck: Deck,
    title: str,
    sentence: str,
    categories: list[str],
    series: list[tuple[str, list[int], str, str]],
    chart_type: XL_CHART_TYPE,
    legend: bool,
    note: str | None = None,
    bar_styles: list[tuple[str, str]] | None = None,
) -> None:
    """A native, editable bar chart with its sentence above it and as its alt text (and a note below).

    `series` holds (name, values, colour, pattern) per series; `bar_styles` gives a single series one
    (colour, pattern) per bar.
    """
    slide, top = deck.slide(title, sentence)
    data = CategoryChartData()
    data.categories = categories
    for name, values, _, _ in series:
        data.add_series(name, values)
    height = FOOTER_TOP - 0.15 - top
    note_items = paras(note) if note else []
    note_height = text_height(note_items, CONTENT_WIDTH * 72, 12) / 72 if note_items else 0.0
    if note_items:
        height -= note_height + 0.1
    # reading order: the title and sentence, the chart, its note, then the footer
    frame = slide.add_chart(chart_type, (MARGIN, top, CONTENT_WIDTH, height), data)
    if note_items:
        slide.text(note_items, (MARGIN, top + height + 0.1, CONTENT_WIDTH, note_height), 12, NHS_DARK_GREY)
    _alt_text(frame, sentence)
    chart = frame.chart
    _chart_language(chart)
    chart.font.name = FONT
    chart.font.size = Pt(12)
    chart.has_title = False  # the slide title names the chart
    chart.has_legend = legend
    if legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(12)
    category_axis = chart.category_axis
    category_axis.reverse_order = True  # first category at the top, as it is read
    category_axis.tick_labels.font.size = Pt(12)
    value_axis = chart.value_axis
    value_axis.minimum_scale = 0  # bars start at zero, or their lengths mislead
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = _rgb(NHS_PALE_GREY)
    value_axis.tick_labels.font.size = Pt(11)
    plot = chart.plots[0]
    plot.gap_width = 60
    if chart_type == XL_CHART_TYPE.BAR_STACKED:
        plot.overlap = 100
    for chart_series, (_, _, colour, pattern) in zip(plot.series, series, strict=True):
        _fill_bar(chart_series.format, colour, pattern)
    if bar_styles is not None:
        plot.has_data_labels = True
        plot.data_labels.font.size = Pt(12)
        plot.data_labels.show_value = True
        for index, (colour, pattern) in enumerate(bar_styles):
            _fill_bar(plot.series[0].points[index].format, colour, pattern)


def _chart_language(chart) -> None:  # noqa: ANN001
    """The chart's editing language, en-GB (c:lang follows c:date1904 in the chart space)."""
    space = chart._chartSpace
    lang = parse_xml(f'<c:lang {nsdecls("c")} val="en-GB"/>')
    date1904 = space.find(qn("c:date1904"))
    if date1904 is not None:
        date1904.addnext(lang)
    else:
        space.insert(0, lang)


def _fill_bar(fmt, colour: str, pattern: str) -> None:  # noqa: ANN001
    kind = PATTERNS.get(pattern)
    if kind is None:
        fmt.fill.solid()
        fmt.fill.fore_color.rgb = _rgb(colour)
    else:
        fmt.fill.patterned()
        fmt.fill.pattern = kind
        fmt.fill.fore_color.rgb = _rgb(colour)
        fmt.fill.back_color.rgb = _rgb(BACKGROUND)
    fmt.line.color.rgb = _rgb(colour)
    fmt.line.width = Pt(0.75)


def _chart_slides(deck: Deck, view: View) -> None:
    title = "Progress against the five principles"
    principles = sections.principles(view)
    progress = principles.data
    if principles.empty or progress is None or progress.empty:
        _message_slide(deck, title, principles.empty or principles.sentence)
    else:
        _chart_slide(
            deck,
            title,
            principles.sentence,
            [f"{int(r['principle'])}. {clean(r['title'])}" for r in _records(progress)],
            [
                (status_label(s), [int(v) for v in progress[s]], STATUS_COLOURS[s], STATUS_PATTERNS[s])
                for s in STATUS_CHART_ORDER
            ],
            XL_CHART_TYPE.BAR_STACKED,
            legend=True,
        )
    by_status = sections.priorities_by_status(view)
    sentence = sections.headline(view).sentence  # the status sentence the Overview shows
    changes = [f"{status_label(f.label)} {f.change:+d}" for f in by_status.figures if f.change]
    since = next((f.since for f in by_status.figures if f.since is not None), None)
    note = (
        f"Change since {_date(since)}: {', '.join(changes)}."
        if changes
        else (f"No status count changed since {_date(since)}." if since is not None else None)
    )
    _chart_slide(
        deck,
        "Priorities by status",
        sentence,
        [status_label(f.label) for f in by_status.figures],
        [("Priorities", [f.value for f in by_status.figures], NHS_BLUE, "")],
        XL_CHART_TYPE.BAR_CLUSTERED,
        legend=False,
        note=note,
        bar_styles=[(STATUS_COLOURS[f.label], STATUS_PATTERNS[f.label]) for f in by_status.figures],
    )


def _message_slide(deck: Deck, title: str, message: str, lead: str | None = None) -> None:
    """A slide that says there is nothing to show, and why."""
    slide, top = deck.slide(title, lead)
    items = paras(message)
    room = FOOTER_TOP - 0.2 - top
    size = fit_size(items, CONTENT_WIDTH, room, (16, 14, 12))
    slide.text(_clip_to_box(items, CONTENT_WIDTH, room, size), (MARGIN, top, CONTENT_WIDTH, room), size)


CHANGES = TableSpec(
    headers=("Priority", "Theme", "Status move", "Change", "Reason given"),
    widths=(4.2, 1.7, 2.5, 1.3, 2.83),
    size=SMALLEST,
)


def _changes_slides(deck: Deck, view: View, texts: PaperTexts) -> None:
    title = "What changed since the previous paper"
    section = sections.changes(view)
    if section.table is None:
        _message_slide(deck, title, FIRST_REPORT)
        return
    sentence = section.sentence
    names = view.theme_names
    rows = []
    for change in _records(section.table.frame):
        before = status_label(change["before"]) if pd.notna(change["before"]) else "–"
        after = status_label(change["after"]) if pd.notna(change["after"]) else "–"
        rows.append(
            [
                paras(change["priority"]) or paras("–"),
                paras(names.get(str(change["theme_id"]), change["theme_id"])),
                [Para(((f"{before} → {after}", False),))],
                [Para(((str(change["change"]), True),))],
                paras(cite_cover(str(change["notes"]), texts) if pd.notna(change["notes"]) else "")
                or paras("No reason recorded"),
            ]
        )
    _table_slides(deck, title, sentence, CHANGES, rows, "No priority changed status.")


AGENDA = TableSpec(
    headers=("Date", "Item", "Agenda 'facet'", "Presenter", "Overview", "CPLG recommendation"),
    widths=(1.15, 1.95, 1.3, 1.85, 3.05, 3.23),
    size=SMALLEST,
    key_columns=(0, 1),
)


def _agenda_slides(deck: Deck, view: View, agenda_from: dt.date | None) -> None:
    """The CPLG items of the period the paper covers: since the previous paper by default (report.paper.
    paper_period), or from `agenda_from`."""
    agenda = view.agenda  # position_date: a flagged date is placed, filtered and spanned by its neighbours
    period = paper_period(view)
    if agenda_from is not None:
        agenda = agenda[~(agenda["position_date"] < pd.Timestamp(agenda_from)).fillna(False)]
        first_day = pd.Timestamp(agenda_from)
    else:
        if period.start is not None:
            agenda = agenda[~(agenda["position_date"] <= period.start).fillna(False)]
        first_day = period.start + pd.Timedelta(days=1) if period.start is not None else None
    agenda = agenda.sort_values("position_date", ascending=False, kind="stable", na_position="last")
    dated = agenda["position_date"].dropna()
    if not dated.empty:
        span = f" ({month_span(dated.min(), dated.max())})"
    elif first_day is not None and view.as_at is not None:
        span = f" ({month_span(first_day, view.as_at)})"
    else:
        span = ""
    facets = agenda["facet"].dropna().value_counts() if "facet" in agenda else pd.Series(dtype=int)
    by_facet = [f"{int(facets[f])} {f}" for f in FACETS if facets.get(f, 0)]
    if dated.empty:
        sentence = ""
    else:
        sentence = (
            f"CPLG considered {count(len(agenda), 'agenda item')} {months_sentence(dated.min(), dated.max())}"
            + (f" ({', '.join(by_facet)})" if by_facet else "")
            + "."
        )
    lead = (
        f"{sentence} From August 2022 the agenda is aligned to three facets: {', '.join(FACETS)}, so that "
        "social care colleagues can join the discussions that matter most to them."
    ).strip()
    if agenda_from is not None:
        window = f" between {_date(agenda_from)} and {_date(view.as_at)}" if view.as_at is not None else ""
    else:
        window = f" {period.describe()}" if view.as_at is not None else ""
    rows = [
        [
            [Para(((marked(_date(item["meeting_date"]), item.get(FLAGGED)), False),))],
            paras(item["item"], bold=True) or paras("–"),
            paras(item["facet"]) or paras("–"),
            paras(item["presenter"]) or paras("–"),
            paras(item["overview"]) or paras("–"),
            paras(item["recommendation"]) or paras("–"),
        ]
        for item in _records(agenda)
    ]
    _table_slides(
        deck,
        f"Strengthened CPLG approach: summary of considerations{span}",
        lead,
        AGENDA,
        rows,
        f"No CPLG agenda item is recorded{window}.",
        note=FLAGGED_FOOTNOTE if agenda[FLAGGED].fillna(False).astype(bool).any() else None,
        note_mark=FLAG_MARK,  # one footnote, on the slide that shows the marked date
    )


PRINCIPLES = TableSpec(
    headers=("Principle", "What the national guidance says"), widths=(2.6, 9.93), size=11, smaller=(10,)
)


def _principles_slides(deck: Deck, view: View) -> None:
    rows = [
        [
            paras(f"Principle {int(p['principle'])}: {clean(p['title'])}", bold=True),
            [*paras(p["text"]), *paras(p["detail"], bullet="• ")],
        ]
        for p in _records(view.principles.sort_values("principle"))
    ]
    _table_slides(
        deck,
        "Appendix 1: the 5 principles (ICS implementation guidance on effective clinical and care professional leadership)",
        None,
        PRINCIPLES,
        rows,
        "There are no principles in the coverage tracker.",
    )


def _matrix_slides(deck: Deck, view: View) -> None:
    coverage = sections.coverage_matrix(view)
    grid, sentence = coverage.data, coverage.sentence
    principles = view.principles.sort_values("principle")
    numbers = [int(p) for p in principles["principle"]]
    titles = dict(zip(numbers, principles["title"], strict=True))
    theme_width = 4.0
    width = (CONTENT_WIDTH - theme_width) / max(len(numbers), 1)
    spec = TableSpec(
        headers=("Development theme", *[f"{n}. {clean(titles[n])}" for n in numbers]),
        widths=(theme_width, *[width] * len(numbers)),
        size=SMALLEST,
        align_centre=tuple(range(1, len(numbers) + 1)),
    )
    marks = {(str(r["theme_id"]), int(r["principle"])): str(r["strength"]) for r in _records(grid)}
    rows = []
    for theme in _records(view.themes.sort_values("_row", kind="stable")):
        theme_id = str(theme["theme_id"])
        cells: Row = [paras(theme["theme"], bold=True) or paras("–")]
        for n in numbers:
            mark = marks.get((theme_id, n), "")
            cells.append([Para(((f"{STRENGTH_SYMBOLS[mark]} {mark}" if mark else "", False),))])
        rows.append(cells)
    legend = " ".join(f"{STRENGTH_SYMBOLS[m]} {m}" for m in ("Primary", "Supporting"))
    _table_slides(
        deck,
        "Appendix 1: JUCD CCPL Framework – themes and the principles they support",
        sentence,
        spec,
        rows,
        "There are no themes or principles to show.",
        note=f"{legend}. {ASSUMPTION_NOTE}",
    )


TAKEN_FROM_PAPER = TableSpec(
    headers=("Where in the paper", "What it says"),
    widths=(3.4, CONTENT_WIDTH - 3.4),
    size=12,
    smaller=(11, 10),
)


def _appendix_slides(deck: Deck, appendices: list[Appendix]) -> None:
    """Each appendix carried from an earlier paper (report.appendices): its title, where it is taken from and
    that its picture is not reproduced, then the paper's words about it, each with where in the paper it is."""
    for appendix in appendices:
        rows = [[paras(where, bold=True), paras(text)] for where, text in appendix.passages]
        _table_slides(
            deck,
            appendix.heading,
            appendix.lead,
            TAKEN_FROM_PAPER,
            rows,
            f"The paper gives no words about appendix {appendix.number} beyond its title.",
        )


def appendix_a_pptx(
    view: View,
    *,
    agenda_from: dt.date | None = None,
    texts: PaperTexts | None = None,
    written_at: dt.datetime | None = None,
) -> bytes:
    """Appendix A for the view (its as-at date and filters) as a .pptx file's bytes.

    The CPLG agenda log covers the period since the previous paper (report.paper.paper_period); `agenda_from`
    sets another first meeting date. The file's
    author is the cover report's (`texts`), its date `written_at` (default: now).
    """
    view = as_known_at(view)  # what was known on the 'as at' date; refused before the first framework record
    appendices = carried_appendices(view)  # appendices 2 and 3 of the seed, where the deck refers to them
    view = with_resolved_references(view, {PRINCIPLES_APPENDIX, *(a.number for a in appendices)})
    as_at = f"as at {_date(view.as_at)}" if view.as_at is not None else "no tracker data"
    filters = "; ".join(view.filters.describe(view.theme_names))
    footer = f"Appendix A: CCPL Developments – Progress and Forward Plan, {as_at}" + (
        f". Filtered: {filters}" if filters else ""
    )
    deck = Deck(clean(footer))
    set_core_properties(  # the paper's own (exports.office), each cut to the 255-character limit
        deck.prs.core_properties,
        title=f"Appendix A: {TITLE}",
        subject=footer,
        author=(texts or PaperTexts()).author,
        description=f"Appendix A to the cover report on the CCPL programme, {as_at}.",
        keywords="CCPL; board paper; Appendix A",
        written_at=written_time(written_at),
    )
    _title_slide(deck, view)
    _framework_slides(deck, view)
    _chart_slides(deck, view)
    _changes_slides(deck, view, texts or PaperTexts())  # 'cover report 4.7' as this paper's cover numbers it
    _agenda_slides(deck, view, agenda_from)
    _principles_slides(deck, view)
    _matrix_slides(deck, view)
    _appendix_slides(deck, appendices)
    return deck.save()
