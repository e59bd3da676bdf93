"""Slides as DrawingML written as text: paragraphs, text boxes, tables, the decorative mark, and the pending
slide whose shapes are parsed once when the deck is saved.

Built as XML text because python-pptx's shape API and property setters cost ~20-30x more per shape, which
matters at 500 slides. Tracker text only ever goes in a:t element content, escaped, so nothing in it is read
as markup; the attributes are the engine's own numbers and colours. Shapes keep their order, which is a
screen reader's reading order.
"""

from __future__ import annotations

from collections.abc import Callable
from xml.sax.saxutils import escape

from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.text import PP_ALIGN
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls
from pptx.parts.slide import SlidePart
from pptx.shapes.graphfrm import GraphicFrame
from pptx.slide import Slide
from pptx.util import Inches, Pt

from charts.palette import BACKGROUND, NHS_BLUE, TEXT
from exports.deck_tables import CELL_MARGIN_X, CELL_MARGIN_Y, Row, TableSpec
from exports.pptx_text import LINE_FACTOR, PARAGRAPH_GAP, Para

FONT = "Arial"
TABLE_STYLE_GRID = "{5940675A-B579-460E-94D1-54222C63F5DA}"  # 'No Style, Table Grid': thin borders, no fills


ALIGN = {PP_ALIGN.LEFT: "l", PP_ALIGN.CENTER: "ctr", PP_ALIGN.RIGHT: "r"}


def paragraphs_xml(items: list[Para], size: float, colour: str = TEXT, align: PP_ALIGN | None = None) -> str:
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


def shape_xml(
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
        body = paragraphs_xml(items, size, colour, align)
        name = "Title" if title else name
        self.add(lambda i: shape_xml(i, name, box, body, title=title, anchor=anchor), last)

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


def table_xml(spec: TableSpec, rows: list[Row], heights: list[float]) -> str:
    """The a:tbl element: grid style (no fills but ours), header row marked, measured row heights."""
    margin_x, margin_y = int(Inches(CELL_MARGIN_X)), int(Inches(CELL_MARGIN_Y))
    grid = "".join(f'<a:gridCol w="{int(Inches(w))}"/>' for w in spec.widths)
    parts = [
        '<a:tbl><a:tblPr firstRow="1" bandRow="0">'
        f"<a:tableStyleId>{TABLE_STYLE_GRID}</a:tableStyleId></a:tblPr><a:tblGrid>{grid}</a:tblGrid>"
    ]
    for r, row in enumerate(rows):
        parts.append(f'<a:tr h="{int(Pt(heights[r]))}">')
        fill_xml = f'<a:solidFill><a:srgbClr val="{NHS_BLUE.lstrip("#")}"/></a:solidFill>' if r == 0 else ""
        for c, cell_items in enumerate(row):
            body = paragraphs_xml(
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
