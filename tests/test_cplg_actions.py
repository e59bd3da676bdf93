"""The CPLG Actions sheet on real xlsx files: optional, checked against the agenda, due dates or 'next meeting'."""

import datetime as dt

import pandas as pd

from data import seed_content as seed
from domain import ACTION_STATUSES, NEXT_MEETING, Kind
from loaders.templates import template_bytes
from loaders.tracker_set import load_default_set
from loaders.trackers import load_tracker
from metrics.cplg import matters_arising, returning_items
from tests.conftest import CPLG, codes, load, only, sheets_copy

ACTIONS_HEADER = ["Action ID", "Item ID", "Action", "Owner", "Due", "Status", "Update"]


def with_actions(*rows: list[object]) -> dict:
    sheets = sheets_copy(CPLG)
    sheets["Actions"] = [ACTIONS_HEADER, *rows]
    return sheets


def test_an_agenda_log_without_actions_still_loads() -> None:
    tracker = load(CPLG)
    assert tracker.ok, tracker.problems
    assert tracker.tables["actions"].empty
    assert "missing_sheet" not in codes(tracker.problems)


def test_actions_are_read_with_due_dates_and_next_meeting() -> None:
    tracker = load(
        with_actions(
            ["A1", "C1", "Refine the tool", "DM", NEXT_MEETING.lower(), "Open", None],
            [
                "A2",
                "c2",
                "Engage primary care",
                None,
                dt.date(2022, 10, 31),
                "closed",
                "Done at October CPLG",
            ],
            ["A3", "C2", "Collate comments", None, None, "Not recorded", None],
        )
    )
    assert tracker.ok, tracker.problems
    actions = tracker.tables["actions"]
    assert list(actions["status"].astype(str)) == ["Open", "Done", "Not recorded"]
    assert list(actions["due_next_meeting"]) == [True, False, False]
    assert actions["due_date"].iloc[1] == pd.Timestamp(2022, 10, 31)
    assert pd.isna(actions["due_date"].iloc[2])


def test_an_action_from_an_item_that_does_not_exist_is_an_error() -> None:
    tracker = load(with_actions(["A1", "C9", "Refine the tool", None, None, "Open", None]))
    [problem] = only(tracker.errors, "unknown_reference")
    assert (problem.sheet, problem.row, problem.value) == ("Actions", 2, "C9")
    assert "'C9' is not a agenda item on the Agenda items sheet" in problem.message or "C9" in problem.message


def test_a_due_that_is_neither_a_date_nor_next_meeting_is_an_error() -> None:
    tracker = load(with_actions(["A1", "C1", "Refine the tool", None, "soonish", "Open", None]))
    [problem] = only(tracker.errors, "bad_due")
    assert problem.row == 2 and problem.value == "soonish"
    assert NEXT_MEETING in problem.message


def test_an_unknown_action_status_is_an_error_naming_the_allowed_ones() -> None:
    tracker = load(with_actions(["A1", "C1", "Refine the tool", None, None, "Pending-ish", None]))
    [problem] = only(tracker.errors, "bad_choice")
    assert all(status in problem.fix for status in ACTION_STATUSES)


def test_repeated_action_ids_are_an_error() -> None:
    tracker = load(
        with_actions(
            ["A1", "C1", "One", None, None, "Open", None],
            ["A1", "C2", "Two", None, None, "Open", None],
        )
    )
    assert only(tracker.errors, "duplicate_id")


def test_the_template_has_an_actions_sheet_with_its_status_drop_down() -> None:
    tracker = load_tracker(template_bytes(Kind.CPLG), "template.xlsx")
    assert "actions" in tracker.tables
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(template_bytes(Kind.CPLG)))["Actions"]
    lists = {dv.formula1 for dv in sheet.data_validations.dataValidation if dv.type == "list"}
    assert '"' + ",".join(ACTION_STATUSES) + '"' in lists


def test_default_actions_are_the_recommendations_words_not_recorded() -> None:
    actions = load_default_set().cplg.tables["actions"]
    agenda = load_default_set().cplg.tables["agenda_items"].set_index("item_id")
    assert len(actions) == len(seed.ACTIONS) > 5
    assert set(actions["status"].astype(str)) == {"Not recorded"}
    for row in actions.itertuples():
        assert row.action in agenda.loc[row.item_id, "recommendation"], row.action_id
        assert row.basis.startswith("Assumption: read from the recommendation")
    owners = dict(zip(actions["item_id"], actions["owner"], strict=True))
    assert owners["C12"] == "Helen Hipkiss (HH)" and pd.isna(owners["C21"])


def test_matters_arising_are_open_actions_overdue_first() -> None:
    tracker = load(
        with_actions(
            ["A1", "C2", "Later, not yet due", None, dt.date(2030, 1, 1), "Open", None],
            ["A2", "C1", "Due at the next meeting, which has happened", None, NEXT_MEETING, "Open", None],
            ["A3", "C1", "Closed", None, dt.date(2022, 3, 1), "Done", None],
            ["A4", "C2", "Due at the next meeting, not held yet", None, NEXT_MEETING, "Not recorded", None],
            ["A5", "C1", "Overdue by date", None, dt.date(2022, 3, 1), "Open", None],
        )
    )
    arising = matters_arising(
        tracker.tables["actions"], tracker.tables["agenda_items"], pd.Timestamp(2023, 1, 1)
    )
    assert list(arising["action_id"]) == ["A5", "A2", "A1", "A4"]
    assert list(arising["overdue"]) == [True, True, False, False]
    assert arising.loc[1, "due_label"] == f"{NEXT_MEETING} (20 Sep 2022)"
    assert arising.loc[3, "due_label"] == NEXT_MEETING


def test_items_that_came_back_link_to_each_other_in_the_default_log() -> None:
    agenda = load_default_set().cplg.tables["agenda_items"]
    links = returning_items(agenda).set_index("item_id")
    headache = agenda.loc[agenda["item"] == "Headache Pathway", "item_id"].tolist()
    first, back = headache
    assert links.loc[first, "later"] == (back,) and links.loc[back, "earlier"] == (first,)
    assert links.loc[first, "links"] == "Came back as C19 (20 Sep 2022)"
    assert links.loc[back, "links"].startswith("First presented as C02 (8 Feb 2022)")


def test_matters_arising_of_a_log_without_actions_is_empty_not_an_error() -> None:
    tracker = load(CPLG)
    arising = matters_arising(
        tracker.tables["actions"], tracker.tables["agenda_items"], pd.Timestamp(2023, 1, 1)
    )
    assert arising.empty and "due_label" in arising
