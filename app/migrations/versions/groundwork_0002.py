"""Groundwork: the place a figure is about (the municipality column of a statistics table)

Revision ID: groundwork_0002
Revises: groundwork_0001
"""
import sqlalchemy as sa
from alembic import op

revision = 'groundwork_0002'
down_revision = 'groundwork_0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('area_figure', schema=None) as batch_op:
        batch_op.add_column(sa.Column('place', sa.String(length=120), nullable=False,
                                      server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('area_figure', schema=None) as batch_op:
        batch_op.drop_column('place')
