"""Alembic migrations. One branch per feature, all rooted in `core_0001`."""
