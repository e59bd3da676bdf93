"""Appendix A of the board paper as PowerPoint: the seed paper's slides, written from the view.

Slides, in the hand-made paper's order: the title; 'Progress against our CCPL Framework' (one table row per
development theme: what will be different, what we have achieved, the priorities for the next six months with
status and due date); two native charts the paper lacked (progress against the five principles, priorities
by status), each with its sentence on the slide and as alt text; what changed since the previous paper; the
CPLG agenda log, newest first; Appendix 1: the five principles and the framework matrix; then the appendices
the slides refer to that an earlier paper gave (report/appendices.py: the seed's appendices 2 and 3, as far as
its text carries them). A '(see appendix N)' with no such appendix in the deck is dropped.

The slides are drawn by the deck engine (exports/deck.py: titles, leads, footers, reading order, alt text;
exports/deck_tables.py: tables paginated by measured height); this module says which slides there are and
what each holds: titles, lead sentences, table columns and rows, chart series and notes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
from pptx.enum.chart import XL_CHART_TYPE

from charts.palette import (
    NHS_BLUE,
    STATUS_CHART_ORDER,
    STATUS_COLOURS,
    STATUS_PATTERNS,
    STRENGTH_SYMBOLS,
    status_label,
)
from domain import FACETS
from exports.deck import CONTENT_WIDTH, SMALLEST, Deck, chart_slide, message_slide, table_slides
from exports.deck_tables import Row, TableSpec
from exports.office import set_core_properties, written_time
from exports.pptx_text import Para, clean, paras
from formatting import FLAG_MARK, FLAGGED_SUFFIX, count, long_date, marked, month_span, months_sentence
from metrics.view import View
from report import sections, snapshots
from report.appendices import (
    PRINCIPLES_APPENDIX,
    Appendix,
    carried_appendices,
    shipped_appendices,
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
from settings import data_dir

TITLE = "Clinical and Care Professional Leadership (CCPL) Developments – Progress and Forward Plan"
ASSUMPTION_NOTE = "The marks are the programme team's reading of each theme's content against the principles."


FLAGGED = "meeting_date" + FLAGGED_SUFFIX  # metrics.cplg.dated: the data checks flag this meeting date


def _date(value: object) -> str:
    """'8 February 2023', as the seed paper writes dates ('–' for none)."""
    return long_date(None if value is None or pd.isna(value) else pd.Timestamp(value))


# --- the slides ----------------------------------------------------------------------------------------


def _title_slide(deck: Deck, view: View) -> None:
    lines = [f"As at {_date(view.as_at)}" if view.as_at is not None else "No tracker data"]
    lines += view.filters.describe(view.theme_names)
    deck.title_slide("Appendix A: Supplementary Information", TITLE, lines)


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
    table_slides(
        deck,
        f"Progress against our CCPL Framework (summary) {period}".strip(),
        lead,
        FRAMEWORK,
        rows,
        "There are no development themes to show.",
        note=f"{ASSUMED_MARK} {ASSUMED_FOOTNOTE}" if assumed else None,
    )


def _chart_slides(deck: Deck, view: View) -> None:
    title = "Progress against the five principles"
    principles = sections.principles(view)
    progress = principles.data
    if principles.empty or progress is None or progress.empty:
        message_slide(deck, title, principles.empty or principles.sentence)
    else:
        chart_slide(
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
    chart_slide(
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


CHANGES = TableSpec(
    headers=("Priority", "Theme", "Status move", "Change", "Reason given"),
    widths=(4.2, 1.7, 2.5, 1.3, 2.83),
    size=SMALLEST,
)


def _changes_slides(deck: Deck, view: View, texts: PaperTexts) -> None:
    title = "What changed since the previous paper"
    section = snapshots.changes(view)
    if section.table is None:
        message_slide(deck, title, FIRST_REPORT)
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
    table_slides(deck, title, sentence, CHANGES, rows, "No priority changed status.")


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
    table_slides(
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
    table_slides(
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
    table_slides(
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
        table_slides(
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
    shipped: Sequence[Appendix] | None = None,
) -> bytes:
    """Appendix A for the view (its as-at date and filters) as a .pptx file's bytes.

    `shipped` are the appendices of the organisation's own earlier papers (report.appendices.shipped_appendices
    of its data folder); by default the shipped data folder's, Joined Up Care Derbyshire's.

    The CPLG agenda log covers the period since the previous paper (report.paper.paper_period); `agenda_from`
    sets another first meeting date. The file's
    author is the cover report's (`texts`), its date `written_at` (default: now).
    """
    view = as_known_at(view)  # what was known on the 'as at' date; refused before the first framework record
    # appendices 2 and 3 of the seed paper (shipped beside the default trackers), where the deck refers to them
    appendices = carried_appendices(view, shipped_appendices(data_dir()) if shipped is None else shipped)
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
