"""'Before you send' (issue 19 item 7): what to check before a paper goes out, one list computed from the view
and the written parts, printed by the Board papers page and by `python -m exports papers`."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from exports.__main__ import main
from loaders.tracker_set import DEFAULT_DATA_DIR, load_default_set
from metrics.filters import Filters
from metrics.view import View, build_view
from report.before_you_send import BEFORE_YOU_SEND, before_you_send
from report.paper import WRITTEN_PARTS, PaperTexts, missing_written_parts
from tests.test_pages import run_page, texts, tracker_sets  # noqa: F401  (fixture)
from ui.components import md

PAGE = "pages/board/papers.py"
SOFTWARE_WORDS = ("flagged column", "_flagged", "NaN", "None", "True", "False", "tracker row", "NaT")


def view_at(day: str, presented: tuple[str, ...] = ()) -> View:
    return build_view(
        load_default_set(), Filters(as_at=pd.Timestamp(day)), [pd.Timestamp(p) for p in presented]
    )


def filled() -> PaperTexts:
    values = {part.name: f"Written {part.name}" for part in WRITTEN_PARTS}
    return PaperTexts.from_dict(values).with_changes(
        sign_off=[["Report sponsor", "Chris Weiner", "1 Feb 2023"]]
    )


def by_heading(view: View, texts: PaperTexts, agenda_from: dt.date | None = None) -> dict[str, str]:
    return {check.what: check.detail for check in before_you_send(view, texts, agenda_from)}


def test_the_december_paper_lists_its_flagged_and_assumed_dates_owners_and_empty_parts() -> None:
    view = view_at("2022-12-01")
    checks = by_heading(view, PaperTexts())
    assert list(checks) == ["Flagged dates", "Assumed dates", "Owners not recorded", "Empty written parts"]
    # the paper's '20 September 2002' (the data checks flag it): named with its item, in the board's words
    assert "'CPLG Terms of Reference', dated 20 September 2002" in checks["Flagged dates"]
    assert "footnote" in checks["Flagged dates"]
    # how many due dates are assumed, and which priorities: counted here from the tracker's own column
    assumed = view.priorities[view.priorities["due_date_assumed"].fillna(False).astype(bool)]
    assert len(assumed) > 0
    assert checks["Assumed dates"].startswith(
        f"{len(assumed)} of {len(view.priorities)} due dates are assumed"
    )
    assert re.findall(r"P\d+", checks["Assumed dates"]) == list(assumed["priority_id"])
    unowned = view.priorities[view.priorities["owner"] == "Not recorded"]
    assert (
        f"no owner is recorded for {len(unowned)} of {len(view.priorities)} priorities"
        in checks["Owners not recorded"]
    )
    assert re.findall(r"P\d+", checks["Owners not recorded"]) == list(unowned["priority_id"])
    for label in ("the item number", "the report sponsor", "the report author", "the sign-off"):
        assert label in checks["Empty written parts"]
    for check in before_you_send(view, PaperTexts()):
        assert not [word for word in SOFTWARE_WORDS if word in check.line], check.line


def test_written_parts_once_written_are_not_listed() -> None:
    assert missing_written_parts(filled()) == []
    assert "Empty written parts" not in by_heading(view_at("2022-12-01"), filled())
    blank = filled().with_changes(author="  \n ", narrative="")
    missing = missing_written_parts(blank)
    assert "the report author" in missing and "the supporting information (section 4)" in missing
    assert "the meeting date" not in missing_written_parts(
        filled().with_changes(meeting_date="")
    )  # as-at date


def test_a_flagged_date_is_listed_only_when_the_papers_print_it() -> None:
    # since the December paper (presented) nothing of September 2022 is printed...
    february = view_at("2023-02-08", presented=("2022-12-01",))
    assert "Flagged dates" not in by_heading(february, filled())
    # ...unless Appendix A's agenda is set to start earlier
    assert "Flagged dates" in by_heading(february, filled(), agenda_from=dt.date(2022, 8, 1))


def test_the_command_line_prints_the_list_before_it_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["papers", str(tmp_path), "--as-at", "2022-12-01", "--no-pdf"]) == 0
    out = capsys.readouterr().out
    assert f"{BEFORE_YOU_SEND}:" in out
    assert "- Flagged dates: the CPLG log gives 'CPLG Terms of Reference', dated 20 September 2002" in out
    assert (
        "- Assumed dates: " in out and "- Owners not recorded: " in out and "- Empty written parts: " in out
    )
    assert out.index(BEFORE_YOU_SEND) < out.index("cover-report.docx")


def test_the_board_papers_page_shows_the_list_before_the_downloads(monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_page(PAGE, DEFAULT_DATA_DIR, monkeypatch, as_at="2022-12-01")
    assert not at.exception, at.exception[0].message if at.exception else ""
    shown = texts(at)
    assert "Before you send" in shown
    assert "'CPLG Terms of Reference', dated 20 September 2002" in shown
    assert "Assumed dates" in shown and "Owners not recorded" in shown and "Empty written parts" in shown


def test_tracker_text_in_the_list_is_escaped_on_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "before_you_send_hostile"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    hostile = "**Terms** of [Reference](http://example.invalid) <b>x</b>"
    book = openpyxl.load_workbook(data / "cplg_agenda_log.xlsx")
    changed = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            if any(getattr(c.value, "year", None) == 2002 for c in row):
                for cell in row:
                    if cell.value == "CPLG Terms of Reference":
                        cell.value, changed = hostile, changed + 1
    assert changed == 1
    book.save(data / "cplg_agenda_log.xlsx")
    at = run_page(PAGE, data, monkeypatch, as_at="2022-12-01")
    assert not at.exception, at.exception[0].message if at.exception else ""
    raw = "\n".join(str(m.value) for m in at.markdown)
    assert md(hostile) in raw  # reads as typed (ui.components.md)...
    assert "[Reference](http" not in raw and "**Terms**" not in raw  # ...never rendered as a link or bold


def test_an_earlier_snapshot_never_presented_is_pointed_out_with_the_period_it_leaves() -> None:
    # the December snapshot was uploaded but not recorded as presented: the February papers cover four months
    checks = by_heading(view_at("2023-02-08"), filled())
    assert "Period" in checks
    assert "8 October 2022 to 8 February 2023" in checks["Period"] and "1 December 2022" in checks["Period"]
    assert "Period" not in by_heading(view_at("2023-02-08", presented=("2022-12-01",)), filled())
    assert "Period" not in by_heading(view_at("2022-12-01"), filled())  # no earlier snapshot at all


@pytest.mark.parametrize("data", ["optional_empty", "framework_only", "large"])
def test_the_list_is_drawn_for_every_kind_of_tracker_set(
    data: str,
    tracker_sets: dict[str, Path],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    at = run_page(PAGE, tracker_sets[data], monkeypatch)
    assert not at.exception, at.exception[0].message if at.exception else ""
    assert BEFORE_YOU_SEND in texts(at)
