"""Groundwork: who made the last change of each shared record (changed_by)

Revision ID: groundwork_0003
Revises: groundwork_0002
"""
from app.migrations.changed_by import add_changed_by, drop_changed_by

revision = 'groundwork_0003'
down_revision = 'groundwork_0002'
branch_labels = None
depends_on = None

TABLES = [
    'area_figure', 'area_need', 'area_story', 'contact_moment', 'existing_activity',
    'interested_person', 'precondition', 'training_session'
]


def upgrade() -> None:
    add_changed_by(TABLES)


def downgrade() -> None:
    drop_changed_by(TABLES)
