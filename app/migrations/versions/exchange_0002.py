"""Exchange: fingerprints of the line and row last exchanged, so an unchanged record is skipped

Revision ID: exchange_0002
Revises: exchange_0001
"""
import sqlalchemy as sa
from alembic import op

revision = 'exchange_0002'
down_revision = 'exchange_0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN: SQLite fills the default in without rebuilding the table
    op.add_column('exchange_record_state', sa.Column('line_hash', sa.String(length=32),
                                                     server_default='', nullable=False))
    op.add_column('exchange_record_state', sa.Column('row_hash', sa.String(length=32),
                                                     server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('exchange_record_state') as batch:
        batch.drop_column('row_hash')
        batch.drop_column('line_hash')
