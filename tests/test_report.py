"""The report layer: sections built once from a View, the words every renderer shows."""

from __future__ import annotations

import pandas as pd
import pytest

from formatting import long_date, short_date, xml_text
from loaders.tracker_set import load_default_set
from metrics.filters import Filters
from metrics.view import View, build_view
from report import sections as story
from report import snapshots
from report.period import reporting_period
from report.section_types import Figure, Table


@pytest.fixture(scope="module")
def view() -> View:
    return build_view(load_default_set(), Filters())


def test_figures_say_their_value_total_and_change_in_words() -> None:
    since = pd.Timestamp("2022-12-01")
    assert Figure("Complete", 1, 24, 0, since).text == "1 of 24"
    assert Figure("Complete", 1, 24, 0, since).change_text == "+1 since 1 December 2022"
    assert Figure("Complete", 1, 24, 1, since).change_text == "no change since 1 December 2022"
    assert Figure("Open", 8, 24, 12, since).change_short == "−4"
    assert Figure("Themes", 1204).text == "1,204" and Figure("Themes", 8).change_text is None
    assert Figure("Attendees", 250, note="approximate").text == "about 250"


def test_headline_is_the_overview_story(view: View) -> None:
    headline = story.headline(view)
    figures = {f.label: (f.text, f.change_text) for f in headline.figures}
    assert figures["Complete"] == ("1 of 24", "+1 since 1 December 2022")
    assert figures["Not started or deferred"] == ("12 of 24", "-4 since 1 December 2022")
    assert figures["Principles addressed"] == ("5 of 5", None)
    assert headline.sentence.startswith("1 of 24 priorities is complete")


def test_table_cells_read_as_a_person_reads_them() -> None:
    frame = pd.DataFrame(
        {
            "status": ["At risk", None],
            "due_date": [pd.Timestamp("2023-05-31"), pd.NaT],
            "outcomes": [("Noted", "Approved"), "x"],
            "priorities": [3.0, 2.5],
        }
    )
    table = Table(frame, ("status", "due_date", "outcomes", "priorities", "missing"))
    assert table.headings() == ["Status", "Due", "Outcomes in order", "Priorities"]
    assert table.rows() == [["▲ At risk", "31 May 2023", "Noted, Approved", "3"], ["–", "–", "x", "2.5"]]


def test_a_change_without_a_note_says_no_reason_is_recorded() -> None:
    row = pd.Series(
        {
            "priority_id": "P1",
            "priority": "Agree ToR",
            "before": "On track",
            "after": "Complete",
            "change": "Delivered",
            "notes": None,
        }
    )
    assert snapshots.change_line(row) == (
        "P1 Agree ToR moved from ● On track to ✔ Complete (Delivered). No reason recorded."
    )
    added = row.copy()
    added["before"], added["notes"] = pd.NA, "New this cycle"
    assert (
        snapshots.change_line(added) == "P1 Agree ToR was added as ✔ Complete. Reason given: New this cycle"
    )


def test_the_period_runs_after_the_previous_snapshot_to_the_as_at_date(view: View) -> None:
    period = reporting_period(view)
    assert (period.start, period.end) == (pd.Timestamp("2022-12-01"), pd.Timestamp("2023-02-08"))
    dates = pd.Series(pd.to_datetime(["2022-12-01", "2022-12-02", "2023-02-08", "2023-02-09", None]))
    assert period.contains(dates).tolist() == [False, True, True, False, False]
    assert period.describe() == "between 1 December 2022 and 8 February 2023"


def test_only_one_snapshot_says_there_is_nothing_to_compare() -> None:
    early = build_view(load_default_set(), Filters(as_at=pd.Timestamp("2022-12-20")))
    changes = snapshots.changes(early)
    assert changes.table is None and "only one framework snapshot" in changes.empty


def test_formatting_is_the_same_everywhere() -> None:
    assert long_date(pd.Timestamp("2023-02-08")) == "8 February 2023"
    assert short_date(pd.Timestamp("2023-02-08")) == "8 Feb 2023"
    assert long_date(pd.NaT) == "–" and long_date(None) == "–"
    assert xml_text("a\x00b\x1fc\td\ne\ud800") == "abc\td\ne"
