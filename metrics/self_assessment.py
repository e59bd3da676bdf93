"""The self-assessment against the five principles: where each stands, how it moved, and on what evidence.

Pure pandas over the assessment tracker's tables (one row per principle per round) and the evidence tables
of the view. A principle's state after a round is its level in the latest round, up to that date, that
assessed it, so a round that skips a principle keeps that principle's earlier level (the loader warns).

A level is *called out* when it is claimed on thin evidence: the principle is flagged as resting on thin
evidence (metrics.progress.thin_evidence) and the level is CLAIM_NEEDS_EVIDENCE or higher, or the row cites
no evidence at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from domain import DEFAULT_LEVEL_SCALE, PRINCIPLE_NUMBERS
from metrics.progress import EVIDENCE_COLUMNS, EvidenceSources, principle_evidence

CLAIM_NEEDS_EVIDENCE = 3
"""From this level ('Established' on the default scale) a claim on thin evidence is called out."""

SELF = "Self-assessment"
PEER = "Peer review"

EVIDENCE_KINDS: tuple[tuple[str, str, str, str], ...] = (
    ("achievement", "achievements", "achievement_id", "achievement"),
    ("priority", "priorities", "priority_id", "priority"),
    ("CPLG agenda item", "agenda", "item_id", "item"),
    ("event", "events", "event_id", "event"),
)
"""What an evidence id may be: (what it is, EvidenceSources table, id column, text column)."""


def level_names(levels: pd.DataFrame) -> dict[int, str]:
    """Level number -> name, from the tracker's Levels sheet (the default scale where it says nothing)."""
    names = {n: name for n, name, _ in DEFAULT_LEVEL_SCALE}
    for level, name in zip(levels["level"], levels["name"], strict=True):
        if pd.notna(level) and pd.notna(name):
            names[int(level)] = str(name)
    return names


def level_label(level: object, names: dict[int, str]) -> str:
    """'3 Established' (number and name, never the number alone); '' when there is no level."""
    if level is None or pd.isna(level):
        return ""
    return f"{int(level)} {names.get(int(level), '')}".strip()


def round_dates(assessments: pd.DataFrame) -> list[pd.Timestamp]:
    """The assessment rounds, oldest first."""
    return sorted(assessments["assessment_date"].dropna().unique())


def state_at(assessments: pd.DataFrame, date: pd.Timestamp) -> pd.DataFrame:
    """Per principle, its row from the latest round on or before `date` that assessed it."""
    upto = assessments[assessments["assessment_date"] <= date].dropna(subset=["assessment_date", "principle"])
    return upto.sort_values("assessment_date").groupby("principle").tail(1).set_index("principle")


def latest_levels(assessments: pd.DataFrame, levels: pd.DataFrame, principles: pd.DataFrame) -> pd.DataFrame:
    """One row per principle: its latest level against target, the level before, rationale and evidence.

    Columns: principle, title, assessment_date, level, level_label, target_level, target_label,
    target_date, at_or_above_target (NA without a target), previous_level, movement ('up', 'down', 'same',
    'first' or 'not assessed'), rationale, evidence (tuple of ids), assessed_by, peer_level, peer_label,
    peer_reviewer.
    """
    names = level_names(levels)
    titles = dict(zip(principles["principle"].astype("Int64"), principles["title"], strict=True))
    numbers = sorted(set(PRINCIPLE_NUMBERS) | set(titles))
    dates = round_dates(assessments)
    latest = state_at(assessments, dates[-1]) if dates else pd.DataFrame()
    previous = state_at(assessments, dates[-2]) if len(dates) > 1 else pd.DataFrame()
    rows = []
    for number in numbers:
        row: dict[str, object] = {"principle": number, "title": titles.get(number, f"Principle {number}")}
        if number not in latest.index:
            rows.append(row | {"movement": "not assessed", "evidence": ()})
            continue
        now = latest.loc[number]
        before = previous.loc[number, "level"] if number in previous.index else pd.NA
        target = now["target_level"]
        movement = "first"
        if pd.notna(before):
            movement = "up" if now["level"] > before else "down" if now["level"] < before else "same"
        rows.append(
            row
            | {
                "assessment_date": now["assessment_date"],
                "level": now["level"],
                "level_label": level_label(now["level"], names),
                "target_level": target,
                "target_label": level_label(target, names),
                "target_date": now["target_date"],
                "at_or_above_target": pd.NA if pd.isna(target) else bool(now["level"] >= target),
                "previous_level": before,
                "movement": movement,
                "rationale": now["rationale"],
                "evidence": now["evidence"] if isinstance(now["evidence"], tuple) else (),
                "assessed_by": now["assessed_by"],
                "peer_level": now["peer_level"],
                "peer_label": level_label(now["peer_level"], names),
                "peer_reviewer": now["peer_reviewer"],
            }
        )
    frame = pd.DataFrame(rows)
    for column in ("level", "target_level", "previous_level", "peer_level"):
        frame[column] = frame[column].astype("Int64") if column in frame else pd.Series(dtype="Int64")
    if "assessment_date" not in frame:
        frame["assessment_date"] = pd.NaT
    return frame


@dataclass(frozen=True)
class Headline:
    """'3 of 5 principles at or above target (assessed 12 March 2024)' and the round before it."""

    met: int
    principles: int
    without_target: int
    assessed_on: pd.Timestamp
    previous_met: int | None
    previous_on: pd.Timestamp | None
    moved_up: list[int]
    moved_down: list[int]


def _met(state: pd.DataFrame) -> int:
    with_target = state[state["target_level"].notna()]
    return int((with_target["level"] >= with_target["target_level"]).sum())


def headline(assessments: pd.DataFrame, levels: pd.DataFrame, principles: pd.DataFrame) -> Headline | None:
    """The Overview's headline figures, or None before the first assessment."""
    dates = round_dates(assessments)
    if not dates:
        return None
    latest = latest_levels(assessments, levels, principles)
    assessed = latest[latest["level"].notna()]
    previous = state_at(assessments, dates[-2]) if len(dates) > 1 else None
    return Headline(
        met=_met(assessed),
        principles=len(latest),
        without_target=int(assessed["target_level"].isna().sum()) + len(latest) - len(assessed),
        assessed_on=pd.Timestamp(dates[-1]),
        previous_met=_met(previous) if previous is not None else None,
        previous_on=pd.Timestamp(dates[-2]) if len(dates) > 1 else None,
        moved_up=[int(p) for p in latest.loc[latest["movement"] == "up", "principle"]],
        moved_down=[int(p) for p in latest.loc[latest["movement"] == "down", "principle"]],
    )


def level_history(assessments: pd.DataFrame, levels: pd.DataFrame) -> pd.DataFrame:
    """One row per (principle, round, who): the level given, self-assessed and (where given) peer-reviewed.

    Columns: principle, assessment_date, who (SELF or PEER), level, level_label, target_level.
    """
    names = level_names(levels)
    dated = assessments.dropna(subset=["assessment_date", "principle", "level"])
    own = dated.assign(who=SELF)[["principle", "assessment_date", "who", "level", "target_level"]]
    peer = dated[dated["peer_level"].notna()].assign(who=PEER, level=lambda f: f["peer_level"])
    peer = peer[["principle", "assessment_date", "who", "level", "target_level"]]
    history = pd.concat([own, peer], ignore_index=True) if not peer.empty else own.reset_index(drop=True)
    history["level_label"] = history["level"].map(lambda v: level_label(v, names))
    return history.sort_values(["principle", "assessment_date", "who"], ignore_index=True)


def self_vs_peer(latest: pd.DataFrame) -> pd.DataFrame:
    """Principles whose latest round has a peer-review level: both levels and the gap (peer minus self)."""
    if "peer_level" not in latest:
        return pd.DataFrame(columns=["principle", "title", "level", "peer_level", "gap", "peer_reviewer"])
    both = latest[latest["level"].notna() & latest["peer_level"].notna()]
    both = both.assign(gap=(both["peer_level"] - both["level"]).astype("Int64"))
    return both[["principle", "title", "level", "peer_level", "gap", "peer_reviewer"]].reset_index(drop=True)


def thin_claims(latest: pd.DataFrame, thin: pd.DataFrame) -> pd.DataFrame:
    """Latest levels claimed on thin evidence, with why (see the module docstring).

    Args:
        latest: latest_levels().
        thin: metrics.progress.thin_evidence() (principle, thin, why_thin).
    """
    merged = latest.merge(thin[["principle", "thin", "why_thin"]], on="principle", how="left")
    merged["thin"] = merged["thin"].fillna(False).astype(bool)
    no_evidence = merged["level"].notna() & (merged["evidence"].map(len) == 0)
    high_on_thin = merged["thin"] & (merged["level"] >= CLAIM_NEEDS_EVIDENCE).fillna(False)
    reasons = []
    for none_cited, high, row in zip(no_evidence, high_on_thin, merged.itertuples(), strict=True):
        why = []
        if high:
            why.append(f"level {row.level_label} on thin evidence ({row.why_thin})")
        if none_cited:
            why.append("no evidence cited")
        reasons.append("; ".join(why))
    merged["called_out"] = [bool(r) for r in reasons]
    merged["why_called_out"] = reasons
    return merged[merged["called_out"]][["principle", "title", "level_label", "why_called_out"]]


def evidence_items(ids: tuple[str, ...], sources: EvidenceSources) -> pd.DataFrame:
    """The items an assessment cites: id, what it is, its text and theme ('not found' when unknown).

    Columns: id, what, text, theme_id, found.
    """
    rows = []
    for item_id in ids:
        for what, table, column, text in EVIDENCE_KINDS:
            frame = getattr(sources, table)
            match = frame[frame[column] == item_id]
            if not match.empty:
                first = match.iloc[0]
                rows.append(
                    {
                        "id": item_id,
                        "what": what,
                        "text": str(first[text]),
                        "theme_id": first.get("theme_id", pd.NA),
                        "found": True,
                    }
                )
                break
        else:
            rows.append({"id": item_id, "what": "", "text": "", "theme_id": pd.NA, "found": False})
    return pd.DataFrame(rows, columns=["id", "what", "text", "theme_id", "found"])


def linked_evidence(
    principles: pd.DataFrame, coverage: pd.DataFrame, sources: EvidenceSources
) -> pd.DataFrame:
    """Per principle, the evidence the dashboard already links to it through the themes marked against it,
    each item counted once however many of those themes it serves (metrics.progress.principle_evidence).

    Columns: principle, title, themes, achievements, priorities, events, decisions.
    """
    per = principle_evidence(coverage, sources)
    columns = ["themes", *EVIDENCE_COLUMNS]
    table = principles[["principle", "title"]].merge(per, left_on="principle", right_index=True, how="left")
    table[columns] = table[columns].fillna(0).astype(int)
    return table.reset_index(drop=True)


def _date(value: pd.Timestamp) -> str:
    return f"{value.day} {value:%B %Y}"


def _numbers(principles: list[int]) -> str:
    listed = [str(p) for p in principles]
    text = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]
    return f"principle{'s' if len(listed) > 1 else ''} {text}"


def headline_sentence(figures: Headline) -> str:
    """'3 of 5 principles at or above target (assessed 12 March 2024).'"""
    sentence = (
        f"{figures.met} of {figures.principles} principles at or above target "
        f"(assessed {_date(figures.assessed_on)})"
    )
    if figures.without_target:
        sentence += f"; {figures.without_target} without a target"
    return sentence + "."


def change_sentence(figures: Headline) -> str:
    """The change since the previous round, in words."""
    if figures.previous_on is None or figures.previous_met is None:
        return "This is the first assessment round, so there is no change to report yet."
    difference = figures.met - figures.previous_met
    when = f"at the previous round ({_date(figures.previous_on)})"
    if difference > 0:
        start = f"Up from {figures.previous_met} {when}"
    elif difference < 0:
        start = f"Down from {figures.previous_met} {when}"
    else:
        start = f"The same number as {when}"
    moves = []
    if figures.moved_up:
        moves.append(f"{_numbers(figures.moved_up)} moved up a level or more")
    if figures.moved_down:
        moves.append(f"{_numbers(figures.moved_down)} moved down")
    return start + ("; " + "; ".join(moves) if moves else "; no principle changed level") + "."


def history_sentence(history: pd.DataFrame, latest: pd.DataFrame) -> str:
    """What the small multiples show: rounds, moves, and the lowest principle now."""
    own = history[history["who"] == SELF]
    if own.empty:
        return "No principle has been assessed yet."
    dates = sorted(own["assessment_date"].unique())
    span = (
        f"one round ({_date(pd.Timestamp(dates[0]))})"
        if len(dates) == 1
        else f"{len(dates)} rounds from {_date(pd.Timestamp(dates[0]))} to {_date(pd.Timestamp(dates[-1]))}"
    )
    assessed = latest[latest["level"].notna()]
    up = assessed.loc[assessed["movement"] == "up", "principle"].astype(int).tolist()
    down = assessed.loc[assessed["movement"] == "down", "principle"].astype(int).tolist()
    parts = [f"Levels over {span}"]
    if len(dates) > 1:
        parts.append(
            f"since the previous round {_numbers(up) + ' moved up' if up else 'none moved up'}"
            f" and {_numbers(down) + ' moved down' if down else 'none moved down'}"
        )
    lowest = assessed[assessed["level"] == assessed["level"].min()]
    parts.append(
        f"lowest now: {_numbers(lowest['principle'].astype(int).tolist())} at {lowest['level_label'].iloc[0]}"
    )
    return "; ".join(parts) + "."


def peer_sentence(pairs: pd.DataFrame) -> str:
    """How the peer reviewers' levels compare with the self-assessment in the latest round."""
    if pairs.empty:
        return "No peer-review level is recorded for the latest round."
    agree = pairs[pairs["gap"] == 0]
    lower = pairs[pairs["gap"] < 0]
    higher = pairs[pairs["gap"] > 0]
    parts = [f"Peer reviewers agreed with the self-assessment on {len(agree)} of {len(pairs)} principles"]
    if not lower.empty:
        parts.append(f"gave a lower level for {_numbers(lower['principle'].astype(int).tolist())}")
    if not higher.empty:
        parts.append(f"a higher level for {_numbers(higher['principle'].astype(int).tolist())}")
    return "; ".join(parts) + "."


MOVEMENT_WORDS = {
    "up": "Up",
    "down": "Down",
    "same": "Unchanged",
    "first": "First round",
    "not assessed": "Not assessed",
}
NO_ASSESSMENT = (
    "No self-assessment against the principles has been recorded yet. Editors record a round on the "
    "dashboard's Record an assessment page, or upload the assessment tracker (python -m loaders template "
    "assessment FILE.xlsx)."
)


def board_table(latest: pd.DataFrame, called_out: pd.DataFrame) -> pd.DataFrame:
    """Per principle, the latest level against target in words, for the board pack and papers.

    Columns: principle, title, level_label, target_label, target_met, movement_words, peer_label, evidence,
    called_out.
    """
    why = (
        called_out.set_index("principle")["why_called_out"] if not called_out.empty else pd.Series(dtype=str)
    )
    met = latest["at_or_above_target"].map({True: "Met", False: "Not yet"}).fillna("No target")
    return latest.assign(
        target_met=met.where(latest["level"].notna(), ""),
        movement_words=latest["movement"].map(MOVEMENT_WORDS),
        called_out=latest["principle"].map(why).astype("string").fillna(""),
    )


def chart_data(history: pd.DataFrame, latest: pd.DataFrame) -> pd.DataFrame:
    """level_history with each principle's title and latest target: all a renderer needs for the chart."""
    return history.merge(
        latest[["principle", "title", "target_level"]].rename(columns={"target_level": "latest_target"}),
        on="principle",
        how="left",
    )
