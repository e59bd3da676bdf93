"""A section's chart is built once per section (and a section once per shared view), never mixed up between
different data; the memo itself keys tables by content and other objects by identity."""

import pandas as pd

from charts.views import priorities_by_theme_chart
from metrics.memo import memoised
from report.charts import section_chart
from report.section_types import Section


def _priorities(statuses: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "theme_id": [f"T{i}" for i in range(len(statuses))],
            "theme": [f"Theme {i}" for i in range(len(statuses))],
            "status": statuses,
        }
    )


def _section(statuses: list[str]) -> Section:
    return Section("priorities", "Priorities by status", data=_priorities(statuses))


def test_the_same_section_gives_the_same_figure_object() -> None:
    section = _section(["Complete", "On track"])
    first, _ = section_chart(section)
    again, _ = section_chart(section)
    assert again is first


def test_another_sections_data_builds_its_own_figure() -> None:
    on_track, _ = section_chart(_section(["Complete", "On track"]))
    at_risk, _ = section_chart(_section(["Complete", "At risk"]))
    assert on_track is not at_risk
    assert on_track.to_plotly_json() != at_risk.to_plotly_json()


def test_a_changed_value_or_order_builds_the_figure_for_that_data() -> None:
    built = []

    @memoised
    def count(frame: pd.DataFrame, label: str) -> tuple[str, list[str]]:
        built.append(label)
        return label, list(frame["status"])

    original = _priorities(["Complete", "On track"])
    assert count(original, "a") == ("a", ["Complete", "On track"])
    assert count(original.copy(), "a") == ("a", ["Complete", "On track"])
    assert count(_priorities(["Complete", "At risk"]), "a") == ("a", ["Complete", "At risk"])
    assert count(original.iloc[::-1], "a") == ("a", ["On track", "Complete"])
    assert count(original, "b") == ("b", ["Complete", "On track"])
    assert count(original.rename(columns={"theme": "name"}), "a")[0] == "a"
    assert built == ["a", "a", "a", "b", "a"]


def test_the_remembered_figure_equals_a_fresh_build() -> None:
    section = _section(["Complete", "On track", "Off track"])
    section_chart(section)
    remembered, table = section_chart(section)
    fresh, fresh_table = priorities_by_theme_chart(section.data)
    assert remembered.to_plotly_json() == fresh.to_plotly_json()
    pd.testing.assert_frame_equal(table, fresh_table)


def test_unhashable_arguments_are_built_every_time() -> None:
    built = []

    @memoised
    def build(options: dict) -> int:
        built.append(1)
        return len(options)

    build({"a": [1, {2}]})
    build({"a": [1, {2}]})
    assert len(built) == 2


def test_unhashable_objects_are_remembered_by_identity_only() -> None:
    class Holder:  # like the cached TrackerSet: unhashable, never modified
        __hash__ = None  # type: ignore[assignment]

    built = []

    @memoised
    def build(holder: Holder) -> int:
        built.append(holder)
        return len(built)

    first = Holder()
    assert build(first) == build(first) == 1
    assert build(Holder()) == 2


def test_a_remembered_figure_gives_streamlit_its_full_dict() -> None:
    section = _section(["Complete", "At risk"])
    remembered, _ = section_chart(section)
    fresh, _ = priorities_by_theme_chart(section.data)
    assert remembered.to_dict() == fresh.to_dict()
    assert remembered.to_dict() is remembered.to_dict()  # taken once, not deep-copied on every draw
