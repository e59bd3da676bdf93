"""The board pack: the current view as one self-contained HTML file that opens offline and prints to A4.

Rendered from `templates/board_pack.html` with Jinja2 autoescaping, so every tracker text is HTML-escaped;
chart data is embedded as JSON with '<', '>' and '&' escaped, so no tracker text can end a <script> element.
plotly.js is inlined once, so the file needs no network. `exports.pdf.html_to_pdf` prints it with a local
headless Chromium where one is installed. The figures and sentences come from report.sections.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path

import plotly.graph_objects as go
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from plotly.offline import get_plotlyjs
from plotly.utils import PlotlyJSONEncoder

from charts import palette
from formatting import timestamp_utc
from metrics.view import View
from report import sections as story
from report.charts import draws_chart, section_chart
from report.paper import SECTION_KEYS, SECTION_TITLES, PaperTexts
from report.section_types import Section, as_at_text
from report.written import Bullets, Decision, Footnote, Numbered, Paragraph, Run, Subheading, blocks

TEMPLATES = Path(__file__).parent / "templates"
SECTIONS = (
    "Overview",
    "Progress against the principles",
    "Self-assessment against the principles",
    "Priorities by status",
    "Needs attention",
    "Changes since the previous snapshot",
    "Engagement",
    "CPLG decisions",
    "Tracker versions",
)


@cache
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _chart_json(fig: go.Figure) -> Markup:
    """The figure as JSON that is safe inside <script>: no tracker text can close the element."""
    data = json.dumps(fig.to_plotly_json(), cls=PlotlyJSONEncoder)
    return Markup(data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))  # noqa: S704


def _charts(parts: list[Section]) -> dict[str, Markup]:
    """Chart JSON per section key, for the sections that draw one and have something to draw."""
    return {
        f"chart-{section.key}": _chart_json(section_chart(section)[0])
        for section in parts
        if draws_chart(section)
    }


def _runs(runs: tuple[Run, ...]) -> list[dict[str, object]]:
    return [{"lines": run.text.split("\n"), "bold": run.bold, "italic": run.italic} for run in runs]


def _block(block: object) -> dict[str, object]:
    """One written block for the template (its text is escaped there, like every text in the pack)."""
    if isinstance(block, Bullets | Numbered):
        start = block.start if isinstance(block, Numbered) else 1
        kind = "ol" if isinstance(block, Numbered) else "ul"
        return {"kind": kind, "start": start, "items": [_runs(item) for item in block.items]}
    kinds = {Paragraph: "p", Footnote: "footnote", Subheading: "h3", Decision: "decision"}
    return {"kind": kinds[type(block)], "runs": _runs(block.runs)}


def written_sections(texts: PaperTexts | None) -> list[tuple[str, list[dict[str, object]]]]:
    """The cover report's written sections as blocks (report.written), each under its heading."""
    if texts is None:
        return []
    out = []
    for key in SECTION_KEYS:
        parsed = blocks(getattr(texts, key))
        if parsed:
            out.append((SECTION_TITLES[key], [_block(b) for b in parsed]))
    return out


def board_pack_html(
    view: View,
    sources: list[tuple[str, str]],
    generated: dt.datetime | None = None,
    texts: PaperTexts | None = None,
) -> str:
    """The whole board pack for a view, as one HTML document (with the cover report's written parts, when
    given, after the figures)."""
    generated = generated or dt.datetime.now(dt.UTC)
    parts = story.board_pack(view, sources)
    charts = _charts(parts)
    return (
        environment()
        .get_template("board_pack.html")
        .render(
            as_at=as_at_text(view),
            prepared=timestamp_utc(generated),
            filters="; ".join(view.filters.describe(view.theme_names)) if view.filters.active else "",
            sections=parts,
            written=written_sections(texts),
            charts=charts,
            colours={"blue": palette.NHS_BLUE, "dark_blue": palette.NHS_DARK_BLUE, "text": palette.TEXT},
            plotly_js=Markup(get_plotlyjs()),  # noqa: S704  (plotly's own library, not tracker text)
        )
    )
