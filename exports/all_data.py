"""Every tracker, every version, in tidy long form: one workbook (a sheet per table) or a zip of CSVs.

Each table stacks all stored versions of its tracker, with the version id and 'as at' date on every row,
so analysts can compare versions themselves. Who stored a version is not included (that is audit detail).
"""

from __future__ import annotations

import io
import zipfile

import pandas as pd

from exports.tables import ExportContext, csv_bytes, file_stem, xlsx_bytes
from loaders.formats import TRACKERS
from services.trackers import load_version
from services.version_history import SOURCES
from store.repository import Store


def all_data_tables(store: Store) -> dict[str, pd.DataFrame]:
    """'Versions' plus one long table per tracker table, e.g. 'Framework themes - priorities'."""
    versions = store.versions()
    catalogue = pd.DataFrame(
        [
            {
                "version_id": v.id,
                "tracker": TRACKERS[v.kind].title,
                "as_at": pd.Timestamp(v.as_at) if v.as_at else pd.NaT,
                "stored_utc": pd.Timestamp(v.uploaded_at).tz_convert("UTC").tz_localize(None),
                "how": SOURCES.get(v.source, v.source),
                "restored_from": v.restored_from,
                "note": v.note or "",
                "file_name": v.file_name,
                "sha256": v.sha256,
                "warnings": len(v.warnings),
            }
            for v in versions
        ]
    )
    stacked: dict[str, list[pd.DataFrame]] = {}
    for version in versions:
        tracker = load_version(store, version)  # stored bytes are read in a limited worker, as everywhere
        if not tracker.ok:
            continue
        for key, frame in tracker.tables.items():
            if key == "coverage_matrix":
                continue  # the long 'coverage' table holds the same marks
            name = f"{TRACKERS[version.kind].title} - {key.replace('_', ' ')}"
            tidy = frame.drop(columns=[c for c in frame.columns if str(c).startswith("_")])
            tidy = tidy.assign(
                **{
                    c: tidy[c].map(lambda v: ", ".join(v) if isinstance(v, tuple) else v)
                    for c in tidy.columns
                    if tidy[c].dtype == object
                }
            )
            tidy.insert(0, "as_at", pd.Timestamp(version.as_at) if version.as_at else pd.NaT)
            tidy.insert(0, "version_id", version.id)
            stacked.setdefault(name, []).append(tidy)
    tables = {"Versions": catalogue}
    for name, frames in stacked.items():
        tables[name] = pd.concat(frames, ignore_index=True)
    return tables


def all_data_xlsx(tables: dict[str, pd.DataFrame], context: ExportContext) -> bytes:
    return xlsx_bytes(tables, context)


def all_data_zip(tables: dict[str, pd.DataFrame], context: ExportContext) -> bytes:
    """A zip with one CSV per table and about-this-export.csv."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, frame in tables.items():
            archive.writestr(f"{file_stem(name)}.csv", csv_bytes(frame))
        about = pd.DataFrame(context.rows(), columns=["Field", "Value"])
        archive.writestr("about-this-export.csv", csv_bytes(about))
    return buffer.getvalue()
