"""The tracker formats: one module per format in loaders/formats/, listed once in its registry."""

from __future__ import annotations

import importlib
from pathlib import Path

import pandas as pd

from domain import Kind
from loaders.formats import FORMATS, TRACKERS
from loaders.formats.base import Format
from loaders.tracker_set import load_default_set
from loaders.trackers import empty_derived_table

FORMAT_DIR = Path(__file__).resolve().parent.parent / "loaders" / "formats"


def test_every_kind_has_one_format_module() -> None:
    """Adding a tracker is one file in loaders/formats/ and one line in its registry: each kind has a format,
    each format module declares one FORMAT, and the registry lists every module."""
    assert set(FORMATS) == set(Kind)
    modules = sorted(p.stem for p in FORMAT_DIR.glob("*.py") if p.stem not in ("__init__", "base", "checks"))
    declared = {}
    for name in modules:
        fmt = importlib.import_module(f"loaders.formats.{name}").FORMAT
        assert isinstance(fmt, Format), name
        declared[fmt.kind] = name
        assert FORMATS[fmt.kind] is fmt, f"loaders/formats/{name}.py is not the registry's {fmt.kind}"
    assert set(declared) == set(Kind), f"format modules: {declared}"
    assert {kind: fmt.tracker for kind, fmt in FORMATS.items()} == TRACKERS


def test_a_format_builds_the_derived_tables_it_declares() -> None:
    """A table built from a sheet (the coverage marks, the themes of an agenda item) has its empty shape in the
    format; loading the default trackers builds each one with the same columns."""
    trackers = load_default_set()
    checked: set[tuple[Kind, str]] = set()
    for kind, fmt in FORMATS.items():
        for key in fmt.derived:
            empty = empty_derived_table(kind, key)
            assert isinstance(empty, pd.DataFrame), (kind, key)
            assert empty.empty or key == "levels", (kind, key)  # no levels means the default scale
            for loaded in (t for t in trackers.loaded() if t.kind is kind):
                assert list(loaded.tables[key].columns) == list(empty.columns), (kind, key)
                checked.add((kind, key))
        assert empty_derived_table(kind, "no such table") is None
    assert {key for _, key in checked} >= {
        "coverage",
        "coverage_matrix",
        "event_themes",
        "agenda_themes",
        "actions",
    }
