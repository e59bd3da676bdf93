"""Withdrawing a version from what the dashboard shows, and reinstating it: each a new, audited entry."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from store.base import StoreBase, StoreError, _now, bounded
from store.schema import version_withdrawals


class WithdrawalsMixin(StoreBase):
    """Which versions are withdrawn now; withdrawing and reinstating one."""

    def withdrawn_ids(self) -> set[int]:
        """The versions withdrawn now (their latest withdrawal entry says so)."""
        with self.engine.connect() as connection:
            return self._withdrawn_ids(connection)

    @staticmethod
    def _withdrawn_ids(connection: Connection) -> set[int]:
        latest = (
            select(func.max(version_withdrawals.c.id))
            .group_by(version_withdrawals.c.version_id)
            .scalar_subquery()
        )
        query = select(version_withdrawals.c.version_id).where(
            version_withdrawals.c.id.in_(latest), version_withdrawals.c.withdrawn
        )
        return {int(v) for v in connection.execute(query).scalars()}

    def withdraw(self, version_id: int, actor: str, reason: str | None = None) -> None:
        """Take a version out of what the dashboard shows (e.g. a mistyped 'As at' snapshot). Nothing is
        deleted: the withdrawal is a new entry, audited, and `reinstate` undoes it."""
        self._set_withdrawn(version_id, True, actor, reason)

    def reinstate(self, version_id: int, actor: str, reason: str | None = None) -> None:
        """Undo a withdrawal (again as a new, audited entry)."""
        self._set_withdrawn(version_id, False, actor, reason)

    def _set_withdrawn(self, version_id: int, withdrawn: bool, actor: str, reason: str | None) -> None:
        action = "withdraw" if withdrawn else "reinstate"
        try:
            with self._reading_to_store():
                version = self.version(version_id)
        except KeyError:
            raise StoreError(f"There is no version {version_id}.") from None
        with self._reading_to_store(), self._writing() as connection:
            if (version_id in self._withdrawn_ids(connection)) == withdrawn:
                raise StoreError(
                    f"Version {version_id} is {'already withdrawn' if withdrawn else 'not withdrawn'}; "
                    "nothing was changed."
                )
            self._refuse_locked_withdrawal(connection, version, withdrawn)
            connection.execute(
                version_withdrawals.insert().values(
                    version_id=version_id, withdrawn=withdrawn, at=_now(), actor=bounded(actor), reason=reason
                )
            )
            self._audit(connection, actor, action, "ok", {"version_id": version_id, "reason": reason or ""})
