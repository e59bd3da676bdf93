"""Reading a CPLG outcome category from the words of its recommendation.

The rules are tried in order and the first match wins, so the more specific readings come first: "noted
the pathway but further development was required" is Further work, not Noted, and "would be reviewed again
later in the year" is Further work even where the text mentions an approval elsewhere.
"""

from __future__ import annotations

import re

OUTCOME_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Not supported", re.compile(r"unable to support|not support|did not support|declined|rejected", re.I)),
    (
        "Further work",
        re.compile(
            r"further development|reviewed again|needed to be undertaken|task and finish|workshop|"
            r"return to CPLG|come back|further work|refine",
            re.I,
        ),
    ),
    ("Approved", re.compile(r"\bapproved\b|confirmed preference|\bratified\b", re.I)),
    ("Supported", re.compile(r"\bsupport(ed)?\b|support was given|\bagreement\b|\bendorsed?\b", re.I)),
    ("Noted", re.compile(r"\bnoted\b", re.I)),
    ("Feedback given", re.compile(r"\bfeedback\b", re.I)),
)


def classify_outcome(recommendation: str | None) -> str | None:
    """The outcome category for a recommendation, or None when no rule recognises it."""
    if not recommendation:
        return None
    for outcome, pattern in OUTCOME_RULES:
        if pattern.search(recommendation):
            return outcome
    return None
