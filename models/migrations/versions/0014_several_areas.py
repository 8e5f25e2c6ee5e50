"""Several áreas per petition (L4): each routing keeps where its área stands and its own clock

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 12:30:00.000000

Until now a petition had one área at a time, and its own state and clock told where that área stood. Each routing
now says it: the routing in force takes the petition's escalation state and clock while the petition waits for
the área, and is marked answered once the petition got past the answer; declined routings stay as they were.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

_WAITING = "('canalizada', 'recordatorio_1', 'recordatorio_2', 'oficio_superior')"
_ANSWERED = "('respondida', 'firmada', 'notificada', 'en_resguardo', 'concluida')"


def upgrade() -> None:
    # Plain ALTER TABLE (no batch copy): on SQLite, recreating canalizacion would trip the reminders' foreign keys.
    op.add_column('canalizacion', sa.Column('etapa', sqlmodel.sql.sqltypes.AutoString(), nullable=False,
                                            server_default='canalizada'))
    op.add_column('canalizacion', sa.Column('reloj', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.add_column('canalizacion', sa.Column('reloj_desde', sa.Date(), nullable=True))
    op.add_column('canalizacion', sa.Column('reloj_dias', sa.Integer(), nullable=True))
    op.add_column('canalizacion', sa.Column('vence_en', sa.Date(), nullable=True))
    op.create_index(op.f('ix_canalizacion_vence_en'), 'canalizacion', ['vence_en'], unique=False)
    # The routing in force of a petition waiting for its área takes the petition's state and clock.
    op.execute(
        "UPDATE canalizacion SET "
        "etapa = (SELECT p.estado FROM peticion p WHERE p.id = canalizacion.peticion_id), "
        "reloj = (SELECT p.reloj FROM peticion p WHERE p.id = canalizacion.peticion_id), "
        "reloj_desde = (SELECT p.reloj_desde FROM peticion p WHERE p.id = canalizacion.peticion_id), "
        "reloj_dias = (SELECT p.reloj_dias FROM peticion p WHERE p.id = canalizacion.peticion_id), "
        "vence_en = (SELECT p.vence_en FROM peticion p WHERE p.id = canalizacion.peticion_id) "
        f"WHERE activa AND EXISTS (SELECT 1 FROM peticion p WHERE p.id = canalizacion.peticion_id "
        f"AND p.estado IN {_WAITING})")
    # Under a prórroga the área stands where its last reminder left it; the petition's agreed date is its clock.
    op.execute(
        "UPDATE canalizacion SET "
        "etapa = COALESCE((SELECT r.tipo FROM recordatorio r WHERE r.canalizacion_id = canalizacion.id "
        "ORDER BY r.id DESC LIMIT 1), 'canalizada'), "
        "reloj = (SELECT p.reloj FROM peticion p WHERE p.id = canalizacion.peticion_id), "
        "reloj_desde = (SELECT p.reloj_desde FROM peticion p WHERE p.id = canalizacion.peticion_id), "
        "vence_en = (SELECT p.vence_en FROM peticion p WHERE p.id = canalizacion.peticion_id) "
        "WHERE activa AND EXISTS (SELECT 1 FROM peticion p WHERE p.id = canalizacion.peticion_id "
        "AND p.estado = 'prorroga')")
    op.execute(
        "UPDATE canalizacion SET etapa = 'respondida' WHERE activa AND EXISTS (SELECT 1 FROM peticion p "
        f"WHERE p.id = canalizacion.peticion_id AND p.estado IN {_ANSWERED})")


def downgrade() -> None:
    op.drop_index(op.f('ix_canalizacion_vence_en'), table_name='canalizacion')
    for column in ('vence_en', 'reloj_dias', 'reloj_desde', 'reloj', 'etapa'):
        op.drop_column('canalizacion', column)
