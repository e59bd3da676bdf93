"""Issue 20: the assistant director's day on the editors' screens, and the traps found by attacking them."""

from __future__ import annotations

import io

import pytest

from access.__main__ import main as access_main
from access.passwords import verify_password


@pytest.mark.parametrize(
    "typed", ["a long editor password\na long editor password\n", "one line\r\nand more"]
)
def test_a_piped_password_with_a_line_break_is_refused_not_hashed(monkeypatch, capsys, typed: str) -> None:  # noqa: ANN001
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    assert access_main(["hash-password"]) == 2
    shown = capsys.readouterr()
    assert shown.out == ""  # no hash printed
    assert "line break" in shown.err and "printf '%s'" in shown.err


def test_a_piped_password_ending_in_one_newline_is_still_accepted(monkeypatch, capsys) -> None:  # noqa: ANN001
    monkeypatch.setattr("sys.stdin", io.StringIO("a long editor password\n"))
    assert access_main(["hash-password"]) == 0
    assert verify_password("a long editor password", capsys.readouterr().out.splitlines()[0])


def test_the_help_says_how_to_pipe_a_password(capsys) -> None:  # noqa: ANN001
    with pytest.raises(SystemExit) as exit_:
        access_main(["--help"])
    assert exit_.value.code == 0
    assert "printf '%s' \"$PW\" | python -m access hash-password" in capsys.readouterr().out
