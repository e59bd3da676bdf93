"""The cluster board's papers (issue 23): a cluster cover report in Word and a cluster board pack in HTML.

The cover report is laid out in the house style of each ICB's own cover report (exports/cover_report.py: its
styles, numbering, page and tables are reused, not copied): the cluster's written parts (purpose,
recommendation, reasons, the cluster narrative, implications, sign-off), then a cluster summary (the five
principles ICB by ICB, the self-assessment against target, the crosswalk and what changed), then a numbered
section per ICB with that ICB's own summary of progress, what needs attention, what changed and its
leadership group's decisions, as its own cover report words them (report/cluster.py). Each ICB's own papers are
unchanged: they are written by exports/papers.py as before.

The board pack is the cluster view's sections (report/cluster.py) followed by each ICB's headline sections,
rendered as exports/board_pack.py renders a view: Jinja2 autoescaped, charts as escaped JSON, plotly inlined.

The cluster's written parts are a PaperTexts (report/paper.py) kept under the cluster's own id; a cluster
editor writes them. Where none are given, cluster_texts gives the standard wording for a cluster board.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from markupsafe import Markup
from plotly.offline import get_plotlyjs

from charts import palette
from domain import Organisation
from exports.board_pack import _chart_json, environment, written_sections
from exports.cover_report import _numbering, _page_setup, _styles, _Writer
from exports.office import finish_package, set_core_properties, written_time
from exports.papers import Written
from exports.pdf import html_to_pdf
from formatting import file_date, long_date, timestamp_utc
from metrics.view import View
from report import cluster as story
from report import sections as own
from report import snapshots
from report.charts import draws_chart, section_chart
from report.paper import IMPLICATIONS, Listing, PaperTexts, as_known_at, meeting_date_text, signed_off
from report.section_types import Section
from report.written import blocks

CLUSTER_COVER_REPORT = "cluster-cover-report.docx"
CLUSTER_BOARD_PACK_HTML = "cluster-board-pack.html"
CLUSTER_BOARD_PACK_PDF = "cluster-board-pack.pdf"

ClusterViews = Sequence[tuple[Organisation, View]]

CLUSTER_TITLE = (
    "Clinical and Care Professional Leadership across the cluster: progress against the national principles"
)
APPENDIX = (
    "Appendix A – the cluster board pack: each principle ICB by ICB, the crosswalk and each ICB's figures"
)
CLUSTER_LISTED = 5
"""Priorities needing attention, or changes, listed per ICB: each ICB's own paper lists up to ten and the rest."""
PAGE_WIDTH_CM = 16.6
"""The text width of the A4 page the cover report sets (21 cm less 2.2 cm margins each side)."""


def cluster_texts(cluster_name: str, views: ClusterViews) -> PaperTexts:
    """The standard wording of a cluster board's cover report, naming the cluster and its ICBs (a cluster
    editor rewrites it; nothing here is said on an ICB's behalf)."""
    names = (
        ", ".join(org.name for org, _ in views[:-1]) + (" and " if len(views) > 1 else "") + views[-1][0].name
    )
    return PaperTexts(
        meeting=f"{cluster_name} board",
        title=CLUSTER_TITLE,
        purpose=(
            f"The purpose of this paper is to give the {cluster_name} board one view of Clinical and Care "
            f"Professional Leadership (CCPL) in {names}: where each stands against the five national "
            "principles, where their frameworks differ, and where the cluster could act once rather than "
            "several times."
        ),
        recommendation=(
            "To note each ICB's progress against the five national CCPL principles, and to consider the "
            "principles that rest on few themes in one ICB only or in every ICB."
        ),
        reasons=(
            "Each ICB remains a separate legal body with its own duties and its own CCPL framework; all of them "
            "answer the same five national principles of the 2021 guidance on effective clinical and care "
            "professional leadership."
        ),
        appendices=APPENDIX,
    )


def known(views: ClusterViews) -> tuple[tuple[Organisation, View], ...]:
    """Each ICB's view with only what was known on its 'as at' date (report.paper.as_known_at): a paper never
    reports a self-assessment round or an event dated after the figures it gives. An ICB with nothing to
    report (report.cluster.nothing_to_report) is kept as it is: its section says why."""
    return tuple(
        (org, view if story.nothing_to_report(org, view) else as_known_at(view)) for org, view in views
    )


def _widths(first: float, columns: int) -> list[float]:
    """A first column of `first` cm and the rest of the page shared equally."""
    rest = (PAGE_WIDTH_CM - first) / max(columns, 1)
    return [first, *([rest] * columns)]


def _meeting_date(texts: PaperTexts, views: ClusterViews) -> str:
    written = meeting_date_text(texts.meeting_date)
    if written:
        return written
    dates = [view.as_at for _, view in views if view.as_at is not None]
    return long_date(max(dates)) if dates else ""


def _as_at_line(views: ClusterViews) -> str:
    """'Figures as at: North 31 May 2023; South 31 May 2023.' (each ICB reports as at its own snapshot)."""
    parts = [
        f"{org.label} {long_date(view.as_at) if view.as_at is not None else 'no snapshot'}"
        for org, view in views
    ]
    return "Figures as at each ICB's latest framework snapshot: " + "; ".join(parts) + "."


def cluster_cover_report_docx(
    cluster_name: str,
    views: ClusterViews,
    texts: PaperTexts | None = None,
    *,
    written_at: dt.datetime | None = None,
) -> bytes:
    """The cluster cover report as .docx bytes: the cluster's written parts, the cluster summary, and a
    section per ICB in the cluster's order, each ICB as known on its 'as at' date (report.paper.as_known_at,
    as its own cover report is)."""
    views = known(views)
    texts = texts or cluster_texts(cluster_name, views)
    document = Document()
    _styles(document)
    _numbering(document)
    _page_setup(document, texts)
    meeting_date = _meeting_date(texts, views)
    set_core_properties(
        document.core_properties,
        title=texts.title,
        subject=f"{texts.meeting}, {meeting_date}",
        author=texts.author,
        description=f"Cluster cover report on CCPL in {cluster_name}: {', '.join(o.name for o, _ in views)}.",
        keywords="CCPL; board paper; cluster; cover report",
        written_at=written_time(written_at),
    )
    write = _Writer(document)
    write.plain(texts.meeting.upper(), bold=True, size=14, colour=palette.NHS_BLUE)
    write.plain(meeting_date, bold=True, size=12)
    if texts.item.strip():
        write.plain(f"ITEM {texts.item.strip()}", bold=True, size=12)
    for role, name in (("Report sponsor", texts.sponsor), ("Report author", texts.author)):
        if name.strip():
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{role}: ").bold = True
            paragraph.add_run(name.strip())
    write.heading(texts.title, 1)
    write.plain(_as_at_line(views))

    for key, title in (("purpose", "Purpose"), ("recommendation", "Recommendation"), ("reasons", "Reasons")):
        if blocks(getattr(texts, key)):
            write.heading(title, 2, numbered=True)
            write.written(getattr(texts, key))

    _cluster_summary(write, cluster_name, views, texts)
    for org, view in views:
        _organisation(write, org, view)

    for key, title in IMPLICATIONS:
        if blocks(getattr(texts, key)):
            write.heading(title, 2, numbered=True)
            write.written(getattr(texts, key))
    if signatures := signed_off(texts):
        write.heading("Sign-off", 2)
        write.plain("This report has been approved by the following people:")
        write.table(("Role", "Name", "Date of sign-off"), [list(row) for row in signatures], (5.0, 7.6, 4.0))
    write.heading("Background papers and appendices", 2)
    paragraph = document.add_paragraph()
    paragraph.add_run("Background papers: ").bold = True
    paragraph.add_run(texts.background_papers.strip() or "None.")
    write.plain("List of appendices:", bold=True).paragraph_format.keep_with_next = True
    for line in [line.strip() for line in texts.appendices.splitlines() if line.strip()] or [APPENDIX]:
        document.add_paragraph(line, style="List Bullet")
    finish_package(document.part.package, (("Template", "Normal.dotm"), ("DocSecurity", "0")))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _cluster_summary(write: _Writer, cluster_name: str, views: ClusterViews, texts: PaperTexts) -> None:
    """The cluster's own section: its written narrative, then the figures side by side."""
    write.heading("Cluster summary", 2, numbered=True)
    write.written(texts.narrative)
    summary = story.cluster_summary(cluster_name, views)
    lead, standing, _ = summary.context["paragraphs"]  # the third is the crosswalk's, below
    write.numbered(str(lead))
    write.numbered(str(standing))
    for section, first in (
        (story.progress_grid(views), 3.6),
        (story.assessment_grid(views), 3.6),
        (story.crosswalk_counts(views), 3.6),
        (story.changes_by_organisation(views), 6.2),
    ):
        write.heading(section.title, 3)
        if section.key == "cluster_crosswalk_counts":  # where principles rest on few themes, in words first
            write.numbered(story.crosswalk(views).sentence)
        if section.empty or section.table is None:
            write.numbered(section.empty or "Nothing to show.")
            continue
        lead = str(section.context.get("lead", section.sentence))  # the changes: their words are each ICB's
        write.numbered(lead).paragraph_format.keep_with_next = True
        headings, rows = section.table.headings(), section.table.rows()
        if (
            section.key == "cluster_changes"
        ):  # what each kind means beside its name, not in a column of its own
            headings = headings[:-1]
            rows = [
                [f"{row[0]}: {row[-1]}" if row[-1] not in ("", "–") else row[0], *row[1:-1]] for row in rows
            ]
        write.table(headings, rows, _widths(first, len(headings) - 1))
        if section.key == "cluster_progress_grid":
            write.numbered(
                f"Decisions are each ICB's own leadership group's ({story.groups_in_words(views)}); each ICB's "
                "decisions in the period are in its own section below."
            )


def _shorter(listing: Listing) -> Listing:
    """The first CLUSTER_LISTED lines of an ICB's own listing; the rest counted (its own paper lists them)."""
    return Listing(listing.lines[:CLUSTER_LISTED], listing.more + max(0, len(listing.lines) - CLUSTER_LISTED))


def _organisation(write: _Writer, org: Organisation, view: View) -> None:
    """One ICB's section: its own summary, attention, changes and its group's decisions in the period."""
    write.heading(org.name, 2, numbered=True)
    if nothing := story.nothing_to_report(org, view):
        write.numbered(nothing)
        return
    part = story.organisation_paper(org, view)
    write.heading("Summary of progress", 3)
    write.numbered(part.progress_sentence)
    if part.assessment_sentence:
        write.numbered(part.assessment_sentence)
    write.heading("Needs attention", 3)
    write.numbered(part.attention.empty or part.attention.sentence)
    write.bullets(
        _shorter(part.attention_lines), f"and {{more:,}} more, listed in {org.name}'s own cover report."
    )
    write.heading("What changed since the previous paper", 3)
    write.numbered(part.changes.empty or part.changes.sentence)
    write.bullets(_shorter(part.change_lines), f"and {{more:,}} more, listed in {org.name}'s own Appendix A.")
    write.heading(f"{org.group_name} decisions in the period", 3)
    write.numbered(part.decisions.empty or part.decisions.sentence)
    if part.decisions_to_date:
        write.numbered(f"For context, the whole record: {part.decisions_to_date}")


@dataclass(frozen=True)
class PackPart:
    """One part of the cluster board pack: a heading (the cluster, or an ICB) and its sections, each with the
    id its chart is drawn under (unique in the pack)."""

    heading: str
    sections: tuple[tuple[str, Section], ...]


def pack_parts(cluster_name: str, views: ClusterViews) -> list[PackPart]:
    """The cluster's sections, then each ICB's headline sections (its own, as its own board pack has them)."""
    views = tuple(views)
    parts = [
        PackPart(
            cluster_name,
            tuple(
                (f"chart-cluster-{s.key}", s)
                for s in (story.cluster_summary(cluster_name, views), *story.cluster_sections(views))
            ),
        )
    ]
    for org, view in views:
        if nothing := story.nothing_to_report(org, view):
            parts.append(
                PackPart(
                    org.name,
                    ((f"chart-{org.id}-nothing", Section("nothing", "Nothing to report", empty=nothing)),),
                )
            )
            continue
        mine = (own.headline(view), own.principles(view), own.attention(view), snapshots.changes(view))
        parts.append(PackPart(org.name, tuple((f"chart-{org.id}-{s.key}", s) for s in mine)))
    return parts


def cluster_board_pack_html(
    cluster_name: str,
    views: ClusterViews,
    texts: PaperTexts | None = None,
    generated: dt.datetime | None = None,
) -> str:
    """The cluster board pack as one self-contained HTML document (the cluster's written parts after the
    figures, when given), each ICB as known on its 'as at' date, like the cluster cover report."""
    views = known(views)
    generated = generated or dt.datetime.now(dt.UTC)
    parts = pack_parts(cluster_name, views)
    charts = {
        chart_id: _chart_json(section_chart(section)[0])
        for part in parts
        for chart_id, section in part.sections
        if draws_chart(section)
    }
    return (
        environment()
        .get_template("cluster_board_pack.html")
        .render(
            cluster=cluster_name,
            organisations=[org for org, _ in views],
            as_at=_as_at_line(views),
            prepared=timestamp_utc(generated),
            parts=parts,
            written=written_sections(texts),
            charts=charts,
            colours={"blue": palette.NHS_BLUE, "dark_blue": palette.NHS_DARK_BLUE, "text": palette.TEXT},
            plotly_js=Markup(get_plotlyjs()),  # noqa: S704  (plotly's own library, not tracker text)
        )
    )


def download_name(kind: str, views: ClusterViews) -> str:
    """'ccpl-cluster-cover-report-2023-05-31.docx', dated by the latest ICB snapshot."""
    dates = [view.as_at for _, view in views if view.as_at is not None]
    stem, suffix = kind.rsplit(".", 1)
    return f"ccpl-{stem}-{file_date(max(dates) if dates else None)}.{suffix}"


def write_cluster_papers(
    out_dir: Path, cluster_name: str, views: ClusterViews, texts: PaperTexts | None = None, pdf: bool = True
) -> list[Written]:
    """Write the cluster cover report and board pack (HTML, and PDF where Chromium is installed)."""
    views = tuple(views)
    out_dir.mkdir(parents=True, exist_ok=True)
    written_at = dt.datetime.now(dt.UTC)
    written = []
    path = out_dir / CLUSTER_COVER_REPORT
    path.write_bytes(cluster_cover_report_docx(cluster_name, views, texts, written_at=written_at))
    written.append(Written(path))
    html = cluster_board_pack_html(cluster_name, views, texts, generated=written_at)
    path = out_dir / CLUSTER_BOARD_PACK_HTML
    path.write_text(html, encoding="utf-8")
    written.append(Written(path))
    if pdf:
        printed = html_to_pdf(html)
        if printed is None:
            written.append(Written(out_dir / CLUSTER_BOARD_PACK_PDF, "not written: no Chromium is installed"))
        else:
            path = out_dir / CLUSTER_BOARD_PACK_PDF
            path.write_bytes(printed)
            written.append(Written(path))
    return written
