"""F4 opens on counts and first pages: one index counts each kind and urgency, a second orders each kind's rows

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 03:10:00.000000

F4, the home screen and the header no longer read every pending action: they count them by kind and urgency, one
short range each of an index on (unit, kind, urgency, listed from, until, due), nothing fetched from the table, and
read the first rows of each kind, urgent ones first, each part by due date, from an index in that order. The
listing index (unit, listed from, …) gives way to the counting one. A SINAPP closing is stored as not
urgent, as F4 always showed it, so that its count and its place agree with its row. The SAD measures not yet
fulfilled are found by an index on medidasad.cumplida_en instead of walking every petition of the unit.
"""

from alembic import op


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE accionpendiente SET urgente = false WHERE accion = 'cerrar_sinapp'")
    op.drop_index('ix_accionpendiente_unidad_desde', table_name='accionpendiente')
    op.create_index('ix_accionpendiente_cuenta', 'accionpendiente',
                    ['unidad_id', 'accion', 'urgente', 'desde', 'hasta', 'vence_en'], unique=False)
    op.create_index('ix_accionpendiente_tipo', 'accionpendiente',
                    ['unidad_id', 'accion', 'urgente', 'vence_en', 'folio', 'id'], unique=False)
    op.create_index('ix_medidasad_cumplida_en', 'medidasad', ['cumplida_en'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_medidasad_cumplida_en', table_name='medidasad')
    op.drop_index('ix_accionpendiente_tipo', table_name='accionpendiente')
    op.drop_index('ix_accionpendiente_cuenta', table_name='accionpendiente')
    op.create_index('ix_accionpendiente_unidad_desde', 'accionpendiente', ['unidad_id', 'desde', 'hasta', 'vence_en'],
                    unique=False)
