"""Outreach: who made the last change of each shared record (changed_by)

Revision ID: outreach_0005
Revises: outreach_0004
"""
from app.migrations.changed_by import add_changed_by, drop_changed_by

revision = 'outreach_0005'
down_revision = 'outreach_0004'
branch_labels = None
depends_on = None

TABLES = [
    'outreach_campaign', 'outreach_consent', 'outreach_person', 'outreach_referral',
    'outreach_visit', 'outreach_visitor'
]


def upgrade() -> None:
    add_changed_by(TABLES)


def downgrade() -> None:
    drop_changed_by(TABLES)
