"""One priority's history: its status, percentage and commentary in every framework snapshot."""

from __future__ import annotations

import pandas as pd

from loaders.loaded import LoadedTracker

HISTORY_COLUMNS = ["as_at", "version", "status", "percent_complete", "owner", "due_date", "notes"]


def priority_history(snapshots: list[LoadedTracker], priority_id: str) -> pd.DataFrame:
    """One row per snapshot holding the priority, oldest first (snapshots without it are left out)."""
    rows = []
    for snapshot in snapshots:
        table = snapshot.tables["priorities"]
        found = table[table["priority_id"] == priority_id]
        if found.empty:
            continue
        row = found.iloc[0]
        rows.append(
            {
                "as_at": snapshot.as_at,
                "version": snapshot.version_id,
                "status": None if pd.isna(row["status"]) else str(row["status"]),
                "percent_complete": row["percent_complete"],
                "owner": row["owner"],
                "due_date": row["due_date"],
                "notes": row["notes"],
            }
        )
    return pd.DataFrame(rows, columns=HISTORY_COLUMNS)
