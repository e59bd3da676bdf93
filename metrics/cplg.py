"""CPLG decisions: agenda items over time by facet and outcome, text search, and items that came back."""

from __future__ import annotations

import re

import pandas as pd

from domain import FACETS, NEXT_MEETING, OPEN_ACTION_STATUSES, OUTCOMES
from formatting import FLAGGED_SUFFIX, marked
from loaders.validate import implausible_dates
from metrics.memo import memoised

NO_FACET = "No facet"
NOT_CATEGORISED = "Not categorised"
SEARCH_COLUMNS = ("item", "presenter", "overview", "recommendation")


FLAGGED = "meeting_date" + FLAGGED_SUFFIX


@memoised  # per tracker table: the view adds these columns once, before the filters
def dated(agenda: pd.DataFrame) -> pd.DataFrame:
    """Agenda items with the rule for a flagged meeting date: meeting_date_flagged (the loader's data check,
    loaders.validate.implausible_dates, e.g. the paper's '20 September 2002') and position_date.

    A flagged item keeps its recorded meeting_date (shown with a marker wherever it appears); for months,
    windows, ranges, filters and order it takes position_date, the meeting date of the next item in the log
    (the previous one if it is last). Every other item's position_date is its meeting date. Give it the whole
    log (the tracker's table, in sheet order): which dates stand out is judged against the whole column.
    """
    if "position_date" in agenda.columns:
        return agenda
    dates = agenda["meeting_date"]
    flagged = implausible_dates(dates)
    neighbours = dates.where(~flagged).bfill().ffill()
    return agenda.assign(**{FLAGGED: flagged, "position_date": dates.where(~flagged, neighbours)})


@memoised  # per tracker table: derived once from the whole log; every view and every search reuse it
def with_labels(agenda: pd.DataFrame) -> pd.DataFrame:
    """Agenda items with facet and outcome as text ('No facet' before facets began) and a month column (the
    month of each item's position_date: a flagged date never makes a month of its own)."""
    agenda = dated(agenda)
    labelled = agenda.assign(
        facet_label=agenda["facet"].astype("string").fillna(NO_FACET),
        outcome_label=agenda["outcome"].astype("string").fillna(NOT_CATEGORISED),
        month=agenda["position_date"].dt.to_period("M").dt.to_timestamp(),
    )
    return labelled


def counts_by_month(agenda: pd.DataFrame, by: str) -> pd.DataFrame:
    """Items per meeting month and category ('facet_label' or 'outcome_label'), in category order."""
    labelled = with_labels(agenda)
    order = [*FACETS, NO_FACET] if by == "facet_label" else [*OUTCOMES, NOT_CATEGORISED]
    counts = labelled.groupby(["month", by]).size().rename("items").reset_index()
    counts[by] = pd.Categorical(counts[by], categories=order, ordered=True)
    return counts.sort_values(["month", by], ignore_index=True)


def search(agenda: pd.DataFrame, text: str) -> pd.DataFrame:
    """Items whose title, presenter, overview or recommendation contain every word of `text` (any case)."""
    words = [w for w in re.split(r"\s+", text.strip().lower()) if w]
    if not words:
        return agenda
    haystack = agenda[SEARCH_COLUMNS[0]].astype("string").fillna("")
    for column in SEARCH_COLUMNS[1:]:
        haystack = haystack + " " + agenda[column].astype("string").fillna("")
    haystack = haystack.str.lower()
    keep = pd.Series(True, index=agenda.index)
    for word in words:
        keep &= haystack.str.contains(word, regex=False)
    return agenda[keep]


def title_key(titles: pd.Series) -> pd.Series:
    """Titles compared as the same item whatever their case or punctuation ('Headache pathway.' = 'Headache Pathway')."""
    return titles.astype("string").str.lower().str.replace(r"[^a-z0-9]+", " ", regex=True).str.strip()


def recurring_items(agenda: pd.DataFrame) -> pd.DataFrame:
    """Items presented more than once (same title, any case or punctuation), with their history.

    Columns: item, times, first, last (recorded meeting dates, in the order of the log: a flagged date keeps
    its neighbours' place), outcomes (e.g. 'Not supported → Further work'), item_ids, first_flagged and
    last_flagged.
    """
    columns = ["item", "times", "first", "last", "outcomes", "item_ids", "first_flagged", "last_flagged"]
    key = title_key(agenda["item"])
    repeated = key.duplicated(keep=False) & key.notna()
    if not repeated.any():
        return pd.DataFrame(columns=columns)
    rows = (
        with_labels(dated(agenda)[repeated])
        .assign(key=key[repeated])
        .sort_values(["position_date", "item_id"])
    )
    grouped = rows.groupby("key", sort=False)
    result = pd.DataFrame(
        {
            "item": grouped["item"].last(),
            "times": grouped.size(),
            "first": grouped["meeting_date"].first(),
            "last": grouped["meeting_date"].last(),
            "first_flagged": grouped[FLAGGED].first(),
            "last_flagged": grouped[FLAGGED].last(),
            "_last_position": grouped["position_date"].last(),
            "outcomes": grouped["outcome_label"].agg(" → ".join),
            "item_ids": grouped["item_id"].agg(", ".join),
        }
    )
    return result.sort_values(["times", "_last_position"], ascending=[False, False], ignore_index=True)[
        columns
    ]


@memoised  # per tracker table: derived once from the whole log; every view and every search reuse it
def returning_items(agenda: pd.DataFrame) -> pd.DataFrame:
    """For every item that came back (or was back), the other times it was presented.

    One row per item presented more than once: item_id, earlier (ids of earlier presentations, oldest first),
    later (ids of later ones), and 'links' in words, e.g. 'Came back as C19 (20 Sep 2022)'.
    """
    columns = ["item_id", "earlier", "later", "links"]
    key = title_key(agenda["item"])
    repeated = key.duplicated(keep=False) & key.notna()
    if not repeated.any():
        return pd.DataFrame(columns=columns)
    rows = dated(agenda)[repeated].assign(key=key[repeated]).sort_values(["position_date", "item_id"])
    found = []
    for _, group in rows.groupby("key", sort=False):
        ids = list(group["item_id"])
        dates = {
            i: marked(_day(d), f)
            for i, d, f in zip(group["item_id"], group["meeting_date"], group[FLAGGED], strict=True)
        }
        for position, item_id in enumerate(ids):
            earlier, later = ids[:position], ids[position + 1 :]
            words = [f"First presented as {i} ({dates[i]})" for i in earlier[:1]]
            words += [f"came back as {i} ({dates[i]})" for i in later]
            text = "; ".join(words)
            found.append((item_id, tuple(earlier), tuple(later), text[:1].upper() + text[1:]))
    return pd.DataFrame(found, columns=columns)


def _day(value: pd.Timestamp) -> str:
    return "date not given" if pd.isna(value) else f"{value.day} {value:%b %Y}"


@memoised  # per tracker table: derived once from the whole log; every view and every search reuse it
def actions_with_due(actions: pd.DataFrame, agenda: pd.DataFrame) -> pd.DataFrame:
    """Actions with the meeting that set them and the day they are due.

    Adds: item (its title), set_on (that item's meeting date), due_on (the due date, or for 'Next meeting' the
    first meeting in the log after set_on, NaT if none yet) and due_label (what to show).
    """
    by_id = dated(agenda).drop_duplicates("item_id").set_index("item_id")
    set_on = actions["item_id"].map(by_id["meeting_date"]).astype("datetime64[ns]")
    placed = actions["item_id"].map(by_id["position_date"]).astype("datetime64[ns]")
    meetings = pd.Series(sorted(by_id["position_date"].dropna().unique())).astype("datetime64[ns]")
    positions = meetings.searchsorted(placed, side="right")
    following = pd.Series(
        [
            meetings.iloc[p] if not pd.isna(d) and p < len(meetings) else pd.NaT
            for p, d in zip(positions, placed, strict=True)
        ],
        index=actions.index,
        dtype="datetime64[ns]",
    )
    next_meeting = actions["due_next_meeting"].astype(bool)
    due_on = actions["due_date"].astype("datetime64[ns]").where(~next_meeting, following)
    days = ["" if pd.isna(d) else f"{d.day} {d:%b %Y}" for d in due_on]
    label = pd.Series(
        [
            (NEXT_MEETING + (f" ({day})" if day else "")) if is_next else day
            for day, is_next in zip(days, next_meeting, strict=True)
        ],
        index=actions.index,
        dtype="string",
    )
    return actions.assign(
        item=actions["item_id"].map(by_id["item"]),
        set_on=set_on,
        set_on_flagged=actions["item_id"].map(by_id[FLAGGED]).fillna(False).astype(bool),
        due_on=due_on,
        due_label=label,
    )


def matters_arising(actions: pd.DataFrame, agenda: pd.DataFrame, today: pd.Timestamp) -> pd.DataFrame:
    """Actions still to be reported on at the next meeting, overdue first (oldest due first), then the rest.

    An action is open while its status is Open or Not recorded; it is overdue when the day it was due (or the
    meeting after the one that set it) is before `today`.
    """
    dated = actions_with_due(actions, agenda)
    still_open = dated[dated["status"].astype("string").isin(OPEN_ACTION_STATUSES).fillna(False)]
    overdue = still_open["due_on"].notna() & (still_open["due_on"] < today)
    ordered = still_open.assign(overdue=overdue.astype(bool)).sort_values(
        ["overdue", "due_on", "set_on", "action_id"], ascending=[False, True, True, True], na_position="last"
    )
    return ordered.reset_index(drop=True)


@memoised  # per tracker table: derived once from the whole log; every view and every search reuse it
def actions_by_item(actions: pd.DataFrame) -> pd.Series:
    """Each agenda item's actions in words, e.g. 'CA01 (Not recorded): DM was asked to …', by item id."""
    if actions.empty:
        return pd.Series(dtype="string")
    words = actions["action_id"] + " (" + actions["status"].astype("string") + "): " + actions["action"]
    return words.groupby(actions["item_id"]).agg("; ".join)


def searched_items(
    agenda: pd.DataFrame, all_items: pd.DataFrame, actions: pd.DataFrame, text: str
) -> pd.DataFrame:
    """The agenda items matching `text`, newest first, with their actions and the items they came back as."""
    found = with_labels(search(agenda, text))
    return found.assign(
        actions=found["item_id"].map(actions_by_item(actions)).astype("string").fillna(""),
        links=found["item_id"]
        .map(returning_items(all_items).set_index("item_id")["links"])
        .astype("string")
        .fillna(""),
    ).sort_values("position_date", ascending=False)
