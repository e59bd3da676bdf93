"""Synthetic trackers for benchmarks and scale tests: valid, large, deterministic."""

from __future__ import annotations

import datetime as dt
import io
import random

from openpyxl import Workbook

from loaders.schema import STATUSES


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
