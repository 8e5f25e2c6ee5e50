"""retention anonymisation mark

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 00:08:41.774763
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel
import models.types


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('peticion', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anonimizada_en', models.types.UTCDateTime(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('peticion', schema=None) as batch_op:
        batch_op.drop_column('anonimizada_en')

