"""The board cover report's content: the parts people write, and the parts computed from the view.

The written parts (`PaperTexts`) are kept in the store per 'as at' date, so the next paper starts from the
last one's words. The computed parts come from report.sections, so the paper's figures are the Overview's.
Nothing is invented: where the data has nothing to say, the paper says so in words.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, fields

import pandas as pd

from formatting import FLAG_MARK, NOT_RECORDED, count, known_date, long_date, marked, xml_text
from metrics.view import View
from report import sections as story
from report import snapshots
from report.cross_references import rewrite_cover_references
from report.period import Period, decisions_in_period, engagement_in_period, event_line
from report.section_types import Section, as_at_text
from report.written import blocks, numbered_count

NONE_ARISING = "None arising."
MAX_TEXT = 20_000
"""Characters kept per written part (a paragraph longer than a few pages is a paste gone wrong)."""
LISTED_MAX = 10
"""Up to this many changes, decisions or events are listed one by one; the rest are counted and referred on."""

DEFAULT_SIGN_OFF = (
    ("Legal", "", ""),
    ("Finance", "", ""),
    ("Service Director(s)", "", ""),
    ("Report sponsor", "", ""),
    ("Other(s)", "", ""),
)

IMPLICATIONS = (
    ("other_options", "Other options"),
    ("financial", "Financial and value for money issues"),
    ("legal", "Legal implications"),
    ("climate", "Climate implications"),
    ("socio_economic", "Socio-economic implications"),
    ("other_implications", "Other significant implications"),
)


DEFAULT_APPENDIX = "Appendix A – CCPL Developments: Progress and Forward Plan (slides)"
"""The appendix every paper has (the slides): listed when no list of appendices is written."""

FIRST_PAPER_MONTHS = 4
"""With no paper presented before, a paper covers the four months before its 'as at' date."""
ASSUMED_MARK = "*"
ASSUMED_FOOTNOTE = f"Due dates marked {ASSUMED_MARK} are assumed: the papers give none."
FLAGGED_FOOTNOTE = (
    f"{FLAG_MARK} Date as written in the CPLG log; its year is out of line with the meetings around it, so the "
    "item is placed among them."
)
"""A flagged date in a paper: one footnote in the board's words (the pages say how the data checks flag it)."""


def paper_refusal(view: View) -> str | None:
    """Why no paper can be written for the view's 'as at' date (before the first framework record), or None."""
    if view.as_at is None or not view.snapshots:
        return None
    first = view.snapshots[0].as_at
    if view.as_at >= first:
        return None
    return (
        f"No paper can be written as at {long_date(view.as_at)}: the first framework record is as at "
        f"{long_date(first)}, and nothing is known before it. Choose {long_date(first)} or a later date."
    )


def _known(frame: pd.DataFrame, column: str, as_at: pd.Timestamp) -> pd.DataFrame:
    """Rows not dated after `as_at` (an undated row is kept: it is not known to be later)."""
    if frame.empty or column not in frame.columns:
        return frame
    dates = pd.to_datetime(frame[column], errors="coerce")
    return frame[~(dates > as_at).fillna(False).astype(bool)]


def as_known_at(view: View) -> View:
    """The view with only what was known on its 'as at' date: events, agenda items, self-assessment rounds
    and achievements dated later are left out. Raises ValueError (paper_refusal) before the first record."""
    refusal = paper_refusal(view)
    if refusal:
        raise ValueError(refusal)
    if view.as_at is None:
        return view
    as_at = view.as_at
    return dataclasses.replace(
        view,
        events=_known(view.events, "date", as_at),
        agenda=_known(view.agenda, "position_date", as_at),
        assessments=_known(view.assessments, "assessment_date", as_at),
        achievements=_known(view.achievements, "date_achieved", as_at),
    )


def previous_paper(view: View) -> pd.Timestamp | None:
    """The 'as at' date of the previous paper: the last snapshot presented to the board (locked) before the
    view's 'as at' date, or None when none was (a snapshot that was only uploaded is not a paper)."""
    if view.as_at is None:
        return None
    earlier = [day for day in view.presented if day < view.as_at]
    return max(earlier) if earlier else None


def paper_period(view: View) -> Period:
    """The period a paper covers by default: since the previous paper (previous_paper: the last snapshot
    presented to the board) up to the 'as at' date; when none was presented, the four months before it."""
    if view.as_at is None:
        return Period(None, None)
    if (previous := previous_paper(view)) is not None:
        return Period(previous, view.as_at)
    return Period(view.as_at - pd.DateOffset(months=FIRST_PAPER_MONTHS), view.as_at)


FIRST_REPORT = "This is the first progress report against the framework, so there are no earlier statuses to compare with."


def attention_line(row: pd.Series) -> str:
    """'P24 Deferred: <priority> (CPLG Role; due 31 May 2023*)': the status in words, the owner where known."""
    overdue = f", overdue by {int(row['days_overdue'])} days" if row["overdue"] else ""
    owner = str(row["owner"]).strip() if pd.notna(row.get("owner")) else ""
    owned = f"; owner: {owner}" if owner and owner != NOT_RECORDED else ""
    return f"{row['priority_id']} {row['status']}{overdue}: {row['priority']} ({row['theme']}; {due_text(row)}{owned})"


def change_line(row: pd.Series) -> str:
    """'P20 <priority> moved from On track to Complete (Delivered). Reason given: <note>': statuses in words."""
    return snapshots.change_line(row, str)


def due_text(row: pd.Series | Mapping[str, object]) -> str:
    """'due 31 May 2023*' (an assumed date marked, explained once in ASSUMED_FOOTNOTE), or 'no due date'."""
    due = row.get("due_date")
    if due is None or pd.isna(due):
        return "no due date"
    plain = long_date(due)
    marked_as_known = known_date(due, assumed=row.get("due_date_assumed"))  # the one rule for 'assumed'
    return f"due {plain}{ASSUMED_MARK if marked_as_known != plain else ''}"


def meeting_date_text(text: str) -> str:
    """A meeting date as the board reads it: '12/04/2023' or '2023-04-12' becomes '12 April 2023' (UK order);
    anything else is kept as written."""
    value = text.strip()
    for pattern in ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y"):
        try:
            return long_date(dt.datetime.strptime(value, pattern).date())
        except ValueError:
            continue
    return value


@dataclass(frozen=True)
class PaperTexts:
    """What people write into the cover report. Paragraphs are separated by a blank line."""

    meeting: str = "Integrated Care Partnership"
    meeting_date: str = ""
    item: str = ""
    title: str = "Clinical and Care Professional Leadership Developments: Progress and Forward Plan"
    sponsor: str = ""
    author: str = ""
    purpose: str = (
        "The purpose of this paper is to provide the Integrated Care Partnership with a progress update on "
        "recent Clinical and Care Professional Leadership (CCPL) developments."
    )
    recommendation: str = (
        "To note the Clinical and Care Professional Leadership Developments – Progress and Forward Plan."
    )
    reasons: str = (
        "To ensure that the ICP is informed of developments in key groups such as the Clinical and "
        "Professional Leadership Group (CPLG)."
    )
    narrative: str = ""
    engagement_narrative: str = ""
    other_options: str = "None considered."
    financial: str = NONE_ARISING
    legal: str = NONE_ARISING
    climate: str = NONE_ARISING
    socio_economic: str = NONE_ARISING
    other_implications: str = NONE_ARISING
    sign_off: tuple[tuple[str, str, str], ...] = DEFAULT_SIGN_OFF
    background_papers: str = "None."
    appendices: str = DEFAULT_APPENDIX

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["sign_off"] = [list(row) for row in self.sign_off]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> PaperTexts:
        """Texts from stored or typed values: unknown keys ignored, everything made text, lengths capped."""
        known = {f.name for f in fields(cls)}
        values: dict[str, object] = {}
        for key, value in data.items():
            if key not in known or value is None:
                continue
            if key == "sign_off":
                rows = value if isinstance(value, list | tuple) else []
                values[key] = tuple(
                    tuple((list(row) + ["", "", ""])[:3] if isinstance(row, list | tuple) else ["", "", ""])
                    for row in rows
                )
                values[key] = tuple(tuple(xml_text(c)[:500] for c in row) for row in values[key])
            else:
                values[key] = xml_text(value)[:MAX_TEXT]
        return cls(**values)

    def with_changes(self, **changes: object) -> PaperTexts:
        return PaperTexts.from_dict({**self.to_dict(), **changes})


@dataclass(frozen=True)
class WrittenPart:
    """One written part as an editor sees it on the Board papers page."""

    name: str
    label: str
    multiline: bool = False
    help: str = ""


PARAGRAPHS_HELP = (
    "Separate paragraphs with a blank line; each becomes a numbered paragraph. '- ' starts a bullet, '1. ' a "
    "numbered sub-list, '### ' a subheading, '> ' a board decision (bold italic); **bold**, *italic*. "
    "See docs/papers.md."
)
WRITTEN_PARTS: tuple[WrittenPart, ...] = (
    WrittenPart("meeting", "Meeting", help="Shown in capitals at the top, e.g. Integrated Care Partnership."),
    WrittenPart(
        "meeting_date",
        "Meeting date",
        help="As it should read, e.g. 8 February 2023. Blank: the 'as at' date.",
    ),
    WrittenPart("item", "Item number"),
    WrittenPart("title", "Title of the paper"),
    WrittenPart("sponsor", "Report sponsor", help="Name and role."),
    WrittenPart("author", "Report author", help="Name and role."),
    WrittenPart("purpose", "Purpose (1.x)", True, PARAGRAPHS_HELP),
    WrittenPart("recommendation", "Recommendation (2.x)", True, PARAGRAPHS_HELP),
    WrittenPart("reasons", "Reasons (3.x)", True, PARAGRAPHS_HELP),
    WrittenPart(
        "narrative",
        "Supporting information (4.x), before the figures",
        True,
        PARAGRAPHS_HELP
        + " The summary of progress, changes and CPLG decisions follow, computed from the trackers.",
    ),
    WrittenPart(
        "engagement_narrative",
        "Public/stakeholder engagement (5.x), before the events",
        True,
        PARAGRAPHS_HELP + " The events of the period follow, computed from the engagement tracker.",
    ),
    *(WrittenPart(name, title, True, PARAGRAPHS_HELP) for name, title in IMPLICATIONS),
    WrittenPart("background_papers", "Background papers"),
    WrittenPart("appendices", "List of appendices", True, "One appendix a line."),
)


MARKUP_PARTS = tuple(part.name for part in WRITTEN_PARTS if part.multiline and part.name != "appendices")
"""The written parts read in the Markdown subset (report.written); the others are plain text."""

SECTION_KEYS = ("purpose", "recommendation", "reasons", "narrative", "engagement_narrative") + tuple(
    key for key, _ in IMPLICATIONS
)
"""The cover report's numbered sections in order (1 Purpose … 11 Other significant implications, as the seed
numbers them): tracker text citing 'cover report 4.7' means paragraph 7 of the supporting information."""
SECTION_TITLES = {
    "purpose": "Purpose",
    "recommendation": "Recommendation",
    "reasons": "Reasons",
    "narrative": "Supporting information",
    "engagement_narrative": "Public/stakeholder engagement",
    **dict(IMPLICATIONS),
}
"""Each written section's heading, as the cover report prints it."""
ALWAYS_PRINTED = ("narrative", "engagement_narrative")
"""Sections that print even with nothing written: the computed parts follow the written ones."""


def section_numbers(texts: PaperTexts) -> dict[str, int]:
    """Each section printed in this paper and its number (a section with nothing written is left out)."""
    printed = [k for k in SECTION_KEYS if k in ALWAYS_PRINTED or blocks(getattr(texts, k))]
    return {key: number for number, key in enumerate(printed, start=1)}


def cover_paragraph(texts: PaperTexts, seed_number: str) -> str | None:
    """The number in this paper of the written paragraph a tracker text cites in the seed's numbering ('4.7':
    the seventh written paragraph of the supporting information), or None when this paper does not carry it."""
    section, _, paragraph = seed_number.partition(".")
    if not (section.isdigit() and paragraph.isdigit()) or not 1 <= int(section) <= len(SECTION_KEYS):
        return None
    key = SECTION_KEYS[int(section) - 1]
    number = section_numbers(texts).get(key)
    if number is None or not 1 <= int(paragraph) <= numbered_count(getattr(texts, key)):
        return None
    return f"{number}.{int(paragraph)}"


def cite_cover(text: str, texts: PaperTexts) -> str:
    """Tracker text with its 'cover report 4.7' as numbered in this paper's cover report, or dropped when the
    cover does not carry that written paragraph (report.cross_references)."""
    return rewrite_cover_references(text, lambda number: cover_paragraph(texts, number))


def signed_off(texts: PaperTexts) -> list[tuple[str, str, str]]:
    """The sign-off rows that name someone or carry a date (an empty row is not printed)."""
    return [row for row in texts.sign_off if any(cell.strip() for cell in row[1:])]


def appendix_lines(texts: PaperTexts) -> list[str]:
    """The list of appendices as written, one a line; Appendix A (the slides, always sent) when none is."""
    return [line.strip() for line in texts.appendices.splitlines() if line.strip()] or [DEFAULT_APPENDIX]


REQUIRED_PARTS = (
    ("item", "the item number"),
    ("sponsor", "the report sponsor"),
    ("author", "the report author"),
    ("purpose", "the purpose (section 1)"),
    ("recommendation", "the recommendation (section 2)"),
    ("reasons", "the reasons (section 3)"),
    ("narrative", "the supporting information (section 4)"),
    ("engagement_narrative", "the public/stakeholder engagement (section 5)"),
)


def missing_written_parts(texts: PaperTexts) -> list[str]:
    """The written parts this paper leaves out because nothing is written, in the board's words ('the report
    sponsor', 'the sign-off'), for the 'Before you send' list. A missing part is never printed as a
    placeholder: the cover report leaves it out."""
    missing = [words for key, words in REQUIRED_PARTS if not str(getattr(texts, key)).strip()]
    if not signed_off(texts):
        missing.append("the sign-off")
    return missing


@dataclass(frozen=True)
class Listing:
    """Lines listed one by one, and how many more there are (counted, not listed)."""

    lines: list[str] = field(default_factory=list)
    more: int = 0


def _listing(rows: pd.DataFrame, line: Callable[[pd.Series], str]) -> Listing:
    """The first LISTED_MAX rows in words (only those are worded), and how many more there are."""
    return Listing([line(row) for _, row in rows.head(LISTED_MAX).iterrows()], max(0, len(rows) - LISTED_MAX))


@dataclass(frozen=True)
class CoverReportContent:
    """Everything the Word renderer lays out."""

    texts: PaperTexts
    as_at: str
    period: Period
    filters: list[str]
    headline: Section
    progress_sentence: str
    attention: Section
    attention_lines: Listing
    changes: Section
    change_lines: Listing
    decisions: Section
    decision_lines: Listing
    engagement: Section
    event_lines: Listing
    decisions_to_date: str = (
        ""  # the whole record up to the 'as at' date, for context when the period is short
    )
    engagement_to_date: str = ""
    assessment_sentence: str = ""  # the self-assessment against the principles, when one is recorded
    appendix_lines: tuple[str, ...] = (DEFAULT_APPENDIX,)
    footnotes: tuple[str, ...] = ()  # each assumption or flag stated once, under the supporting information

    @property
    def meeting_date(self) -> str:
        return meeting_date_text(self.texts.meeting_date) or self.as_at


def decision_line(row: pd.Series) -> str:
    """'Approved: Headache pathway (15 November 2022) – CPLG approved the pathway'."""
    recommendation = f" – {row['recommendation']}" if pd.notna(row["recommendation"]) else ""
    when = marked(long_date(row["meeting_date"]), row.get("meeting_date_flagged"))
    return f"{row['outcome_label']}: {row['item']} ({when}){recommendation}"


def cover_report_content(view: View, texts: PaperTexts) -> CoverReportContent:
    """The computed parts of the cover report, from the same sections the Overview shows."""
    view = as_known_at(view)
    period = paper_period(view)
    headline = story.headline(view)
    as_at = as_at_text(view)
    themes = len(view.themes)
    total = len(view.priorities)
    progress = (
        f"As at {as_at} the framework has {count(total, 'six-month priority', 'six-month priorities')} "
        f"across {count(themes, 'development theme')}. {headline.sentence}"
    )
    attention = story.attention(view)
    attention_rows = attention.table.frame if attention.table is not None else pd.DataFrame()
    attention_lines = _listing(attention_rows, attention_line)
    changes = snapshots.changes(view)
    if changes.table is None:
        changes = dataclasses.replace(changes, empty=FIRST_REPORT)
    change_rows = changes.table.frame if changes.table is not None else pd.DataFrame()
    change_lines = _listing(change_rows, change_line)
    decisions = decisions_in_period(view, period)
    decision_rows = pd.DataFrame()
    if decisions.table is not None:
        order = {o: i for i, o in enumerate(f.label for f in decisions.figures)}
        frame = decisions.table.frame
        decision_rows = frame.assign(_order=frame["outcome_label"].map(order)).sort_values(
            ["_order", "position_date"], kind="stable"
        )
    decision_lines = _listing(decision_rows, decision_line)
    engagement = engagement_in_period(view, period)
    event_rows = engagement.table.frame if engagement.table is not None else pd.DataFrame()
    event_lines = _listing(event_rows, event_line)
    to_date = Period(None, view.as_at)
    context = period.start is not None
    decisions_all = decisions_in_period(view, to_date) if context else None
    engagement_all = engagement_in_period(view, to_date) if context else None
    assessed = story.assessment(view)

    def cited(line: str) -> str:  # tracker text's 'cover report 4.7', as numbered in this paper, or dropped
        return cite_cover(line, texts)

    attention_lines, change_lines, decision_lines, event_lines = (
        Listing([cited(line) for line in listing.lines], listing.more)
        for listing in (attention_lines, change_lines, decision_lines, event_lines)
    )
    footnotes = []
    if any(due_text(row).endswith(ASSUMED_MARK) for _, row in attention_rows.head(LISTED_MAX).iterrows()):
        footnotes.append(f"{ASSUMED_MARK} {ASSUMED_FOOTNOTE}")
    if any(FLAG_MARK in line for line in decision_lines.lines):
        footnotes.append(FLAGGED_FOOTNOTE)
    return CoverReportContent(
        appendix_lines=tuple(appendix_lines(texts)),
        footnotes=tuple(footnotes),
        assessment_sentence=""
        if assessed.empty
        else f"Self-assessment against the principles: {assessed.sentence}",
        decisions_to_date=(decisions_all.empty or decisions_all.sentence) if decisions_all else "",
        engagement_to_date=(engagement_all.empty or engagement_all.sentence) if engagement_all else "",
        texts=texts,
        as_at=as_at,
        period=period,
        filters=view.filters.describe(view.theme_names) if view.filters.active else [],
        headline=headline,
        progress_sentence=progress,
        attention=attention,
        attention_lines=attention_lines,
        changes=changes,
        change_lines=change_lines,
        decisions=decisions,
        decision_lines=decision_lines,
        engagement=engagement,
        event_lines=event_lines,
    )
