"""Outreach: partial indexes for the visit log and the worklist at a million visits

Revision ID: outreach_0004
Revises: outreach_0003
"""
import sqlalchemy as sa
from alembic import op

revision = 'outreach_0004'
down_revision = 'outreach_0003'
branch_labels = None
depends_on = None

LIVE = sa.text("deleted_at IS NULL")
OPEN_WISH = sa.text("wish != '' AND wish_fulfilled_on IS NULL AND erased_at IS NULL "
                    "AND deleted_at IS NULL")


def upgrade() -> None:
    # the live visits only. deleted_at is in the columns too (always NULL there): without it
    # SQLite reads the row to check the index's own condition, and the index is no longer
    # covering. The old index is dropped: with deleted_at as its second column SQLite
    # preferred it, reading every row, to the covering one for a search
    op.drop_index('ix_outreach_visit_live_date', table_name='outreach_visit')
    op.create_index('ix_outreach_visit_log', 'outreach_visit',
                    ['campaign_id', 'visited_on', 'id', 'deleted_at'], sqlite_where=LIVE, postgresql_where=LIVE)
    op.create_index('ix_outreach_visit_log_who', 'outreach_visit',
                    ['campaign_id', 'visitor_id', 'person_id', 'deleted_at'], sqlite_where=LIVE, postgresql_where=LIVE)
    op.create_index('ix_outreach_visit_open_wish', 'outreach_visit',
                    ['campaign_id', 'visited_on'], sqlite_where=OPEN_WISH,
                    postgresql_where=OPEN_WISH)


def downgrade() -> None:
    op.drop_index('ix_outreach_visit_open_wish', table_name='outreach_visit')
    op.drop_index('ix_outreach_visit_log_who', table_name='outreach_visit')
    op.drop_index('ix_outreach_visit_log', table_name='outreach_visit')
    op.create_index('ix_outreach_visit_live_date', 'outreach_visit',
                    ['campaign_id', 'deleted_at', 'visited_on', 'id'])
