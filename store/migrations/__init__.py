"""The store's Alembic migrations: every change to what is stored is a revision in versions/ (see store/schema.py)."""
