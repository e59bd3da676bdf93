"""An exported table says everything that narrowed it (issue 18 #10): the About sheet of the CPLG log's Excel
export said 'Filters: None: everything is included' after a search had narrowed the log to a few rows. Every
narrowing is recorded: the sidebar filters, the search, the theme or principle chosen on the page, the
snapshots compared."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator

import pytest
from openpyxl import load_workbook
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from exports.tables import ABOUT_SHEET
from tests.test_pages import ENTRY


@pytest.fixture
def deferred(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Callable[[], bytes]]]:
    """The callables behind deferred download buttons, by file id, as a click would run them."""
    seen: dict[str, Callable[[], bytes]] = {}
    original = MediaFileManager.add_deferred

    def recording(
        self: MediaFileManager, data_callable: Callable[[], bytes], *args: object, **kwargs: object
    ) -> str:
        file_id = original(self, data_callable, *args, **kwargs)  # type: ignore[arg-type]
        seen[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", recording)
    yield seen


def about_sheet(at: AppTest, deferred: dict[str, Callable[[], bytes]], title: str) -> dict[str, str]:
    """Open the table's downloads, 'click' its Excel button and read the About sheet."""
    key = next(b.proto.id for b in at.get("download_button") if b.proto.label == f"Download Excel: {title}")
    button = next(b for b in at.get("download_button") if b.proto.id == key)
    workbook = load_workbook(io.BytesIO(deferred[button.proto.deferred_file_id]()))
    return {row[0]: row[1] for row in workbook[ABOUT_SHEET].iter_rows(min_row=2, values_only=True)}


def opened(at: AppTest, key: str) -> AppTest:
    at.session_state[key] = True  # the expander 'Download: ...' opened
    return at.run()


def page(name: str, **query: str | list[str]) -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(f"pages/board/{name}.py").run()


def test_a_search_of_the_agenda_log_is_recorded_in_the_export(
    deferred: dict[str, Callable[[], bytes]],
) -> None:
    at = page("cplg")
    at.text_input(key="cplg_search").input("headache").run()
    fields = about_sheet(opened(at, "cplg_table_downloads"), deferred, "Agenda log")
    assert fields["Filters"] != "None: everything is included"
    assert "Search: items containing 'headache' (2 of 21 items)" in fields["Filters"]


def test_the_search_is_recorded_beside_the_sidebar_filters(deferred: dict[str, Callable[[], bytes]]) -> None:
    at = page("cplg", theme="T8")
    at.text_input(key="cplg_search").input("pathway").run()
    fields = about_sheet(opened(at, "cplg_table_downloads"), deferred, "Agenda log")
    parts = fields["Filters"].split("; ")
    assert parts[0].startswith("Themes: ") and parts[-1].startswith("Search: items containing 'pathway' (")


def test_without_a_search_nothing_is_said_to_narrow(deferred: dict[str, Callable[[], bytes]]) -> None:
    at = opened(page("cplg"), "cplg_table_downloads")
    assert about_sheet(at, deferred, "Agenda log")["Filters"] == "None: everything is included"


def test_the_theme_chosen_on_the_themes_page_is_recorded(deferred: dict[str, Callable[[], bytes]]) -> None:
    at = page("themes")
    at.selectbox(key="theme_page_theme").set_value("T3").run()
    at.session_state["theme_priorities_open"] = True
    at = opened(at.run(), "theme_priorities_downloads")
    filters = about_sheet(at, deferred, "Priorities of the theme")["Filters"]
    assert filters.startswith("Theme: T3 ")


def test_the_principle_drilled_into_is_recorded(deferred: dict[str, Callable[[], bytes]]) -> None:
    at = page("principles")
    at.selectbox(key="drill_principle").set_value(2).run()
    at = opened(at, "drill_priorities_downloads")
    filters = about_sheet(at, deferred, "Priorities of the principle's themes")["Filters"]
    assert filters.startswith("Principle: 2. ")


def test_the_snapshots_compared_are_recorded(deferred: dict[str, Callable[[], bytes]]) -> None:
    at = opened(page("priorities"), "priorities_changes_downloads")
    filters = about_sheet(at, deferred, "Status changes between the two snapshots")["Filters"]
    assert filters == "Snapshots compared: 1 December 2022 with 8 February 2023"
