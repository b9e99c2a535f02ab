"""Alembic migrations of Lantern's own tables (see alembic.ini at the repository root)."""
