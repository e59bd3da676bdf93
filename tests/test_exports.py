"""Exports: tables round-trip as CSV and Excel, formula injection is neutralised, the board pack is complete and safe."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from exports.all_data import all_data_tables, all_data_xlsx, all_data_zip
from exports.board_pack import SECTIONS, board_pack_html
from exports.tables import ABOUT_SHEET, ExportContext, columns_as_shown, csv_bytes, xlsx_bytes
from loaders.tracker_set import DEFAULT_DATA_DIR, load_default_set
from loaders.trackers import load_tracker, load_tracker_file
from metrics.filters import Filters
from metrics.labels import COLUMN_LABELS
from metrics.view import build_view
from services.seeding import ensure_ready
from services.uploads import new_version
from store.db import make_engine
from store.repository import Store
from tools.synthetic import write_large_set

HOSTILE = [
    '=HYPERLINK("http://example.invalid","x")',
    "@SUM(1)",
    "-2+3",
    "+1+1",
    "\tTAB",
    "\rCR",
    "-5",
    "plain text",
]
SAFE_AS_IS = {"-5", "plain text"}


@pytest.fixture(scope="module")
def filtered_priorities() -> pd.DataFrame:
    view = build_view(load_default_set(), Filters(themes=("T6", "T8")))
    columns = [
        "priority_id",
        "theme",
        "priority",
        "owner",
        "due_date",
        "status",
        "percent_complete",
        "overdue",
    ]
    return columns_as_shown(view.priorities, columns, COLUMN_LABELS)


CONTEXT = ExportContext(
    title="Every priority",
    filters=["Themes: Support, CPLG Role"],
    as_at=pd.Timestamp("2023-02-08"),
    trackers=[("Framework themes as at 08 February 2023", "version 4, stored 24 November 2026 05:00 UTC")],
)


def test_csv_round_trips_the_filtered_table(filtered_priorities: pd.DataFrame) -> None:
    back = pd.read_csv(
        io.BytesIO(csv_bytes(filtered_priorities)), encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    assert list(back.columns) == list(filtered_priorities.columns)
    assert len(back) == len(filtered_priorities) == 9
    assert back["ID"].tolist() == filtered_priorities["ID"].tolist()
    assert back["Priority"].tolist() == filtered_priorities["Priority"].astype(str).tolist()
    assert back["Due"].tolist() == filtered_priorities["Due"].dt.strftime("%Y-%m-%d").tolist()


def test_excel_round_trips_with_real_dates_percentages_and_a_usable_sheet(
    filtered_priorities: pd.DataFrame,
) -> None:
    workbook = load_workbook(io.BytesIO(xlsx_bytes(filtered_priorities, CONTEXT)))
    assert workbook.sheetnames == ["Every priority", ABOUT_SHEET]
    sheet = workbook["Every priority"]
    assert [c.value for c in sheet[1]] == list(filtered_priorities.columns)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:H{len(filtered_priorities) + 1}"
    assert sheet["A1"].font.bold
    due = sheet.cell(row=2, column=5)
    assert due.is_date and due.number_format == "dd/mm/yyyy"
    back = pd.read_excel(
        io.BytesIO(xlsx_bytes(filtered_priorities, CONTEXT)), sheet_name="Every priority", engine="openpyxl"
    )
    assert back["ID"].tolist() == filtered_priorities["ID"].tolist()
    assert back["Due"].tolist() == filtered_priorities["Due"].tolist()
    complete = filtered_priorities.reset_index(drop=True)["% complete"]
    row = int(complete.first_valid_index()) + 2
    cell = sheet.cell(row=row, column=7)
    assert cell.number_format == "0%" and cell.value == pytest.approx(complete.dropna().iloc[0] / 100)


def test_about_sheet_says_which_filters_date_and_versions(filtered_priorities: pd.DataFrame) -> None:
    about = load_workbook(io.BytesIO(xlsx_bytes(filtered_priorities, CONTEXT)))[ABOUT_SHEET]
    fields = {row[0].value: row[1].value for row in about.iter_rows(min_row=2)}
    assert fields["Filters"] == "Themes: Support, CPLG Role"
    assert fields["As at"] == "8 February 2023"  # formatting.long_date, as everywhere
    assert fields["Tracker: Framework themes as at 08 February 2023"].startswith("version 4, stored")
    assert fields["Exported"].endswith("UTC")


def hostile_table() -> pd.DataFrame:
    return pd.DataFrame({"Text": HOSTILE, "Number": [-5, 3.5, -2, 1, 0, 7, -5, 2]})


def test_csv_neutralises_formulas_but_keeps_numbers() -> None:
    back = pd.read_csv(
        io.BytesIO(csv_bytes(hostile_table())), encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    for original, written in zip(HOSTILE, back["Text"], strict=True):
        if original in SAFE_AS_IS:
            assert written == original
        else:
            assert written == "'" + original
    assert back["Number"].tolist() == ["-5.0", "3.5", "-2.0", "1.0", "0.0", "7.0", "-5.0", "2.0"]


def test_excel_writes_hostile_text_as_text_never_as_a_formula() -> None:
    sheet = load_workbook(io.BytesIO(xlsx_bytes(hostile_table(), CONTEXT)))["Every priority"]
    for row, original in enumerate(HOSTILE, start=2):
        cell = sheet.cell(row=row, column=1)
        assert cell.data_type == "s", original
        assert cell.value in (
            original,
            original.replace("\r", "\n"),
        )  # XML turns a lone CR into LF on reading
        assert cell.quotePrefix == (original not in SAFE_AS_IS)
        number = sheet.cell(row=row, column=2)
        assert number.data_type == "n" and isinstance(number.value, int | float)
    raw = zipfile.ZipFile(io.BytesIO(xlsx_bytes(hostile_table(), CONTEXT))).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in raw and b"<f " not in raw


def hostile_view():  # noqa: ANN201
    view = build_view(load_default_set(), Filters())
    priorities = view.priorities.copy()
    priorities.loc[priorities.index[0], "priority"] = "</script><script>alert('priority')</script>"
    priorities.loc[priorities.index[0], "notes"] = '<img src=x onerror="alert(1)">'
    priorities.loc[priorities.index[0], "status"] = "At risk"
    priorities.loc[priorities.index[0], "needs_attention"] = True
    priorities.loc[priorities.index[0], "theme"] = "<b>bold theme</b>"
    return view.__class__(**{**view.__dict__, "priorities": priorities})


def test_board_pack_has_every_section_and_no_unescaped_tracker_text() -> None:
    document = board_pack_html(hostile_view(), [("Framework themes <i>x</i>", "version 1")])
    for section in SECTIONS:
        assert f"<h2>{section}</h2>" in document
    assert "As at <b>8 February 2023</b>" in document
    assert "alert('priority')" not in document.split("</script>", 1)[1].replace(
        "alert(&#x27;priority&#x27;)", ""
    )
    assert "</script><script>alert" not in document
    assert '<img src=x onerror="alert(1)">' not in document
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in document  # MarkupSafe writes " as &#34;
    assert "<b>bold theme</b>" not in document
    assert "<i>x</i>" not in document
    assert "https://" not in document.split("<body>", 1)[1]  # nothing loads from the network


def test_all_data_export_has_every_version_in_long_form_and_no_editor_details(tmp_path: Path) -> None:
    store = Store(make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}"))
    ensure_ready(store, DEFAULT_DATA_DIR)
    path = DEFAULT_DATA_DIR / "framework_2023-02-08.xlsx"
    store.save_batch(
        [new_version(load_tracker_file(path), path.read_bytes())], "secret.editor@nhs.net", "note"
    )
    tables = all_data_tables(store)
    assert len(tables["Versions"]) == 6
    priorities = tables["Framework themes - priorities"]
    assert priorities.groupby("version_id").size().tolist() == [24, 24, 24]
    context = ExportContext(title="All data")
    for blob in (all_data_xlsx(tables, context), all_data_zip(tables, context)):
        assert b"secret.editor" not in blob
        for name in zipfile.ZipFile(io.BytesIO(blob)).namelist():
            assert b"secret.editor" not in zipfile.ZipFile(io.BytesIO(blob)).read(name)
    assert "uploaded_by" not in tables["Versions"].columns


def test_exports_of_the_large_synthetic_set_finish(tmp_path: Path) -> None:
    write_large_set(tmp_path / "large")
    view = build_view(load_default_set(tmp_path / "large"), Filters())
    table = columns_as_shown(view.priorities, None, COLUMN_LABELS)
    assert len(pd.read_excel(io.BytesIO(xlsx_bytes(table, CONTEXT)), engine="openpyxl")) == 2000
    assert len(csv_bytes(table)) > 100_000
    assert "<h2>CPLG decisions</h2>" in board_pack_html(view, [])


FORMULA_HEADINGS = [h for h in HOSTILE if h not in SAFE_AS_IS and h.strip() == h]
"""Headings the loader keeps as typed (it trims surrounding whitespace, so tab and CR starts are gone)."""


def _engagement_with_headings(headings: list[str]) -> bytes:
    """The default engagement tracker with extra columns headed by text typed as formulas."""
    workbook = load_workbook(DEFAULT_DATA_DIR / "engagement_events.xlsx")
    sheet = workbook["Events"]
    for heading in headings:
        column = sheet.max_column + 1
        cell = sheet.cell(row=1, column=column, value=heading)
        cell.data_type = "s"  # a text cell, as Excel stores '=... typed with an apostrophe
        sheet.cell(row=2, column=column, value="kept")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_headings_typed_as_formulas_are_text_in_the_all_data_exports(tmp_path: Path) -> None:
    store = Store(make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}"))
    ensure_ready(store, DEFAULT_DATA_DIR)
    content = _engagement_with_headings(FORMULA_HEADINGS)
    store.save_batch([new_version(load_tracker(content, "events.xlsx"), content)], "editor")
    tables = all_data_tables(store)
    name = "Engagement events - events"
    assert set(FORMULA_HEADINGS) <= set(tables[name].columns)
    context = ExportContext(title="All data")
    workbook_bytes = all_data_xlsx(tables, context)
    headings = {c.value: c for c in load_workbook(io.BytesIO(workbook_bytes))[name][1]}
    for heading in FORMULA_HEADINGS:
        assert headings[heading].data_type == "s" and headings[heading].quotePrefix, heading
    with zipfile.ZipFile(io.BytesIO(workbook_bytes)) as archive:
        for part in archive.namelist():
            if part.startswith("xl/worksheets/"):
                raw = archive.read(part)
                assert b"<f>" not in raw and b"<f " not in raw, part
    with zipfile.ZipFile(io.BytesIO(all_data_zip(tables, context))) as archive:
        events_csv = archive.read("engagement-events-events.csv").decode("utf-8-sig")
    header = pd.read_csv(io.StringIO(events_csv), dtype=str, nrows=0).columns.tolist()
    for heading in FORMULA_HEADINGS:
        assert "'" + heading in header and heading not in header
