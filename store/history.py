"""Version history as a table, for the History page and the exports."""

from __future__ import annotations

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


def versions_frame(versions: list[Version], current_ids: set[int], show_people: bool) -> pd.DataFrame:
    """One row per version, newest first. Who stored it is shown to editors only (`show_people`)."""
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
                "current": v.id in current_ids,
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
