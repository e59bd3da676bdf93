"""Remember results built from tables: the same chart or summary of the same data is built once per process.

Building a plotly figure runs plotly's validators over every property; on the Overview that was about 40% of a
new session's server time (bench/README.md). Twenty board members opening the same view at once ask for the
same figure twenty times, so figures are kept by the content of their input tables (a hash of every value,
the index, the column names and the dtypes), which changes exactly when the data or the filters do.

The same holds for summaries the Overview draws for every visitor (metrics.progress.principle_progress).
What is returned is shared between sessions: treat it as read-only (st.plotly_chart, the tables, which copy
before formatting, and the board pack only read it). Other unhashable arguments that can be weakly
referenced (the cached TrackerSet) are compared by identity: they are never modified. A result whose arguments
can be neither is simply built afresh.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import ParamSpec, TypeVar

import pandas as pd

P = ParamSpec("P")
R = TypeVar("R")

MAX_FIGURES = 128
"""Per chart builder: enough for every page's charts under many filter combinations, a few MB at most."""


class _Unhashable(Exception):
    pass


_KNOWN: dict[int, tuple[weakref.ref, tuple[Hashable, ...]]] = {}
"""id(object) -> (weak reference, key): a table seen before (the cached View's) is not hashed again."""
_SERIAL = itertools.count()


def _remembered_key(
    value: object, make_key: Callable[[object], tuple[Hashable, ...]]
) -> tuple[Hashable, ...]:
    known = _KNOWN.get(id(value))
    if known is not None and known[0]() is value:
        return known[1]
    key = make_key(value)
    ident = id(value)
    try:
        reference = weakref.ref(value, lambda _: _KNOWN.pop(ident, None))
    except TypeError:
        return key
    _KNOWN[id(value)] = (reference, key)
    return key


def _frame_key(frame: pd.DataFrame | pd.Series) -> tuple[Hashable, ...]:
    return _remembered_key(frame, _content_key)  # type: ignore[arg-type]


def _identity_key(value: object) -> tuple[Hashable, ...]:
    """An unhashable object that is never modified (the cached TrackerSet): equal to itself only."""
    try:
        weakref.ref(value)
    except TypeError as error:
        raise _Unhashable from error
    return _remembered_key(value, lambda v: ("object", type(v).__name__, next(_SERIAL)))


def _content_key(frame: pd.DataFrame | pd.Series) -> tuple[Hashable, ...]:
    try:
        values = pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes()
    except TypeError as error:  # e.g. a column of lists
        raise _Unhashable from error
    columns = tuple(map(str, frame.columns)) if isinstance(frame, pd.DataFrame) else (str(frame.name),)
    dtypes = tuple(map(str, frame.dtypes)) if isinstance(frame, pd.DataFrame) else (str(frame.dtype),)
    index = (
        tuple(map(str, frame.index.dtypes))
        if isinstance(frame.index, pd.MultiIndex)
        else (str(frame.index.dtype),)
    )
    return (type(frame).__name__, columns, dtypes, index, hashlib.blake2b(values, digest_size=16).digest())


def _key(value: object) -> Hashable:
    if isinstance(value, pd.DataFrame | pd.Series):
        return _frame_key(value)
    if isinstance(value, list | tuple):
        return (type(value).__name__, tuple(_key(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple((k, _key(v)) for k, v in value.items()))
    try:
        hash(value)
    except TypeError:
        return _identity_key(value)
    if value is not None and value is not pd.NaT and pd.api.types.is_scalar(value) and pd.isna(value):
        return ("nan", type(value).__name__)  # NaN != NaN: would never hit
    return (type(value).__name__, value)


def memoised(build: Callable[P, R]) -> Callable[P, R]:
    """Return the result built earlier from equal arguments (tables compared by content), else build it."""
    return memoised_with(None)(build)


def memoised_with(prepare: Callable[[R], None] | None) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Like `memoised`, and `prepare` is called once on each new result before it is shared."""
    return lambda build: _memoised(build, prepare)


def _memoised(build: Callable[P, R], prepare: Callable[[R], None] | None) -> Callable[P, R]:
    cache: OrderedDict[Hashable, R] = OrderedDict()
    lock = threading.Lock()

    @functools.wraps(build)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            key = (_key(args), _key(tuple(sorted(kwargs.items()))))
        except _Unhashable:
            return build(*args, **kwargs)
        with lock:
            if key in cache:
                cache.move_to_end(key)
                return cache[key]
        result = build(*args, **kwargs)
        if prepare is not None:
            prepare(result)
        with lock:
            cache[key] = result
            while len(cache) > MAX_FIGURES:
                cache.popitem(last=False)
        return result

    wrapper.cache_clear = cache.clear  # type: ignore[attr-defined]
    return wrapper
