"""Every chart's text, read as the browser draws it (issue 18 #4): on every page, with the default data and a
self-assessment round, with hostile text in the trackers, and with the large set, the SVG text of every plotly
chart (axis ticks, legend, annotations, titles, text on marks) shows no markup or entity, no category goes
without its label, no label is cut short with '…' (the accessibility statement says labels are written out in
full), and no legend sits on the chart's other text. With the hostile data, every theme is named exactly as
typed.

One server per data set (its own data folder and database); the three start in parallel. The pages without a
plotly chart are visited with the default data only, to find that they still draw none.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page

from loaders.tracker_set import DEFAULT_DATA_DIR
from tests.browser.conftest import _chromium_or_skip, wait_until_idle
from tools.app_server import running_app
from tools.screenshots import LOADED
from tools.synthetic import assessment_bytes, write_large_set

CHART_PAGES = ["", "principles", "priorities", "themes", "themes?theme=T3", "engagement", "cplg-decisions"]
OTHER_PAGES = ["board-papers", "upload", "record-assessment", "update-priorities", "history", "accessibility"]
"""Pages that draw no plotly chart: read with the default data only (and found to draw none there)."""
HOSTILE_THEMES = {
    "T1": "<img src=x onerror=alert(1)>",
    "T2": "<b>x</b> & co",
    "T4": "&amp; roles",
    "T5": "&lt;development&gt; &#60;3",
    "T6": "A & B <i>support</i>",
}
HOSTILE_EVENT = "<i>Launch</i> & &amp; event"
HOSTILE_PRINCIPLE = "&lt;shared&gt; <b>learning</b> & more"
HOSTILE_LEVEL = "<i>Emerging</i> &amp; new"
HOSTILE = [*HOSTILE_THEMES.values(), HOSTILE_EVENT, HOSTILE_PRINCIPLE, HOSTILE_LEVEL]
MARKUP = re.compile(r"<b>|</|&amp;|&lt;|&gt;|&#|<br|<i>|<span|<a ")

CHART_TEXT = """() => [...document.querySelectorAll('.js-plotly-plot')].map((plot, index) => {
  const read = (t) => {
    const lines = t.querySelectorAll('tspan.line');
    return lines.length ? [...lines].map((l) => l.textContent).join(' ') : t.textContent;
  };
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const texts = [...plot.querySelectorAll('.main-svg text')]
    .filter((t) => !t.closest('.hoverlayer'))
    .map((t) => ({ text: read(t), where: (t.closest('g[class]') || t).getAttribute('class') }));
  const layout = plot._fullLayout || {};
  const axes = [];
  for (const key of Object.keys(layout)) {
    const ax = layout[key];
    if (!/^[xy]axis\\d*$/.test(key) || !ax || ax.type !== 'category' || !ax.visible) continue;
    if (ax.showticklabels === false) continue;
    const categories = (ax._categories || []).filter((c) => c !== null && c !== undefined && c !== '');
    const ticks = [...plot.querySelectorAll('g.' + ax._id + 'tick text')].map(read);
    axes.push({ axis: key, categories: categories.length, ticks, array: ax.tickmode === 'array', dtick: ax.dtick });
  }
  const legend = plot.querySelector('.legend');
  const others = [...plot.querySelectorAll('.annotation-text, .xtick text, .ytick text, [class*="tick"] text, .g-xtitle text, .g-ytitle text, .gtitle')]
    .filter((t) => !legend || !legend.contains(t)).map((t) => ({ text: read(t), box: box(t) }));
  return {
    index,
    title: (plot.closest('[data-testid="stElementContainer"]') || plot).previousElementSibling?.textContent || '',
    texts,
    axes,
    legend: legend && legend.getBoundingClientRect().width > 0 ? box(legend) : null,
    others,
  };
})"""


def _words(text: str) -> str:
    return " ".join(text.split())


def _edited(path: Path, edits: dict[str, dict[tuple[str, str], str]]) -> bytes:
    """A default tracker with cells replaced: sheet -> {(id column value, heading): text}."""
    workbook = load_workbook(path)
    for sheet_name, cells in edits.items():
        if sheet_name not in workbook.sheetnames:
            continue
        sheet = workbook[sheet_name]
        headings = [c.value for c in sheet[1]]
        for row in sheet.iter_rows(min_row=2):
            key = row[0].value
            for (row_key, heading), text in cells.items():
                if str(key) == row_key and heading in headings:
                    row[headings.index(heading)].value = text
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _with_assessment(folder: Path, level_name: str | None = None) -> None:
    """Two assessment rounds (the second peer-reviewed), citing the default trackers' items."""
    data = assessment_bytes(2, ["P01", "P02", "A1", "E1"])
    if level_name is not None:
        workbook = load_workbook(io.BytesIO(data))
        workbook["Levels"].cell(row=2, column=2).value = level_name
        buffer = io.BytesIO()
        workbook.save(buffer)
        data = buffer.getvalue()
    (folder / "principles_assessment.xlsx").write_bytes(data)


def default_with_assessment(folder: Path) -> None:
    shutil.copytree(DEFAULT_DATA_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    _with_assessment(folder)


def hostile(folder: Path) -> None:
    shutil.copytree(DEFAULT_DATA_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    themes = {(tid, "Theme"): name for tid, name in HOSTILE_THEMES.items()}
    for path in folder.glob("framework_*.xlsx"):
        path.write_bytes(_edited(path, {"Themes": themes}))
    coverage = folder / "principle_coverage.xlsx"
    coverage.write_bytes(
        _edited(coverage, {"Principles": {("2", "Title"): HOSTILE_PRINCIPLE}, "Coverage": themes})
    )
    events = folder / "engagement_events.xlsx"
    first = load_workbook(events)["Events"].cell(row=2, column=1).value
    events.write_bytes(_edited(events, {"Events": {(str(first), "Event"): HOSTILE_EVENT}}))
    _with_assessment(folder, HOSTILE_LEVEL)


def large(folder: Path) -> None:
    write_large_set(folder)


DATA_SETS = {"default and a round": default_with_assessment, "hostile": hostile, "large": large}


@pytest.fixture(scope="module")
def apps() -> Iterator[dict[str, str]]:
    """A server per data set, started together."""
    _chromium_or_skip()
    folder = Path(tempfile.mkdtemp(prefix="ccpl-chart-text-"))
    with ExitStack() as stack:
        urls = {}
        for name, build in DATA_SETS.items():
            data = folder / name.replace(" ", "-") / "data"
            build(data)
            env = {
                "CCPL_DATA_DIR": str(data),
                "CCPL_STATE_DIR": str(data.parent / "state"),
                "CCPL_DATABASE_URL": "",
            }
            urls[name] = stack.enter_context(running_app(env, timeout=180))
        yield urls
    shutil.rmtree(folder, ignore_errors=True)


def _read_charts(page: Page, url: str) -> list[dict]:
    page.goto(url)
    page.get_by_role("heading", level=1).first.wait_for()
    wait_until_idle(page)
    page.wait_for_function(
        LOADED, timeout=120_000
    )  # every element's code loaded: no chart left as a placeholder
    page.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot')].every((p) => p.querySelector('.main-svg text'))"
    )
    page.wait_for_timeout(300)
    return page.evaluate(CHART_TEXT)


def _overlaps(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1


def problems(charts: list[dict], typed: list[str]) -> list[str]:
    """What is drawn wrong. `typed`: tracker text that is drawn literally, markup and all (hostile data)."""
    found = []
    for chart in charts:
        name = f"chart {chart['index']} ({_words(chart['title'])[:40]})"
        for item in chart["texts"]:
            text = _words(item["text"])
            residue = text
            for literal in sorted((_words(t) for t in typed), key=len, reverse=True):
                residue = residue.replace(literal, " ")
            if MARKUP.search(residue):
                found.append(f"{name}: markup shown in {item['where']}: {text!r}")
            if "…" in text:
                found.append(f"{name}: label cut short in {item['where']}: {text!r}")
        for axis in chart["axes"]:
            blank = [t for t in axis["ticks"] if not t.strip()]
            if blank:
                found.append(f"{name}: {len(blank)} blank tick labels on {axis['axis']}")
            named = len([t for t in axis["ticks"] if t.strip()])
            # every row is named; ticks along a column axis may thin out where they would overlap
            if (axis["axis"].startswith("y") or axis["array"]) and named < axis["categories"]:
                found.append(
                    f"{name}: {axis['categories']} categories on {axis['axis']} but labels "
                    f"{[_words(t) for t in axis['ticks']]}"
                )
        if chart["legend"]:
            for other in chart["others"]:
                if other["text"].strip() and _overlaps(chart["legend"], other["box"]):
                    found.append(f"{name}: the legend sits on {_words(other['text'])!r}")
    return found


@pytest.mark.parametrize("data", list(DATA_SETS))
def test_every_charts_text_is_drawn_as_typed_in_full_and_clear(
    browser,  # noqa: ANN001
    apps: dict[str, str],
    data: str,
) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    found: list[str] = []
    drawn: dict[str, list[dict]] = {}
    try:
        for path in CHART_PAGES + (OTHER_PAGES if data == "default and a round" else []):
            charts = _read_charts(page, f"{apps[data]}/{path}")
            drawn[path] = charts
            found += [f"/{path}: {p}" for p in problems(charts, HOSTILE if data == "hostile" else [])]
    finally:
        context.close()
    assert found == [], "\n".join(found)
    assert all(drawn[path] for path in CHART_PAGES if path != "themes?theme=T3"), (
        "the board pages drew charts"
    )
    assert not any(drawn.get(path) for path in OTHER_PAGES), "a page drew a chart this test does not read"
    assert any("Principle 1" in _words(t["text"]) for c in drawn["principles"] for t in c["texts"]), (
        "the self-assessment's small multiples are drawn"
    )
    if data == "hostile":
        for path in ("principles", "priorities"):
            ticks = {_words(t) for c in drawn[path] for a in c["axes"] for t in a["ticks"]}
            missing = [n for n in HOSTILE_THEMES.values() if _words(n) not in ticks]
            assert missing == [], (path, missing, sorted(ticks))
        labels = {_words(t["text"]) for c in drawn["principles"] for t in c["texts"]}
        assert any(_words(HOSTILE_PRINCIPLE) in label for label in labels), "the principle's title, as typed"
        assert any(_words(HOSTILE_LEVEL) in label for label in labels), "the level's name, as typed"
        events = {_words(t["text"]) for c in drawn["engagement"] for t in c["texts"]}
        assert any(label.startswith(_words(HOSTILE_EVENT)) for label in events), "the event, as typed"
