"""Read-only analyst keys for the data feed (web/feed.py), and the per-key rate limit, kept in the database.

A key is 256 random bits (`secrets.token_urlsafe(32)`), shown once when it is made and stored only as its SHA-256:
whoever reads the database cannot use a key from it. A key has a name (whose it is, e.g. 'Power BI: ICB BI team'),
an expiry, and may be revoked; nothing is ever deleted. Making and revoking keys, and each key's use (at most once
a minute per key: the first request of each minute), are written to the audit log.

The rate limit counts requests per key per clock minute in `feed_requests`, one row per (key, minute), incremented
by one atomic upsert: every replica on the same database shares the count, so the limit holds across replicas.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from domain import DEFAULT_ORGANISATION_ID
from store.repository import Store, StoreError, bounded
from store.schema import (
    audit_log,
    feed_keys,
    feed_requests,
    snapshot_locks,
    tracker_versions,
    version_withdrawals,
)

KEY_BYTES = 32
"""256 random bits per key."""
REQUESTS_PER_MINUTE = 120
"""How many feed requests one key may make in a clock minute (every replica counted): a scheduled refresh of
every dataset in every format is about 40. Beyond it the answer is 429 with Retry-After."""
LONGEST_VALIDITY_DAYS = 366
DEFAULT_VALIDITY_DAYS = 180
MAX_KEY_NAME = 100


@dataclass(frozen=True)
class FeedKey:
    """A key as the store keeps it (never the key itself)."""

    id: int
    name: str
    created_by: str
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked: bool
    organisation: str = DEFAULT_ORGANISATION_ID
    """The organisation whose data the key reads (the one whose editor made it)."""

    def usable(self, now: dt.datetime) -> bool:
        return not self.revoked and now < self.expires_at

    def state(self, now: dt.datetime) -> str:
        if self.revoked:
            return "Revoked"
        return "Expired" if now >= self.expires_at else "Active"


@dataclass(frozen=True)
class Admission:
    """What a request's key is allowed: `key` is None when it is refused (missing, unknown, revoked, expired);
    `retry_after` seconds when it is over its rate limit."""

    key: FeedKey | None
    retry_after: int = 0


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _key(row: object) -> FeedKey:
    return FeedKey(
        row.id,  # type: ignore[attr-defined]
        row.name,  # type: ignore[attr-defined]
        row.created_by,  # type: ignore[attr-defined]
        _utc(row.created_at),  # type: ignore[attr-defined]
        _utc(row.expires_at),  # type: ignore[attr-defined]
        bool(row.revoked),  # type: ignore[attr-defined]
        row.organisation,  # type: ignore[attr-defined]
    )


def create_key(store: Store, name: str, valid_days: int, actor: str) -> tuple[FeedKey, str]:
    """Make a key; returns it and its secret, which is shown once and never stored.

    Raises:
        StoreError: the name is blank or too long, or the validity is not 1..LONGEST_VALIDITY_DAYS days.
    """
    name = " ".join(name.split())
    if not name:
        raise StoreError("Give the key a name: whose it is and what it is for.")
    if len(name) > MAX_KEY_NAME:
        raise StoreError(f"A key's name is at most {MAX_KEY_NAME} characters.")
    if not 1 <= valid_days <= LONGEST_VALIDITY_DAYS:
        raise StoreError(f"A key is valid for 1 to {LONGEST_VALIDITY_DAYS} days.")
    secret = secrets.token_urlsafe(KEY_BYTES)
    now = _now()
    store._refuse_if_read_only()
    with store.engine.begin() as connection:
        key_id = connection.execute(
            feed_keys.insert().values(
                organisation=store.organisation,
                name=name,
                key_sha256=digest(secret),
                created_by=bounded(actor),
                created_at=now,
                expires_at=now + dt.timedelta(days=valid_days),
                revoked=False,
            )
        ).inserted_primary_key[0]
        store._audit(connection, actor, "feed_key_create", "ok", {"key_id": key_id, "name": name})
    return next(k for k in keys(store) if k.id == key_id), secret


def keys(store: Store) -> list[FeedKey]:
    """Every key ever made, newest first."""
    with store.engine.connect() as connection:
        query = select(feed_keys).where(feed_keys.c.organisation == store.organisation)
        return [_key(r) for r in connection.execute(query.order_by(feed_keys.c.id.desc()))]


def revoke(store: Store, key_id: int, actor: str) -> None:
    """Revoke a key: its next request gets 401.

    Raises:
        StoreError: there is no such key, or it is revoked already.
    """
    store._refuse_if_read_only()
    with store.engine.begin() as connection:
        row = connection.execute(
            select(feed_keys).where(feed_keys.c.id == key_id, feed_keys.c.organisation == store.organisation)
        ).first()
        if row is None:
            raise StoreError(f"There is no key {key_id}.")
        if row.revoked:
            raise StoreError(f"The key '{row.name}' is revoked already.")
        connection.execute(feed_keys.update().where(feed_keys.c.id == key_id).values(revoked=True))
        store._audit(connection, actor, "feed_key_revoke", "ok", {"key_id": key_id, "name": row.name})


def admit(store: Store, secret: str | None, what: str, now: dt.datetime | None = None) -> Admission:
    """Check a request's key and count the request against the key's rate limit (one transaction).

    The first request of each minute is written to the audit log as the key's last use ('feed_use', with `what`
    was asked for); later ones in the same minute are only counted.
    """
    if not secret or len(secret) > 200:
        return Admission(None)
    now = now or _now()
    minute = int(now.timestamp()) // 60
    with store.engine.begin() as connection:
        row = connection.execute(select(feed_keys).where(feed_keys.c.key_sha256 == digest(secret))).first()
        if row is None:
            return Admission(None)
        key = _key(row)
        if not key.usable(now):
            return Admission(None)
        insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
        statement = insert(feed_requests).values(key_id=key.id, minute=minute, count=1)
        count = connection.execute(
            statement.on_conflict_do_update(
                index_elements=["key_id", "minute"], set_={"count": feed_requests.c.count + 1}
            ).returning(feed_requests.c.count)
        ).scalar_one()
        if count == 1:
            connection.execute(
                feed_requests.delete().where(
                    feed_requests.c.key_id == key.id, feed_requests.c.minute < minute
                )
            )
            store.for_organisation(key.organisation)._audit(  # the key's organisation's log
                connection, f"feed key: {key.name}", "feed_use", "ok", {"key_id": key.id, "what": what}
            )
        if count > REQUESTS_PER_MINUTE:
            return Admission(key, retry_after=60 - int(now.timestamp()) % 60)
        return Admission(key)


def last_use(store: Store) -> dict[int, dt.datetime]:
    """When each key was last used (the audit log's newest 'feed_use' entry per key: at most a minute old)."""
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(audit_log.c.detail, audit_log.c.at).where(
                audit_log.c.action == "feed_use", audit_log.c.organisation == store.organisation
            )
        ).all()
    used: dict[int, dt.datetime] = {}
    for detail, at in rows:
        key_id = int((detail or {}).get("key_id", 0))
        used[key_id] = max(used.get(key_id, _utc(at)), _utc(at))
    return used


def fingerprint(store: Store) -> tuple[int, dt.datetime | None]:
    """The current data's identity and when it last changed, in one query: Store.latest_id (the feed's ETag) and
    the newest of the versions' storing, withdrawals' and locks' times (its Last-Modified)."""
    tables = (
        (tracker_versions.c.id, tracker_versions.c.uploaded_at),
        (version_withdrawals.c.id, version_withdrawals.c.at),
        (snapshot_locks.c.id, snapshot_locks.c.locked_at),
    )
    query = select(
        *(select(func.coalesce(func.max(ident), 0)).scalar_subquery() for ident, _ in tables),
        *(select(func.max(when)).scalar_subquery() for _, when in tables),
    )
    with store.engine.connect() as connection:
        row = connection.execute(query).one()
    times = [_utc(t) for t in row[3:] if t is not None]
    return int(sum(row[:3])), (max(times) if times else None)
