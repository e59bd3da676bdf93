"""The analysts' feed as files: a dataset of services/feed.py written as CSV (formula-safe, as every download),
Parquet (typed: dates as dates, id lists as lists) or JSON (a small header around the rows). web/feed.py serves
them."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from exports.tables import csv_bytes
from loaders.spec import Column
from metrics.view import View
from services.feed import ARROW_TYPES, FORMATS, Dataset, feed_type

_PANDAS = {"date": "datetime64[ns]", "integer": "Int64", "number": "Float64", "boolean": "boolean"}


def typed(frame: pd.DataFrame, columns: Sequence[Column]) -> pd.DataFrame:
    """Exactly the declared columns, in their order, each as its declared type (a missing optional column is
    empty). Nothing else a tracker holds (extra columns, row numbers) is passed on."""
    out: dict[str, pd.Series] = {}
    index = frame.index
    for column in columns:
        series = (
            frame[column.key]
            if column.key in frame.columns
            else pd.Series(pd.NA, index=index, dtype="object")
        )
        kind = feed_type(column)
        if kind == "string":
            # a choice stays categorical (Arrow writes it as a dictionary of text, read back as text)
            keep = isinstance(series.dtype, pd.StringDtype | pd.CategoricalDtype)
            out[column.key] = series if keep else series.astype("string")
        elif kind in _PANDAS and str(series.dtype) == _PANDAS[kind]:
            out[column.key] = series  # already what it should be (most of the view's columns)
        elif kind == "date":
            out[column.key] = pd.to_datetime(series, errors="coerce").astype("datetime64[ns]")
        elif kind == "integer":
            out[column.key] = pd.to_numeric(series, errors="coerce").round().astype("Int64")
        elif kind == "number":
            out[column.key] = pd.to_numeric(series, errors="coerce").astype("Float64")
        elif kind == "boolean":
            out[column.key] = series.astype("boolean")
        else:
            out[column.key] = series.map(_id_tuple, na_action="ignore").astype("object")
    return pd.DataFrame(out, index=index).reset_index(drop=True)


def _id_tuple(value: object) -> tuple[str, ...]:
    if isinstance(value, tuple | list):
        return tuple(str(v) for v in value)
    return tuple(v.strip() for v in re.split(r"[,;]", str(value)) if v.strip())


def arrow_schema(columns: Sequence[Column]) -> pa.Schema:
    return pa.schema([pa.field(c.key, ARROW_TYPES[feed_type(c)]) for c in columns])


def arrow_table(frame: pd.DataFrame, columns: Sequence[Column]) -> pa.Table:
    """The typed table in Arrow: dates as dates (date32), lists as lists."""
    arrays = []
    for column in columns:
        series = frame[column.key]
        kind = feed_type(column)
        if kind == "date":
            array = pa.array(series, type=pa.timestamp("ns"), from_pandas=True).cast(pa.date32())
        elif kind == "list of strings":
            array = pa.array(
                series.map(list, na_action="ignore"), type=pa.list_(pa.string()), from_pandas=True
            )
        elif isinstance(series.dtype, pd.CategoricalDtype):
            array = pa.array(series, from_pandas=True).cast(ARROW_TYPES[kind])
        else:
            array = pa.array(series, type=ARROW_TYPES[kind], from_pandas=True)
        arrays.append(array)
    return pa.Table.from_arrays(arrays, schema=arrow_schema(columns))


def parquet_bytes(frame: pd.DataFrame, columns: Sequence[Column], metadata: Mapping[str, str]) -> bytes:
    table = arrow_table(frame, columns)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), **metadata})
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def json_bytes(frame: pd.DataFrame, columns: Sequence[Column], about: Mapping[str, object]) -> bytes:
    """{"dataset": ..., "columns": [{"name", "type"}], "rows": [{...}]}: dates as YYYY-MM-DD, blanks as null."""
    plain = frame.copy()
    for column in columns:
        kind = feed_type(column)
        if kind == "date":
            plain[column.key] = (
                plain[column.key]
                .dt.strftime("%Y-%m-%d")
                .astype("object")
                .where(plain[column.key].notna(), None)
            )
        elif kind == "list of strings":
            plain[column.key] = plain[column.key].map(list, na_action="ignore")
    rows = plain.to_json(orient="records", force_ascii=False) if len(plain) else "[]"
    head = {**about, "columns": [{"name": c.key, "type": feed_type(c)} for c in columns]}
    return (json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": ' + rows + "}").encode("utf-8")


@dataclass(frozen=True)
class FeedFile:
    content: bytes
    media_type: str
    rows: int


def build_file(view: View, dataset: Dataset, extension: str, about: Mapping[str, str]) -> FeedFile:
    """The dataset of `view` as a file. `about` (dataset, as at, snapshot, filters) goes in Parquet's metadata
    and JSON's envelope; CSV is the table alone, as every download."""
    frame = typed(dataset.rows(view), dataset.columns)
    if extension == "csv":
        content = csv_bytes(frame)
    elif extension == "parquet":
        content = parquet_bytes(frame, dataset.columns, {f"ccpl.{k}": v for k, v in about.items()})
    else:
        content = json_bytes(frame, dataset.columns, about)
    return FeedFile(content, FORMATS[extension], len(frame))
