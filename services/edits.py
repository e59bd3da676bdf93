"""Editing trackers in the app: edit a table -> build a workbook -> check it -> preview -> store a version.

The stored version is a real workbook in the tracker format, written by the one tracker writer
(loaders.templates) and checked by the same loader as an upload, so History, download, restore, the exports and
a later edit in Excel work on it unchanged. Two editors saving at once both get a version: the later save is
merged onto the earlier one field by field and told which fields both changed (the conflicts).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy.exc import SQLAlchemyError

from domain import NEXT_MEETING, Kind
from formatting import count
from loaders.cell_values import EXCEL_MAX_TEXT
from loaders.column_types import column_type
from loaders.formats import TRACKERS
from loaders.loaded import LoadedTracker, sheet_key
from loaders.parse import parse_ids
from loaders.problems import Problem, Severity
from loaders.sandbox import check_grid
from loaders.spec import ABOUT_AS_AT, Column, ColumnType, Sheet
from loaders.templates import workbook_grid, write_workbook
from loaders.tracker_set import TrackerSet
from metrics.diff import TrackerDiff, diff_upload
from services.trackers import load_version, remember_checked
from services.uploads import new_version
from store.repository import (
    MAX_RECORD_ID,
    FieldChange,
    Store,
    StoreError,
    Version,
    not_stored,
    storing_refusal,
)
from store.repository import with_nothing_stored as with_nothing_stored  # for the Update priorities page

EDITABLE_SHEETS: dict[Kind, str] = {Kind.FRAMEWORK: "Priorities", Kind.CPLG: "Actions"}
"""The table the app edits in each tracker that can be edited in the app."""

UPDATE_FIELDS: dict[Kind, tuple[str, ...]] = {
    Kind.FRAMEWORK: ("status", "percent_complete", "owner", "due_date", "notes"),
    Kind.CPLG: ("status", "owner", "due", "update"),
}
"""The columns a periodic update changes; the rest (ids, themes, wording) only in 'edit wording' mode."""

ROW_FIELD = "(row)"
"""The field name of a change that adds or removes a whole row."""


class EditRefused(StoreError):
    """The edit cannot be stored: it has errors, changes nothing, or would amend a locked snapshot."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


def editable_sheet(kind: Kind) -> Sheet:
    return TRACKERS[kind].sheet(EDITABLE_SHEETS[kind])


def id_column(kind: Kind) -> str:
    return next(c.key for c in editable_sheet(kind).columns if c.unique)


def editable_table(tracker: LoadedTracker) -> pd.DataFrame:
    """The edited sheet's rows with the schema's columns only (no row numbers, nothing derived), as typed."""
    assert tracker.kind is not None
    sheet = editable_sheet(tracker.kind)
    table = tracker.tables[sheet_key(sheet)]
    frame = pd.DataFrame({c.key: table[c.key] for c in sheet.columns if c.key in table}).reset_index(
        drop=True
    )
    if tracker.kind is Kind.CPLG:
        frame["due"] = _due_text(table).reset_index(drop=True)
    for column in sheet.columns:
        if column.type is ColumnType.CHOICE:
            frame[column.key] = frame[column.key].astype("string")
    return frame


def _due_text(actions: pd.DataFrame) -> pd.Series:
    """An action's due cell in the words a person types: '31/05/2023', 'Next meeting' or blank."""
    dates = actions["due_date"].map(lambda d: None if pd.isna(d) else f"{d:%d/%m/%Y}")
    text = dates.where(~actions["due_next_meeting"].astype(bool), NEXT_MEETING)
    return text.astype("string")


# -- text a cell can hold -----------------------------------------------------------------------------------
FIRST_ROW = 2
"""The Excel row of an edited table's first row (its headings are row 1), as the loader numbers rows."""


def unstorable_text(table: pd.DataFrame, kind: Kind) -> list[Problem]:
    """Cells whose text a workbook cannot keep as typed: longer than Excel's limit, or with a lone surrogate.

    The writer would cut the one and replace the other without a word; an edit is refused instead. Any table
    a page sends is checked (object cells may hold any str), so the refusal is the service's, not the page's.
    """
    sheet = editable_sheet(kind)
    key = id_column(kind)
    problems = _long_ids(table, kind)
    for column in sheet.columns:
        if column.key not in table:
            continue
        values = table[column.key]
        if values.dtype != object and str(values.dtype) not in {"string", "str"}:
            continue
        cells = values.to_numpy(dtype=object)
        if values.dtype != object:  # Arrow strings hold no lone surrogate: only long text can fail
            cells = np.where((values.str.len() > EXCEL_MAX_TEXT // 2).fillna(False).to_numpy(), cells, None)
        for position, value in enumerate(cells):
            if not isinstance(value, str) or len(value) <= EXCEL_MAX_TEXT // 2 and value.isascii():
                continue
            problem = _cell_problem(value, column)
            if problem is not None:
                record = table[key].iloc[position] if key in table else None
                which = (
                    f"{column.header} of {record}"
                    if isinstance(record, str) and record.strip()
                    else (f"{column.header} in row {position + FIRST_ROW}")
                )
                message, fix = problem
                problems.append(
                    Problem(
                        Severity.ERROR,
                        "unstorable_text",
                        f"{which.strip()} {message}",
                        fix,
                        sheet=sheet.name,
                        row=position + FIRST_ROW,
                        column=column.header,
                    )
                )
    return problems


def _long_ids(table: pd.DataFrame, kind: Kind) -> list[Problem]:
    """Ids longer than the history keeps: refused, or the history of that row would be filed under a cut id
    (a block pasted one column to the left puts wording into the id column)."""
    key = id_column(kind)
    if key not in table:
        return []
    header = next(c.header for c in editable_sheet(kind).columns if c.key == key)
    ids = table[key].astype(object)
    return [
        Problem(
            Severity.ERROR,
            "id_too_long",
            f"{header} in row {position + FIRST_ROW} is {len(value.strip()):,} characters long; an id has at "
            f"most {MAX_RECORD_ID} (it starts '{value.strip()[:30]}…').",
            "Check the row was pasted into the right columns: the id goes first, the wording beside it.",
            sheet=editable_sheet(kind).name,
            row=position + FIRST_ROW,
            column=header,
        )
        for position, value in enumerate(ids)
        if isinstance(value, str) and len(value.strip()) > MAX_RECORD_ID
    ]


def _cell_problem(text: str, column: Column) -> tuple[str, str] | None:
    return text_problem(text, column.header)


def text_problem(text: str, header: str) -> tuple[str, str] | None:
    """(what is wrong, what to do) for text a workbook cell cannot keep as typed, else None: any form that
    writes a tracker refuses it rather than let the writer cut or replace it without a word."""
    try:
        units = len(text.encode("utf-16-le")) // 2
    except UnicodeEncodeError:  # a lone surrogate: no file, database or browser can carry it
        return (
            "contains a character that cannot be stored (a broken character, often left by a bad copy and paste).",
            f"Retype the {header} text (or paste it again from the original) and check again.",
        )
    if units > EXCEL_MAX_TEXT:
        return (
            f"is {units:,} characters long; a cell holds at most {count(EXCEL_MAX_TEXT, 'character')}, and "
            "nothing is cut without a word.",
            "Shorten it (for example, link to a document holding the full text) and check again.",
        )
    return None


def refuse_unstorable_text(table: pd.DataFrame, kind: Kind) -> None:
    """Raise EditRefused listing every cell `unstorable_text` finds (nothing is checked or stored)."""
    if problems := unstorable_text(table, kind):
        raise EditRefused(
            f"{count(len(problems), 'cell')} cannot be stored as typed: {problems[0].message}", problems
        )


def normalised_ids(table: pd.DataFrame, kind: Kind) -> pd.DataFrame:
    """The table with its ids as the loader reads them (loaders.parse.parse_ids: ' p7 ' is 'P7')."""
    key = id_column(kind)
    return table.assign(**{key: parse_ids(table[key])})


# -- field by field -----------------------------------------------------------------------------------------
def _shown(values: pd.Series, column: Column) -> pd.Series:
    return column_type(column).shown(values)


def field_changes(before: pd.DataFrame, after: pd.DataFrame, kind: Kind) -> list[FieldChange]:
    """Every field that differs between two versions of the edited table, by row id; added and removed rows.

    Raises:
        EditRefused: `after` holds text no workbook can keep as typed (`unstorable_text`).
    """
    refuse_unstorable_text(after, kind)
    sheet = editable_sheet(kind)
    key = id_column(kind)
    old = normalised_ids(before, kind).drop_duplicates(key).set_index(key)
    new = normalised_ids(after, kind).drop_duplicates(key).set_index(key)
    old, new = old[old.index.notna() & (old.index != "")], new[new.index.notna() & (new.index != "")]
    common = new.index.intersection(old.index, sort=False)
    changes = []
    for column in sheet.columns:
        if column.key == key or column.key not in old or column.key not in new:
            continue
        # Compare cheaply in a common type, then word only the cells that differ (50,000 rows stay fast).
        a, b = (
            _comparable(old.loc[common, column.key], column),
            _comparable(new.loc[common, column.key], column),
        )
        differs = (a != b).fillna(True) & ~(a.isna() & b.isna())
        if not differs.any():
            continue
        records = common[differs.to_numpy()]
        shown_old = _shown(old.loc[records, column.key], column)
        shown_new = _shown(new.loc[records, column.key], column)
        changes += [
            FieldChange(sheet.name, str(r), column.header, o or None, n or None)
            for r, o, n in zip(records, shown_old, shown_new, strict=True)
            if o != n
        ]
    changes += [
        FieldChange(sheet.name, str(r), ROW_FIELD, None, "added")
        for r in new.index.difference(old.index, sort=False)
    ]
    changes += [
        FieldChange(sheet.name, str(r), ROW_FIELD, "removed", None)
        for r in old.index.difference(new.index, sort=False)
    ]
    return changes


def _comparable(values: pd.Series, column: Column) -> pd.Series:
    """Values in one type per column kind, so that an edited cell equals its unedited self."""
    return column_type(column).comparable(values, column)


def changes_frame(changes: list[FieldChange]) -> pd.DataFrame:
    """Field changes as a table: record, field, before, after (and who and when, once stored)."""
    return pd.DataFrame(
        [
            {
                "record": c.record_id,
                "field": c.field,
                "before": c.before or "",
                "after": c.after or "",
                "who": c.actor,
                "when": pd.Timestamp(c.at).tz_convert("UTC").tz_localize(None) if c.at else pd.NaT,
                "version": c.version_id or None,
                "reason": c.reason or "",
            }
            for c in changes
        ],
        columns=["record", "field", "before", "after", "who", "when", "version", "reason"],
    )


def _apply(changes: list[FieldChange], onto: pd.DataFrame, edited: pd.DataFrame, kind: Kind) -> pd.DataFrame:
    """`onto` with the edited values of the changed fields, the added rows and without the removed ones."""
    key = id_column(kind)
    by_header = {c.header: c.key for c in editable_sheet(kind).columns}
    result = normalised_ids(onto, kind).astype(object).drop_duplicates(key).set_index(key)
    mine = normalised_ids(edited, kind).astype(object).drop_duplicates(key).set_index(key)
    for change in changes:
        if change.field != ROW_FIELD and change.record_id in result.index:
            column = by_header[change.field]
            result.at[change.record_id, column] = mine.at[change.record_id, column]
    added = [c.record_id for c in changes if c.field == ROW_FIELD and c.after == "added"]
    removed = {c.record_id for c in changes if c.field == ROW_FIELD and c.before == "removed"}
    result = pd.concat(
        [result[~result.index.isin(removed)], mine.loc[[a for a in added if a not in result.index]]]
    )
    # Rows whose id repeats another's are kept, so the loader reports the duplicate (as without a merge).
    typed = normalised_ids(edited, kind).astype(object)
    repeated = typed[typed[key].notna() & typed[key].duplicated(keep="first")]
    return pd.concat([result.reset_index(), repeated], ignore_index=True)


# -- the workflow -------------------------------------------------------------------------------------------
@dataclass
class Draft:
    """What an editor changed: the table as edited, the version they started from, and where it goes.

    Attributes:
        base: the stored version the editor started from (loaded, with its version_id).
        edited: the edited table (the columns of `editable_table`).
        as_at: the snapshot date to store: the base's own (an amendment) or a new one (a new snapshot).
        editor: who is editing.
    """

    base: LoadedTracker
    edited: pd.DataFrame
    as_at: dt.date | None
    editor: str

    @property
    def kind(self) -> Kind:
        assert self.base.kind is not None
        return self.base.kind


@dataclass
class CheckedEdit:
    """An edit built into a workbook and checked, ready to preview and store."""

    draft: Draft
    head: Version  # the newest stored version of the same snapshot when checked
    onto: LoadedTracker  # the version the edit is applied to (the head)
    edited: pd.DataFrame  # the edited table, applied onto the head
    tracker: LoadedTracker  # the workbook's cells, checked by the same loader as an upload
    preview: TrackerDiff | None
    changes: list[FieldChange]  # against the head: what this save changes
    conflicts: pd.DataFrame  # fields changed both by this edit and by a save made since it started
    saved_since: list[Version] = field(default_factory=list)  # versions stored since the editor started
    refusal: str | None = None  # why it cannot be stored, beyond the tracker's own problems

    @property
    def ok(self) -> bool:
        return self.tracker.ok and self.refusal is None and bool(self.changes)


@dataclass(frozen=True)
class SavedEdit:
    version_id: int
    conflicts: pd.DataFrame
    saved_since: list[Version]
    changes: list[FieldChange]


CONFLICT_COLUMNS = ["record", "field", "started_from", "they_saved", "saved_by", "you_saved"]


def _same_snapshot(store: Store, kind: Kind, as_at: dt.date | None) -> list[Version]:
    """Stored versions of the same snapshot (framework: same 'as at'; other trackers: all), oldest first."""
    versions = store.versions(kind)
    return [v for v in versions if v.as_at == as_at] if kind is Kind.FRAMEWORK else versions


def _file_name(kind: Kind, as_at: dt.date | None) -> str:
    stem = TRACKERS[kind].file_stem
    return f"{stem}_{as_at:%Y-%m-%d}.xlsx" if kind is Kind.FRAMEWORK and as_at else f"{stem}.xlsx"


def _workbook_parts(
    tracker: LoadedTracker, edited: pd.DataFrame, as_at: dt.date | None, editor: str
) -> tuple[dict[str, object], dict[str, pd.DataFrame]]:
    """The About fields and the rows of every sheet: `tracker`'s, with the edited table and the given 'as at'."""
    assert tracker.kind is not None
    rows: dict[str, pd.DataFrame] = {}
    for sheet in TRACKERS[tracker.kind].sheets[1:]:
        table = tracker.tables.get(sheet_key(sheet))
        if sheet.name == EDITABLE_SHEETS[tracker.kind]:
            table = edited
        elif table is not None and tracker.kind is Kind.CPLG and sheet.name == "Actions":
            table = table.assign(due=_due_text(table))
        if table is not None:
            rows[sheet.name] = table
    about: dict[str, object] = dict(tracker.about)
    about[ABOUT_AS_AT] = as_at or (tracker.as_at.date() if tracker.as_at is not None else "")
    about["Prepared by"] = f"{editor}, in the dashboard"
    return about, rows


def build_workbook(tracker: LoadedTracker, edited: pd.DataFrame, as_at: dt.date | None, editor: str) -> bytes:
    """The tracker workbook for an edit, written by the one tracker writer (loaders.templates)."""
    assert tracker.kind is not None
    about, rows = _workbook_parts(tracker, edited, as_at, editor)
    buffer = io.BytesIO()
    write_workbook(tracker.kind, buffer, about=about, rows=rows, created=dt.datetime(2000, 1, 1))
    return buffer.getvalue()


def check_workbook(
    tracker: LoadedTracker, edited: pd.DataFrame, as_at: dt.date | None, editor: str
) -> LoadedTracker:
    """The edit checked by the loader's own rules on exactly the cells `build_workbook` would write."""
    assert tracker.kind is not None
    about, rows = _workbook_parts(tracker, edited, as_at, editor)
    # In a limited worker, as an upload is checked: thousands of pasted rows cost the server no CPU.
    return check_grid(workbook_grid(tracker.kind, about, rows), _file_name(tracker.kind, as_at), tracker.kind)


def check_edit(store: Store, current: TrackerSet, draft: Draft) -> CheckedEdit:
    """Build the workbook for a draft, check it as an upload is checked, and compare it with what is current.

    If another version of the same snapshot was stored since the editor started, the edit is applied onto it
    (field by field, so the other save's changes are kept) and the fields both changed are the conflicts.
    """
    kind = draft.kind
    base_id = draft.base.version_id or 0
    same = _same_snapshot(store, kind, draft.as_at)
    head = same[-1] if same else store.version(base_id)
    base_table = editable_table(draft.base)
    mine = field_changes(base_table, draft.edited, kind)
    onto, edited = draft.base, draft.edited
    conflicts = pd.DataFrame(columns=CONFLICT_COLUMNS)
    saved_since = [v for v in same if v.id > base_id] if head.id != base_id else []
    if head.id != base_id:
        onto = load_version(store, head)
        head_table = editable_table(onto)
        theirs_list = field_changes(base_table, head_table, kind)
        theirs = {(c.record_id, c.field): c for c in theirs_list}
        saved_by = ", ".join(sorted({v.uploaded_by for v in saved_since}))
        rows = [
            {
                "record": c.record_id,
                "field": c.field,
                "started_from": c.before or "",
                "they_saved": theirs[(c.record_id, c.field)].after or "",
                "saved_by": saved_by,
                "you_saved": c.after or "",
            }
            for c in mine
            if (c.record_id, c.field) in theirs
        ]
        # A row one side removed and the other changed: the change would be lost without a word.
        they_removed, i_removed = _removed(theirs_list), _removed(mine)
        rows += [
            {
                "record": c.record_id,
                "field": c.field,
                "started_from": c.before or "",
                "they_saved": ROW_REMOVED,
                "saved_by": saved_by,
                "you_saved": c.after or "",
            }
            for c in mine
            if c.record_id in they_removed and c.field != ROW_FIELD
        ]
        rows += [
            {
                "record": c.record_id,
                "field": c.field,
                "started_from": c.before or "",
                "they_saved": c.after or "",
                "saved_by": saved_by,
                "you_saved": ROW_REMOVED,
            }
            for c in theirs_list
            if c.record_id in i_removed and c.field != ROW_FIELD
        ]
        conflicts = pd.DataFrame(rows, columns=CONFLICT_COLUMNS)
        edited = _apply(mine, head_table, draft.edited, kind)
    head_table = editable_table(onto) if head.id != base_id else base_table
    tracker = check_workbook(onto, edited, draft.as_at, draft.editor)
    against_head = head_table if (head.as_at == draft.as_at or kind is not Kind.FRAMEWORK) else base_table
    changes = field_changes(against_head, editable_table(tracker), kind) if tracker.ok else mine
    preview = diff_upload(current, tracker) if tracker.ok else None
    refusal = _refusal(store, kind, draft.as_at, changes)
    return CheckedEdit(draft, head, onto, edited, tracker, preview, changes, conflicts, saved_since, refusal)


ROW_REMOVED = "(row removed)"
"""What a conflict shows for the side that removed the row the other side changed."""


def _removed(changes: list[FieldChange]) -> set[str]:
    return {c.record_id for c in changes if c.field == ROW_FIELD and c.before == "removed"}


def _refusal(store: Store, kind: Kind, as_at: dt.date | None, changes: list[FieldChange]) -> str | None:
    if refusal := storing_refusal(store.locks(), kind, {as_at}):
        return refusal
    if not changes:
        return "Nothing was changed: edit a cell first."
    return None


def refusal_problems(checked: CheckedEdit) -> list[Problem]:
    """Why an edit cannot be stored, as problems (the loader's own, or the refusal)."""
    problems = list(checked.tracker.errors)
    if checked.refusal:
        problems.append(
            Problem(Severity.ERROR, "refused", checked.refusal, "", file=checked.tracker.file_name)
        )
    return problems


def status_field(kind: Kind) -> str:
    """The field name (column header) of a status change: the changes the update page asks a reason for."""
    return next(c.header for c in editable_sheet(kind).columns if c.key == "status")


def status_changes_of(changes: list[FieldChange], kind: Kind) -> list[FieldChange]:
    return [c for c in changes if c.field == status_field(kind)]


def save_edit(
    store: Store,
    current: TrackerSet,
    checked: CheckedEdit,
    note: str | None = None,
    reasons: Mapping[str, str] | None = None,
) -> SavedEdit:
    """Store a checked edit as a new version with its field changes in the audit log.

    `reasons` (record id -> words) are stored with the status change of that record: the reason the board paper
    quotes for it (a blank or missing one is no reason: the paper says none was recorded).

    If another version of the snapshot was stored after the check, the edit is checked again on top of it, so
    nothing is overwritten silently: the result lists what the other save changed that this one changed too.

    Raises:
        EditRefused: it has errors, changes nothing, or the snapshot is locked (nothing stored).
        StoreError: storing failed (nothing stored).
    """
    try:  # the reads a save depends on fail as its write would: "Nothing was stored", and why
        same = _same_snapshot(store, checked.draft.kind, checked.draft.as_at)
        if same and same[-1].id != checked.head.id:
            checked = check_edit(store, current, checked.draft)
    except (SQLAlchemyError, OSError) as exc:
        raise StoreError(not_stored(exc)) from exc
    if not checked.ok:
        problems = refusal_problems(checked)
        raise EditRefused(problems[0].message if problems else "The edit cannot be stored.", problems)
    content = build_workbook(checked.onto, checked.edited, checked.draft.as_at, checked.draft.editor)
    version = new_version(checked.tracker, content)
    status = status_field(checked.draft.kind)
    given = {k: v.strip() for k, v in (reasons or {}).items() if v and v.strip()}
    changes = [
        dataclasses.replace(c, reason=given.get(c.record_id)) if c.field == status else c
        for c in checked.changes
    ]
    version_id = store.save_edit(
        version, checked.draft.editor, changes, checked.draft.base.version_id or 0, note
    )
    # The loader checked exactly these cells (check_workbook): reading the new version back needs no second check.
    remember_checked(content, version.file_name, version.kind, checked.tracker)
    return SavedEdit(version_id, checked.conflicts, checked.saved_since, changes)
