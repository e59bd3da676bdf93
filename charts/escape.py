"""The one boundary where tracker text becomes plotly text: escaped once, where a chart builder makes it a label.

What plotly.js does with a label (src/lib/svg_text_utils.js; the bundle Streamlit ships and the one the board
pack inlines are the same), for everything it draws as SVG text: titles, axis titles and tick labels,
category names, legend entries, annotations, text on marks and hover labels:
- the tags <b> <i> <em> <s> <u> <sup> <sub> <span style=...> and <a href=...> are markup, <br> breaks the line;
  any other <...> (<img ...>, <script>, <br/>) is drawn as typed;
- the entities &amp; &lt; &gt; &nbsp; &mu; &times; &plusmn; &deg; and numeric ones (&#60;, &#x3C;) are
  decoded; any other '&' (as in 'Diversity & Inclusivity') is drawn as typed;
- a newline is drawn as a space. Plotly escapes nothing itself (it only drops an <a href> to another scheme
  than http, https or mailto).

So tracker text must have '&', '<' and '>' escaped, once, to be drawn as typed: 'A &amp; B' is drawn 'A & B',
a typed '&amp;' must become '&amp;amp;'. The rule, for every builder in charts/:
- a builder receives raw tracker text (and raw titles) and passes each through `plotly_text` (or
  `plotly_lines` for a long name broken over lines) at the point it becomes a plotly string: a category,
  tick text, legend name, title, annotation, text on a mark, or hover data (customdata a hovertemplate shows);
- our own markup (<b>, <br>) is added after, around escaped text, and is never escaped;
- a category, tick value and category order naming the same thing are escaped the same way (they must
  match exactly, or plotly draws the row with no label);
- tracker text never goes into a template (hovertemplate, texttemplate), where '%{...}' would be read;
- data a page reads back from a selection (customdata not shown in a hover) stays raw;
- nothing escapes a built figure again: it is final for the screen (ui.components.show_chart) and the board
  pack alike. tests/test_chart_text.py reads every builder's labels as plotly draws them.
"""

from __future__ import annotations

import html
import textwrap

LINE_BREAK = "<br>"


def plotly_text(value: object) -> str:
    """Tracker text as a plotly label that is drawn exactly as typed."""
    return html.escape(str(value), quote=False)


def plotly_lines(value: object, width: int = 18) -> str:
    """Tracker text as a plotly label broken onto lines of about `width` characters (at spaces), drawn as
    typed. The text is broken first and escaped after, so an escape never counts towards a line's width."""
    lines = textwrap.wrap(str(value), width, break_long_words=False, break_on_hyphens=False)
    return LINE_BREAK.join(plotly_text(line) for line in lines) or plotly_text(value)


def plain_text(label: str) -> str:
    """The typed text back from a label made with `plotly_text` (for the title written above a chart as
    Markdown). Only for labels without our markup."""
    return html.unescape(label)
