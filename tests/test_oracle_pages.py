"""What the board pages show (AppTest element values) against the oracle (tests/oracle.py), on the default
data and a few representative filter combinations set through the URL, as a shared link sets them.

AppTest runs are slow, so the breadth is in tests/test_oracle.py; these check that what reaches the screen is
what the oracle says: the Overview's figures and 'What changed', the Principles page's evidence table, the
Engagement figures and the CPLG count."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from streamlit.testing.v1 import AppTest

from loaders.tracker_set import DEFAULT_DATA_DIR
from tests import oracle_product as product
from tests import oracle_sets
from tests.oracle import Choice, Data, Oracle
from tests.test_pages import run_page

CHOICES = {
    "everything": Choice(),
    "T8 on track": Choice(themes=("T8",), statuses=("On track",)),
    "principle 1, owner not recorded, due by 2023": Choice(
        principles=(1,), owners=("Not recorded",), date_to=dt.date(2023, 12, 31)
    ),
    "as at January 2023": Choice(as_at=dt.date(2023, 1, 10)),
}
"""A few representative views: everything, the issue's own link, three filters at once, an earlier 'as at'."""


@pytest.fixture(scope="module")
def data() -> Data:
    return Data.from_trackers(oracle_sets.default_set())


def page(name: str, choice: Choice, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    at = run_page(f"pages/board/{name}.py", DEFAULT_DATA_DIR, monkeypatch, **choice.query())
    assert not at.exception, [e.value for e in at.exception]
    return at


def delta_number(delta: str | None) -> int | None:
    """'+1 since 1 Dec 2022' -> 1, 'no change since …' -> 0, no delta -> None."""
    if not delta:
        return None
    if delta.startswith("no change"):
        return 0
    return int(delta.split(" ")[0].replace("\u2212", "-"))


def value_and_total(text: str) -> tuple[int, int | None]:
    numbers = [int(n.replace(",", "")) for n in re.findall(r"[\d,]+", text)]
    return numbers[0], (numbers[1] if len(numbers) > 1 else None)


@pytest.mark.parametrize("name", list(CHOICES))
def test_the_overview(data: Data, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The headline figures with their change since the previous snapshot, and 'What changed'."""
    choice = CHOICES[name]
    expected = Oracle(data, choice)
    at = page("overview", choice, monkeypatch)
    shown = {m.label: (value_and_total(m.value), delta_number(m.proto.delta or None)) for m in at.metric}
    for label, (value, total, before) in expected.headline().items():
        assert label in shown, label
        assert shown[label][0] == (value, total), label
        assert shown[label][1] == (None if before is None else value - before), label
    changes = expected.changes()
    tables = [d.value for d in at.dataframe if "Change" in d.value.columns]
    listed = {str(p): str(c) for t in tables for p, c in zip(t["ID"], t["Change"], strict=True)}
    assert set(listed) == set(changes), "the priorities listed under 'What changed'"
    assert all(product.agrees(changes[p], c) for p, c in listed.items()), listed


def test_the_principles_evidence_table(data: Data, monkeypatch: pytest.MonkeyPatch) -> None:
    choice = CHOICES["everything"]
    at = page("principles", choice, monkeypatch)
    table = next(d.value for d in at.dataframe if "CPLG decisions" in d.value.columns)
    shown = {
        int(r["Principle"]): {
            "themes": int(r["Themes marked against it"]),
            "achievements": int(r["Achievements"]),
            "priorities": int(r["Priorities"]),
            "events": int(r["Events"]),
            "decisions": int(r["CPLG decisions"]),
        }
        for _, r in table.iterrows()
    }
    assert shown == Oracle(data, choice).evidence()


@pytest.mark.parametrize("name", ["everything", "principle 1, owner not recorded, due by 2023"])
def test_the_engagement_and_cplg_figures(data: Data, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    choice = CHOICES[name]
    expected = Oracle(data, choice)
    totals = expected.engagement()
    at = page("engagement", choice, monkeypatch)
    if totals["events"]:
        shown = {m.label.split(" (")[0]: value_and_total(m.value)[0] for m in at.metric}
        assert shown["Events"] == totals["events"] and shown["Volunteers"] == totals["volunteers"]
        assert shown["Attendees"] == totals["attendees"]
    at = page("cplg", choice, monkeypatch)
    items = expected.cplg()["items"]
    if items:
        said = next(m.value for m in at.markdown if re.match(r"^\d+ of \d+ items", m.value))
        assert said.startswith(f"{items} of {items} items")
