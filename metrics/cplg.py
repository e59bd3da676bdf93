"""CPLG decisions: agenda items over time by facet and outcome, text search, and items that came back."""

from __future__ import annotations

import re

import pandas as pd

from domain import FACETS, OUTCOMES

NO_FACET = "No facet"
NOT_CATEGORISED = "Not categorised"
SEARCH_COLUMNS = ("item", "presenter", "overview", "recommendation")


def with_labels(agenda: pd.DataFrame) -> pd.DataFrame:
    """Agenda items with facet and outcome as text ('No facet' before facets began) and a month column."""
    labelled = agenda.assign(
        facet_label=agenda["facet"].astype("string").fillna(NO_FACET),
        outcome_label=agenda["outcome"].astype("string").fillna(NOT_CATEGORISED),
        month=agenda["meeting_date"].dt.to_period("M").dt.to_timestamp(),
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


def recurring_items(agenda: pd.DataFrame) -> pd.DataFrame:
    """Items presented more than once (same title, any case or punctuation), with their history.

    Columns: item, times, first, last, outcomes (e.g. 'Not supported → Further work'), item_ids.
    """
    columns = ["item", "times", "first", "last", "outcomes", "item_ids"]
    key = agenda["item"].astype("string").str.lower().str.replace(r"[^a-z0-9]+", " ", regex=True).str.strip()
    repeated = key.duplicated(keep=False) & key.notna()
    if not repeated.any():
        return pd.DataFrame(columns=columns)
    rows = with_labels(agenda[repeated]).assign(key=key[repeated]).sort_values(["meeting_date", "item_id"])
    grouped = rows.groupby("key", sort=False)
    result = pd.DataFrame(
        {
            "item": grouped["item"].last(),
            "times": grouped.size(),
            "first": grouped["meeting_date"].min(),
            "last": grouped["meeting_date"].max(),
            "outcomes": grouped["outcome_label"].agg(" → ".join),
            "item_ids": grouped["item_id"].agg(", ".join),
        }
    )
    return result.sort_values(["times", "last"], ascending=[False, False], ignore_index=True)[columns]
