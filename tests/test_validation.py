"""Validation of tracker contents: what is tolerated, and every error kind with its row and column."""

import datetime as dt

import pandas as pd

from domain import Kind
from loaders.problems import Severity
from tests.conftest import COVERAGE, CPLG, ENGAGEMENT, FRAMEWORK, codes, load, only, sheets_copy


def test_good_framework_loads_typed() -> None:
    tracker = load(FRAMEWORK)
    assert tracker.ok, tracker.problems
    assert tracker.kind is Kind.FRAMEWORK
    assert tracker.as_at == pd.Timestamp("2023-02-08")
    priorities = tracker.tables["priorities"]
    assert str(priorities["priority_id"].dtype) == "string"
    assert str(priorities["due_date"].dtype) == "datetime64[ns]"
    assert isinstance(priorities["status"].dtype, pd.CategoricalDtype)
    assert priorities["status"].cat.ordered
    assert priorities["percent_complete"].tolist()[:2] == [50, 100]
    assert priorities["_row"].tolist() == [2, 3, 4]


def test_messy_but_acceptable_framework() -> None:
    sheets = sheets_copy(FRAMEWORK)
    sheets["priorities "] = sheets.pop("Priorities")  # sheet name with a stray space
    rows = sheets["priorities "]
    rows[0] = [
        " priority id",
        "THEME ID",
        "Priority ",
        "owner",
        "Due Date:",
        "RAG",
        "% complete",
        "Notes",
        "My column",
    ]
    rows[1] = ["p1", "T1", "Review language", "CPLG", "31/05/2023", "green", "50%", None, "kept"]
    rows[2] = [
        "P2",
        None,
        "Socialise the model",
        None,
        "31st May 2023",
        "DONE",
        1,
        "Done",
        None,
    ]  # theme blank
    rows[3] = ["P3", "T2", "Confirm resourcing", "ICB", "31 Mar 23", "amber", None, None, None]
    rows += [
        [None] * 9,
        [None] * 9,
        ["", " ", None, None, None, None, None, None, None],
    ]  # blank trailing rows
    tracker = load(sheets)
    assert tracker.ok, tracker.problems
    assert tracker.warnings == []
    priorities = tracker.tables["priorities"]
    assert priorities["priority_id"].tolist() == ["P1", "P2", "P3"]
    assert priorities["theme_id"].tolist() == ["T1", "T1", "T2"]  # blank filled down, as if merged
    assert priorities["status"].tolist() == ["On track", "Complete", "At risk"]
    assert priorities["due_date"].tolist() == [
        pd.Timestamp("2023-05-31"),
        pd.Timestamp("2023-05-31"),
        pd.Timestamp("2023-03-31"),
    ]
    assert priorities["My column"].tolist()[0] == "kept"


def test_every_problem_is_reported_at_once_with_row_and_column() -> None:
    sheets = sheets_copy(FRAMEWORK)
    sheets["Priorities"] += [
        ["P1", "T1", "Repeat id", None, dt.date(2023, 5, 31), "On track", None, None],  # duplicate id, row 5
        ["P5", "T9", "Unknown theme", None, dt.date(2023, 5, 31), "On track", None, None],  # row 6
        ["P6", "T1", "Bad status", None, dt.date(2023, 5, 31), "Brilliant", None, None],  # row 7
        ["P7", "T1", "Bad date", None, "next spring", "On track", None, None],  # row 8
        ["P8", "T1", None, None, dt.date(2023, 5, 31), "On track", "150%", None],  # row 9: blank, bad percent
    ]
    tracker = load(sheets, "framework.xlsx")
    assert not tracker.ok
    found = {(p.code, p.row, p.column, p.value) for p in tracker.errors}
    assert ("duplicate_id", 5, "Priority ID (A)", "P1") in found
    assert ("unknown_reference", 6, "Theme ID (B)", "T9") in found
    assert ("bad_choice", 7, "Status (F)", "Brilliant") in found
    assert ("bad_date", 8, "Due date (E)", "next spring") in found
    assert ("blank", 9, "Priority (C)", None) in found
    assert ("bad_percent", 9, "Percent complete (G)", "150%") in found
    assert all(p.file == "framework.xlsx" and p.sheet == "Priorities" for p in tracker.errors)
    status = only(tracker.errors, "bad_choice")[0]
    assert "On track" in status.fix and "Complete" in status.fix


def test_missing_sheet_and_missing_column_name_what_to_add() -> None:
    sheets = sheets_copy(FRAMEWORK)
    del sheets["Themes"]
    sheets["Priorities"][0] = ["Priority ID", "Theme ID", "Priority", "Owner", "Due date", "State"]
    tracker = load(sheets)
    missing_sheet = only(tracker.errors, "missing_sheet")
    assert [p.sheet for p in missing_sheet] == ["Themes"]
    missing_column = only(tracker.errors, "missing_column")
    assert [(p.sheet, p.column, p.row) for p in missing_column] == [("Priorities", "Status", 1)]
    assert "'State'" in missing_column[0].message


def test_optional_sheet_may_be_missing_or_empty() -> None:
    sheets = sheets_copy(FRAMEWORK)
    del sheets["Achievements"]
    tracker = load(sheets)
    assert tracker.ok
    assert tracker.tables["achievements"].empty
    assert "achievement" in tracker.tables["achievements"].columns


def test_required_sheet_with_only_headings_loads_empty() -> None:
    sheets = sheets_copy(ENGAGEMENT)
    sheets["Events"] = sheets["Events"][:1]
    tracker = load(sheets)
    assert tracker.ok
    assert tracker.tables["events"].empty


def test_missing_or_bad_as_at_date_is_an_error_on_the_about_sheet() -> None:
    sheets = sheets_copy(FRAMEWORK)
    sheets["About"][2] = ["As at", "last week"]
    tracker = load(sheets)
    assert [(p.code, p.sheet, p.row) for p in tracker.errors] == [("bad_date", "About", 3)]


def test_implausible_date_is_a_warning_with_its_row_and_a_suggestion() -> None:
    sheets = sheets_copy(CPLG)
    sheets["Agenda items"].append(
        [
            "C3",
            "20 September 2002",
            "CPLG Terms of Reference",
            "CCPL Development",
            "SM",
            "z",
            "CPLG approved",
            None,
            "T1",
        ]
    )
    tracker = load(sheets)
    assert tracker.ok
    flagged = only(tracker.warnings, "implausible_date")
    assert [(p.row, p.column, p.value) for p in flagged] == [(4, "Meeting date (B)", "20 September 2002")]
    assert "20 September 2022" in flagged[0].message


def test_coverage_matrix_reads_ticks_and_names_unknown_principles() -> None:
    tracker = load(COVERAGE)
    assert tracker.ok, tracker.problems
    coverage = tracker.tables["coverage"]
    assert coverage[["theme_id", "principle", "strength"]].astype(str).values.tolist() == [
        ["T1", "1", "Primary"],
        ["T1", "2", "Supporting"],
        ["T2", "2", "Primary"],
    ]
    sheets = sheets_copy(COVERAGE)
    sheets["Coverage"][0].append("Principle 6")
    sheets["Coverage"][1].append("Primary")
    sheets["Coverage"][2].append("maybe")
    tracker = load(sheets)
    assert codes(tracker.errors) == ["bad_mark", "unknown_principle"]
    assert tracker.errors[0].row == 3
    assert "principle 6" in tracker.errors[1].message


def test_engagement_breakdown_must_name_a_known_event() -> None:
    sheets = sheets_copy(ENGAGEMENT)
    sheets["By profession"] = [
        ["Event ID", "Profession", "Attendees"],
        ["E1", "Pharmacists", 9],
        ["E9", "Nurses", 4],
    ]
    tracker = load(sheets)
    assert [(p.code, p.sheet, p.row) for p in tracker.errors] == [("unknown_reference", "By profession", 3)]


def test_cplg_outcome_is_read_from_the_recommendation_when_blank() -> None:
    tracker = load(CPLG)
    assert tracker.ok
    agenda = tracker.tables["agenda_items"]
    assert agenda["outcome"].tolist() == ["Not supported", "Noted"]
    assert codes(tracker.warnings) == ["outcome_inferred", "facet_not_recorded"]
    assert tracker.tables["agenda_themes"].values.tolist() == [["C1", "T1"], ["C2", "T1"], ["C2", "T2"]]


def test_tracker_kind_on_about_sheet_that_disagrees_is_a_warning() -> None:
    sheets = sheets_copy(FRAMEWORK)
    sheets["About"][1] = ["Tracker", "Engagement events"]
    tracker = load(sheets)
    assert tracker.ok
    assert [p.code for p in tracker.warnings] == ["tracker_mismatch"]
    assert tracker.warnings[0].severity is Severity.WARNING


def test_many_bad_rows_are_summarised_after_the_first_fifty() -> None:
    sheets = sheets_copy(FRAMEWORK)
    sheets["Priorities"] += [
        [f"X{i}", "T1", "x", None, "someday", "On track", None, None] for i in range(120)
    ]
    tracker = load(sheets)
    bad_dates = only(tracker.errors, "bad_date")
    assert len(bad_dates) == 51
    assert "70 more rows" in bad_dates[-1].message
