"""Version history as a table, for the History page and the exports."""

from __future__ import annotations

import io
import re
import zipfile

import pandas as pd

from domain import Kind
from loaders.schema import TRACKERS
from store.repository import AuditEntry, Version

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
                "tracker": TRACKERS[v.kind].title,
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
    return TRACKERS[kind].title


_IDENTIFYING = {
    "docProps/core.xml": re.compile(rb"<(dc:creator|cp:lastModifiedBy)\b[^>]*?(?:/>|>.*?</\1>)", re.S),
    "docProps/app.xml": re.compile(rb"<(Manager|Company)\b[^>]*?(?:/>|>.*?</\1>)", re.S),
}
"""Document properties that name a person or organisation: who wrote and who last saved the file."""


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
