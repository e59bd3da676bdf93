"""The audit log: who did what, when, with what outcome (sign-ins and refusals too)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from store.base import _LOG, StoreBase, _as_utc, _now, bounded
from store.schema import audit_log


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
