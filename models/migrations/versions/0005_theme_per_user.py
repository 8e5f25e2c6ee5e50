"""theme per user

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 00:22:56.695711
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes
import models.types


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('usuario', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tema', sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=''))



def downgrade() -> None:
    with op.batch_alter_table('usuario', schema=None) as batch_op:
        batch_op.drop_column('tema')

