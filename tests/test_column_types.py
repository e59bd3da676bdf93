"""The registry of column types (loaders/column_types.py): every ColumnType has a whole entry, and every type's
values survive being written as Excel cells and read back by the loader's own reader.

The round trip goes through the cells the workbook writer makes (`cells_for_column`) and the text a reader
returns for them (`grid_column`); tests/test_writer.py checks those grids agree cell for cell with real files.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders import parse
from loaders.cell_values import grid_column
from loaders.column_types import (
    COLUMN_TYPES,
    EDITOR_WIDGETS,
    FEED_VALUES,
    BadValue,
    ColumnTypeEntry,
    EditorColumn,
    cells_for_column,
    column_type,
)
from loaders.spec import Column, ColumnType

CHOICES = ("Not started", "On track", "At risk", "Off track")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def column_of(kind: ColumnType, strict: bool = True) -> Column:
    return Column(
        "status" if kind is ColumnType.CHOICE else "value",
        "Value",
        kind,
        "What goes in it.",
        allowed=CHOICES if kind is ColumnType.CHOICE else (),
        strict=strict,
    )


COLUMNS = [column_of(kind) for kind in ColumnType] + [column_of(ColumnType.CHOICE, strict=False)]
IDS = [f"{c.type.name}{'' if c.strict else '_loose'}" for c in COLUMNS]


# -- every type, every part ------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", list(ColumnType), ids=[k.name for k in ColumnType])
def test_every_column_type_has_a_whole_entry(kind: ColumnType) -> None:
    assert kind in COLUMN_TYPES, f"{kind!r} has no entry in loaders.column_types.COLUMN_TYPES"
    entry = COLUMN_TYPES[kind]
    assert isinstance(entry, ColumnTypeEntry)
    for part in dataclasses.fields(ColumnTypeEntry):
        value = getattr(entry, part.name)
        if part.name in ("dated", "codes"):
            assert isinstance(value, bool), part.name
        elif part.name == "feed":
            assert value in FEED_VALUES, f"{kind!r} has no feed value type"
        elif part.name == "bad_value":
            assert value is None or callable(value), part.name
        else:
            assert callable(value), f"{kind!r} lacks its {part.name}"
    column = column_of(kind)
    assert entry.rules(column).strip()
    editor = entry.editor(column)
    assert isinstance(editor, EditorColumn) and editor.widget in EDITOR_WIDGETS
    rule = entry.validation(column)
    assert rule is None or {"validate", "error_message"} <= rule.keys()
    if entry.bad_value is not None:
        text = entry.bad_value(column)
        assert isinstance(text, BadValue) and "{value}" in text.message and text.fix


def test_the_registry_holds_nothing_but_column_types() -> None:
    assert set(COLUMN_TYPES) == set(ColumnType)


def test_the_editor_turns_every_neutral_widget_into_a_streamlit_column() -> None:
    from ui.editing import EDITOR_CLASSES

    assert set(EDITOR_CLASSES) == set(EDITOR_WIDGETS)


def test_the_feed_gives_every_feed_value_type_an_arrow_type() -> None:
    from services.feed import ARROW_TYPES

    assert set(ARROW_TYPES) == set(FEED_VALUES)


# -- generated values of each type -----------------------------------------------------------------------------
_CODES = st.from_regex(r"[A-Z]{1,3}[0-9]{1,4}", fullmatch=True)
_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn"), blacklist_characters="\ufffe\uffff"),
    min_size=1,
    max_size=40,
).map(str.strip)


def values_of(column: Column) -> st.SearchStrategy[object]:
    """Values as the loader holds them for `column`'s type (blank as None)."""
    kind = column.type
    strategies: dict[ColumnType, st.SearchStrategy[object]] = {
        ColumnType.ID: _CODES,
        ColumnType.TEXT: _TEXT.filter(lambda t: t != "" and t.lower() not in parse.BLANK_TEXT),
        ColumnType.DATE: st.dates(parse.EARLIEST_USABLE_DATE.date(), parse.LATEST_USABLE_DATE.date()).map(
            pd.Timestamp
        ),
        ColumnType.INTEGER: st.integers(0, parse.LARGEST_COUNT),
        ColumnType.PERCENT: st.floats(0, 100, allow_nan=False),
        ColumnType.CHOICE: st.sampled_from(CHOICES),
        ColumnType.YES_NO: st.booleans(),
        ColumnType.ID_LIST: st.lists(_CODES, min_size=1, max_size=4).map(tuple),
    }
    return st.one_of(st.none(), strategies[kind])


def _held(column: Column, values: list[object]) -> pd.Series:
    """`values` in the column's loaded dtype (the dtype of its empty column)."""
    dtype = column_type(column).empty(column).dtype
    if column.type is ColumnType.ID_LIST:
        return pd.Series([() if v is None else v for v in values], dtype=object)
    return pd.Series(values, dtype=dtype)


def _plain(value: object) -> object:
    if isinstance(value, tuple):
        return value
    return None if pd.isna(value) else value


def _same(column: Column, read: object, written: object) -> bool:
    if column.type is ColumnType.PERCENT and read is not None and written is not None:
        # A reader renders a number to 9 decimal places, and a percentage is written as a fraction of 1.
        return math.isclose(float(read), float(written), abs_tol=1e-6)
    return read == written


@pytest.mark.parametrize("column", COLUMNS, ids=IDS)
def test_every_type_reads_back_what_it_writes(column: Column) -> None:
    entry = column_type(column)

    @SETTINGS
    @given(st.lists(values_of(column), min_size=1, max_size=30))
    def round_trip(values: list[object]) -> None:
        held = _held(column, values)
        cells = cells_for_column(column, pd.DataFrame({column.key: held}))
        grid = pd.Series(grid_column(cells), dtype=object)
        read, bad = entry.parse(grid, column)
        assert not bad.any(), grid[bad].tolist()
        assert read.dtype == entry.empty(column).dtype
        expected = [_plain(v) for v in held.tolist()]
        got = [_plain(v) for v in read.tolist()]
        assert all(_same(column, g, e) for g, e in zip(got, expected, strict=True)), (got, expected)

    round_trip()


@pytest.mark.parametrize(
    "kind", [k for k in ColumnType if COLUMN_TYPES[k].bad_value is None], ids=lambda k: k.name
)
@SETTINGS
@given(cells=st.lists(st.one_of(st.none(), st.text(max_size=20), st.integers(), st.floats()), max_size=20))
def test_a_type_without_a_bad_value_message_reads_every_cell(kind: ColumnType, cells: list[object]) -> None:
    column = column_of(kind)
    _read, bad = column_type(column).parse(pd.Series(cells, dtype=object), column)
    assert not bad.any()


def test_a_strict_and_a_loose_choice_differ_only_in_severity() -> None:
    strict, loose = column_of(ColumnType.CHOICE), column_of(ColumnType.CHOICE, strict=False)
    bad_value = COLUMN_TYPES[ColumnType.CHOICE].bad_value
    assert bad_value is not None and bad_value(strict).error and not bad_value(loose).error
    kept, bad = column_type(loose).parse(pd.Series(["Amberish", "on track"], dtype=object), loose)
    assert bad.tolist() == [True, False] and kept.tolist() == ["Amberish", "On track"]
    assert np.array_equal(column_type(strict).parse(pd.Series(["Amberish"]), strict)[1], [True])


@pytest.mark.parametrize("last", ["2192-04-10", "2192-04-12", "2199-12-31"])
def test_a_date_up_to_the_last_the_loader_accepts_is_written_as_a_date(last: str) -> None:
    """Excel serials were counted in nanoseconds from 1899, which overflow after 11 April 2192: writing a tracker (or
    checking an edit) holding a 2195 date the loader had accepted raised OverflowError."""
    column = column_of(ColumnType.DATE)
    held = pd.Series([pd.Timestamp(last)], dtype="datetime64[ns]")
    grid = pd.Series(grid_column(cells_for_column(column, pd.DataFrame({column.key: held}))), dtype=object)
    assert grid.tolist() == [f"{last} 00:00:00"]
    read, bad = column_type(column).parse(grid, column)
    assert not bad.any() and read.tolist() == [pd.Timestamp(last)]
