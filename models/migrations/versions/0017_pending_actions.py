"""The escalation list kept ready: each petition's next actions in a table read by one index range

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 19:40:00.000000

F4, the header's overdue count and `moad pendientes` read accionpendiente by (unidad, listed from) instead of walking
clocks, routings, answers and attempts of every open petition (services/pending_store.py keeps it). The table is new,
so peticion and the search triggers of 0016 on it are left as they are; existing petitions are filled in here.
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.pending_store import refresh_all


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'accionpendiente',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unidad_id', sa.Integer(), nullable=False),
        sa.Column('peticion_id', sa.Integer(), nullable=False),
        sa.Column('accion', sa.String(length=40), nullable=False),
        sa.Column('orden', sa.Integer(), nullable=False),
        sa.Column('desde', sa.Date(), nullable=False),
        sa.Column('hasta', sa.Date(), nullable=True),
        sa.Column('vence_en', sa.Date(), nullable=True),
        sa.Column('urgente', sa.Boolean(), nullable=False),
        sa.Column('folio', sa.String(length=40), nullable=False),
        sa.Column('area_id', sa.Integer(), nullable=True),
        sa.Column('de_area', sa.Boolean(), nullable=False),
        sa.Column('intentos', sa.Integer(), nullable=True),
        sa.Column('sinapp_folio', sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(['area_id'], ['area.id']),
        sa.ForeignKeyConstraint(['peticion_id'], ['peticion.id']),
        sa.ForeignKeyConstraint(['unidad_id'], ['unidad.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_accionpendiente_peticion_id', 'accionpendiente', ['peticion_id'], unique=False)
    op.create_index('ix_accionpendiente_unidad_desde', 'accionpendiente', ['unidad_id', 'desde', 'hasta', 'vence_en'],
                    unique=False)
    if op.get_bind().dialect.name == "postgresql":
        # Row-level security by unit, as every table a unit writes (0008).
        op.execute("ALTER TABLE accionpendiente ENABLE ROW LEVEL SECURITY")
        op.execute("CREATE POLICY accionpendiente_por_unidad ON accionpendiente USING "
                   "(unidad_id = NULLIF(current_setting('moad.unidad', true), '')::integer)")
    with Session(bind=op.get_bind()) as session:
        refresh_all(session)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP POLICY IF EXISTS accionpendiente_por_unidad ON accionpendiente")
    op.drop_index('ix_accionpendiente_unidad_desde', table_name='accionpendiente')
    op.drop_index('ix_accionpendiente_peticion_id', table_name='accionpendiente')
    op.drop_table('accionpendiente')
