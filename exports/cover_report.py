"""The board cover report as a Word document, laid out as the ICP/ICB cover reports are (seed paper 'Item 10').

Real Word structure, so it passes Word's accessibility checker and a screen reader can move through it:
Heading styles, paragraphs numbered by Word's own numbering (1.1, 2.1, …, restarting under each numbered
heading), tables whose first row is marked as a header row that repeats across pages, the document title
and language (en-GB) set. Arial throughout, headings in NHS Blue.

Tracker text goes into runs as plain text: nothing in it is parsed as markup or a field. The written parts are
read as blocks (report.written: paragraphs, bullets, numbered sub-lists, subheadings, decisions, footnotes,
bold and italic runs) and laid out with Word's own styles: numbered paragraphs keep Word's automatic numbering
(4.1, 4.2, … continuing across written and computed paragraphs), bullets are 'List Bullet', a sub-list is
'List Number' restarting at its own first number, a subheading is 'Heading 3'. Every run is written as
exports.office.paper_text writes it (pasted Windows punctuation read back, characters
XML cannot hold dropped). Text of any length is written whole; only the file's properties, which hold 255
characters, and the running footer, one line, are cut with '…'.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from charts import palette
from exports.office import finish_package, paper_text, property_text, set_core_properties, written_time
from formatting import long_date
from metrics.view import View
from report.paper import (
    ASSUMED_MARK,
    IMPLICATIONS,
    CoverReportContent,
    Listing,
    PaperTexts,
    cover_report_content,
    signed_off,
)
from report.written import (
    LINE_BREAK,
    Bullets,
    Decision,
    Footnote,
    Numbered,
    Run,
    Subheading,
    blocks,
)
from report.written import (
    Paragraph as WrittenParagraph,
)

FONT = "Arial"
LANGUAGE = "en-GB"
KEEP_TOGETHER_ROWS = 15
NUMBERING_ID = 90  # our own numbering definition, clear of the template's
SUB_LIST_ID = 91  # numbered sub-lists in written parts ('1.', '2.'); each list gets its own w:num from 92 on

NUMBERED_HEADINGS = (
    "Purpose",
    "Recommendation",
    "Reasons",
    "Supporting information",
    "Public/stakeholder engagement",
    *(title for _, title in IMPLICATIONS),
)
SUPPORTING_SUBHEADINGS = (
    "Summary of progress",
    "Needs attention",
    "What changed since the previous paper",
    "CPLG decisions in the period",
)


plain = paper_text
FOOTER_TITLE_MAX = 120
"""Characters of the title in the running footer (the title page has it whole)."""


def _hex(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _set_font(
    rpr_owner: object, size: float | None = None, colour: str | None = None, bold: bool | None = None
) -> None:
    font = rpr_owner.font
    font.name = FONT
    r_fonts = font.element.rPr.rFonts if hasattr(font, "element") else None
    if r_fonts is not None:
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            r_fonts.attrib.pop(qn(attribute), None)
        r_fonts.set(qn("w:eastAsia"), FONT)
        r_fonts.set(qn("w:cs"), FONT)
    if size is not None:
        font.size = Pt(size)
    if colour is not None:
        font.color.rgb = _hex(colour)
    if bold is not None:
        font.bold = bold


def _styles(document: DocumentObject) -> None:
    """Arial everywhere, NHS Blue headings, en-GB as the language of every run."""
    styles = document.styles
    normal = styles["Normal"]
    _set_font(normal, 11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size, colour in (
        ("Title", 20, palette.NHS_BLUE),
        ("Heading 1", 16, palette.NHS_BLUE),
        ("Heading 2", 13, palette.NHS_BLUE),
        ("Heading 3", 11.5, palette.NHS_DARK_BLUE),
    ):
        style = styles[name]
        _set_font(style, size, colour, True)
        style.font.italic = False
        style.paragraph_format.space_before = Pt(12 if name != "Heading 3" else 8)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
    _set_font(styles["List Bullet"], 11)
    _set_font(styles["List Number"], 11)
    _set_font(styles["Footer"], 8.5, palette.NHS_DARK_GREY)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), LANGUAGE)


def _numbering(document: DocumentObject) -> None:
    """Level 0 counts the numbered headings (and shows nothing); level 1 numbers paragraphs '4.2'."""
    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{NUMBERING_ID}">'
        '<w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:suff w:val="nothing"/>'
        '<w:lvlText w:val=""/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:tabs><w:tab w:val="num" w:pos="851"/></w:tabs>'
        '<w:ind w:left="851" w:hanging="851"/></w:pPr></w:lvl>'
        "</w:abstractNum>"
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is None:
        numbering.append(abstract)
    else:
        first_num.addprevious(abstract)
    sub_list = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{SUB_LIST_ID}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="1276" w:hanging="425"/></w:pPr></w:lvl>'
        "</w:abstractNum>"
    )
    abstract.addnext(sub_list)
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{NUMBERING_ID}"><w:abstractNumId w:val="{NUMBERING_ID}"/></w:num>'
        )
    )


def _new_sub_list(document: DocumentObject, start: int) -> int:
    """A numbering instance of its own for one sub-list, so each restarts at its first number."""
    numbering = document.part.numbering_part.element
    num_id = max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))) + 1
    num_id = max(num_id, SUB_LIST_ID + 1)
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{SUB_LIST_ID}"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>'
        )
    )
    return num_id


def _number(paragraph: Paragraph, level: int, num_id: int = NUMBERING_ID) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def _under_number(paragraph: Paragraph) -> Paragraph:
    """A bullet set in under a numbered paragraph's text (where 4.x's text starts), as the seed sets them."""
    paragraph.paragraph_format.left_indent = Cm(2.0)
    paragraph.paragraph_format.first_line_indent = Cm(-0.5)
    return paragraph


def _add_runs(paragraph: Paragraph, runs: Sequence[Run], bold: bool = False, italic: bool = False) -> None:
    """Written runs in their styles; a kept line break is a Word line break."""
    for run in runs:
        for index, line in enumerate(run.text.split(LINE_BREAK)):
            if index:
                paragraph.add_run().add_break()
            if not line:
                continue
            added = paragraph.add_run(plain(line))
            if run.bold or bold:
                added.bold = True
            if run.italic or italic:
                added.italic = True


class _Writer:
    """Adds headings, numbered paragraphs, lists and tables to a document."""

    def __init__(self, document: DocumentObject) -> None:
        self.document = document

    def heading(self, text: str, level: int, numbered: bool = False) -> None:
        paragraph = self.document.add_heading(plain(text), level)
        if numbered:
            _number(paragraph, 0)

    def numbered(self, text: str, bold_lead: str = "") -> Paragraph:
        paragraph = self.document.add_paragraph()
        if bold_lead:
            paragraph.add_run(plain(bold_lead)).bold = True
        paragraph.add_run(plain(text))
        _number(paragraph, 1)
        return paragraph

    def written(self, text: str) -> None:
        """A written part, block by block (report.written)."""
        for block in blocks(text):
            if isinstance(block, WrittenParagraph):
                paragraph = self.document.add_paragraph()
                _add_runs(paragraph, block.runs)
                _number(paragraph, 1)
            elif isinstance(block, Subheading):
                paragraph = self.document.add_heading("", 3)
                _add_runs(paragraph, block.runs)
            elif isinstance(block, Decision):
                paragraph = self.document.add_paragraph()
                _add_runs(paragraph, block.runs, bold=True, italic=True)
                paragraph.paragraph_format.left_indent = Cm(1.5)
            elif isinstance(block, Footnote):
                paragraph = self.document.add_paragraph()
                _add_runs(paragraph, block.runs)
                paragraph.paragraph_format.left_indent = Cm(1.5)
                for run in paragraph.runs:
                    run.font.size = Pt(9.5)
            elif isinstance(block, Bullets):
                for item in block.items:
                    _add_runs(_under_number(self.document.add_paragraph(style="List Bullet")), item)
            elif isinstance(block, Numbered):
                num_id = _new_sub_list(self.document, block.start)
                for item in block.items:
                    paragraph = self.document.add_paragraph(style="List Number")
                    _add_runs(paragraph, item)
                    _number(paragraph, 0, num_id)

    def plain(
        self, text: str, bold: bool = False, size: float | None = None, colour: str | None = None
    ) -> Paragraph:
        paragraph = self.document.add_paragraph()
        run = paragraph.add_run(plain(text))
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if colour:
            run.font.color.rgb = _hex(colour)
        return paragraph

    def bullets(self, listing: Listing, more: str) -> None:
        for line in listing.lines:
            _under_number(self.document.add_paragraph(plain(line), style="List Bullet"))
        if listing.more:
            _under_number(
                self.document.add_paragraph(plain(more.format(more=listing.more)), style="List Bullet")
            )

    def table(
        self, headings: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]
    ) -> DocxTable:
        """A table whose first row is a header row (repeated on every page, announced as headers)."""
        table = self.document.add_table(rows=1, cols=len(headings))
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        header = table.rows[0]
        header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for cell, text in zip(header.cells, headings, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(plain(text))
            run.bold = True
            run.font.color.rgb = _hex(palette.BACKGROUND)
            cell._tc.get_or_add_tcPr().append(
                parse_xml(
                    f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{palette.NHS_BLUE.lstrip("#")}"/>'
                )
            )
        for values in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, values, strict=True):
                cell.text = plain(text)
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)  # the grid LibreOffice reads
        for row in table.rows:
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row never breaks across pages
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)  # the cell widths Word reads
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.space_before = Pt(1)
                    paragraph.paragraph_format.space_after = Pt(1)
                    # short tables stay on one page: each row keeps with the next
                    paragraph.paragraph_format.keep_with_next = len(table.rows) <= KEEP_TOGETHER_ROWS
        self.document.add_paragraph()
        return table


def _page_setup(document: DocumentObject, texts: PaperTexts) -> None:
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(2.0)
    section.left_margin = section.right_margin = Cm(2.2)
    footer = section.footer.paragraphs[0]
    item = f"Item {texts.item} – " if texts.item.strip() else ""
    title = property_text(f"{item}{texts.title}", FOOTER_TITLE_MAX)
    footer.add_run(f"{title} – page ")
    footer._p.append(
        parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>')
    )


def cover_report_docx(
    view: View, texts: PaperTexts | None = None, *, written_at: dt.datetime | None = None
) -> bytes:
    """The cover report for a view, as .docx bytes, dated `written_at` (default: now)."""
    content = cover_report_content(view, texts or PaperTexts())
    return render(content, written_at=written_at)


def render(content: CoverReportContent, *, written_at: dt.datetime | None = None) -> bytes:
    texts = content.texts
    document = Document()
    _styles(document)
    _numbering(document)
    _page_setup(document, texts)
    set_core_properties(  # the paper's own (exports.office), each cut to the 255-character limit
        document.core_properties,
        title=texts.title,
        subject=f"{texts.meeting}, {content.meeting_date}",
        author=texts.author,
        description=f"Cover report on the CCPL programme, as at {content.as_at}.",
        keywords="CCPL; board paper; cover report",
        written_at=written_time(written_at),
    )
    write = _Writer(document)

    write.plain(texts.meeting.upper(), bold=True, size=14, colour=palette.NHS_BLUE)
    write.plain(content.meeting_date, bold=True, size=12)
    if texts.item.strip():  # a part not written is left out (report.paper.missing_written_parts names it)
        write.plain(f"ITEM {texts.item.strip()}", bold=True, size=12)
    for role, name in (("Report sponsor", texts.sponsor), ("Report author", texts.author)):
        if name.strip():
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{role}: ").bold = True
            paragraph.add_run(plain(name.strip()))
    write.heading(texts.title, 1)
    if content.filters:
        write.plain("This paper covers part of the programme only. " + "; ".join(content.filters) + ".")

    for key, title in (("purpose", "Purpose"), ("recommendation", "Recommendation"), ("reasons", "Reasons")):
        if blocks(getattr(texts, key)):
            write.heading(title, 2, numbered=True)
            write.written(getattr(texts, key))

    write.heading("Supporting information", 2, numbered=True)
    write.written(texts.narrative)
    _progress(write, content)

    write.heading("Public/stakeholder engagement", 2, numbered=True)
    write.written(texts.engagement_narrative)
    engagement = content.engagement
    write.numbered(engagement.empty or engagement.sentence)
    write.bullets(content.event_lines, "and {more:,} more events.")
    if content.engagement_to_date:
        write.numbered(f"For context, the whole record: {content.engagement_to_date}")

    for key, title in IMPLICATIONS:
        if blocks(getattr(texts, key)):
            write.heading(title, 2, numbered=True)
            write.written(getattr(texts, key))

    if signatures := signed_off(texts):  # only the people who signed it off: no empty rows
        write.heading("Sign-off", 2)
        write.plain("This report has been approved by the following people:")
        write.table(("Role", "Name", "Date of sign-off"), [list(row) for row in signatures], (5.0, 7.6, 4.0))
    write.heading("Background papers and appendices", 2)
    paragraph = document.add_paragraph()
    paragraph.add_run("Background papers: ").bold = True
    paragraph.add_run(plain(texts.background_papers.strip() or "None."))
    write.plain("List of appendices:", bold=True)
    for line in content.appendix_lines:
        document.add_paragraph(plain(line), style="List Bullet")
    finish_package(document.part.package, (("Template", "Normal.dotm"), ("DocSecurity", "0")))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _progress(write: _Writer, content: CoverReportContent) -> None:
    """The computed part of the supporting information: progress, attention, changes, decisions."""
    write.heading(SUPPORTING_SUBHEADINGS[0], 3)
    write.numbered(content.progress_sentence)
    headline = content.headline
    compared = next((f.since for f in headline.figures if f.since is not None), None)
    since = f", with the change since {long_date(compared)}" if compared is not None else ""
    write.numbered(f"The figures{since}:").paragraph_format.keep_with_next = True
    change_heading = f"Change since {long_date(compared)}" if compared is not None else "Change"
    write.table(
        ("Measure", f"As at {content.as_at}", change_heading),
        [[f.label, f.text, f.change_short or "–"] for f in headline.figures],
        (5.4, 5.0, 6.2),
    )
    if content.assessment_sentence:
        write.numbered(content.assessment_sentence)

    write.heading(SUPPORTING_SUBHEADINGS[1], 3)
    write.numbered(content.attention.empty or content.attention.sentence)
    write.bullets(content.attention_lines, "and {more:,} more priorities needing attention.")
    for footnote in content.footnotes:  # each under the part that carries its mark
        if footnote.startswith(ASSUMED_MARK):
            write.plain(footnote, size=9)

    write.heading(SUPPORTING_SUBHEADINGS[2], 3)
    changes = content.changes
    write.numbered(changes.empty or changes.sentence)
    write.bullets(
        content.change_lines,
        "and {more:,} more changes, listed with their reasons in Appendix A.",
    )

    write.heading(SUPPORTING_SUBHEADINGS[3], 3)
    decisions = content.decisions
    write.numbered(decisions.empty or decisions.sentence)
    write.bullets(content.decision_lines, "and {more:,} more items, listed in Appendix A.")
    if content.decisions_to_date:
        write.numbered(f"For context, the whole record: {content.decisions_to_date}")
    for footnote in content.footnotes:
        if not footnote.startswith(ASSUMED_MARK):
            write.plain(footnote, size=9)
