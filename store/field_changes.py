"""In-app edits: a version made in the app stored with every field it changed (who, when, why), and the
field-by-field history read back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from domain import Kind
from store.base import MAX_RECORD_ID, StoreBase, StoreError, _as_utc, _now, not_stored
from store.schema import field_changes, tracker_versions
from store.versions import NewVersion


@dataclass(frozen=True)
class FieldChange:
    """One field changed by an in-app edit: `field` of `record_id` on `sheet`, from `before` to `after`."""

    sheet: str
    record_id: str
    field: str
    before: str | None
    after: str | None
    version_id: int = 0
    actor: str = ""
    at: dt.datetime | None = None
    reason: str | None = None  # why, in the editor's words (asked for when a status changes)

    def describe(self) -> str:
        why = f" (reason: {self.reason})" if self.reason else ""
        return f"{self.record_id} {self.field}: {self.before or '(blank)'} → {self.after or '(blank)'}{why}"


AUDITED_CHANGES = 50
"""How many field changes an edit's audit entry lists in words (all of them are in field_changes)."""


class FieldChangesMixin(StoreBase):
    """Storing an edit with its field changes; reading them back."""

    def save_edit(
        self,
        version: NewVersion,
        actor: str,
        changes: Sequence[FieldChange],
        based_on: int,
        note: str | None = None,
    ) -> int:
        """Store a version made in the app, with every field it changed, in one transaction, and audit it.

        Raises:
            SnapshotLocked: it would amend a snapshot presented to the board.
            StoreError: nothing was stored.
        """
        try:
            with self._writing() as connection:
                [new_id] = self._insert_batch(connection, [version], actor, "edit", note)
                now = _now()
                if changes:
                    connection.execute(
                        field_changes.insert(),
                        [
                            {
                                "version_id": new_id,
                                "kind": version.kind.value,
                                "sheet": c.sheet,
                                "record_id": c.record_id[:MAX_RECORD_ID],
                                "field": c.field[:64],
                                "before": c.before,
                                "after": c.after,
                                "actor": actor[:255],
                                "at": now,
                                "reason": c.reason,
                            }
                            for c in changes
                        ],
                    )
                self._audit(
                    connection,
                    actor,
                    "edit",
                    "ok",
                    {
                        "version_id": new_id,
                        "based_on": based_on,
                        "tracker": version.kind.value,
                        "as_at": version.as_at.isoformat() if version.as_at else "",
                        "fields_changed": len(changes),
                        "changes": [c.describe() for c in changes[:AUDITED_CHANGES]],
                        "note": note or "",
                    },
                )
                return new_id
        except StoreError:
            raise
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(not_stored(exc)) from exc
        except Exception as exc:
            raise StoreError(
                f"The edit was not stored, and nothing was changed ({type(exc).__name__})."
            ) from exc

    def field_history(self, record_id: str | None = None, kind: Kind | None = None) -> list[FieldChange]:
        """Field changes made in the app, oldest first (optionally of one record, e.g. 'P07')."""
        owned = select(tracker_versions.c.id).where(self._owned(tracker_versions))
        query = (
            select(field_changes).where(field_changes.c.version_id.in_(owned)).order_by(field_changes.c.id)
        )
        if record_id is not None:
            query = query.where(field_changes.c.record_id == record_id)
        if kind is not None:
            query = query.where(field_changes.c.kind == kind.value)
        with self.engine.connect() as connection:
            return [
                FieldChange(
                    r.sheet,
                    r.record_id,
                    r.field,
                    r.before,
                    r.after,
                    r.version_id,
                    r.actor,
                    _as_utc(r.at),
                    r.reason,
                )
                for r in connection.execute(query)
            ]
