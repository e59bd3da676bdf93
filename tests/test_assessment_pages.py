"""The self-assessment in the app: the form flow (record, check, store, see it everywhere), an upload of the
workbook, and the Principles page and Overview with zero, one and many rounds."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from loaders.tracker_set import DEFAULT_DATA_DIR
from tests.test_upload_flow import ENTRY, XLSX, editing, markdown, password_hash, sign_in  # noqa: F401
from tools.synthetic import assessment_bytes
from ui.data import DATA_DIR_VARIABLE

FORM = "pages/manage/record_assessment.py"
PRINCIPLES = "pages/board/principles.py"


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=180).run()
    return at.switch_page(page).run()


def fill_round(at: AppTest, date: dt.date, levels: dict[int, int], **extra: dict[int, object]) -> AppTest:
    at.text_input(key="as_date").input(f"{date:%d/%m/%Y}")
    at.text_input(key="as_by").input("CPLG SLT")
    for number, level in levels.items():
        at.selectbox(key=f"as_level_{number}").set_value(level)
        at.selectbox(key=f"as_target_{number}").set_value(3)
        at.text_area(key=f"as_rationale_{number}").input(f"Why principle {number} is at level {level}")
    for key, values in extra.items():
        for number, value in values.items():
            widget = {"evidence": at.multiselect, "peer": at.selectbox, "reviewer": at.text_input}[key]
            widget(key=f"as_{key}_{number}").set_value(value)
    next(b for b in at.button if b.label == "Check this round").click()
    return at.run()


def store_round(at: AppTest) -> AppTest:
    for box in at.checkbox:
        if "warnings" in box.label:
            box.check()
    at.run()
    next(b for b in at.button if b.label == "Store as a new version").click()
    return at.run()


@pytest.mark.usefixtures("editing")
def test_an_editor_records_rounds_on_the_form_and_sees_them_everywhere() -> None:
    at = sign_in(open_page(FORM))
    assert not at.exception, at.exception[0].message if at.exception else ""
    assert "This is the first round." in markdown(at)
    at = fill_round(
        at,
        dt.date(2023, 3, 12),
        {1: 2, 2: 3, 3: 2, 4: 1, 5: 1},
        evidence={1: ["A01", "P01"], 2: ["C01", "E01"]},
        peer={2: 2},
        reviewer={2: "Neighbouring ICS CCPL lead"},
    )
    assert not at.exception, at.exception[0].message if at.exception else ""
    assert "Assessments: 5 added" in markdown(at)
    at = store_round(at)
    assert "Stored the round as version" in markdown(at)

    assert "1 earlier round; this one is added to it." in markdown(at)
    at = fill_round(at, dt.date(2024, 3, 12), {1: 3, 2: 3, 3: 3, 4: 2, 5: 1})
    at = store_round(at)
    assert "Stored the round as version" in markdown(at)

    overview = AppTest.from_file(ENTRY, default_timeout=180).run()
    shown = markdown(overview)
    assert "3 of 5 principles at or above target (assessed 12 March 2024)." in shown
    assert "Up from 1 at the previous round (12 March 2023); principles 1, 3 and 4 moved up" in shown

    principles = overview.switch_page(PRINCIPLES).run()
    assert not principles.exception
    shown = markdown(principles)
    labels = [re.sub(r"\\(.)", r"\1", e.label) for e in principles.expander]
    assert any(
        label.startswith("1. Full range of leaders in decision-making: 3 Established") for label in labels
    )
    assert "**Level 3 Established** against a target of 3 Established: **met**" in shown
    assert "Levels over 2 rounds from 12 March 2023 to 12 March 2024" in shown
    assert "Called out:" in shown  # principle 5 cites no evidence in the second round

    history = at.switch_page("pages/manage/stored_versions.py").run()
    tabs = [t.label for t in history.tabs]
    assert "Principles self-assessment" in tabs
    assessments = next(
        d.value
        for d in history.dataframe
        if "File" in d.value and d.value["File"].str.contains("principles").any()
    )
    assert len(assessments) == 2
    audit = history.dataframe[-1].value
    assert "upload" in set(audit["Action"])


@pytest.mark.usefixtures("editing")
def test_a_bad_round_is_refused_with_its_problem_and_nothing_is_stored() -> None:
    at = sign_in(open_page(FORM))
    at = fill_round(at, dt.date(2024, 3, 12), {1: 2, 2: 2}, peer={1: 3}, evidence={2: ["A01"]})
    shown = markdown(at)
    assert "peer-review level (3) is given without saying who the reviewer was" in shown
    assert "does not assess principles 3, 4 and 5" in shown
    assert not [b for b in at.button if b.label == "Store as a new version"]
    overview = AppTest.from_file(ENTRY, default_timeout=180).run()
    assert "principles at or above target" not in markdown(overview)


@pytest.mark.usefixtures("editing")
def test_the_workbook_uploads_through_the_same_door() -> None:
    at = sign_in(open_page("pages/manage/upload.py"))
    content = assessment_bytes(3, ["A01", "P01", "C01", "E01", "X99"])  # X99 is not in the data: warnings
    at.get("file_uploader")[0].upload("principles_assessment.xlsx", content, XLSX)
    at.run()
    assert not at.exception, at.exception[0].message if at.exception else ""
    assert any("Principles self-assessment" in h.value for h in at.header)
    assert "Assessments: 15 added" in markdown(at)


def _data_with_rounds(tmp_path: Path, rounds: int) -> Path:
    for path in DEFAULT_DATA_DIR.glob("*.xlsx"):
        shutil.copy(path, tmp_path)
    if rounds:
        evidence = ["A01", "A09", "P01", "P12", "P21", "C04", "C15", "E01", "E02"]
        (tmp_path / "principles_assessment.xlsx").write_bytes(assessment_bytes(rounds, evidence))
    return tmp_path


@pytest.mark.parametrize("rounds", [0, 1, 4])
def test_principles_page_and_overview_with_zero_one_and_many_rounds(
    rounds: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(_data_with_rounds(tmp_path, rounds)))
    overview = AppTest.from_file(ENTRY, default_timeout=180).run()
    assert not overview.exception
    page = overview.switch_page(PRINCIPLES).run()
    assert not page.exception, page.exception[0].message if page.exception else ""
    shown = markdown(page)
    assert "Self-assessment against the principles" in [h.value for h in page.header]
    if rounds == 0:
        assert "No self-assessment has been recorded yet" in shown
        assert "fills in the blank template (below" in shown
        assert "Blank template: Principles self-assessment" in [
            b.proto.label for b in page.get("download_button")
        ]
        linked = next(d.value for d in page.dataframe if "Achievements" in d.value)
        assert len(linked) == 5
        assert "principles at or above target" not in markdown(overview)
        return
    assert "principles at or above target (assessed 15 March" in markdown(overview)
    assert len([e for e in page.expander if e.label[:3] in {"1\\.", "2\\.", "3\\.", "4\\.", "5\\."}]) == 5
    if rounds == 1:
        assert "This is the first assessment round" in shown
        assert "Levels over one round (15 March 2022)" in shown
    else:
        assert "Levels over 4 rounds from 15 March 2022 to 15 March 2025" in shown
        assert "Peer reviewers agreed with the self-assessment on" in shown
    assert len(page.get("plotly_chart")) >= 3
