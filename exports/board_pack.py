"""The board pack: the current view as one self-contained HTML file that opens offline and prints to A4.

Everything from a tracker is HTML-escaped, and chart data is embedded as JSON with '<' escaped, so no
tracker text can end a <script> element or inject markup. plotly.js is inlined once, so the file needs no
network. `exports.pdf.html_to_pdf` prints it with a local headless Chromium where one is installed.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from charts.escape import escape_figure
from charts.figures import events_chart
from charts.palette import (
    STATUS_CHART_ORDER,
    status_label,
)
from charts.views import agenda_by_month_chart, principle_progress_chart, priorities_by_theme_chart
from metrics import describe
from metrics.changes import change_summary, status_changes
from metrics.cplg import counts_by_month, recurring_items
from metrics.engagement import totals
from metrics.labels import label
from metrics.progress import attention_reason, principle_progress, status_counts
from metrics.view import View

SECTIONS = (
    "Overview",
    "Progress against the principles",
    "Priorities by status",
    "Needs attention",
    "Changes since the previous snapshot",
    "Engagement",
    "CPLG decisions",
    "Tracker versions",
)

CSS = """
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: Arial, Helvetica, sans-serif; color: #212B32; margin: 0 auto; max-width: 190mm; line-height: 1.45; font-size: 11pt; }
header { border-bottom: 4px solid #005EB8; margin-bottom: 8mm; padding-bottom: 3mm; }
h1 { color: #005EB8; font-size: 22pt; margin: 0 0 2mm; }
h2 { color: #003087; font-size: 15pt; margin: 8mm 0 2mm; }
section { break-inside: avoid-page; }
section.long { break-inside: auto; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: 2mm 0 4mm; }
th { background: #005EB8; color: #fff; text-align: left; padding: 1.5mm; }
td { border-bottom: 1px solid #D8DDE0; padding: 1.5mm; vertical-align: top; }
tr { break-inside: avoid; }
.figures { display: flex; flex-wrap: wrap; gap: 3mm; }
.figure { border: 1px solid #D8DDE0; border-left: 4px solid #005EB8; padding: 2mm 3mm; min-width: 40mm; }
.figure b { display: block; font-size: 16pt; }
.chart { width: 100%; height: auto; min-height: 70mm; }
.sentence { font-weight: bold; }
.muted { color: #4C6272; font-size: 9.5pt; }
"""


def _e(value: object) -> str:
    """Escaped text; missing values as a dash."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return "–"
    if isinstance(value, pd.Timestamp):
        return "–" if pd.isna(value) else f"{value.day} {value:%b %Y}"
    return html.escape(str(value))


def _table(frame: pd.DataFrame, columns: Sequence[str]) -> str:
    present = [c for c in columns if c in frame.columns]
    head = "".join(f"<th>{_e(label(c))}</th>" for c in present)
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for column in present:
            value = (
                status_label(row[column])
                if column in ("status", "before", "after") and pd.notna(row[column])
                else row[column]
            )
            if isinstance(value, tuple):
                value = ", ".join(value)
            cells.append(f"<td>{_e(value)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _chart(fig: go.Figure, chart_id: str, sentence: str) -> str:
    """A chart drawn by the inlined plotly.js, with its sentence as the text alternative."""
    data = json.dumps(escape_figure(fig).to_plotly_json(), cls=_PlotlyEncoder)
    data = (
        data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )  # safe inside <script>
    return (
        f'<div class="chart" id="{chart_id}" role="img" aria-label="{_e(sentence)}"></div>'
        f'<p class="sentence">{_e(sentence)}</p>'
        f'<script>(function(){{var f={data};Plotly.newPlot("{chart_id}",f.data,f.layout,'
        "{staticPlot:true,responsive:true});})();</script>"
    )


class _PlotlyEncoder(json.JSONEncoder):
    def default(self, o: object) -> object:
        from plotly.utils import PlotlyJSONEncoder

        return PlotlyJSONEncoder().default(o)


def board_pack_html(view: View, sources: list[tuple[str, str]], generated: dt.datetime | None = None) -> str:
    """The whole board pack for a view, as one HTML document."""
    generated = generated or dt.datetime.now(dt.UTC)
    as_at = f"{view.as_at.day} {view.as_at:%B %Y}" if view.as_at is not None else "the latest snapshot"
    parts = [
        "<header>",
        "<h1>Clinical and Care Professional Leadership: progress report</h1>",
        f"<p>As at <b>{_e(as_at)}</b>. Prepared {generated:%d %B %Y %H:%M} UTC from the CCPL Progress Dashboard.</p>",
    ]
    if view.filters.active:
        parts.append(f"<p>Filtered: {_e('; '.join(view.filters.describe(view.theme_names)))}.</p>")
    parts.append("</header>")

    now = status_counts(view.priorities)
    before = status_counts(view.previous.priorities) if view.previous is not None else None
    figures = []
    for status in STATUS_CHART_ORDER:
        change = "" if before is None else f" ({int(now[status]) - int(before[status]):+d})"
        figures.append(
            f'<div class="figure">{_e(status_label(status))}<b>{int(now[status])}{_e(change)}</b></div>'
        )
    since = (
        f"Changes in brackets are since {view.previous.as_at.day} {view.previous.as_at:%B %Y}."
        if view.previous
        else ""
    )
    parts += [
        "<section><h2>Overview</h2>",
        f"<p class='sentence'>{_e(describe.status_sentence(view.priorities))}</p>",
        f'<div class="figures">{"".join(figures)}</div><p class="muted">{_e(since)}</p></section>',
    ]

    progress = principle_progress(view.priorities, view.coverage, view.principles)
    fig, _ = principle_progress_chart(progress)
    parts += [
        "<section><h2>Progress against the principles</h2>",
        _chart(fig, "chart-principles", describe.principle_progress_sentence(progress)),
        _table(
            progress.assign(share_complete=progress["share_Complete"]),
            ["principle", "title", "priorities", "share_complete"],
        ),
        "</section>",
    ]

    fig, _ = priorities_by_theme_chart(view.priorities)
    parts += [
        "<section><h2>Priorities by status</h2>",
        _chart(fig, "chart-priorities", describe.theme_status_sentence(view.priorities)),
        "</section>",
    ]

    attention = view.priorities[view.priorities["needs_attention"]]
    parts.append("<section class='long'><h2>Needs attention</h2>")
    if attention.empty:
        parts.append(f"<p>No priority is at risk, off track, deferred or overdue as at {_e(as_at)}.</p>")
    else:
        parts.append(
            _table(
                attention.assign(reason=attention.apply(attention_reason, axis=1)),
                ["priority_id", "reason", "priority", "theme", "due_date", "owner", "notes"],
            )
        )
    parts.append("</section>")

    parts.append("<section class='long'><h2>Changes since the previous snapshot</h2>")
    if view.previous is None:
        parts.append("<p>There is only one framework snapshot, so there is nothing to compare.</p>")
    else:
        changes = status_changes(view.previous.priorities, view.priorities)
        parts.append(
            f"<p class='sentence'>{_e(describe.changes_sentence(change_summary(changes), view.previous.as_at, view.snapshot_date))}</p>"
        )
        if not changes.empty:
            parts.append(_table(changes, ["priority_id", "priority", "before", "after", "change", "notes"]))
    parts.append("</section>")

    parts.append("<section><h2>Engagement</h2>")
    if view.events.empty:
        parts.append("<p>No engagement event is recorded.</p>")
    else:
        summary = totals(view.events)
        parts.append(_chart(events_chart(view.events), "chart-events", describe.events_sentence(view.events)))
        parts.append(
            f"<p class='muted'>{summary.events} events; {'about ' if summary.approximate else ''}{summary.attendees:,} attendees; {summary.volunteers} volunteers.</p>"
        )
    parts.append("</section>")

    parts.append("<section class='long'><h2>CPLG decisions</h2>")
    if view.agenda.empty:
        parts.append("<p>No CPLG agenda item is recorded.</p>")
    else:
        by_outcome = counts_by_month(view.agenda, "outcome_label")
        fig, _ = agenda_by_month_chart(by_outcome, "outcome_label")
        parts.append(
            _chart(fig, "chart-cplg", describe.agenda_sentence(by_outcome, "outcome_label", "outcome"))
        )
        again = recurring_items(view.agenda)
        if not again.empty:
            parts.append(
                "<p>Items that came back:</p>" + _table(again, ["item", "times", "first", "last", "outcomes"])
            )
        latest = view.agenda.sort_values("meeting_date", ascending=False).head(10)
        parts.append(
            "<p>Latest decisions:</p>" + _table(latest, ["meeting_date", "item", "outcome", "recommendation"])
        )
    parts.append("</section>")

    rows = "".join(f"<tr><td>{_e(name)}</td><td>{_e(detail)}</td></tr>" for name, detail in sources)
    parts.append(
        f"<section><h2>Tracker versions</h2><table><thead><tr><th>Tracker</th><th>Version</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )

    body = "\n".join(parts)
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>CCPL progress report, as at {_e(as_at)}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{CSS}</style><script>{get_plotlyjs()}</script></head>"
        f"<body>{body}</body></html>"
    )
