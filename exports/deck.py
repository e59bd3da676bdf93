"""A general slide deck engine: 16:9 NHS-styled slides with a title, a lead sentence, a body and the footer.

Deck makes the slides (a title slide, titled slides, measured tables, native charts, messages) and saves
the file; table_slides paginates a table over as many slides as its rows need, chart_slide draws a native,
editable bar chart, message_slide says there is nothing to show. What the slides hold is the content
module's (exports/appendix_a.py).

Each slide is read by a screen reader in this order: its title, its lead sentence, its table or chart (each
with alternative text), then the footer and slide number; the rule under the title is marked decorative. No
text is smaller than 10 pt (SMALLEST).

Every string is cleaned to plain text (exports.pptx_text.clean) and written as a text run, never as a field
or markup. Tables are paginated by measured height (exports/deck_tables.py) and drawn as XML text
(exports/slide_xml.py).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from xml.sax.saxutils import quoteattr

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
from pptx.util import Inches, Pt

from charts.palette import BACKGROUND, NHS_BLUE, NHS_DARK_GREY, NHS_PALE_GREY
from exports.deck_tables import Row, TableSpec, paginate
from exports.office import finish_package
from exports.pptx_text import Para, clean, line_height, paras, split_to_height, text_height
from exports.slide_xml import FONT, PendingSlide, shape_xml, table_xml

SLIDE_WIDTH = Inches(13.333)
SLIDE_HEIGHT = Inches(7.5)
MARGIN = 0.4  # inches
CONTENT_WIDTH = 13.333 - 2 * MARGIN
TITLE_TOP, TITLE_HEIGHT, TITLE_SIZE = 0.25, 0.75, 24
LEAD_HEIGHT = 0.9
BODY_TOP = 1.05
FOOTER_TOP = 7.08
SMALLEST = 10
"""No text on a slide is smaller than this, in points (footers and page numbers included)."""
PATTERNS = {
    "": None,
    "/": MSO_PATTERN.WIDE_UPWARD_DIAGONAL,
    "x": MSO_PATTERN.DIAGONAL_CROSS,
    "-": MSO_PATTERN.DARK_HORIZONTAL,
    "|": MSO_PATTERN.DARK_VERTICAL,
    ".": MSO_PATTERN.PERCENT_20,
}
"""The palette's bar patterns as PowerPoint pattern fills, so status is not told by colour alone."""


def rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#"))


def fit_size(items: list[Para], width_in: float, height_in: float, sizes: Sequence[float]) -> float:
    """The largest of `sizes` at which the paragraphs fit the box (the smallest if none does)."""
    for size in sizes:
        if text_height(items, width_in * 72, size) <= height_in * 72:
            return size
    return sizes[-1]


def clip_to_box(items: list[Para], width_in: float, height_in: float, size: float) -> list[Para]:
    """Paragraphs cut to the box, the cut marked with '…' (for our own short texts, which always fit)."""
    head, rest = split_to_height(items, width_in * 72, size, height_in * 72)
    if rest and head:
        last = head[-1]
        if not last.text.endswith(" …"):
            head = [*head[:-1], Para((*last.runs, (" …", False)))]
            return clip_to_box(head, width_in, height_in, size) if head != items else head
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
        items = clip_to_box(items, CONTENT_WIDTH, TITLE_HEIGHT, size)
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
        page.add(lambda i: shape_xml(i, "Rule", bar, fill=NHS_BLUE, decorative=True))
        top = BODY_TOP
        if lead:
            lead_items = paras(lead)
            size = fit_size(lead_items, CONTENT_WIDTH, LEAD_HEIGHT, (14, 13, 12, 11))
            lead_items = clip_to_box(lead_items, CONTENT_WIDTH, LEAD_HEIGHT, size)
            height = text_height(lead_items, CONTENT_WIDTH * 72, size) / 72
            page.text(lead_items, (MARGIN, top, CONTENT_WIDTH, height + 0.02), size)
            top += height + 0.12
        # the footer and page number come last in reading order, after whatever the slide shows
        footer = clip_to_box([Para(((self.footer, False),))], CONTENT_WIDTH - 0.8, 0.3, SMALLEST)
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

    def title_slide(self, kicker: str, title: str, lines: list[str]) -> None:
        """The opening slide on NHS blue: a kicker line, the title, then `lines` (the first in bold)."""
        page = self.new_slide()
        background = page.slide.background.fill
        background.solid()
        background.fore_color.rgb = rgb(NHS_BLUE)
        page.text([Para(((kicker, False),))], (0.8, 1.3, 11.7, 0.5), 20, BACKGROUND)
        title_items = [Para(((title, True),))]
        size = fit_size(title_items, 11.7, 2.2, (36, 32, 28))
        page.text(
            clip_to_box(title_items, 11.7, 2.2, size),
            (0.8, 1.9, 11.7, 2.2),
            size,
            BACKGROUND,
            PP_ALIGN.LEFT,
            True,
        )
        body = [Para(((clean(line), index == 0),)) for index, line in enumerate(lines)]
        size = fit_size(body, 11.7, 2.0, (20, 16, 14, 12))
        page.text(clip_to_box(body, 11.7, 2.0, size), (0.8, 4.5, 11.7, 2.0), size, BACKGROUND)

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
        table = table_xml(spec, all_rows, heights)
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


def table_slides(
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
        message_slide(deck, title, empty, lead)
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


def chart_slide(
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
    value_axis.major_gridlines.format.line.color.rgb = rgb(NHS_PALE_GREY)
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
        fmt.fill.fore_color.rgb = rgb(colour)
    else:
        fmt.fill.patterned()
        fmt.fill.pattern = kind
        fmt.fill.fore_color.rgb = rgb(colour)
        fmt.fill.back_color.rgb = rgb(BACKGROUND)
    fmt.line.color.rgb = rgb(colour)
    fmt.line.width = Pt(0.75)


def message_slide(deck: Deck, title: str, message: str, lead: str | None = None) -> None:
    """A slide that says there is nothing to show, and why."""
    slide, top = deck.slide(title, lead)
    items = paras(message)
    room = FOOTER_TOP - 0.2 - top
    size = fit_size(items, CONTENT_WIDTH, room, (16, 14, 12))
    slide.text(clip_to_box(items, CONTENT_WIDTH, room, size), (MARGIN, top, CONTENT_WIDTH, room), size)
