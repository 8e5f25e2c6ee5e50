"""E-mail to petitioners: the unit's SMTP server and the outbox

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 13:00:00.000000

L15 lets the answer reach the petitioner by e-mail. Each message is a row (pending, sending, sent or failed) so a
failure or a killed desk loses nothing; the server's password never enters the database.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes
import models.types


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'servidorcorreo',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unidad_id', sa.Integer(), nullable=False),
        sa.Column('host', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('puerto', sa.Integer(), nullable=False),
        sa.Column('seguridad', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('usuario', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('remitente', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(['unidad_id'], ['unidad.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('unidad_id'),
    )
    op.create_table(
        'correo',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unidad_id', sa.Integer(), nullable=False),
        sa.Column('peticion_id', sa.Integer(), nullable=False),
        sa.Column('documento_id', sa.Integer(), nullable=False),
        sa.Column('clase', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('estado', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('message_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('intentos', sa.Integer(), nullable=False),
        sa.Column('proximo_intento', models.types.UTCDateTime(), nullable=False),
        sa.Column('enviando_desde', models.types.UTCDateTime(), nullable=True),
        sa.Column('ultimo_error', sa.Text(), nullable=False),
        sa.Column('respuesta_servidor', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('creado_en', models.types.UTCDateTime(), nullable=False),
        sa.Column('enviado_en', models.types.UTCDateTime(), nullable=True),
        sa.Column('usuario_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['documento_id'], ['documento.id']),
        sa.ForeignKeyConstraint(['peticion_id'], ['peticion.id']),
        sa.ForeignKeyConstraint(['unidad_id'], ['unidad.id']),
        sa.ForeignKeyConstraint(['usuario_id'], ['usuario.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('documento_id'),
    )
    with op.batch_alter_table('correo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_correo_unidad_id'), ['unidad_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_correo_peticion_id'), ['peticion_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_correo_estado'), ['estado'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        # Row-level security by unit (0008).
        unit = "NULLIF(current_setting('moad.unidad', true), '')::integer"
        for table in ("servidorcorreo", "correo"):
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"CREATE POLICY {table}_por_unidad ON {table} USING (unidad_id = {unit})")


def downgrade() -> None:
    op.drop_table('correo')
    op.drop_table('servidorcorreo')
