"""The limits are stated once in code (loaders.limits) and quoted exactly in docs/operations.md."""

from __future__ import annotations

import re
from pathlib import Path

from loaders import limits
from loaders.sandbox import DEFAULT_LIMITS

DOC = (Path(__file__).resolve().parent.parent / "docs" / "operations.md").read_text()


def test_the_limits_table_in_the_operations_doc_matches_the_code() -> None:
    table = DOC.split("<!-- limits:start -->")[1].split("<!-- limits:end -->")[0]
    rows = {name: value for name, value in re.findall(r"^\| (.+?) \| (.+?) \|$", table, re.MULTILINE)}
    rows.pop("Limit", None)
    assert rows == limits.LIMITS_FOR_DOCS


def test_the_doc_quotes_the_worker_limits_message_and_concurrency_as_the_code_has_them() -> None:
    section = DOC.split("## Limits")[1]
    assert f"within the limits ({DEFAULT_LIMITS.describe()})" in section.replace("\n", " ")
    assert f"at most {limits.MAX_WORKERS} files at once" in section.replace("\n", " ")


def test_the_size_limit_matches_the_streamlit_upload_limit() -> None:
    config = (Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml").read_text()
    assert f"maxUploadSize = {limits.MAX_FILE_BYTES // limits.MB}" in config
