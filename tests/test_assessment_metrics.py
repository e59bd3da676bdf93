"""metrics.self_assessment and charts.self_assessment: latest level against target, movement, self against peer,
claims on thin evidence, the sentences, and the charts' fixed axis and escaped labels."""

from __future__ import annotations

import pandas as pd

from charts.self_assessment import level_small_multiples, self_vs_peer_chart
from loaders.formats.self_assessment import default_levels
from metrics import self_assessment as am
from metrics.progress import EvidenceSources

PRINCIPLES = pd.DataFrame(
    {"principle": pd.Series([1, 2, 3, 4, 5], dtype="Int64"), "title": [f"Title {n}" for n in range(1, 6)]}
)


def rows(date: str, levels: dict[int, int], **columns: dict[int, object]) -> list[dict[str, object]]:
    out = []
    for principle, level in levels.items():
        row = {
            "assessment_date": pd.Timestamp(date),
            "principle": principle,
            "level": level,
            "rationale": f"Why {principle}",
            "evidence": ("A1",),
            "assessed_by": "CPLG SLT",
            "peer_level": pd.NA,
            "peer_reviewer": pd.NA,
            "target_level": 3,
            "target_date": pd.NaT,
        }
        for column, values in columns.items():
            if principle in values:
                row[column] = values[principle]
        out.append(row)
    return out


def frame(*rounds: list[dict[str, object]]) -> pd.DataFrame:
    data = pd.DataFrame([r for one in rounds for r in one])
    for column in ("principle", "level", "peer_level", "target_level"):
        data[column] = data[column].astype("Int64")
    return data


ROUND_1 = rows("2023-03-12", {1: 2, 2: 3, 3: 2, 4: 1, 5: 1})
ROUND_2 = rows(
    "2024-03-12",
    {1: 3, 2: 3, 3: 1, 4: 2},  # principle 5 skipped: its round-1 level stands
    peer_level={1: 2, 2: 3},
    peer_reviewer={1: "Peer ICS", 2: "Peer ICS"},
    evidence={4: ()},
)


def test_latest_levels_against_target_and_movement() -> None:
    latest = am.latest_levels(frame(ROUND_1, ROUND_2), default_levels(), PRINCIPLES).set_index("principle")
    assert latest["level"].tolist() == [3, 3, 1, 2, 1]
    assert latest["movement"].tolist() == ["up", "same", "down", "up", "same"]
    assert latest["at_or_above_target"].tolist() == [True, True, False, False, False]
    assert latest.loc[1, "level_label"] == "3 Established"
    assert latest.loc[5, "assessment_date"] == pd.Timestamp("2023-03-12")


def test_headline_and_change_in_words() -> None:
    figures = am.headline(frame(ROUND_1, ROUND_2), default_levels(), PRINCIPLES)
    assert am.headline_sentence(figures) == "2 of 5 principles at or above target (assessed 12 March 2024)."
    assert am.change_sentence(figures) == (
        "Up from 1 at the previous round (12 March 2023); principles 1 and 4 moved up a level or more; "
        "principle 3 moved down."
    )
    first = am.headline(frame(ROUND_1), default_levels(), PRINCIPLES)
    assert am.change_sentence(first).startswith("This is the first assessment round")
    assert am.headline(frame(ROUND_1).iloc[0:0], default_levels(), PRINCIPLES) is None


def test_self_against_peer_and_its_sentence() -> None:
    latest = am.latest_levels(frame(ROUND_1, ROUND_2), default_levels(), PRINCIPLES)
    pairs = am.self_vs_peer(latest)
    assert pairs[["principle", "level", "peer_level", "gap"]].values.tolist() == [[1, 3, 2, -1], [2, 3, 3, 0]]
    assert am.peer_sentence(pairs) == (
        "Peer reviewers agreed with the self-assessment on 1 of 2 principles; gave a lower level for principle 1."
    )


def test_a_high_level_on_thin_evidence_or_none_cited_is_called_out() -> None:
    latest = am.latest_levels(frame(ROUND_1, ROUND_2), default_levels(), PRINCIPLES)
    thin = pd.DataFrame(
        {
            "principle": [1, 2, 3, 4, 5],
            "thin": [True, False, True, False, False],
            "why_thin": ["1 primary theme", *[""] * 4],
        }
    )
    called = am.thin_claims(latest, thin).set_index("principle")["why_called_out"]
    assert called.to_dict() == {
        1: "level 3 Established on thin evidence (1 primary theme)",
        4: "no evidence cited",
    }


def test_history_has_self_and_peer_and_its_sentence() -> None:
    data = frame(ROUND_1, ROUND_2)
    history = am.level_history(data, default_levels())
    assert len(history[history["who"] == am.SELF]) == 9
    assert len(history[history["who"] == am.PEER]) == 2
    latest = am.latest_levels(data, default_levels(), PRINCIPLES)
    assert am.history_sentence(history, latest) == (
        "Levels over 2 rounds from 12 March 2023 to 12 March 2024; since the previous round principles 1 and 4 "
        "moved up and principle 3 moved down; lowest now: principles 3 and 5 at 1 Emerging."
    )


def test_evidence_items_resolve_ids_and_name_unknown_ones() -> None:
    empty = pd.DataFrame({"event_id": pd.Series(dtype="string"), "event": pd.Series(dtype="string")})
    sources = EvidenceSources(
        achievements=pd.DataFrame({"achievement_id": ["A1"], "theme_id": ["T1"], "achievement": ["Done"]}),
        priorities=pd.DataFrame({"priority_id": ["P1"], "theme_id": ["T2"], "priority": ["To do"]}),
        events=empty,
        event_themes=pd.DataFrame({"event_id": [], "theme_id": []}),
        agenda=pd.DataFrame({"item_id": ["C1"], "item": ["Pathway"], "theme_ids": [("T1",)]}),
        agenda_themes=pd.DataFrame({"item_id": [], "theme_id": []}),
    )
    items = am.evidence_items(("P1", "C1", "X9"), sources)
    assert items["what"].tolist() == ["priority", "CPLG agenda item", ""]
    assert items["found"].tolist() == [True, True, False]
    assert items.loc[0, "theme_id"] == "T2"


def test_charts_keep_a_fixed_one_to_four_axis_and_escape_tracker_text() -> None:
    principles = PRINCIPLES.assign(title=["<b>bold</b>", "T2", "T3", "T4", "T5"])
    levels = default_levels().assign(name=["<i>Start</i>", "Developing", "Established", "Embedded"])
    data = frame(ROUND_1, ROUND_2)
    latest = am.latest_levels(data, levels, principles)
    fig = level_small_multiples(am.level_history(data, levels), latest, levels)
    assert list(fig.layout.yaxis.range) == [0.6, 4.4]
    assert list(fig.layout.yaxis.tickvals) == [1, 2, 3, 4]
    assert fig.layout.yaxis.ticktext[0] == "1 &lt;i&gt;Start&lt;/i&gt;"
    assert "&lt;b&gt;" in fig.layout.annotations[0].text
    names = {t.name for t in fig.data}
    assert {am.SELF, am.PEER, "Target (dotted)"} <= names
    styles = {t.name: (t.line.dash, t.marker.symbol) for t in fig.data if t.name in (am.SELF, am.PEER)}
    assert styles[am.SELF] != styles[am.PEER]  # told apart by line and marker, not colour alone
    peer = self_vs_peer_chart(am.self_vs_peer(latest), levels)
    assert list(peer.layout.xaxis.range) == [0.6, 4.4]
    assert all("<b>" not in str(y) for t in peer.data for y in (t.y or []))
