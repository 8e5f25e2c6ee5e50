"""due-date indexes per unit

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 00:13:16.386566
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel
import models.types


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('peticion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_peticion_acuse_vence'))
        batch_op.create_index('ix_peticion_unidad_acuse', ['unidad_id', 'acuse_vence_en'], unique=False)
        batch_op.create_index('ix_peticion_unidad_vence', ['unidad_id', 'vence_en'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('peticion', schema=None) as batch_op:
        batch_op.drop_index('ix_peticion_unidad_vence')
        batch_op.drop_index('ix_peticion_unidad_acuse')
        batch_op.create_index(batch_op.f('ix_peticion_acuse_vence'), ['acuse_vence_en'], unique=False)

