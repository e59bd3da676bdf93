"""The password sign-in cookie (access/sessions.py): signed, expiring, revocable, bound to secret and password."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pytest

from access import sessions
from access.settings import load_settings
from store.db import make_engine
from store.repository import Store

SECRET = b"a test secret that is long enough for an HMAC key 0123456789"
HASH = "scrypt$1024$8$1$c2FsdA==$a2V5"
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(make_engine(f"sqlite:///{tmp_path / 'sessions.sqlite3'}"))
    store.ensure_ready()
    return store


def _cookie(
    hours: float = 10, name: str = "Ada Editor", purpose: str = "edit"
) -> tuple[sessions.SignIn, str]:
    sign_in = sessions.start(name, purpose, hours, now=NOW)
    return sign_in, sessions.cookie_value(sign_in, SECRET, HASH)


def test_a_signed_cookie_reads_back_as_the_same_sign_in_until_it_expires() -> None:
    sign_in, value = _cookie(hours=10)
    assert sessions.read_cookie(value, SECRET, HASH, NOW + dt.timedelta(hours=9, minutes=59)) == sign_in
    assert sign_in.max_age == 10 * 3600
    assert sessions.read_cookie(value, SECRET, HASH, NOW + dt.timedelta(hours=10)) is None  # a working day
    assert "Ada" not in value.split(".")[1]  # the name is in the payload, never in the signature


def test_two_sign_ins_of_the_same_editor_are_different_sessions() -> None:
    first, second = sessions.start("Ada", "edit", now=NOW), sessions.start("Ada", "edit", now=NOW)
    assert first.session_id != second.session_id


@pytest.mark.parametrize("where", [0, 5, -5])
def test_an_altered_cookie_is_refused(where: int) -> None:
    _, value = _cookie()
    position = where % len(value)
    changed = "A" if value[position] != "A" else "B"
    forged = value[:position] + changed + value[position + 1 :]
    assert sessions.read_cookie(forged, SECRET, HASH, NOW) is None


def test_a_cookie_naming_someone_else_with_the_old_signature_is_refused() -> None:
    sign_in, value = _cookie(name="Ada Editor")
    _, other = _cookie(name="Bob Intruder")
    spliced = other.split(".")[0] + "." + value.split(".")[1]
    assert sessions.read_cookie(spliced, SECRET, HASH, NOW) is None
    assert sessions.read_cookie(value, SECRET, HASH, NOW) == sign_in


def test_a_cookie_signed_with_another_secret_or_password_hash_is_refused() -> None:
    _, value = _cookie()
    assert sessions.read_cookie(value, SECRET + b"x", HASH, NOW) is None
    assert sessions.read_cookie(value, SECRET, HASH + "0", NOW) is None  # the editor password was changed


@pytest.mark.parametrize("value", [None, "", "abc", "a.b.c", "x" * 5000, "e30.e30"])
def test_garbage_is_refused_without_an_error(value: str | None) -> None:
    assert sessions.read_cookie(value, SECRET, HASH, NOW) is None


def test_a_revoked_sign_in_is_refused_and_others_are_not(store: Store) -> None:
    first, first_value = _cookie()
    second, second_value = _cookie()
    assert sessions.valid_sign_in(store, first_value, SECRET, HASH, NOW) == first
    sessions.revoke(store, first)
    assert sessions.valid_sign_in(store, first_value, SECRET, HASH, NOW) is None
    assert sessions.valid_sign_in(store, second_value, SECRET, HASH, NOW) == second
    sessions.revoke(store, first)  # signing out twice is harmless
    assert sessions.is_revoked(store, first) and not sessions.is_revoked(store, second)


def test_a_one_time_token_is_exchanged_once_and_only_within_its_minute() -> None:
    sign_in, _ = _cookie()
    used = sessions.UsedTokens()
    token = sessions.one_time_token(sign_in, SECRET, HASH, now=NOW)
    late = NOW + dt.timedelta(seconds=sessions.TOKEN_SECONDS)
    assert sessions.redeem_token(token, SECRET, HASH, used, late) is None  # expired
    assert sessions.redeem_token(token, SECRET, HASH, used, NOW) == sign_in
    assert sessions.redeem_token(token, SECRET, HASH, used, NOW) is None  # used once already


def test_a_token_is_not_a_cookie_and_a_cookie_is_not_a_token() -> None:
    sign_in, value = _cookie()
    token = sessions.one_time_token(sign_in, SECRET, HASH, now=NOW)
    assert sessions.read_cookie(token, SECRET, HASH, NOW) is None
    assert sessions.redeem_token(value, SECRET, HASH, sessions.UsedTokens(), NOW) is None


def test_the_secret_is_made_once_in_the_state_folder_and_shared(tmp_path: Path) -> None:
    sessions.secret_key.cache_clear()
    first = sessions.secret_key(None, tmp_path)
    path = tmp_path / sessions.SECRET_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    sessions.secret_key.cache_clear()  # another process (a replica) sharing the folder
    assert sessions.secret_key(None, tmp_path) == first
    assert len(first) >= 32
    assert sessions.secret_key("  configured secret  ", tmp_path) == b"configured secret"
    assert sorted(p.name for p in tmp_path.iterdir()) == [sessions.SECRET_FILE]
    sessions.secret_key.cache_clear()


def test_sign_in_settings_from_secrets_and_environment() -> None:
    secrets = {"ccpl": {"sign_in_secret": "from secrets", "sign_in_hours": 8}}
    assert load_settings(secrets, environ={}).sign_in_secret == "from secrets"
    assert load_settings(secrets, environ={}).sign_in_hours == 8
    overridden = load_settings(secrets, environ={"CCPL_SIGN_IN_SECRET": "env", "CCPL_SIGN_IN_HOURS": "2.5"})
    assert overridden.sign_in_secret == "env" and overridden.sign_in_hours == 2.5
    default = load_settings({}, environ={"CCPL_SIGN_IN_HOURS": "-1"})
    assert default.sign_in_secret is None and default.sign_in_hours == sessions.SIGN_IN_HOURS
