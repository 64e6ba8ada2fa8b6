"""Outreach: covering index for the visit log by date

Revision ID: outreach_0002
Revises: outreach_0001
"""
from alembic import op

revision = 'outreach_0002'
down_revision = 'outreach_0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outreach_visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outreach_visit_campaign_date'))
        batch_op.create_index('ix_outreach_visit_live_date',
                              ['campaign_id', 'deleted_at', 'visited_on', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('outreach_visit', schema=None) as batch_op:
        batch_op.drop_index('ix_outreach_visit_live_date')
        batch_op.create_index(batch_op.f('ix_outreach_visit_campaign_date'),
                              ['campaign_id', 'visited_on'], unique=False)
