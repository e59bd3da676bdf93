"""Alembic's environment for the store: runs on the connection store.schema.ensure_schema passes in (inside its
transaction, holding its lock), or, from the command line (`alembic upgrade head`, `alembic revision -m ...` with
the project's alembic.ini), on the configured database (store.db.database_url)."""

from __future__ import annotations

from alembic import context

from store.schema import metadata, upgrade_transaction

config = context.config
connection = config.attributes.get("connection")
if connection is not None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
else:  # the command line: its own engine and transaction
    from store.db import database_url, make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url") or database_url())
    with upgrade_transaction(engine) as own:
        context.configure(connection=own, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
