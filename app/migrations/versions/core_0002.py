"""Core: who made the last change of each shared record (changed_by)

Revision ID: core_0002
Revises: core_0001
"""
from app.migrations.changed_by import add_changed_by, drop_changed_by

revision = 'core_0002'
down_revision = 'core_0001'
branch_labels = None
depends_on = None

TABLES = ['action', 'checklist_tick', 'focus_area', 'partner', 'step_note', 'trajectory']


def upgrade() -> None:
    add_changed_by(TABLES)


def downgrade() -> None:
    drop_changed_by(TABLES)
