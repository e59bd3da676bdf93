"""The cluster view's figures (issue 23) against an independent count: each ICB's principles side by side, the
crosswalk of its own themes against the five principles, and what changed since its previous snapshot.

The expected figures are counted plainly from the tracker rows, per ICB, by tests/oracle.py (which shares no
code with metrics/) and by the plain loops below; three fictional ICBs ('Example ICB North', 'South', 'West')
and Derbyshire's shipped data beside one of them."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from domain import STATUSES, Kind, Organisation
from metrics import cluster
from metrics.view import View
from report.snapshots import snapshot_changes
from tests import cluster_sets
from tests.oracle import DELIVERED, NEW, REMOVED, Choice, Data, Oracle, rows

FEW_THEMES = 2
"""The stated rule, written again here: a principle rests on few themes when fewer than two themes address it as
a primary contribution (metrics/progress.py's docstring)."""


def _tracker_sets(views: tuple[tuple[Organisation, View], ...]) -> dict[str, Any]:
    sets = cluster_sets.small_sets()
    return {org.id: (cluster_sets.derbyshire_set() if org.id == "jucd" else sets[org.id]) for org, _ in views}


CLUSTERS = {
    "three fictional ICBs": cluster_sets.fictional_views,
    "Derbyshire beside North": cluster_sets.derbyshire_views,
}


@pytest.fixture(scope="module", params=list(CLUSTERS))
def views(request: pytest.FixtureRequest) -> tuple[tuple[Organisation, View], ...]:
    return CLUSTERS[request.param]()


def _latest_levels(trackers: Any) -> dict[int, tuple[int, int | None]]:
    """Per principle: (level, target) in the latest round that assessed it, counted from the rows."""
    if trackers.assessment is None:
        return {}
    latest: dict[int, dict[str, Any]] = {}
    for row in rows(trackers.table(Kind.ASSESSMENT, "assessments")):
        if row["assessment_date"] is None or row["principle"] is None:
            continue
        seen = latest.get(row["principle"])
        if seen is None or row["assessment_date"] >= seen["assessment_date"]:
            latest[row["principle"]] = row
    return {p: (r["level"], r["target_level"]) for p, r in latest.items()}


def test_the_principles_side_by_side_agree_with_a_plain_count(views: tuple) -> None:
    side = cluster.principles_side_by_side(views)
    sets = _tracker_sets(views)
    assert list(dict.fromkeys(side["organisation"])) == [org.id for org, _ in views]  # cluster order
    for org, _ in views:
        data = Data.from_trackers(sets[org.id])
        oracle = Oracle(data, Choice())
        progress, evidence = oracle.principle_progress(), oracle.evidence()
        levels = _latest_levels(sets[org.id])
        mine = side[side["organisation"] == org.id].set_index("principle")
        assert sorted(mine.index) == sorted(p["principle"] for p in data.principles)
        assert set(mine["name"]) == {org.name} and set(mine["label"]) == {org.label}
        for principle, expected in progress.items():
            row = mine.loc[principle]
            primary = {
                c["theme_id"]
                for c in data.coverage
                if c["principle"] == principle and c["strength"] == "Primary"
            }
            assert row["themes"] == expected["themes"], (org.id, principle)
            assert row["primary_themes"] == len(primary), (org.id, principle)
            assert row["priorities"] == expected["priorities"], (org.id, principle)
            for status in STATUSES:
                assert row[status] == expected["by_status"].get(status, 0), (org.id, principle, status)
            on_course = expected["by_status"].get("Complete", 0) + expected["by_status"].get("On track", 0)
            assert row["on_course"] == on_course
            if expected["priorities"]:
                assert row["share_on_course"] == pytest.approx(
                    100 * on_course / expected["priorities"], abs=0.05
                )
            else:
                assert pd.isna(row["share_on_course"])
            assert row["events"] == evidence[principle]["events"], (org.id, principle)
            assert row["decisions"] == evidence[principle]["decisions"], (org.id, principle)
            assert row["achievements"] == evidence[principle]["achievements"], (org.id, principle)
            assert bool(row["few_themes"]) == (len(primary) < FEW_THEMES), (org.id, principle)
            level, target = levels.get(principle, (None, None))
            assert (None if pd.isna(row["level"]) else int(row["level"])) == level, (org.id, principle)
            assert (None if pd.isna(row["target_level"]) else int(row["target_level"])) == target


def test_an_icb_with_no_self_assessment_says_not_assessed() -> None:
    side = cluster.principles_side_by_side(cluster_sets.fictional_views())
    west = side[side["organisation"] == "west"]
    assert west["level"].isna().all() and set(west["level_label"].fillna("")) == {""}
    north = side[side["organisation"] == "north"]
    assert north["level"].notna().all()


def _few_by_hand(views: tuple) -> dict[int, list[str]]:
    """Principle -> the labels of the ICBs where it rests on few primary themes, counted from the rows."""
    sets = _tracker_sets(views)
    few: dict[int, list[str]] = {}
    for org, _ in views:
        data = Data.from_trackers(sets[org.id])
        for p in data.principles:
            primary = {
                c["theme_id"]
                for c in data.coverage
                if c["principle"] == p["principle"] and c["strength"] == "Primary"
            }
            if len(primary) < FEW_THEMES:
                few.setdefault(p["principle"], []).append(org.label)
    return few


def test_the_crosswalk_lists_each_icbs_own_marks(views: tuple) -> None:
    walk = cluster.crosswalk(views)
    sets = _tracker_sets(views)
    for org, _ in views:
        data = Data.from_trackers(sets[org.id])
        names = {t["theme_id"]: t["theme"] for t in data.themes}
        marked = walk[(walk["organisation"] == org.id) & (walk["strength"] != "")]
        expected = {(c["theme_id"], c["principle"], c["strength"]) for c in data.coverage}
        assert set(zip(marked["theme_id"], marked["principle"], marked["strength"], strict=True)) == expected
        assert set(marked["theme"]) <= set(names.values())
        every = walk[walk["organisation"] == org.id]
        assert len(every) == len(data.themes) * len(data.principles)  # every cell, marked or not


def test_principles_resting_on_few_themes_in_one_icb_only_are_flagged(views: tuple) -> None:
    few = cluster.few_themes(cluster.principles_side_by_side(views))
    by_hand = _few_by_hand(views)
    icbs = len(views)
    for _, row in few.iterrows():
        expected = by_hand.get(int(row["principle"]), [])
        assert list(row["few_in"]) == expected
        assert bool(row["one_only"]) == (len(expected) == 1 and icbs > 1)
        assert bool(row["everywhere"]) == (len(expected) == icbs)


def test_the_fictional_cluster_has_each_kind_of_flag() -> None:
    """The fixtures are chosen so the flags are exercised: a principle thin in one ICB only, and one in two."""
    few = cluster.few_themes(cluster.principles_side_by_side(cluster_sets.fictional_views())).set_index(
        "principle"
    )
    assert few["one_only"].any() and not few["one_only"].all()
    assert (few["few_in"].map(len) == 2).any()


def test_changes_per_icb_agree_with_a_plain_count(views: tuple) -> None:
    sets = _tracker_sets(views)
    moved = {org.id: snapshot_changes(view, view.previous.as_at, view.snapshot_date) for org, view in views}
    table = cluster.change_counts(
        [(org, view.previous.as_at, view.snapshot_date, moved[org.id]) for org, view in views]
    ).set_index("organisation")
    for org, view in views:
        expected = Oracle(Data.from_trackers(sets[org.id]), Choice()).changes()
        row = table.loc[org.id]
        assert row["label"] == org.label
        assert row["changed"] == len(expected)
        for kind in (DELIVERED, NEW, REMOVED):
            assert row[kind] == sum(1 for c in expected.values() if c == kind), (org.id, kind)
        assert row["since"] == view.previous.as_at and row["as_at"] == view.snapshot_date
        assert set(moved[org.id]["priority_id"]) == set(expected)


def test_an_icb_with_one_snapshot_has_nothing_to_compare() -> None:
    org, view = cluster_sets.fictional_views()[0]
    table = cluster.change_counts([(org, None, view.snapshot_date, None)])
    row = table.iloc[0]
    assert row["changed"] == 0 and pd.isna(row["since"]) and not row["compared"]
