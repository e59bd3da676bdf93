"""Passwords, access settings, the upload-only byte checks, and the upload preview."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

from access.__main__ import main as access_main
from access.passwords import hash_password, is_valid_hash, verify_password
from access.settings import load_settings
from loaders.tracker_set import load_default_set
from loaders.trackers import load_tracker
from metrics.diff import diff_upload
from tests.conftest import FRAMEWORK, sheets_copy, xlsx_bytes

FAST = {"n": 2**10}  # a cheap work factor for tests; the app uses the default


def test_password_hash_verifies_only_the_right_password_and_is_salted() -> None:
    first, second = hash_password("correct horse", **FAST), hash_password("correct horse", **FAST)
    assert first != second  # salted
    assert is_valid_hash(first)
    assert verify_password("correct horse", first)
    assert not verify_password("correct horsE", first)
    assert not verify_password("correct horse", "scrypt$bad")
    assert not verify_password("correct horse", "")
    assert "correct horse" not in first


def test_hash_password_command_reads_standard_input(monkeypatch, capsys) -> None:  # noqa: ANN001
    monkeypatch.setattr("sys.stdin", io.StringIO("a long editor password\n"))
    assert access_main(["hash-password"]) == 0
    encoded = capsys.readouterr().out.strip().splitlines()[0]
    assert verify_password("a long editor password", encoded)
    monkeypatch.setattr("sys.stdin", io.StringIO("short"))
    assert access_main(["hash-password"]) == 1


def test_settings_from_secrets_and_environment() -> None:
    secrets = {
        "ccpl": {"editor_password_hash": "scrypt$1024$8$1$c2FsdA==$a2V5", "editors": ["A@NHS.net"]},
        "auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x"},
    }
    settings = load_settings(secrets, environ={})
    assert settings.password_editing and settings.oidc_configured and settings.editing_enabled
    assert settings.is_editor_email("a@nhs.net ") and not settings.is_editor_email("b@nhs.net")
    assert not settings.require_sign_in_to_view
    overridden = load_settings(
        secrets, environ={"CCPL_EDITORS": "c@nhs.net", "CCPL_REQUIRE_SIGN_IN_TO_VIEW": "true"}
    )
    assert overridden.editors == frozenset({"c@nhs.net"}) and overridden.require_sign_in_to_view
    nothing = load_settings({}, environ={})
    assert not nothing.editing_enabled  # no default password


def test_formula_without_a_saved_value_is_refused_with_its_sheet_and_cells() -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in FRAMEWORK.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook["Priorities"]["G2"] = "=0.25*2"  # openpyxl saves formulas without a result, as no Excel would
    buffer = io.BytesIO()
    workbook.save(buffer)
    tracker = load_tracker(buffer.getvalue(), "formulas.xlsx")
    assert [(p.code, p.sheet, p.value) for p in tracker.errors] == [
        ("formula_without_value", "Priorities", "G2")
    ]
    assert "no saved result (G2)" in tracker.errors[0].message


def test_document_type_declarations_are_refused() -> None:
    good = zipfile.ZipFile(io.BytesIO(xlsx_bytes(FRAMEWORK)))
    parts = {name: good.read(name) for name in good.namelist()}
    parts["xl/sharedStrings.xml"] = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    tracker = load_tracker(buffer.getvalue(), "entities.xlsx")
    assert [p.code for p in tracker.errors] == ["xml_entities"]


def test_preview_lists_added_changed_and_removed_rows_and_status_moves() -> None:
    current = load_default_set()
    sheets = sheets_copy(FRAMEWORK)
    upload = load_tracker(xlsx_bytes(sheets), "small.xlsx")
    change = diff_upload(current, upload)
    priorities = next(t for t in change.tables if t.table == "priorities")
    assert priorities.added == ["P1", "P2", "P3"]
    assert len(priorities.removed) == 24
    assert any(line.startswith("Priorities: 3 added (P1, P2, P3); 24 removed") for line in change.sentences())
    assert set(change.status_changes["change"].astype(str)) == {"New", "Removed"}
