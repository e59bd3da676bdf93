"""The audit log: who did what, when, with what outcome (sign-ins and refusals too)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.exc import SQLAlchemyError

from store.base import _LOG, StoreBase, _as_utc, _now, bounded
from store.schema import audit_log

REFUSED_ACTION = "write_refused"
"""A write refused because the data was another organisation's than the editor's (access/organisations.py)."""


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: dt.datetime
    actor: str
    action: str
    outcome: str
    detail: dict[str, Any]


class AuditMixin(StoreBase):
    """Writing and reading the audit log."""

    refused_actor: str | None = None
    """Who is writing through a store that refuses their writes (StoreBase.writes_refused; access/organisations
    sets it), named in the audit entry of each refused attempt."""

    def _refuse_if_read_only(self) -> None:
        """A write refused because the data is another organisation's is itself written to this organisation's
        audit log (who tried, and why it was refused), then refused as every read-only write is."""
        if self.writes_refused is not None and self.read_only is None:
            try:
                self.audit(
                    self.refused_actor or "unknown",
                    REFUSED_ACTION,
                    "refused",
                    {"reason": self.writes_refused[:500]},
                )
            except SQLAlchemyError:  # the refusal stands; the log says it could not be recorded
                _LOG.warning("A refused write could not be recorded in the audit log", exc_info=True)
        super()._refuse_if_read_only()

    def audit(
        self, actor: str, action: str, outcome: str = "ok", detail: dict[str, Any] | None = None
    ) -> None:
        if self.read_only is not None:  # sign-ins and refusals while nothing can be written: to the log
            _LOG.info(
                "audit (not stored: the database is read-only): %s %s %s %s", actor, action, outcome, detail
            )
            return
        with self.engine.begin() as connection:
            self._audit(connection, actor, action, outcome, detail or {})

    def _audit(
        self, connection: Connection, actor: str, action: str, outcome: str, detail: dict[str, Any]
    ) -> None:
        connection.execute(
            audit_log.insert().values(
                organisation=self.organisation,
                at=_now(),
                actor=bounded(actor),
                action=action,
                outcome=outcome,
                detail=detail,
            )
        )

    def audit_entries(self, limit: int = 500) -> list[AuditEntry]:
        """The newest entries first."""
        query = select(audit_log).where(self._owned(audit_log)).order_by(audit_log.c.id.desc()).limit(limit)
        with self.engine.connect() as connection:
            return [
                AuditEntry(r.id, _as_utc(r.at), r.actor, r.action, r.outcome, dict(r.detail or {}))
                for r in connection.execute(query)
            ]
