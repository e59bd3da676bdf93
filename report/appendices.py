"""The appendices Appendix A carries after Appendix 1, and its references to them.

Appendices 2 and 3 of the seed paper (CPLG's connections to the ICS; the leadership behaviour framework) are
pictures in the original; their content, as far as the paper's text carries it, is shipped in data/paper_appendices.json.
A deck carries one when the paper's 'as at' date is on or after the paper it was taken from and something in
the deck refers to it. A '(see appendix N)' in tracker text is kept when the deck has appendix N (a slide
titled 'Appendix N: …') and dropped when it does not, so no reference points nowhere.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from metrics.view import View
from settings import organisation_data_dir

NOT_REPRODUCED = "is not reproduced here"
PRINCIPLES_APPENDIX = 1
"""Appendix 1 (the five principles and the framework matrix) is always in the deck."""
REFERENCE = re.compile(r"\s*\(\s*see\s+appendix\s+(\d+)\s*\)", re.IGNORECASE)
"""'(see appendix 2)', as the seed writes it; what it refers to is the number."""
TEXT_TABLES = ("themes", "achievements", "priorities", "agenda", "principles")
"""The view's tables whose text reaches Appendix A."""


@dataclass(frozen=True)
class Appendix:
    """An appendix taken from a paper: its number and title, what its picture was, and the passages of the
    paper's text about it (where in the paper, the words)."""

    number: int
    title: str
    taken_from: str
    as_at: dt.date
    picture: str
    passages: tuple[tuple[str, str], ...]

    @property
    def heading(self) -> str:
        return f"Appendix {self.number}: {self.title}"

    @property
    def lead(self) -> str:
        """What the slide says first: where it is taken from, and that the picture is not reproduced."""
        return (
            f"Taken from {self.taken_from}. The {self.picture} in the original paper {NOT_REPRODUCED}; the "
            "paper's words about it are below, each with where in the paper they are."
        )


SHIPPED = "paper_appendices.json"
"""In the data folder beside the default trackers: the appendices taken from the seed paper."""


@functools.cache
def organisation_appendices(organisation: str) -> tuple[Appendix, ...]:
    """The appendices of an organisation's earlier papers shipped in its data folder (Appendix A carries those
    its text refers to); none for an organisation without one."""
    folder = organisation_data_dir(organisation)
    return shipped_appendices(folder) if folder is not None else ()


def shipped_appendices(data_dir: Path) -> tuple[Appendix, ...]:
    """The appendices shipped in `data_dir` (none when the folder has no such file, e.g. a synthetic set)."""
    path = data_dir / SHIPPED
    if not path.is_file():
        return ()
    return tuple(
        Appendix(
            number=int(a["number"]),
            title=str(a["title"]),
            taken_from=str(a["taken_from"]),
            as_at=dt.date.fromisoformat(a["as_at"]),
            picture=str(a["picture"]),
            passages=tuple((str(p["where"]), str(p["text"])) for p in a["passages"]),
        )
        for a in json.loads(path.read_text(encoding="utf-8"))["appendices"]
    )


def referenced(texts: Iterable[object]) -> set[int]:
    """The appendix numbers '(see appendix N)' refers to in these texts."""
    return {int(m.group(1)) for text in texts if isinstance(text, str) for m in REFERENCE.finditer(text)}


def _texts(view: View) -> list[object]:
    out: list[object] = []
    for name in TEXT_TABLES:
        frame = getattr(view, name)
        for column in frame.columns:
            if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
                out += frame[column].tolist()
    return out


def carried_appendices(view: View, stored: Sequence[Appendix]) -> list[Appendix]:
    """The appendices of `stored` (shipped_appendices) this view's Appendix A carries: taken from a paper on or before its 'as at' date,
    and referred to by something in it; in number order."""
    if view.as_at is None:
        return []
    wanted = referenced(_texts(view))
    return [
        a
        for a in sorted(stored, key=lambda a: a.number)
        if a.number in wanted and pd.Timestamp(a.as_at) <= view.as_at
    ]


def resolve_references(text: object, present: Collection[int]) -> object:
    """The text with each '(see appendix N)' kept where the deck has appendix N and dropped where it has not."""
    if not isinstance(text, str):
        return text
    return REFERENCE.sub(lambda m: m.group(0) if int(m.group(1)) in present else "", text)


def _resolved(frame: pd.DataFrame, present: Collection[int]) -> pd.DataFrame:
    """The frame with its references resolved; the same frame when no text column holds one (most do not)."""
    if frame.empty:
        return frame
    changed = {
        column: frame[column].map(lambda v: resolve_references(v, present))
        for column in frame.columns
        if (frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]))
        and frame[column].map(lambda v: isinstance(v, str) and REFERENCE.search(v) is not None).any()
    }
    return frame.assign(**changed) if changed else frame


def with_resolved_references(view: View, present: Collection[int]) -> View:
    """The view with every appendix reference in the text Appendix A prints resolved against `present` (the
    appendix numbers the deck has); the snapshots' tables too, so what is new is still told from what is not."""
    snapshots = [
        dataclasses.replace(
            s,
            priorities=_resolved(s.priorities, present),
            all_priorities=_resolved(s.all_priorities, present),
            achievements=_resolved(s.achievements, present),
        )
        for s in view.snapshots
    ]
    tables = {name: _resolved(getattr(view, name), present) for name in TEXT_TABLES}
    return dataclasses.replace(view, snapshots=snapshots, **tables)
