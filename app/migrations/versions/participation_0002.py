"""Participation: who made the last change of each shared record (changed_by)

Revision ID: participation_0002
Revises: participation_0001
"""
from app.migrations.changed_by import add_changed_by, drop_changed_by

revision = 'participation_0002'
down_revision = 'participation_0001'
branch_labels = None
depends_on = None

TABLES = [
    'idea', 'idea_signup', 'participatory_session', 'persona', 'session_participant',
    'session_seat', 'session_table'
]


def upgrade() -> None:
    add_changed_by(TABLES)


def downgrade() -> None:
    drop_changed_by(TABLES)
