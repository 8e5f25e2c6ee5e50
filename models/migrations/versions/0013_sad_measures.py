"""The measures the SAD agrees with the área for a matter that needs longer (L11)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 12:30:00.000000

L10 lets a matter take longer than its term once the SAD is informed; L11 has the SAD agree measures with the área
to help resolve it. Each measure is kept with what was agreed, who answers for it, when it was agreed, its due date
if it has one and when it was fulfilled, so that a pending one can be followed up. On PostgreSQL its rows are seen
by a desk only when their petition is, as 0008 does for the other rows that hang from a petition.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes
import models.types


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('medidasad',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('peticion_id', sa.Integer(), nullable=False),
    sa.Column('prorroga_id', sa.Integer(), nullable=True),
    sa.Column('descripcion', sa.Text(), nullable=False),
    sa.Column('responsable', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('acordada_en', sa.Date(), nullable=False),
    sa.Column('vence_en', sa.Date(), nullable=True),
    sa.Column('cumplida_en', models.types.UTCDateTime(), nullable=True),
    sa.Column('cumplimiento', sa.Text(), server_default='', nullable=False),
    sa.Column('usuario_id', sa.Integer(), nullable=True),
    sa.Column('creada_en', models.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['peticion_id'], ['peticion.id'], ),
    sa.ForeignKeyConstraint(['prorroga_id'], ['prorroga.id'], ),
    sa.ForeignKeyConstraint(['usuario_id'], ['usuario.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('medidasad', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_medidasad_peticion_id'), ['peticion_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_medidasad_vence_en'), ['vence_en'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE medidasad ENABLE ROW LEVEL SECURITY")
        op.execute("CREATE POLICY medidasad_por_unidad ON medidasad USING "
                   "(EXISTS (SELECT 1 FROM peticion WHERE peticion.id = medidasad.peticion_id))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP POLICY IF EXISTS medidasad_por_unidad ON medidasad")
    with op.batch_alter_table('medidasad', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_medidasad_vence_en'))
        batch_op.drop_index(batch_op.f('ix_medidasad_peticion_id'))
    op.drop_table('medidasad')
