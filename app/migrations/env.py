"""Alembic environment: always run from app.services.database with a connection handed in."""
from alembic import context

import app.models  # noqa: F401  (fills the metadata)
from app.models.base import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through app.services.database, not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
