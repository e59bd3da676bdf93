"""The sidebar filters: dates typed into one large text field each (WCAG 2.2 target size), and filter
buttons whose labels fit the sidebar."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from loaders.tracker_set import DEFAULT_DATA_DIR
from tests.test_pages import run_page, texts
from ui.filters import PILL_CHARACTERS, short_label, typed_date


@pytest.mark.parametrize(
    "text",
    [
        "08/02/2023",
        "8/2/2023",
        " 08/02/2023 ",
        "08-02-2023",
        "08.02.2023",
        "2023-02-08",
        "8 February 2023",
        "8 Feb 2023",
    ],
)
def test_a_date_reads_day_first_in_the_usual_ways(text: str) -> None:
    assert typed_date(text) == dt.date(2023, 2, 8)


def test_an_empty_field_is_no_date() -> None:
    assert typed_date("") is None
    assert typed_date("  ") is None


@pytest.mark.parametrize("text", ["31/02/2023", "next week", "2023", "08/02", "13/13/2023", "01/01/1899"])
def test_what_is_not_a_date_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="day/month/year"):
        typed_date(text)


def _date_fields(at: AppTest) -> dict[str, object]:
    return {t.label: t for t in at.sidebar.text_input if t.key in ("f_as_at", "f_from", "f_to")}


def test_the_sidebar_dates_are_text_fields_a_person_types_into(monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_page("pages/board/overview.py", DEFAULT_DATA_DIR, monkeypatch)
    assert not at.date_input, "Streamlit's date field draws day and month as 18x20 px targets"
    fields = _date_fields(at)
    assert sorted(fields) == ["As at", "From", "To"]
    assert fields["As at"].value == "08/02/2023"
    fields["As at"].input("10/01/2023").run()
    assert "As at **10 January 2023** · framework snapshot of 1 December 2022" in texts(at)
    assert at.query_params["as_at"] in ("2023-01-10", ["2023-01-10"])


def test_a_date_that_cannot_be_read_says_so_and_is_not_applied(monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_page("pages/board/overview.py", DEFAULT_DATA_DIR, monkeypatch)
    _date_fields(at)["From"].input("32/01/2023").run()
    assert any("From" in e.value and "day/month/year" in e.value for e in at.sidebar.error)
    assert "Filtered" not in texts(at)
    _date_fields(at)["From"].input("01/01/2023").run()
    assert not at.sidebar.error
    assert "Filtered" in texts(at)


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Full range of leaders in decision-making", "Full range of leaders…"),
        ("Involved in ICS planning and delivery", "Involved in ICS planning…"),
        ("A culture of shared learning", "A culture of shared learning"),
        ("Leadership Development", "Leadership Development"),
        ("Antidisestablishmentarianismforevermore", "Antidisestablishmentarianism…"),
    ],
)
def test_long_names_are_shortened_at_a_word_on_the_filter_buttons(name: str, shown: str) -> None:
    assert short_label(name, PILL_CHARACTERS - 3) == shown
    assert len(short_label(name, PILL_CHARACTERS - 3)) <= PILL_CHARACTERS - 3


def test_the_principle_buttons_fit_and_the_help_gives_the_full_names(monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_page("pages/board/overview.py", DEFAULT_DATA_DIR, monkeypatch)
    pills = at.pills(key="f_principles")
    labels = [option.content for option in pills.proto.options]
    assert all(len(label) <= PILL_CHARACTERS for label in labels), labels
    assert "Full range of leaders in decision\\-making" in pills.help


def test_the_cycle_start_on_the_priorities_page_is_a_typed_date_too(monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_page("pages/board/priorities.py", DEFAULT_DATA_DIR, monkeypatch)
    assert not at.date_input
    start = at.text_input(key="cycle_start")
    assert start.value == "01/12/2022"
    start.input("8/2/2023").run()
    assert "compared the snapshot of 8 February 2023" in texts(at)


def test_a_long_word_next_is_cut_inside_rather_than_leaving_one_short_word() -> None:
    """'Theme ![pixel](http://…' rather than 'Theme…': the label still shows what the name starts with."""
    shown = short_label("Theme ![pixel](http://evil.example/md.png) more words", 28)
    assert shown.startswith("Theme ![pixel](http") and shown.endswith("…") and len(shown) <= 28
