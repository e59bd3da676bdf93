"""Version history as a table, for the History page and the exports; restoring and withdrawing a version; the
original files as downloaded."""

from __future__ import annotations

import io
import re
import zipfile

import pandas as pd

from domain import Kind
from loaders.spec import ABOUT_SHEET
from store.repository import AuditEntry, SnapshotLocked, Store, StoreError, Version

__all__ = ["SnapshotLocked", "StoreError"]  # what a restore or withdrawal raises, for the History page

SOURCES = {
    "default": "Shipped default",
    "upload": "Upload",
    "restore": "Restore",
    "edit": "Edited in the app",
}


def versions_frame(
    versions: list[Version], current_ids: set[int], show_people: bool, withdrawn_ids: set[int] | None = None
) -> pd.DataFrame:
    """One row per version, newest first. Who stored it is shown to editors only (`show_people`); a withdrawn
    version is marked and never current."""
    withdrawn_ids = withdrawn_ids or set()
    rows = []
    for v in reversed(versions):
        rows.append(
            {
                "version": v.id,
                "tracker": v.kind.title,
                "as_at": pd.Timestamp(v.as_at) if v.as_at else pd.NaT,
                "stored": pd.Timestamp(v.uploaded_at).tz_convert("UTC").tz_localize(None),
                "by": v.uploaded_by if show_people else "",
                "how": SOURCES.get(v.source, v.source)
                + (f" of version {v.restored_from}" if v.restored_from else ""),
                "note": v.note or "",
                "file": v.file_name,
                "rows": ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in v.row_counts.items()),
                "warnings": len(v.warnings),
                "current": v.id in current_ids and v.id not in withdrawn_ids,
                "withdrawn": v.id in withdrawn_ids,
            }
        )
    frame = pd.DataFrame(rows)
    return frame.drop(columns=[] if show_people else ["by"]) if not frame.empty else frame


def audit_frame(entries: list[AuditEntry]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "when": pd.Timestamp(e.at).tz_convert("UTC").tz_localize(None),
                "who": e.actor,
                "action": e.action.replace("_", " "),
                "outcome": e.outcome,
                "detail": ", ".join(f"{k}: {v}" for k, v in e.detail.items()),
            }
            for e in entries
        ]
    )


def kind_title(kind: Kind) -> str:
    return kind.title


def versions_of(store: Store, kind: Kind) -> list[Version]:
    """Every stored version of one tracker, oldest first, withdrawn ones included."""
    return store.versions(kind)


def withdrawn_ids(store: Store) -> set[int]:
    """The versions withdrawn now."""
    return store.withdrawn_ids()


def audit_table(store: Store) -> pd.DataFrame:
    """The audit log as a table, newest first (editors only)."""
    return audit_frame(store.audit_entries())


def restore(store: Store, version_id: int, editor: str, note: str | None = None) -> int:
    """Store an earlier version again as the current one (Store.restore); its id."""
    return store.restore(version_id, editor, note)


def set_withdrawn(store: Store, version_id: int, withdrawn: bool, editor: str, reason: str | None) -> None:
    """Withdraw a version from what the dashboard shows, or reinstate it (both audited)."""
    (store.withdraw if withdrawn else store.reinstate)(version_id, editor, reason)


def original_file(store: Store, version_id: int, editor: bool) -> bytes:
    """A stored version's original file as downloaded (original_for)."""
    return original_for(store.content(version_id), editor)


_IDENTIFYING = {
    "docProps/core.xml": re.compile(rb"<(dc:creator|cp:lastModifiedBy)\b[^>]*?(?:/>|>.*?</\1>)", re.S),
    "docProps/app.xml": re.compile(rb"<(Manager|Company)\b[^>]*?(?:/>|>.*?</\1>)", re.S),
}
"""Document properties that name a person or organisation: who wrote and who last saved the file."""


PREPARER_FIELD = "Prepared by"
"""The About field naming who prepared a version (an in-app edit writes '<editor>, in the dashboard')."""
PREPARER_HIDDEN = "Not shown to viewers"
"""What a viewer's copy of an original says in that field instead of a name."""


def original_for(content: bytes, editor: bool) -> bytes:
    """A stored original as downloaded: editors get it byte for byte; anyone else a copy naming nobody.

    Viewers do not see who stored a version (docs/operations.md): their copy has no author properties and
    its About sheet's 'Prepared by' says `PREPARER_HIDDEN`. What is stored is never changed.
    """
    return content if editor else without_authors(_without_preparer(content))


def _without_preparer(content: bytes) -> bytes:
    """The workbook with its About sheet's 'Prepared by' value replaced; unchanged if it names no one."""
    from openpyxl import load_workbook  # only for a viewer's download

    try:
        workbook = load_workbook(io.BytesIO(content))
    except Exception:  # not a workbook openpyxl reads: nothing stored is one (every version was checked)
        return content
    if ABOUT_SHEET not in workbook.sheetnames:
        return content
    changed = False
    for field, value in workbook[ABOUT_SHEET].iter_rows(min_col=1, max_col=2):
        if str(field.value or "").strip().casefold() == PREPARER_FIELD.casefold() and value.value not in (
            None,
            "",
        ):
            value.value = PREPARER_HIDDEN
            changed = True
    if not changed:
        return content
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def without_authors(content: bytes) -> bytes:
    """An original workbook with the author, last-modified-by, manager and company properties removed, for
    people who must not see who stored a version. Every other part is copied unchanged; bytes that are not a
    zip are returned as they are (nothing stored is one: every version passed the upload checks)."""
    try:
        source = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        return content
    buffer = io.BytesIO()
    with source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if pattern := _IDENTIFYING.get(info.filename):
                data = pattern.sub(b"", data)
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
