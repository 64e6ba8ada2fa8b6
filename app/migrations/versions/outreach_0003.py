"""Outreach: "needs checking" warnings on a person, and living alone may be unknown

Revision ID: outreach_0003
Revises: outreach_0002
"""
import sqlalchemy as sa
from alembic import op

revision = 'outreach_0003'
down_revision = 'outreach_0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a batch rebuild of outreach_person: open_database migrates with foreign keys off, so the
    # visits, consents and referrals that point at it stay (tests/core/test_migrations.py)
    with op.batch_alter_table('outreach_person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('warnings', sa.Text(), nullable=False,
                                      server_default=''))
        batch_op.alter_column('living_alone', existing_type=sa.Boolean(), nullable=True)


def downgrade() -> None:
    # FALSE, not 0: PostgreSQL's booleans take no integers (SQLite reads FALSE as 0)
    op.execute("UPDATE outreach_person SET living_alone = FALSE WHERE living_alone IS NULL")
    with op.batch_alter_table('outreach_person', schema=None) as batch_op:
        batch_op.alter_column('living_alone', existing_type=sa.Boolean(), nullable=False)
        batch_op.drop_column('warnings')
