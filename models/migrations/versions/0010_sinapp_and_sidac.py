"""SINAPP and SIDAC: each petition's folio in SINAPP and when it was closed there, and Presidencia's SIDAC folio

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 11:00:00.000000

L1 asks for every petition to be recorded in SINAPP and L15 for it to be concluded and closed there; Presidencia's
petitions are also followed in SIDAC. Existing petitions start without folios: nothing says which were captured.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes
import models.types


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('peticion', sa.Column('sinapp_folio', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
    op.add_column('peticion', sa.Column('sinapp_cerrada_en', models.types.UTCDateTime(), nullable=True))
    op.add_column('peticion', sa.Column('sidac_folio', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
    op.create_index(op.f('ix_peticion_sinapp_folio'), 'peticion', ['sinapp_folio'], unique=False)
    op.create_index(op.f('ix_peticion_sidac_folio'), 'peticion', ['sidac_folio'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_peticion_sidac_folio'), table_name='peticion')
    op.drop_index(op.f('ix_peticion_sinapp_folio'), table_name='peticion')
    op.drop_column('peticion', 'sidac_folio')
    op.drop_column('peticion', 'sinapp_cerrada_en')
    op.drop_column('peticion', 'sinapp_folio')
