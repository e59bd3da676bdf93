"""Build the default trackers in data/ from the seed papers' content (data/seed_content.py).

Run `python -m data.build_default_data` (or `make data`) after editing seed_content.py. The output is
reproducible: the same content gives the same workbooks, so changes show up in review as code changes.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

from data import seed_content as seed
from domain import Kind
from loaders.formats import TRACKERS
from loaders.formats.coverage import COVERAGE_COLUMN_PREFIX
from loaders.outcomes import classify_outcome
from loaders.spec import ABOUT_AS_AT, ABOUT_TRACKER
from loaders.templates import write_workbook

DATA_DIR = Path(__file__).resolve().parent
PREPARED_BY = "Built from the seed papers by data/build_default_data.py"


def framework_file(as_at: dt.date) -> str:
    return f"{TRACKERS[Kind.FRAMEWORK].file_stem}_{as_at:%Y-%m-%d}.xlsx"


def _about(kind: Kind, as_at: dt.date, source: str, notes: str) -> dict[str, Any]:
    return {
        ABOUT_TRACKER: TRACKERS[kind].title,
        ABOUT_AS_AT: as_at,
        "Prepared by": PREPARED_BY,
        "Source": source,
        "Notes": notes,
    }


def _priority_rows(as_at: dt.date) -> list[dict[str, Any]]:
    rows = []
    for p in seed.PRIORITIES:
        status, note = p["dec"]
        due = p.get("due", seed.WINDOW_END)
        updated = seed.SNAPSHOT_DEC
        if as_at >= seed.SNAPSHOT_FEB:
            if "feb" in p:
                status, note = p["feb"]
                updated = seed.SNAPSHOT_FEB
            else:
                note = f"{note} {seed.NO_UPDATE}"
            due = p.get("feb_due", due)
        rows.append(
            {
                "priority_id": p["id"],
                "theme_id": p["theme"],
                "priority": p["text"],
                "owner": p.get("owner"),
                "due_date": due,
                "due_date_assumed": "due" not in p,
                "status": status,
                "percent_complete": 100 if status == "Complete" else None,
                "last_updated": updated,
                "notes": note,
            }
        )
    return rows


def _achievement_rows(as_at: dt.date) -> list[dict[str, Any]]:
    rows = [
        {"theme_id": theme, "achievement": text, "date_achieved": None, "source": seed.APPENDIX_A}
        for theme, text in seed.ACHIEVEMENTS_DEC
    ]
    if as_at >= seed.SNAPSHOT_FEB:
        rows += [
            {"theme_id": theme, "achievement": text, "date_achieved": date, "source": source}
            for theme, text, date, source in seed.ACHIEVEMENTS_FEB
        ]
    return [{"achievement_id": f"A{i:02d}"} | row for i, row in enumerate(rows, start=1)]


def build_framework(as_at: dt.date, directory: Path) -> Path:
    notes = (
        "Statuses are assessed from the papers' words (see each priority's Notes). Due dates marked 'Due date "
        f"assumed' are not in the papers: they default to {seed.WINDOW_END:%d %B %Y}, the end of the six-month "
        "window that began on 1 December 2022. Owners are recorded only where the papers name one."
    )
    source = seed.APPENDIX_A if as_at < seed.SNAPSHOT_FEB else f"{seed.APPENDIX_A}; {seed.COVER_REPORT}"
    path = directory / framework_file(as_at)
    write_workbook(
        Kind.FRAMEWORK,
        path,
        about=_about(Kind.FRAMEWORK, as_at, source, notes),
        rows={
            "Themes": seed.THEMES,
            "Achievements": _achievement_rows(as_at),
            "Priorities": _priority_rows(as_at),
        },
        created=dt.datetime.combine(as_at, dt.time()),
    )
    return path


def build_coverage(directory: Path) -> Path:
    themes = {t["theme_id"]: t["theme"] for t in seed.THEMES}
    rows = []
    for theme_id, (marks, reason) in seed.COVERAGE.items():
        row: dict[str, Any] = {
            "theme_id": theme_id,
            "theme": themes[theme_id],
            "basis": f"Assumption: {reason}",
        }
        row |= {f"{COVERAGE_COLUMN_PREFIX}{n}": mark for n, mark in marks.items()}
        rows.append(row)
    path = directory / f"{TRACKERS[Kind.COVERAGE].file_stem}.xlsx"
    write_workbook(
        Kind.COVERAGE,
        path,
        about=_about(
            Kind.COVERAGE,
            seed.SNAPSHOT_DEC,
            f"{seed.APPENDIX_A}: Appendix 1 (5 principles; framework table)",
            seed.COVERAGE_ASSUMPTION,
        ),
        rows={"Principles": seed.PRINCIPLES, "Coverage": rows},
        created=dt.datetime.combine(seed.SNAPSHOT_DEC, dt.time()),
    )
    return path


def build_engagement(directory: Path) -> Path:
    path = directory / f"{TRACKERS[Kind.ENGAGEMENT].file_stem}.xlsx"
    write_workbook(
        Kind.ENGAGEMENT,
        path,
        about=_about(
            Kind.ENGAGEMENT,
            seed.SNAPSHOT_FEB,
            f"{seed.APPENDIX_A}; {seed.COVER_REPORT}, 4.3 and 5.1",
            "The papers give attendance as 'circa 100-150' for each event (about 150 in May, about 100 in "
            "October) and no breakdown by organisation type or profession: those sheets are left empty. "
            "The themes each event served (Theme IDs) are an editable assumption.",
        ),
        rows={"Events": seed.EVENTS},
        created=dt.datetime.combine(seed.SNAPSHOT_FEB, dt.time()),
    )
    return path


def build_cplg(directory: Path) -> Path:
    rows = []
    for number, item in enumerate(seed.AGENDA, start=1):
        rows.append(
            {
                "item_id": f"C{number:02d}",
                "meeting_date": item["date"],
                "item": item["item"],
                "facet": item.get("facet"),
                "presenter": item["presenter"],
                "overview": item["overview"],
                "recommendation": item["recommendation"],
                "outcome": classify_outcome(item["recommendation"]),
                "theme_ids": item["themes"],
                "notes": "Theme link and outcome category are editable assumptions.",
            }
        )
    actions = [
        {
            "action_id": f"CA{number:02d}",
            "item_id": action["item"],
            "action": action["action"],
            "owner": action.get("owner"),
            "due": action.get("due"),
            "status": "Not recorded",
            "basis": seed.ACTIONS_BASIS.format(item=action["item"]),
        }
        for number, action in enumerate(seed.ACTIONS, start=1)
    ]
    path = directory / f"{TRACKERS[Kind.CPLG].file_stem}.xlsx"
    write_workbook(
        Kind.CPLG,
        path,
        about=_about(
            Kind.CPLG,
            seed.SNAPSHOT_DEC,
            f"{seed.APPENDIX_A}: CPLG agenda log, January to November 2022",
            "Outcome categories were read from the recommendations by rule (loaders/outcomes.py); the themes "
            "each item bears on are an editable assumption. One date is printed in the paper as "
            "'20 September 2002' (surely 2022) and is kept as printed. Agenda facets exist only from August "
            "2022. The Actions sheet holds the follow-ups the recommendations state, in their words, with owners "
            "only where named and status 'Not recorded': which sentences are actions is an editable assumption.",
        ),
        rows={"Agenda items": rows, "Actions": actions},
        created=dt.datetime.combine(seed.SNAPSHOT_DEC, dt.time()),
    )
    return path


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
_CREATED = re.compile(rb"<dcterms:created[^>]*>([^<]*)</dcterms:created>")


def _fix_zip_times(path: Path) -> None:
    """Rewrite the workbook with fixed times, so unchanged content gives byte-identical files.

    openpyxl stamps the save time into each zip entry and into docProps/core.xml's 'modified'.
    """
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    for index, (info, content) in enumerate(entries):
        if info.filename == "docProps/core.xml" and (created := _CREATED.search(content)):
            entries[index] = (info, _MODIFIED.sub(rb"\g<1>" + created.group(1) + rb"\g<2>", content))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, content in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(fixed, content)


def build_all(directory: Path = DATA_DIR) -> list[Path]:
    """Write every default tracker into `directory`; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = [
        build_framework(seed.SNAPSHOT_DEC, directory),
        build_framework(seed.SNAPSHOT_FEB, directory),
        build_coverage(directory),
        build_engagement(directory),
        build_cplg(directory),
    ]
    for path in written:
        _fix_zip_times(path)
    return written


if __name__ == "__main__":
    for written in build_all():
        print(f"wrote {written.relative_to(DATA_DIR.parent)}")
