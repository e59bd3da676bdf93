"""What to check before a board paper is sent (issue 19 item 7), computed once from the view and the written
parts; the Board papers page and `python -m exports papers` both print it.

Each check is said in the board's words: the period, when an earlier snapshot was never recorded as presented;
which CPLG dates the data checks flag (the paper prints them as recorded, with a footnote); which due dates
are assumed; which priorities have no owner recorded; and which written parts are still empty. Tracker text is returned as it is: whoever renders it escapes it (the page
through ui.components.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from formatting import FLAG_MARK, FLAGGED_SUFFIX, NOT_RECORDED, count, long_date
from metrics.memo import memoised
from metrics.view import View
from report.paper import (
    ASSUMED_MARK,
    FIRST_PAPER_MONTHS,
    PaperTexts,
    as_known_at,
    due_text,
    missing_written_parts,
    paper_period,
    previous_paper,
)

BEFORE_YOU_SEND = "Before you send"
NOTHING_TO_CHECK = (
    "nothing to check: no date in the papers is flagged or assumed, every priority has an owner recorded "
    "and every written part is written."
)
FLAGGED = "meeting_date" + FLAGGED_SUFFIX


@dataclass(frozen=True)
class SendCheck:
    """One thing to check: what (a short heading) and the detail, in the board's words."""

    what: str
    detail: str

    @property
    def line(self) -> str:
        return f"{self.what}: {self.detail}"


def _in_papers(view: View, agenda_from: dt.date | None) -> pd.DataFrame:
    """The CPLG items the papers print: the cover report's period (report.paper.paper_period), and Appendix A's
    window (the same period, or from `agenda_from`)."""
    agenda = view.agenda
    if agenda.empty or "position_date" not in agenda.columns:
        return agenda
    placed = agenda["position_date"]
    period = paper_period(view)
    keep = period.contains(placed)
    if agenda_from is not None:
        keep |= ~(placed < pd.Timestamp(agenda_from)).fillna(False).astype(bool)
    return agenda[keep]


def _ids(frame: pd.DataFrame) -> str:
    return ", ".join(str(i) for i in frame["priority_id"])


def _flagged(view: View, agenda_from: dt.date | None) -> SendCheck | None:
    agenda = _in_papers(view, agenda_from)
    if agenda.empty or FLAGGED not in agenda.columns:
        return None
    flagged = agenda[agenda[FLAGGED].fillna(False).astype(bool)]
    if flagged.empty:
        return None
    items = "; ".join(
        f"'{row['item']}', dated {long_date(row['meeting_date'])}" for _, row in flagged.iterrows()
    )
    return SendCheck(
        "Flagged dates",
        f"the CPLG log gives {items}. "
        + ("That year is" if len(flagged) == 1 else "Those years are")
        + f" out of line with the meetings around {'it' if len(flagged) == 1 else 'them'}: the paper prints "
        f"the date as written, marked {FLAG_MARK} with a footnote, among those meetings. If it is a typing "
        "error, correct it in the CPLG log before sending.",
    )


def _assumed(view: View) -> SendCheck | None:
    priorities = view.priorities
    if priorities.empty:
        return None
    assumed = priorities[[due_text(row).endswith(ASSUMED_MARK) for _, row in priorities.iterrows()]]
    if assumed.empty:
        return None
    by_date = [
        f"{long_date(day)} for {_ids(group)}"
        for day, group in assumed.groupby("due_date", sort=True)  # one group per assumed date
    ]
    return SendCheck(
        "Assumed dates",
        f"{len(assumed)} of {count(len(priorities), 'due date')} {'is' if len(assumed) == 1 else 'are'} "
        f"assumed (the trackers give none for {'that priority' if len(assumed) == 1 else 'those priorities'}) "
        f"and marked {ASSUMED_MARK} in the paper, with one footnote: {'; '.join(by_date)}. Confirm them with "
        "the owners if you can.",
    )


def _owners(view: View) -> SendCheck | None:
    priorities = view.priorities
    if priorities.empty or "owner" not in priorities.columns:
        return None
    owner = priorities["owner"].fillna("").astype(str).str.strip()
    unowned = priorities[owner.isin(["", NOT_RECORDED])]
    if unowned.empty:
        return None
    return SendCheck(
        "Owners not recorded",
        f"no owner is recorded for {len(unowned)} of {count(len(priorities), 'priority', 'priorities')} "
        f"({_ids(unowned)}), so the paper names none for them.",
    )


def _period(view: View) -> SendCheck | None:
    """When an earlier snapshot exists but none is recorded as presented, the papers cover the four months
    before the 'as at' date: say so, and how to make them run from the earlier paper."""
    period = paper_period(view)
    if (
        view.previous is None
        or previous_paper(view) is not None
        or period.start is None
        or period.end is None
    ):
        return None
    earlier = long_date(view.previous.as_at)
    months = {3: "three", 4: "four", 6: "six"}.get(FIRST_PAPER_MONTHS, str(FIRST_PAPER_MONTHS))
    return SendCheck(
        "Period",
        f"no earlier paper is recorded as presented to the board, so the papers cover the {months} months "
        f"before this one, {long_date(period.start)} to {long_date(period.end)}. If the paper as at "
        f"{earlier} was presented, lock its snapshot on the Update priorities page and the papers will cover "
        "the time since.",
    )


def _written(texts: PaperTexts) -> SendCheck | None:
    missing = missing_written_parts(texts)
    if not missing:
        return None
    return SendCheck(
        "Empty written parts",
        f"{'; '.join(missing)}. Until they are written (under 'The written parts' on the Board papers page), the paper goes without them.",
    )


@memoised  # per shared view, written parts and window: built once, not per visitor opening the page
def before_you_send(
    view: View, texts: PaperTexts, agenda_from: dt.date | None = None
) -> tuple[SendCheck, ...]:
    """What to check before sending the papers of this view with these written parts (and Appendix A's agenda
    from `agenda_from`), in the order a secretary would check them; empty when there is nothing to check."""
    view = as_known_at(view)
    checks = [_period(view), _flagged(view, agenda_from), _assumed(view), _owners(view), _written(texts)]
    return tuple(check for check in checks if check is not None)


def before_you_send_text(checks: Sequence[SendCheck]) -> str:
    """The checks as plain text, for the command line."""
    if not checks:
        return f"{BEFORE_YOU_SEND}: {NOTHING_TO_CHECK}"
    return "\n".join([f"{BEFORE_YOU_SEND}:", *(f"- {check.line}" for check in checks)])
