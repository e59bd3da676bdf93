"""The shipped trackers hold the seed papers' content, load with no errors, and are up to date."""

from pathlib import Path

import pandas as pd
import pytest

from data.build_default_data import build_all
from domain import Kind
from loaders.tracker_set import DEFAULT_DATA_DIR, TrackerSet, load_default_set
from loaders.trackers import load_tracker_file


@pytest.fixture(scope="module")
def defaults() -> TrackerSet:
    return load_default_set()


def test_every_default_tracker_loads_without_errors(defaults: TrackerSet) -> None:
    assert defaults.rejected == []
    assert all(t.ok for t in defaults.loaded())
    assert [p for p in defaults.problems() if p.is_error] == []


def test_counts_match_the_papers(defaults: TrackerSet) -> None:
    assert len(defaults.table(Kind.FRAMEWORK, "themes")) == 8
    assert len(defaults.table(Kind.FRAMEWORK, "priorities")) == 24
    assert [len(s.tables["achievements"]) for s in defaults.framework] == [19, 24]
    assert len(defaults.table(Kind.COVERAGE, "principles")) == 5
    events = defaults.table(Kind.ENGAGEMENT, "events")
    assert events["attendees"].tolist() == [150, 100]
    assert events["volunteers"].tolist()[1] == 13
    agenda = defaults.table(Kind.CPLG, "agenda_items")
    assert len(agenda) == 21
    assert agenda["meeting_date"].min() == pd.Timestamp("2002-09-20")  # as printed, flagged below
    assert agenda.loc[agenda["meeting_date"] >= "2022-08-01", "facet"].notna().all()


def test_the_eight_themes_in_the_papers_order(defaults: TrackerSet) -> None:
    assert defaults.table(Kind.FRAMEWORK, "themes")["theme"].tolist() == [
        "Model/ Narrative",
        "Distributed leadership",
        "Diversity & Inclusivity",
        "Leadership Roles",
        "Leadership Development",
        "Support",
        "Comms & Engagement",
        "CPLG Role",
    ]


def test_two_snapshots_and_what_the_cover_report_says_changed(defaults: TrackerSet) -> None:
    assert [s.as_at for s in defaults.framework] == [pd.Timestamp("2022-12-01"), pd.Timestamp("2023-02-08")]
    before, after = (s.tables["priorities"].set_index("priority_id")["status"] for s in defaults.framework)
    changed = {p: (str(before[p]), str(after[p])) for p in before.index if before[p] != after[p]}
    assert changed == {
        "P07": ("Not started", "On track"),
        "P12": ("Not started", "On track"),
        "P14": ("Not started", "On track"),
        "P20": ("On track", "Complete"),
        "P23": ("Not started", "On track"),
        "P24": ("Not started", "Deferred"),
    }
    due = defaults.table(Kind.FRAMEWORK, "priorities").set_index("priority_id")["due_date"]
    assert due["P23"] == pd.Timestamp("2023-02-16")  # the NHSE workshop date set since December
    assert due["P21"] == pd.Timestamp("2023-04-01")


def test_the_papers_data_quality_points_are_surfaced(defaults: TrackerSet) -> None:
    warnings = {p.code: p for p in defaults.problems() if not p.is_error}
    date = warnings["implausible_date"]
    assert (date.file, date.sheet, date.row, date.value) == (
        "cplg_agenda_log.xlsx",
        "Agenda items",
        19,
        "2002-09-20 00:00:00",
    )
    assert "facet_not_recorded" in warnings
    assert "approximate_attendance" in warnings


def test_every_principle_is_covered_and_marked_as_an_assumption(defaults: TrackerSet) -> None:
    coverage = defaults.table(Kind.COVERAGE, "coverage")
    assert sorted(coverage["principle"].unique()) == [1, 2, 3, 4, 5]
    assert "ASSUMPTION" in defaults.coverage.about["Notes"]
    assert defaults.table(Kind.COVERAGE, "coverage_matrix")["basis"].str.startswith("Assumption").all()


def test_shipped_workbooks_are_what_the_build_script_makes(tmp_path: Path) -> None:
    """Fails when seed_content.py was edited without rerunning `make data`."""
    for rebuilt in build_all(tmp_path):
        shipped = load_tracker_file(DEFAULT_DATA_DIR / rebuilt.name)
        fresh = load_tracker_file(rebuilt)
        assert shipped.about == fresh.about, rebuilt.name
        for key, frame in fresh.tables.items():
            pd.testing.assert_frame_equal(shipped.tables[key], frame, obj=f"{rebuilt.name}/{key}")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in DEFAULT_DATA_DIR.glob("*.xlsx")
    )
