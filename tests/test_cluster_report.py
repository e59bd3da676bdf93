"""The cluster board's sections (report/cluster.py, issue 23): every ICB named as configured, each leadership
group by its own name, the figures those of the independent count, and each ICB's own story unchanged."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from domain import Organisation
from metrics.view import View
from report import cluster as story
from report import sections
from report.paper import PaperTexts, cover_report_content
from tests import cluster_sets
from tests.oracle import DELIVERED, Choice, Data, Oracle

FEW_THEMES = 2  # the stated rule, counted again here: fewer than two primary themes


@pytest.fixture(scope="module")
def views() -> tuple[tuple[Organisation, View], ...]:
    return cluster_sets.fictional_views()


def _text(section: object) -> str:
    """Every word a section says: title, sentence, lead, empty, figure labels, table headings and cells."""
    parts = [section.title, section.sentence, section.lead, section.empty]
    parts += [f.label for f in section.figures]
    tables = [section.table] if section.table is not None else []
    tables += [t for _, t in section.extra_tables]
    for table in tables:
        parts += table.headings()
        parts += [cell for row in table.rows() for cell in row]
    return "\n".join(parts)


def test_every_section_names_every_icb(views: tuple) -> None:
    for section in story.cluster_sections(views):
        text = _text(section)
        for org, _ in views:
            assert org.label in text or org.name in text, (section.key, org.id)


def test_the_side_by_side_table_is_the_plain_count(views: tuple) -> None:
    section = story.principles_side_by_side(views)
    frame = section.table.frame
    sets = cluster_sets.small_sets()
    for org, _ in views:
        oracle = Oracle(Data.from_trackers(sets[org.id]), Choice())
        for principle, expected in oracle.principle_progress().items():
            row = frame[(frame["label"] == org.label) & (frame["principle"] == principle)].iloc[0]
            assert row["priorities"] == expected["priorities"]
            on_course = expected["by_status"].get("Complete", 0) + expected["by_status"].get("On track", 0)
            assert row["on_course"] == on_course
    assert "Complete or on track (%)" in section.table.headings()


def test_the_crosswalk_lists_each_icbs_themes_per_principle(views: tuple) -> None:
    section = story.crosswalk(views)
    table = section.table
    assert table.headings()[:1] == ["Principle"]
    assert [h for h in table.headings() if h in {o.label for o, _ in views}] == [o.label for o, _ in views]
    sets = cluster_sets.small_sets()
    frame = table.frame.set_index("principle")
    for org, _ in views:
        data = Data.from_trackers(sets[org.id])
        names = {t["theme_id"]: t["theme"] for t in data.themes}
        for p in data.principles:
            marks = [c for c in data.coverage if c["principle"] == p["principle"]]
            cell = frame.loc[p["principle"], org.id]
            for mark in marks:
                assert f"{names[mark['theme_id']]} ({mark['strength'].lower()})" in cell
            if not marks:
                assert cell == story.NO_THEME


def test_the_crosswalk_says_where_a_principle_rests_on_few_themes_in_one_icb_only(views: tuple) -> None:
    section = story.crosswalk(views)
    sets = cluster_sets.small_sets()
    for p in range(1, 6):
        few = []
        for org, _ in views:
            data = Data.from_trackers(sets[org.id])
            primary = {
                c["theme_id"] for c in data.coverage if c["principle"] == p and c["strength"] == "Primary"
            }
            if len(primary) < FEW_THEMES:
                few.append(org.label)
        lead = "Resting on few themes in one ICB only"
        one_only = section.sentence.split(lead)[-1].split(".")[0] if lead in section.sentence else ""
        assert (f"principle {p} in {few[0]}" in one_only) == (len(few) == 1), (p, few, section.sentence)


def test_the_changes_table_is_the_plain_count(views: tuple) -> None:
    section = story.changes_by_organisation(views)
    frame = section.data.set_index("label")
    grid = section.table
    assert grid.headings() == ["Change", *[org.label for org, _ in views], "What it means"]
    rows = {row[0]: row[1:-1] for row in grid.rows()}
    sets = cluster_sets.small_sets()
    for index, (org, _) in enumerate(views):
        expected = Oracle(Data.from_trackers(sets[org.id]), Choice()).changes()
        assert frame.loc[org.label, "changed"] == len(expected)
        assert rows["Changed in all"][index] == str(len(expected))
        delivered = sum(1 for c in expected.values() if c == DELIVERED)
        assert frame.loc[org.label, DELIVERED] == delivered
        assert rows[DELIVERED][index] == str(delivered)


def test_each_icbs_paper_section_is_its_own_story_with_its_groups_name(views: tuple) -> None:
    for org, view in views:
        part = story.organisation_paper(org, view)
        own = cover_report_content(view, PaperTexts())
        assert part.progress_sentence == own.progress_sentence  # the ICB's own summary, unchanged
        assert part.attention_lines == own.attention_lines
        assert part.change_lines == own.change_lines
        if org.group_name != "CPLG":
            said = (
                f"{part.decisions.title} {part.decisions.sentence or part.decisions.empty}"  # our words only
            )
            assert org.group_name in said and "CPLG" not in said, said


def test_the_cluster_summary_names_the_cluster_and_each_icbs_group(views: tuple) -> None:
    summary = story.cluster_summary("Example Cluster", views)
    text = _text(summary)
    assert "Example Cluster" in text
    for org, _ in views:
        assert org.name in text


def test_tracker_text_stays_raw_in_the_sections() -> None:
    """Escaping is the renderers' (charts/escape.py, Jinja, Word runs): a section keeps tracker text as typed."""
    org, view = cluster_sets.fictional_views()[0]
    themes = view.all_themes.assign(
        theme=view.all_themes["theme"].where(view.all_themes["theme_id"] != "T1", "A & <b>")
    )
    typed = dataclasses.replace(view, all_themes=themes, themes=themes)
    odd = Organisation("odd", "Example ICB <North> & Co", short_name="N & <b>")
    section = story.crosswalk(((odd, typed),))
    assert "N & <b>" in section.table.headings()
    assert any("A & <b>" in cell for row in section.table.rows() for cell in row)


def test_one_icb_alone_reads_as_one_icb() -> None:
    """A cluster of one has no side to compare: the sections still read, with nothing flagged 'in one only'."""
    views = cluster_sets.fictional_views()[:1]
    assert "only" not in story.crosswalk(views).sentence
    assert sections.headline(views[0][1]).sentence  # the ICB's own sections are unchanged


def test_an_icb_without_a_previous_snapshot_says_so() -> None:
    org, view = cluster_sets.fictional_views()[0]
    alone = dataclasses.replace(view, snapshots=view.snapshots[-1:])
    section = story.changes_by_organisation(((org, alone),))
    assert "only one framework snapshot" in section.sentence.lower()
    assert pd.Series(section.data["changed"]).sum() == 0


def test_the_crosswalk_grid_has_a_row_per_theme_of_each_icb_with_its_marks(views: tuple) -> None:
    grid = story.crosswalk_grid(views).table
    rows = grid.rows()
    sets = cluster_sets.small_sets()
    assert [r[0] for r in rows] == [
        org.label for org, _ in views for _ in Data.from_trackers(sets[org.id]).themes
    ]
    for org, _ in views:
        data = Data.from_trackers(sets[org.id])
        marks = {(c["theme_id"], c["principle"]): c["strength"] for c in data.coverage}
        for row in (r for r in rows if r[0] == org.label):
            for p in range(1, 6):
                assert row[2 + p] == marks.get((row[1], p), ""), (org.id, row[1], p)
