"""Actions: who made the last change of each shared record (changed_by)

Revision ID: actions_0002
Revises: actions_0001
"""
from app.migrations.changed_by import add_changed_by, drop_changed_by

revision = 'actions_0002'
down_revision = 'actions_0001'
branch_labels = None
depends_on = None

TABLES = ['action_log', 'action_partner', 'measurement', 'policy_signal']


def upgrade() -> None:
    add_changed_by(TABLES)


def downgrade() -> None:
    drop_changed_by(TABLES)
