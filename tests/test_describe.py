"""Each chart's sentence states its figures, including when there are none."""

from __future__ import annotations

import pandas as pd

from metrics import describe
from metrics.engagement import profession_reach

T = pd.Timestamp


def events(rows: list[tuple[str, str, int | None, bool, int | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event": [r[0] for r in rows],
            "date": [T(r[1]) for r in rows],
            "attendees": pd.array([r[2] for r in rows], dtype="Int64"),
            "attendance_approximate": pd.array([r[3] for r in rows], dtype="boolean"),
            "volunteers": pd.array([r[4] for r in rows], dtype="Int64"),
        }
    )


def test_events_sentence() -> None:
    two = events([("Launch", "2022-05-10", 150, True, None), ("Second", "2022-10-01", 100, True, 13)])
    assert describe.events_sentence(two) == (
        "2 events from May 2022 to October 2022 drew about 250 attendees in all; the largest was Launch (about 150); "
        "13 people volunteered for follow-up work."
    )
    assert describe.events_sentence(events([])) == "There are no engagement events to show."


def test_coverage_sentence() -> None:
    grid = pd.DataFrame(
        {
            "theme_id": ["T1", "T1", "T2", "T2"],
            "principle": [1, 2, 1, 2],
            "strength": ["Primary", "", "Supporting", "Primary"],
        }
    )
    assert describe.coverage_sentence(grid) == (
        "2 themes address 2 principles with 3 marks (2 primary, 1 supporting); principle 2 is addressed by the "
        "fewest themes (1)."
    )
    assert (
        describe.coverage_sentence(grid.assign(strength=""))
        == "No theme is marked against any principle yet."
    )


def test_timeline_sentence() -> None:
    frame = pd.DataFrame(
        {"due_date": [T("2023-03-01"), T("2023-05-31"), pd.NaT], "overdue": [True, False, False]}
    )
    assert describe.timeline_sentence(frame, T("2023-03-10")) == (
        "2 priorities are due between 1 March 2023 and 31 May 2023; 1 is overdue as at 10 March 2023."
    )
    assert describe.timeline_sentence(frame.iloc[2:], None).startswith("No priority has a due date")


def test_agenda_sentence() -> None:
    counts = pd.DataFrame(
        {
            "month": [T("2022-01-01"), T("2022-02-01"), T("2022-02-01")],
            "outcome_label": ["Supported", "Supported", "Noted"],
            "items": [1, 2, 1],
        }
    )
    assert describe.agenda_sentence(counts, "outcome_label", "outcome") == (
        "4 agenda items from January 2022 to February 2022; by outcome, the most were Supported (3)."
    )
    assert (
        describe.agenda_sentence(counts.iloc[0:0], "outcome_label", "outcome")
        == "There are no CPLG agenda items to show."
    )


def test_reach_sentence() -> None:
    breakdown = pd.DataFrame(
        {"event_id": ["E1", "E1"], "profession": ["Pharmacists", "Nurses"], "attendees": [4, 0]}
    )
    reach = profession_reach(breakdown, pd.Series(["E1"]))
    sentence = describe.reach_sentence(reach)
    assert sentence.startswith(
        "1 of the 13 professions named in principle 1 attended; not reached: Allied health professionals"
    )
    assert sentence.endswith("and 8 more.")


def test_changes_and_breakdown_sentences_when_nothing_happened() -> None:
    summary = pd.Series(0, index=["Delivered", "Moved forward", "Slipped", "New", "Removed"])
    assert describe.changes_sentence(summary, T("2022-12-01"), T("2023-02-08")) == (
        "No priority changed status between 1 December 2022 and 8 February 2023."
    )
    empty = pd.DataFrame({"profession": [], "attendees": []})
    assert (
        describe.breakdown_sentence(empty, "profession", "profession")
        == "No attendance by profession is recorded."
    )


def test_principle_progress_sentence_when_no_principle_has_priorities() -> None:
    progress = pd.DataFrame(
        {"principle": [1], "title": ["x"], "priorities": [0], "share_Complete": [float("nan")]}
    )
    assert describe.principle_progress_sentence(progress) == (
        "No principle has any priorities yet, so progress cannot be measured."
    )
