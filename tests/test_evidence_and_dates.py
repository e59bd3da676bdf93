"""Issue 18, items 1, 3, 8 and 9: evidence counted once per principle, empty states that say why, dates shown
as what is known, and a flagged date that never sets a range."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from domain import Kind
from loaders.tracker_set import DEFAULT_DATA_DIR, TrackerSet, load_default_set
from metrics import self_assessment as am
from metrics.filters import Filters
from metrics.progress import principle_drill_down, thin_evidence
from metrics.view import View, build_view
from report import sections as story


@pytest.fixture(scope="module")
def trackers() -> TrackerSet:
    return load_default_set()


@pytest.fixture(scope="module")
def view(trackers: TrackerSet) -> View:
    return build_view(trackers, Filters())


# --- item 1: evidence counted once per principle --------------------------------------------------------


def _ids(frame: pd.DataFrame, key: str, linked: str, themes: set[str]) -> int:
    """How many distinct ids in `frame` are linked (by one theme id or a tuple of them) to any of `themes`."""
    if linked == "theme_id":
        return len({i for i, t in zip(frame[key], frame[linked], strict=True) if t in themes})
    return len({i for i, ts in zip(frame[key], frame[linked], strict=True) if set(ts or ()) & themes})


def _plain_counts(trackers: TrackerSet, primary_only: bool = False) -> dict[int, dict[str, int]]:
    """Distinct ids linked to any theme marked against each principle, straight from the tracker rows."""
    coverage = trackers.table(Kind.COVERAGE, "coverage")
    achievements = trackers.table(Kind.FRAMEWORK, "achievements")
    priorities = trackers.table(Kind.FRAMEWORK, "priorities")
    events = trackers.table(Kind.ENGAGEMENT, "events")
    agenda = trackers.table(Kind.CPLG, "agenda_items")
    result = {}
    for principle in trackers.table(Kind.COVERAGE, "principles")["principle"]:
        themes = set()
        for _, mark in coverage.iterrows():
            if mark["principle"] == principle and (not primary_only or mark["strength"] == "Primary"):
                themes.add(mark["theme_id"])
        result[int(principle)] = {
            "achievements": _ids(achievements, "achievement_id", "theme_id", themes),
            "priorities": _ids(priorities, "priority_id", "theme_id", themes),
            "events": _ids(events, "event_id", "theme_ids", themes),
            "decisions": _ids(agenda, "item_id", "theme_ids", themes),
        }
    return result


def test_the_evidence_linked_to_each_principle_counts_each_item_once(
    trackers: TrackerSet, view: View
) -> None:
    expected = _plain_counts(trackers)
    table = am.linked_evidence(view.principles, view.coverage, view.evidence_sources()).set_index("principle")
    for principle, counts in expected.items():
        assert {k: int(table.loc[principle, k]) for k in counts} == counts, principle
    # only 21 agenda items and 2 events exist: no principle can show more
    assert table["decisions"].max() <= len(view.agenda) and table["events"].max() <= len(view.events)


def test_the_drill_down_agrees_with_the_evidence_table(trackers: TrackerSet, view: View) -> None:
    sources = view.evidence_sources()
    table = am.linked_evidence(view.principles, view.coverage, sources).set_index("principle")
    for principle in view.principles["principle"]:
        drill = principle_drill_down(principle, view.coverage, sources, view.themes)
        assert len(drill.decisions) == table.loc[principle, "decisions"]
        assert len(drill.priorities) == table.loc[principle, "priorities"]
        assert drill.decisions["item_id"].is_unique and drill.priorities["priority_id"].is_unique


def test_thin_evidence_counts_distinct_items_through_the_primary_themes(
    trackers: TrackerSet, view: View
) -> None:
    expected = _plain_counts(trackers, primary_only=True)
    thin = thin_evidence(view.principles, view.coverage, view.evidence_sources()).set_index("principle")
    for principle, counts in expected.items():
        items = counts["achievements"] + counts["events"] + counts["decisions"]
        assert thin.loc[principle, "evidence_items"] == items, principle


# --- item 3: "none recorded" and "none matches these filters" are different sentences -------------------


def _view(trackers: TrackerSet, **filters: object) -> View:
    return build_view(trackers, Filters(**filters))


def test_a_filtered_out_event_is_not_called_unrecorded(trackers: TrackerSet) -> None:
    view = _view(trackers, themes=("T8",))
    for section in (story.latest_engagement_event(view), story.engagement(view)):
        assert section.empty, section.key
        assert "recorded yet" not in section.empty and "No engagement event is recorded" not in section.empty
        assert "None of the 2 engagement events recorded matches these filters" in section.empty
        assert "Themes: CPLG Role" in section.empty  # names the filter
        assert "Clear filters" in section.empty  # and how to widen


def test_an_empty_tracker_says_none_is_recorded(trackers: TrackerSet) -> None:
    without = dataclasses.replace(trackers, engagement=None, cplg=None)
    for view in (_view(without), _view(without, themes=("T8",))):
        for section in (story.latest_engagement_event(view), story.engagement(view)):
            assert section.empty.startswith("No engagement event is recorded"), section.empty
            assert "filters" not in section.empty
        assert story.cplg_decisions(view).empty.startswith("No CPLG agenda item is recorded")


def test_a_filtered_out_agenda_names_the_filters(trackers: TrackerSet) -> None:
    view = _view(trackers, date_from=pd.Timestamp("2024-01-01"))
    for section in (story.cplg_decisions(view), story.cplg_by_facet(view)):
        assert "None of the 21 CPLG agenda items recorded matches these filters" in section.empty
        assert "Dates: 1 Jan 2024 to the end" in section.empty


def test_the_pages_say_it_is_the_filters(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_pages import run_page, texts

    overview = texts(run_page("pages/board/overview.py", DEFAULT_DATA_DIR, monkeypatch, theme="T8"))
    assert "No engagement event is recorded" not in overview
    assert "None of the 2 engagement events recorded matches these filters" in overview
    engagement = texts(run_page("pages/board/engagement.py", DEFAULT_DATA_DIR, monkeypatch, theme="T8"))
    assert "None of the 2 engagement events recorded matches these filters (Themes: CPLG Role" in engagement
    cplg = texts(run_page("pages/board/cplg.py", DEFAULT_DATA_DIR, monkeypatch, **{"from": "2024-01-01"}))
    assert "None of the 21 CPLG agenda items recorded matches these filters" in cplg
    priorities = texts(
        run_page("pages/board/priorities.py", DEFAULT_DATA_DIR, monkeypatch, theme="T1", status="Deferred")
    )
    assert "priorities recorded matches these filters" in priorities


# --- item 9: a flagged date keeps its value, is marked, and never sets a range ---------------------------

FLAGGED = pd.Timestamp("2002-09-20")


def test_a_flagged_date_takes_its_neighbours_position(view: View) -> None:
    from metrics.cplg import dated

    items = dated(view.agenda).set_index("item_id")
    assert items.loc["C18", "meeting_date"] == FLAGGED  # kept as recorded
    assert (
        bool(items.loc["C18", "meeting_date_flagged"])
        and not items.drop(index="C18")["meeting_date_flagged"].any()
    )
    assert items.loc["C18", "position_date"] == pd.Timestamp("2022-09-20")  # the next item's meeting


def test_the_cplg_counts_chart_and_sentence_do_not_start_in_2002(view: View) -> None:
    from charts.views import agenda_by_month_chart
    from metrics import describe
    from metrics.cplg import counts_by_month

    counts = counts_by_month(view.agenda, "outcome_label")
    assert counts["month"].min() == pd.Timestamp("2022-01-01")
    assert int(counts["items"].sum()) == 21  # the flagged item still counts, in September 2022
    sentence = describe.agenda_sentence(counts, "outcome_label", "outcome")
    assert "2002" not in sentence and "from January 2022 to November 2022" in sentence
    fig, table = agenda_by_month_chart(counts, "outcome_label")
    xs = [x for trace in fig.data for x in (trace.x if trace.x is not None else ())]
    assert not any("2002" in str(x) for x in xs) and "2002" not in str(fig.layout.xaxis.range)
    section = story.cplg_decisions(view)
    assert "2002" not in section.sentence


def test_items_that_came_back_run_in_log_order_and_mark_the_flagged_date(view: View) -> None:
    from metrics.cplg import recurring_items

    again = recurring_items(view.agenda).set_index("item")
    terms = again.loc["CPLG Terms of Reference"]
    assert terms["first"] == pd.Timestamp("2022-08-02")  # C15, not the 2002 misprint
    assert terms["outcomes"].count("→") == 1
    table = dict(story.cplg_decisions(view).extra_tables)["Items that came back:"]
    rows = {row[0]: row for row in table.rows()}
    assert rows["CPLG Terms of Reference"][2:4] == ["2 Aug 2022", "20 Sep 2002 †"]


def test_the_agenda_log_shows_the_recorded_date_with_a_footnote(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_pages import run_page, texts

    at = run_page("pages/board/cplg.py", DEFAULT_DATA_DIR, monkeypatch)
    log = next(
        frame.value for frame in at.dataframe if "Item" in frame.value.columns and len(frame.value) == 21
    )
    dates = log[[c for c in log.columns if c.startswith("Meeting")][0]].astype(str).tolist()
    assert "20 Sep 2002 †" in dates
    assert any(c.value.startswith("† Date as recorded") for c in at.caption)  # the footnote says why
    again = next(frame.value for frame in at.dataframe if "Times presented" in frame.value.columns)
    assert "20 Sep 2002 †" in again.astype(str).to_numpy().ravel().tolist()
    assert "2002" not in " ".join(
        line for line in texts(at).splitlines() if line.startswith(("21 agenda items", "Items that"))
    )


# --- item 8: a date reads as what is known; a blank count reads 'Not recorded' ----------------------------


def test_one_rule_says_a_date_as_known() -> None:
    from formatting import known_date

    day = pd.Timestamp("2022-10-01")
    assert known_date(day) == "1 October 2022" and known_date(day, short=True) == "1 Oct 2022"
    assert known_date(day, month_only=True) == "October 2022"
    assert known_date(day, month_only=True, short=True) == "Oct 2022"
    assert known_date(pd.Timestamp("2023-05-31"), assumed=True) == "31 May 2023 (assumed)"
    assert known_date(day, month_only=pd.NA) == "1 October 2022"  # a blank 'Month only' is a known day


def test_the_month_only_event_reads_as_its_month_in_sections(view: View) -> None:
    latest = story.latest_engagement_event(view)
    assert "October 2022" in latest.sentence and "1 October 2022" not in latest.sentence
    rows = story.engagement(view).table.rows()
    assert ["October 2022" in " ".join(r) or "Oct 2022" in " ".join(r) for r in rows] == [False, True]
    assert not any("1 Oct 2022" in " ".join(r) for r in rows)
    assert any("Not recorded" in r for r in rows)  # E01's blank volunteers, as the chart says


def test_an_assumed_due_date_says_so(view: View) -> None:
    rows = story.attention(view).table.frame
    assumed = rows[rows["due_date_assumed"].fillna(False).astype(bool)]
    assert not assumed.empty
    line = story.attention_line(assumed.iloc[0])[1]
    assert "due 31 May 2023 (assumed)" in line


def test_the_pages_show_the_month_and_not_recorded(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_pages import run_page, texts

    overview = texts(run_page("pages/board/overview.py", DEFAULT_DATA_DIR, monkeypatch)).replace("**", "")
    assert "2nd system engagement event, October 2022" in overview and "1 October 2022" not in overview
    at = run_page("pages/board/engagement.py", DEFAULT_DATA_DIR, monkeypatch)
    table = next(frame.value for frame in at.dataframe if "Format" in frame.value.columns)
    cells = table.astype(str).to_numpy().ravel().tolist()
    assert "October 2022" in cells or "Oct 2022" in cells
    assert not any(c.startswith("2022-10-01") or c == "1 Oct 2022" for c in cells)
    assert "Not recorded" in table["Volunteers"].astype(str).tolist() and "None" not in cells
    priorities = run_page("pages/board/priorities.py", DEFAULT_DATA_DIR, monkeypatch)
    every = next(frame.value for frame in priorities.dataframe if "Owner" in frame.value.columns)
    assert "31 May 2023 (assumed)" in every["Due"].astype(str).tolist()


def test_exports_charts_and_sentences_use_the_same_rule(view: View) -> None:
    from charts.figures import events_chart
    from exports.board_pack import board_pack_html
    from metrics import describe

    labels = [str(y) for trace in events_chart(view.events).data for y in trace.y]
    assert any(label.endswith("Oct 2022") for label in labels) and not any("1 Oct 2022" in x for x in labels)
    assert "and 31 May 2023 (assumed)" in describe.timeline_sentence(view.priorities, view.as_at)
    pack = board_pack_html(view, [])
    assert (
        "engagement event\\u003cbr\\u003eOct 2022" in pack
        and "1 Oct 2022" not in pack
        and "1 October 2022" not in pack
    )
    assert "20 Sep 2002 †" in pack and "† Date as recorded" in pack  # item 9's marker and footnote too


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"themes": ("T8",)},
        {"date_from": pd.Timestamp("2022-09-01")},
        {"date_to": pd.Timestamp("2022-09-30")},
        {"principles": (1,)},
    ],
)
def test_a_flagged_date_is_flagged_and_placed_the_same_under_any_filter(
    trackers: TrackerSet, filters: dict[str, object]
) -> None:
    from metrics.cplg import counts_by_month

    view = _view(trackers, **filters)
    items = view.agenda.set_index("item_id")
    if "C18" in items.index:
        assert bool(items.loc["C18", "meeting_date_flagged"])
        assert items.loc["C18", "position_date"] == pd.Timestamp("2022-09-20")
    assert not items.drop(index="C18", errors="ignore")["meeting_date_flagged"].any()
    if not view.agenda.empty:
        assert counts_by_month(view.agenda, "facet_label")["month"].min().year == 2022
    # a window takes the position: September 2022 holds it, nothing holds 2002
    if filters.get("date_to") == pd.Timestamp("2022-09-30") or filters.get("date_from"):
        assert "C18" in items.index


def test_a_theme_whose_priorities_are_filtered_out_says_it_is_the_filters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.test_pages import run_page, texts

    at = run_page("pages/board/themes.py", DEFAULT_DATA_DIR, monkeypatch, status="Deferred")
    shown = texts(at)
    assert "No priority linked to this theme matches these filters (Statuses: Deferred)" in shown
    assert "No priority is recorded for this theme" not in shown
