"""The upload workflow through the app: sign-in, checks, preview, confirm, history, restore, audit."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from access.passwords import hash_password
from loaders.tracker_set import DEFAULT_DATA_DIR

ENTRY = str(Path(__file__).resolve().parent.parent / "dashboard.py")
PASSWORD = "correct horse battery staple"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="session")
def password_hash() -> str:
    return hash_password(PASSWORD)


@pytest.fixture
def editing(monkeypatch: pytest.MonkeyPatch, password_hash: str) -> None:
    monkeypatch.setenv("CCPL_EDITOR_PASSWORD_HASH", password_hash)


def updated_framework(as_at: str = "2023-03-01", status: str = "Complete") -> bytes:
    """The February snapshot, re-dated, with P07 marked as given (as the assistant director would in Excel)."""
    import datetime as dt

    workbook = load_workbook(DEFAULT_DATA_DIR / "framework_2023-02-08.xlsx")
    workbook["About"]["B3"] = dt.date.fromisoformat(as_at)
    sheet = workbook["Priorities"]
    headings = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "P07":
            row[headings.index("Status")].value = status
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def open_upload() -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=120).run()
    return at.switch_page("pages/manage/upload.py").run()


def sign_in(at: AppTest, password: str = PASSWORD, name: str = "Sukhi Mahil") -> AppTest:
    at.text_input(key="sign_in_name_edit").input(name)
    at.text_input(key="sign_in_password_edit").input(password)
    next(b for b in at.button if b.label == "Sign in").click()
    return at.run()


def markdown(at: AppTest) -> str:
    """The page's text as a person reads it (Markdown backslash escapes undone)."""
    text = "\n".join(str(e.value) for e in (*at.markdown, *at.error, *at.warning, *at.success, *at.info))
    return re.sub(r"\\(.)", r"\1", text)


def test_without_a_password_or_provider_the_page_explains_how_to_enable_editing() -> None:
    at = open_upload()
    assert not at.exception
    assert "Editing is not enabled" in markdown(at)
    assert "python -m access hash-password" in markdown(at)
    assert len(at.get("file_uploader")) == 0


def test_a_viewer_who_has_not_signed_in_cannot_upload(editing: None) -> None:
    at = open_upload()
    assert "Only editors may upload" in markdown(at)
    assert len(at.get("file_uploader")) == 0


def test_wrong_passwords_are_refused_counted_and_lock_sign_in(editing: None) -> None:
    at = open_upload()
    for attempt in range(5):
        at = sign_in(at, password=f"guess {attempt}")
        assert "That password is not right" in markdown(at)
    at = sign_in(at)  # the right password, but locked now
    assert "Signing in is locked after 5 failed attempts" in markdown(at)
    assert len(at.get("file_uploader")) == 0


def test_editor_uploads_a_new_snapshot_sees_the_preview_confirms_and_the_overview_changes(
    editing: None,
) -> None:
    at = sign_in(open_upload())
    assert "Signed in as **Sukhi Mahil**" in markdown(at)
    at.get("file_uploader")[0].upload("framework_2023-03-01.xlsx", updated_framework(), XLSX)
    at.run()
    shown = markdown(at)
    assert "A **new framework snapshot** as at 1 March 2023" in shown
    assert "**Priority status changes:** P07 On track → Complete." in shown
    store_button = next(b for b in at.button if b.label.startswith("Store 1 file"))
    note = next(t for t in at.text_input if t.label.startswith("Note for the history"))
    note.input("updated for the March ICB")
    store_button.click()
    at.run()
    assert "Stored 1 new version" in markdown(at)

    overview = AppTest.from_file(ENTRY, default_timeout=120).run()
    metrics = {m.label: (m.value, m.proto.delta) for m in overview.metric}
    assert metrics["Complete"] == ("2 of 24", "+1 since 8 Feb 2023")


def test_a_bad_file_gets_its_specific_message_and_nothing_is_stored(editing: None) -> None:
    at = sign_in(open_upload())
    at.get("file_uploader")[0].upload("framework.xlsx", b"%PDF-1.7 not a workbook", XLSX)
    at.run()
    shown = markdown(at)
    assert "- **Error** (framework.xlsx): This is a PDF document, not an Excel workbook." in shown
    assert "Nothing can be stored while a file has errors (framework.xlsx)" in shown
    assert not [b for b in at.button if b.label.startswith("Store")]
    overview = AppTest.from_file(ENTRY, default_timeout=120).run()
    assert {m.label: m.value for m in overview.metric}["Complete"] == "1 of 24"


def test_warnings_must_be_accepted_before_storing(editing: None) -> None:
    at = sign_in(open_upload())
    content = (DEFAULT_DATA_DIR / "cplg_agenda_log.xlsx").read_bytes()  # carries the '2002' date warning
    at.get("file_uploader")[0].upload("cplg_agenda_log.xlsx", content, XLSX)
    at.run()
    store_button = next(b for b in at.button if b.label.startswith("Store 1 file"))
    assert store_button.disabled
    next(c for c in at.checkbox if "warnings" in c.label).check()
    at.run()
    assert not next(b for b in at.button if b.label.startswith("Store 1 file")).disabled


def test_history_lists_versions_and_editors_restore_and_see_the_audit_log(editing: None) -> None:
    at = sign_in(open_upload())
    at.get("file_uploader")[0].upload(
        "framework_2023-02-08.xlsx", updated_framework("2023-02-08", "At risk"), XLSX
    )
    at.run()
    next(b for b in at.button if b.label.startswith("Store 1 file")).click()
    at.run()
    at.switch_page("pages/manage/stored_versions.py").run()
    assert not at.exception
    tabs = [t.label for t in at.tabs]
    assert tabs[-1] == "Audit log"
    framework = at.dataframe[0].value
    assert framework["By"].iloc[0] == "Sukhi Mahil"
    assert framework["Current"].iloc[0] == "Yes"
    default_feb = int(framework.loc[framework["File"] == "framework_2023-02-08.xlsx", "Version"].iloc[-1])
    at.selectbox(key="pick_framework").set_value(default_feb).run()
    next(b for b in at.button if b.label.startswith(f"Restore version {default_feb}")).click()
    at.run()
    assert f"Version {default_feb} was stored again" in markdown(at)
    audit = at.dataframe[-1].value
    assert {"restore", "upload", "sign in"} <= set(audit["Action"])
    overview = AppTest.from_file(ENTRY, default_timeout=120).run()
    assert {m.label: m.value for m in overview.metric}["At risk or off track"] == "0 of 24"


def test_viewers_see_history_without_who_stored_it() -> None:
    at = AppTest.from_file(ENTRY, default_timeout=120).run()
    at.switch_page("pages/manage/stored_versions.py").run()
    assert not at.exception
    assert "By" not in at.dataframe[0].value.columns
    assert [t.label for t in at.tabs][-1] != "Audit log"


def test_viewing_can_require_sign_in(monkeypatch: pytest.MonkeyPatch, password_hash: str) -> None:
    monkeypatch.setenv("CCPL_REQUIRE_SIGN_IN_TO_VIEW", "true")
    monkeypatch.setenv("CCPL_VIEWER_PASSWORD_HASH", password_hash)
    at = AppTest.from_file(ENTRY, default_timeout=120).run()
    assert "Sign in to view the dashboard." in markdown(at)
    assert not at.metric
    at.text_input(key="sign_in_password_view").input(PASSWORD)
    next(b for b in at.button if b.label == "Sign in").click()
    at.run()
    assert at.title[0].value == "CCPL progress overview"


def test_the_preview_names_added_and_removed_priorities(editing: None) -> None:
    """A tracker that adds and drops priorities (a regression: the preview crashed on the missing status)."""
    workbook = load_workbook(io.BytesIO(updated_framework()))
    sheet = workbook["Priorities"]
    sheet.append(["P99", "T1", "A new priority", None, None, None, "Not started"])
    sheet.delete_rows(2)  # drops P01
    buffer = io.BytesIO()
    workbook.save(buffer)
    at = sign_in(open_upload())
    at.get("file_uploader")[0].upload("framework_2023-03-01.xlsx", buffer.getvalue(), XLSX)
    at.run()
    assert not at.exception, at.exception[0].message if at.exception else ""
    shown = markdown(at)
    assert "P99 new → Not started" in shown
    assert "P01 On track → removed" in shown


def test_tracker_text_cannot_render_links_images_or_emphasis(editing: None) -> None:
    """Markdown typed into a tracker shows as typed: no remote image is fetched, no link is made."""
    workbook = load_workbook(io.BytesIO(updated_framework()))
    workbook["Priorities"]["C2"] = (
        "![pixel](http://example.invalid/p.png) [link](http://example.invalid) **loud**"
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    at = sign_in(open_upload())
    at.get("file_uploader")[0].upload("framework_2023-03-01.xlsx", buffer.getvalue(), XLSX)
    at.run()
    next(b for b in at.button if b.label.startswith("Store 1 file")).click()
    at.run()
    themes = AppTest.from_file(ENTRY, default_timeout=120).run().switch_page("pages/board/themes.py").run()
    sources = [str(e.value) for e in themes.markdown]
    assert any("\\!\\[pixel\\]\\(http" in s for s in sources)
    assert not any("![pixel](" in s or "](http://example.invalid)" in s for s in sources)
