"""Metrics on small hand-computed cases."""

from __future__ import annotations

import pandas as pd
import pytest

from metrics import describe
from metrics.changes import change_summary, cycle_end, cycle_review, status_changes
from metrics.cplg import recurring_items, search
from metrics.filters import (
    Filters,
    filter_priorities,
    from_query,
    query_notes,
    selected_themes,
    to_query,
)
from metrics.progress import (
    EvidenceSources,
    enrich_priorities,
    evidence_for,
    principle_progress,
    thin_evidence,
)

T = pd.Timestamp


def priorities(rows: list[tuple[str, str, str]], due: str = "2023-05-31") -> pd.DataFrame:
    """Priorities from (id, theme, status)."""
    frame = pd.DataFrame(rows, columns=["priority_id", "theme_id", "status"])
    return frame.assign(
        priority=frame["priority_id"] + " text",
        owner=pd.Series([None] * len(frame), dtype="string"),
        due_date=T(due),
        notes=pd.Series([None] * len(frame), dtype="string"),
        status=pd.Categorical(
            frame["status"],
            categories=["Not started", "On track", "At risk", "Off track", "Deferred", "Complete"],
            ordered=True,
        ),
    )


THEMES = pd.DataFrame({"theme_id": ["T1", "T2", "T3"], "theme": ["One", "Two", "Three"]})
PRINCIPLES = pd.DataFrame({"principle": [1, 2], "title": ["First", "Second"], "text": ["p1", "p2"]})
COVERAGE = pd.DataFrame(
    {
        "theme_id": ["T1", "T2", "T3"],
        "principle": [1, 1, 2],
        "strength": ["Primary", "Supporting", "Primary"],
    }
)


def test_principle_covered_by_two_themes_with_3_of_4_complete_shows_75_percent() -> None:
    rows = [
        ("P1", "T1", "Complete"),
        ("P2", "T1", "Complete"),
        ("P3", "T2", "Complete"),
        ("P4", "T2", "At risk"),
        ("P5", "T3", "On track"),
    ]
    progress = principle_progress(priorities(rows), COVERAGE, PRINCIPLES).set_index("principle")
    assert progress.loc[1, "priorities"] == 4
    assert progress.loc[1, "share_Complete"] == 75.0
    assert progress.loc[1, "share_At risk"] == 25.0
    assert progress.loc[1, "themes"] == 2 and progress.loc[1, "primary_themes"] == 1
    assert progress.loc[2, "share_On track"] == 100.0


def test_principle_with_no_priorities_has_no_share_rather_than_zero() -> None:
    progress = principle_progress(priorities([("P1", "T1", "Complete")]), COVERAGE, PRINCIPLES).set_index(
        "principle"
    )
    assert progress.loc[2, "priorities"] == 0
    assert pd.isna(progress.loc[2, "share_Complete"])


def test_overdue_is_judged_against_the_as_at_date_not_the_clock() -> None:
    rows = [("P1", "T1", "On track"), ("P2", "T1", "Complete"), ("P3", "T1", "Deferred")]
    before = enrich_priorities(priorities(rows, due="2023-03-01"), THEMES, T("2023-02-08"))
    assert not before["overdue"].any()
    after = enrich_priorities(priorities(rows, due="2023-03-01"), THEMES, T("2023-03-11"))
    assert after["overdue"].tolist() == [True, False, False]  # complete and deferred are never overdue
    assert after.loc[0, "days_overdue"] == 10
    assert after["needs_attention"].tolist() == [True, False, True]
    assert after["owner"].tolist() == ["Not recorded"] * 3


def sources(achievements: int = 0, decisions: dict[str, int] | None = None) -> EvidenceSources:
    decisions = decisions or {}
    items = [(f"C{t}{i}", t) for t, n in decisions.items() for i in range(n)]
    return EvidenceSources(
        achievements=pd.DataFrame({"theme_id": ["T1"] * achievements}),
        priorities=priorities([]),
        events=pd.DataFrame({"event_id": pd.Series(dtype="string")}),
        event_themes=pd.DataFrame(
            {"event_id": pd.Series(dtype="string"), "theme_id": pd.Series(dtype="string")}
        ),
        agenda=pd.DataFrame({"item_id": [i for i, _ in items]}),
        agenda_themes=pd.DataFrame({"item_id": [i for i, _ in items], "theme_id": [t for _, t in items]}),
    )


def test_thin_evidence_counts_only_what_comes_through_primary_themes() -> None:
    thin = thin_evidence(
        PRINCIPLES, COVERAGE, sources(achievements=3, decisions={"T1": 2, "T2": 9})
    ).set_index("principle")
    # Principle 1: one primary theme (T1) with 3 achievements + 2 decisions = 5; T2 is only supporting.
    assert thin.loc[1, "primary_themes"] == 1
    assert thin.loc[1, "evidence_items"] == 5
    assert thin.loc[1, "thin"]
    assert thin.loc[1, "why_thin"] == "1 primary theme"
    assert (
        thin.loc[2, "why_thin"]
        == "1 primary theme; 0 achievements, events and decisions through its primary themes"
    )


def test_evidence_for_a_theme_gathers_each_kind() -> None:
    evidence = evidence_for("T1", sources(achievements=2, decisions={"T1": 1, "T2": 1}))
    assert (len(evidence.achievements), len(evidence.decisions), evidence.total) == (2, 1, 3)


def test_status_changes_read_forward_slipped_delivered_new_and_removed() -> None:
    before = priorities(
        [
            ("P1", "T1", "On track"),
            ("P2", "T1", "On track"),
            ("P3", "T1", "Not started"),
            ("P4", "T1", "At risk"),
            ("P5", "T1", "On track"),
        ]
    )
    after = priorities(
        [
            ("P1", "T1", "Complete"),
            ("P2", "T1", "At risk"),
            ("P3", "T1", "On track"),
            ("P4", "T1", "At risk"),
            ("P6", "T1", "Not started"),
        ]
    )
    changes = status_changes(before, after).set_index("priority_id")
    assert changes["change"].astype(str).to_dict() == {
        "P1": "Delivered",
        "P3": "Moved forward",
        "P2": "Slipped",
        "P6": "New",
        "P5": "Removed",
    }
    summary = change_summary(status_changes(before, after))
    assert summary[summary > 0].to_dict() == {
        "Delivered": 1,
        "Moved forward": 1,
        "Slipped": 1,
        "New": 1,
        "Removed": 1,
    }


def test_deferral_is_its_own_class() -> None:
    """Issue 18 item 6: deferring is a decision, named as such, not counted as slipping."""
    changes = status_changes(
        priorities([("P1", "T1", "Not started")]), priorities([("P1", "T1", "Deferred")])
    )
    assert changes["change"].astype(str).tolist() == ["Deferred"]


def test_cycle_review_marks_delivered_carried_over_and_dropped() -> None:
    start = priorities([("P1", "T1", "On track"), ("P2", "T1", "On track"), ("P3", "T1", "Not started")])
    middle = priorities([("P1", "T1", "On track"), ("P2", "T1", "On track"), ("P3", "T1", "Not started")])
    end = priorities([("P1", "T1", "Complete"), ("P2", "T1", "Deferred"), ("P4", "T1", "Not started")])
    snapshots = [
        (T("2022-12-01"), start),
        (T("2023-02-08"), middle),
        (T("2023-05-31"), end),
        (T("2023-07-01"), end),
    ]
    review = cycle_review(snapshots, T("2022-12-01"))
    assert review.end == T("2023-05-31") == cycle_end(T("2022-12-01"))
    assert (review.start_snapshot, review.end_snapshot) == (T("2022-12-01"), T("2023-05-31"))
    assert review.complete
    outcome = review.table.set_index("priority_id")["outcome"].astype(str).to_dict()
    assert outcome == {"P1": "Delivered", "P2": "Carried over", "P3": "Dropped"}
    assert review.added["priority_id"].tolist() == ["P4"]
    assert review.counts().tolist() == [1, 1, 1]


def test_cycle_still_running_and_cycle_without_snapshots() -> None:
    running = cycle_review([(T("2022-12-01"), priorities([("P1", "T1", "On track")]))], T("2022-12-01"))
    assert not running.complete
    assert "still running" in describe.cycle_sentence(running.counts(), running.start, running.complete)
    empty = cycle_review([(T("2022-12-01"), priorities([]))], T("2024-01-01"))
    assert empty.start_snapshot is None
    assert "cannot be reviewed" in describe.cycle_sentence(empty.counts(), empty.start, empty.complete)


def agenda() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "item_id": ["C1", "C2", "C3", "C4"],
            "meeting_date": [T("2022-02-08"), T("2022-09-20"), T("2022-05-17"), T("2022-06-28")],
            "item": ["Headache Pathway", "headache pathway.", "Dental Services", "Quality Strategy"],
            "presenter": ["Dom Moore", "Dom Moore", "Rami Khatib", "Helen Hipkiss"],
            "overview": ["pathway", "amendments", "dentistry pressures", "draft strategy"],
            "recommendation": ["unable to support", "further development", "noted", "supported"],
            "facet": pd.Categorical(
                [None, "ICB (NHS)", None, None], categories=["ICB (NHS)", "ICP", "CCPL Development"]
            ),
            "outcome": pd.Categorical(["Not supported", "Further work", "Noted", "Supported"]),
        }
    )


def test_items_that_came_back_match_titles_in_any_case_and_show_their_outcomes() -> None:
    again = recurring_items(agenda())
    assert again[["item", "times", "outcomes", "item_ids"]].values.tolist() == [
        ["headache pathway.", 2, "Not supported → Further work", "C1, C2"]
    ]


def test_search_needs_every_word_in_any_searched_column() -> None:
    assert search(agenda(), "dom PATHWAY")["item_id"].tolist() == ["C1", "C2"]
    assert search(agenda(), "dentistry")["item_id"].tolist() == ["C3"]
    assert search(agenda(), "  ")["item_id"].tolist() == ["C1", "C2", "C3", "C4"]


def test_principle_filter_selects_the_themes_that_address_it() -> None:
    assert selected_themes(THEMES["theme_id"], COVERAGE, Filters(principles=(1,))) == {"T1", "T2"}
    assert selected_themes(THEMES["theme_id"], COVERAGE, Filters(themes=("T1", "T3"), principles=(1,))) == {
        "T1"
    }


def test_owner_filter_finds_blank_owners_as_not_recorded_and_dates_keep_undated_rows() -> None:
    frame = priorities([("P1", "T1", "On track"), ("P2", "T1", "On track")])
    frame["owner"] = pd.Series(["ICB", None], dtype="string")
    frame.loc[1, "due_date"] = pd.NaT
    kept = filter_priorities(frame, {"T1"}, Filters(owners=("Not recorded",)))
    assert kept["priority_id"].tolist() == ["P2"]
    kept = filter_priorities(frame, {"T1"}, Filters(date_to=T("2023-01-01")))
    assert kept["priority_id"].tolist() == ["P2"]


OPTIONS = {
    "themes": ["T1", "T2"],
    "principles": [1, 2, 3],
    "statuses": ["On track", "Complete"],
    "owners": ["ICB", "Not recorded"],
}


def test_query_string_round_trips_and_drops_defaults() -> None:
    filters = Filters(
        themes=("T2",),
        principles=(3,),
        statuses=("Complete",),
        owners=("ICB",),
        date_from=T("2022-01-01"),
        as_at=T("2023-01-10"),
    )
    query = to_query(filters, default_as_at=T("2023-02-08"))
    assert query == {
        "theme": ["T2"],
        "status": ["Complete"],
        "owner": ["ICB"],
        "principle": ["3"],
        "from": ["2022-01-01"],
        "as_at": ["2023-01-10"],
    }
    assert from_query(query, OPTIONS, T("2023-02-08")) == filters
    assert to_query(Filters(as_at=T("2023-02-08")), T("2023-02-08")) == {}


def test_a_shared_link_with_unknown_values_keeps_only_what_the_data_has() -> None:
    shared = from_query(
        {"theme": ["t1", "T9"], "principle": ["7", "2"], "as_at": ["31/02/2023"], "to": ["2023-13-01"]},
        OPTIONS,
        T("2023-02-08"),
    )
    assert shared == Filters(themes=("T1",), principles=(2,), as_at=T("2023-02-08"))


@pytest.mark.parametrize(
    ("rows", "sentence"),
    [
        ([], "There are no priorities to show."),
        (
            [
                ("P1", "T1", "Complete"),
                ("P2", "T2", "At risk"),
                ("P3", "T2", "At risk"),
                ("P4", "T1", "On track"),
            ],
            "1 of 4 priorities is complete; 2 are at risk, all in the Two theme (the rest: 1 on track).",
        ),
        (
            [("P1", "T1", "On track")],
            "0 of 1 priority is complete; none is at risk or off track (the rest: 1 on track).",
        ),
    ],
)
def test_status_sentence_states_the_figures(rows: list[tuple[str, str, str]], sentence: str) -> None:
    frame = enrich_priorities(priorities(rows), THEMES, T("2023-02-08"))
    assert describe.status_sentence(frame) == sentence


@pytest.mark.parametrize(
    ("query", "ignored"),
    [
        ({"from": ["0001-01-01"]}, "from"),
        ({"to": ["9999-12-31"]}, "to"),
        ({"as_at": ["9999-12-31"]}, "as_at"),
        ({"as_at": ["1899-12-30"]}, "as_at"),
    ],
)
def test_a_shared_link_with_a_date_out_of_range_is_ignored_with_a_note(
    query: dict[str, list[str]], ignored: str
) -> None:
    shared = from_query(query, OPTIONS, T("2023-02-08"))
    assert shared == Filters(as_at=T("2023-02-08"))
    notes = query_notes(query)
    assert len(notes) == 1 and query[ignored][0] in notes[0] and "ignored" in notes[0]
    assert query_notes({"from": ["2022-01-01"], "as_at": ["2023-01-10"]}) == []
