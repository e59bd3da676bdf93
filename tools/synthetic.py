"""Synthetic trackers for tests and benchmarks (both import this): valid, large, deterministic."""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

from domain import DEFAULT_LEVEL_SCALE, FACETS, ORGANISATION_TYPES, OUTCOMES, PROFESSIONS, STATUSES


def framework_bytes(
    priorities: int, themes: int = 40, seed: int = 7, as_at: dt.date = dt.date(2023, 2, 8)
) -> bytes:
    """A valid framework tracker with `themes` themes and `priorities` priorities (write-only, fast)."""
    rng = random.Random(seed)
    workbook = Workbook(write_only=True)
    about = workbook.create_sheet("About")
    about.append(["Field", "Value"])
    about.append(["Tracker", "Framework themes"])
    about.append(["As at", as_at])
    sheet = workbook.create_sheet("Themes")
    sheet.append(["Theme ID", "Theme", "What will be different"])
    for t in range(1, themes + 1):
        sheet.append([f"T{t}", f"Theme {t}", f"What will be different for theme {t}"])
    sheet = workbook.create_sheet("Achievements")
    sheet.append(["Achievement ID", "Theme ID", "Achievement", "Date achieved"])
    for a in range(1, themes * 3 + 1):
        sheet.append(
            [f"A{a}", f"T{rng.randint(1, themes)}", f"Achievement {a}", as_at - dt.timedelta(days=a)]
        )
    sheet = workbook.create_sheet("Priorities")
    sheet.append(
        [
            "Priority ID",
            "Theme ID",
            "Priority",
            "Owner",
            "Due date",
            "Status",
            "Percent complete",
            "Last updated",
            "Notes",
        ]
    )
    for p in range(1, priorities + 1):
        status = rng.choice(STATUSES)
        sheet.append(
            [
                f"P{p:05d}",
                f"T{rng.randint(1, themes)}",
                f"Priority {p}: build trusted, open relationships with wider networks",
                f"Owner {rng.randint(1, 30)}",
                as_at + dt.timedelta(days=rng.randint(-90, 180)),
                status,
                1.0 if status == "Complete" else round(rng.random() * 0.9, 2),
                as_at,
                "Notes on progress" if rng.random() < 0.5 else None,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _save(workbook: Workbook, path: Path) -> Path:
    workbook.save(path)
    return path


def _about_sheet(workbook: Workbook, title: str, as_at: dt.date) -> None:
    about = workbook.create_sheet("About")
    about.append(["Field", "Value"])
    about.append(["Tracker", title])
    about.append(["As at", as_at])


def write_large_set(
    directory: Path,
    themes: int = 40,
    priorities: int = 2000,
    events: int = 500,
    agenda: int = 5000,
    seed: int = 11,
    assessment_rounds: int = 4,
) -> list[Path]:
    """A complete, valid tracker set at scale: two framework snapshots plus coverage, engagement, CPLG and
    (unless `assessment_rounds` is 0) a self-assessment over several rounds."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    paths = [
        directory / "framework_2023-02-08.xlsx",
        directory / "framework_2023-05-31.xlsx",
    ]
    paths[0].write_bytes(framework_bytes(priorities, themes, seed=seed, as_at=dt.date(2023, 2, 8)))
    paths[1].write_bytes(framework_bytes(priorities, themes, seed=seed + 1, as_at=dt.date(2023, 5, 31)))

    workbook = Workbook(write_only=True)
    _about_sheet(workbook, "Principle coverage", dt.date(2023, 2, 8))
    sheet = workbook.create_sheet("Principles")
    sheet.append(["Principle", "Title", "Principle text"])
    for p in range(1, 6):
        sheet.append([p, f"Principle {p} title", f"The text of national principle {p}."])
    sheet = workbook.create_sheet("Coverage")
    sheet.append(["Theme ID", "Theme", *[f"Principle {p}" for p in range(1, 6)]])
    for t in range(1, themes + 1):
        sheet.append(
            [f"T{t}", f"Theme {t}", *[rng.choice(["Primary", "Supporting", None, None]) for _ in range(5)]]
        )
    paths.append(_save(workbook, directory / "principle_coverage.xlsx"))

    workbook = Workbook(write_only=True)
    _about_sheet(workbook, "Engagement events", dt.date(2023, 5, 31))
    sheet = workbook.create_sheet("Events")
    sheet.append(
        [
            "Event ID",
            "Date",
            "Event",
            "Format",
            "Attendees",
            "Attendance approximate",
            "Volunteers",
            "Theme IDs",
        ]
    )
    for e in range(1, events + 1):
        sheet.append(
            [
                f"E{e}",
                dt.date(2021, 1, 1) + dt.timedelta(days=rng.randint(0, 850)),
                f"Engagement event {e}",
                rng.choice(["In person", "Virtual", "Hybrid"]),
                rng.randint(10, 200),
                rng.choice(["Yes", "No"]),
                rng.randint(0, 15),
                f"T{rng.randint(1, themes)}",
            ]
        )
    sheet = workbook.create_sheet("By organisation type")
    sheet.append(["Event ID", "Organisation type", "Attendees"])
    for e in range(1, events + 1):
        sheet.append([f"E{e}", rng.choice(ORGANISATION_TYPES), rng.randint(1, 9)])
    sheet = workbook.create_sheet("By profession")
    sheet.append(["Event ID", "Profession", "Attendees"])
    for e in range(1, events + 1):
        sheet.append([f"E{e}", rng.choice(PROFESSIONS[:10]), rng.randint(1, 9)])
    paths.append(_save(workbook, directory / "engagement_events.xlsx"))

    workbook = Workbook(write_only=True)
    _about_sheet(workbook, "CPLG agenda log", dt.date(2023, 5, 31))
    sheet = workbook.create_sheet("Agenda items")
    sheet.append(
        [
            "Item ID",
            "Meeting date",
            "Item",
            "Facet",
            "Presenter",
            "Overview",
            "Recommendation",
            "Outcome",
            "Theme IDs",
        ]
    )
    for i in range(1, agenda + 1):
        sheet.append(
            [
                f"C{i}",
                dt.date(2021, 1, 5) + dt.timedelta(days=14 * rng.randint(0, 60)),
                f"Agenda item {rng.randint(1, agenda // 2)}",
                rng.choice([*FACETS, None]),
                f"Presenter {rng.randint(1, 80)}",
                "An overview of the proposal presented to CPLG",
                "CPLG supported the proposal",
                rng.choice(OUTCOMES),
                f"T{rng.randint(1, themes)}, T{rng.randint(1, themes)}",
            ]
        )
    paths.append(_save(workbook, directory / "cplg_agenda_log.xlsx"))
    if assessment_rounds:
        evidence = [
            *(f"A{a}" for a in range(1, themes * 3 + 1)),
            *(f"P{p:05d}" for p in range(1, priorities + 1)),
            *(f"C{i}" for i in range(1, agenda + 1)),
            *(f"E{e}" for e in range(1, events + 1)),
        ]
        path = directory / "principles_assessment.xlsx"
        path.write_bytes(assessment_bytes(assessment_rounds, evidence, seed=seed))
        paths.append(path)
    return paths


def assessment_rounds_rows(
    rounds: int, evidence: Sequence[str], seed: int = 11, first: dt.date = dt.date(2022, 3, 15)
) -> list[list[object]]:
    """Rows of the Assessments sheet: every principle in every round (a year apart), levels drifting,
    targets at or a level above, one to four evidence ids drawn from `evidence`, peer review in alternate
    rounds. Generated: the seed papers contain no scores."""
    rng = random.Random(seed)
    levels = {p: rng.randint(1, 2) for p in range(1, 6)}
    rows: list[list[object]] = []
    for r in range(rounds):
        date = first.replace(year=first.year + r)
        for p in range(1, 6):
            if r:
                levels[p] = max(1, min(4, levels[p] + rng.choice([0, 0, 1, 1, -1])))
            cited = rng.sample(list(evidence), 4)
            peer = r % 2 == 1
            rows.append(
                [
                    date,
                    p,
                    levels[p],
                    f"Round {r + 1}: what is in place for principle {p}, and what is missing for the next level.",
                    ", ".join(cited[: rng.randint(1, 4)]),
                    "CPLG SLT",
                    max(1, min(4, levels[p] + rng.choice([-1, 0, 0, 1]))) if peer else None,
                    "Neighbouring ICS CCPL lead" if peer else None,
                    min(4, levels[p] + rng.choice([0, 1])),
                    date.replace(year=date.year + 1),
                ]
            )
    return rows


def assessment_bytes(rounds: int, evidence: Sequence[str], seed: int = 11) -> bytes:
    """A valid principles self-assessment tracker with `rounds` rounds (see assessment_rounds_rows)."""
    workbook = Workbook(write_only=True)
    rows = assessment_rounds_rows(rounds, evidence, seed)
    _about_sheet(workbook, "Principles self-assessment", rows[-1][0])
    sheet = workbook.create_sheet("Assessments")
    sheet.append(
        [
            "Assessment date",
            "Principle",
            "Level",
            "Rationale",
            "Evidence",
            "Assessed by",
            "Peer review level",
            "Peer reviewer",
            "Target level",
            "Target date",
        ]
    )
    for row in rows:
        sheet.append(row)
    sheet = workbook.create_sheet("Levels")
    sheet.append(["Level", "Name", "Descriptor"])
    for level in DEFAULT_LEVEL_SCALE:
        sheet.append(list(level))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
