"""Cell parsers: what people type in Excel, read into types."""

import pandas as pd
import pytest

from domain import STATUSES
from loaders import parse
from loaders.formats.framework import STATUS_SYNONYMS
from loaders.spec import NO_VALUES, YES_VALUES


def series(*values: object) -> pd.Series:
    return pd.Series(list(values), dtype=object)


@pytest.mark.parametrize(
    "text",
    [
        "2023-05-31 00:00:00",
        "2023-05-31",
        "31/05/2023",
        "31/5/23",
        "31-05-2023",
        "31.05.2023",
        "31 May 2023",
        "31st May 2023",
        "31 may 23",
        "Wednesday, 31 May 2023",
        " 31  May   2023 ",
        "45077",  # the Excel serial number of 31 May 2023
    ],
)
def test_uk_date_forms_read_as_the_same_day(text: str) -> None:
    dates, bad = parse.parse_dates(series(text))
    assert not bad.iloc[0]
    assert dates.iloc[0] == pd.Timestamp("2023-05-31")


def test_dates_are_day_first_and_us_order_is_refused_not_guessed() -> None:
    dates, bad = parse.parse_dates(series("01/02/2023", "05/31/2023", "20 Sept 2022", "soon"))
    assert dates.iloc[0] == pd.Timestamp("2023-02-01")
    assert bad.tolist() == [False, True, False, True]
    assert dates.iloc[2] == pd.Timestamp("2022-09-20")


def test_blank_dates_are_missing_not_bad() -> None:
    dates, bad = parse.parse_dates(series(None, "", "  ", "-", "n/a"))
    assert dates.isna().all()
    assert not bad.any()


def test_integers_accept_separators_and_circa_but_not_fractions_or_negatives() -> None:
    numbers, bad = parse.parse_integers(series("1,200", "c. 150", "circa 100", "12.5", "-3", "lots", None))
    assert numbers.tolist()[:3] == [1200, 150, 100]
    assert bad.tolist() == [False, False, False, True, True, True, False]


def test_percent_reads_fractions_numbers_and_percent_signs_on_one_scale() -> None:
    values, bad = parse.parse_percents(series("50%", "0.5", "50", "1", "100%", "120", "half", None))
    assert values.tolist()[:5] == [50, 50, 50, 100, 100]
    assert bad.tolist() == [False, False, False, False, False, True, True, False]


def test_yes_no_marks() -> None:
    values, bad = parse.parse_yes_no(
        series("✓", "Y", "yes", "TRUE", "1", "x", "N", "No", "0", "maybe", None), YES_VALUES, NO_VALUES
    )
    assert values.tolist()[:9] == [True] * 6 + [False] * 3
    assert bad.tolist() == [False] * 9 + [True, False]


def test_choices_fold_case_spacing_and_rag_words() -> None:
    values, bad = parse.parse_choices(
        series("on track", " COMPLETE ", "Amber", "red", "Done", "nearly", None), STATUSES, STATUS_SYNONYMS
    )
    assert values.tolist()[:5] == ["On track", "Complete", "At risk", "Off track", "Complete"]
    assert bad.tolist() == [False, False, False, False, False, True, False]


def test_ids_are_trimmed_upper_case_text_and_number_cells_lose_their_decimal() -> None:
    assert parse.parse_ids(series(" p7 ", "3", "3.0", None)).tolist()[:3] == ["P7", "3", "3"]


def test_id_lists_split_on_commas_semicolons_and_and() -> None:
    lists, bad = parse.parse_id_lists(series("T1, t8", "T2;T3", "T4 and T5", "T6,,T7", None))
    assert lists.tolist() == [("T1", "T8"), ("T2", "T3"), ("T4", "T5"), ("T6", "T7"), ()]
    assert bad.tolist() == [False, False, False, True, False]


def test_header_keys_ignore_case_spacing_colons_and_curly_quotes() -> None:
    assert parse.normalise_key("  Agenda ’facet’: ") == parse.normalise_key("agenda 'facet'")
    assert parse.normalise_key("Priority\u00a0 ID") == "priority id"
