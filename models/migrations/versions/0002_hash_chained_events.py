"""hash-chained events

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 23:59:52.691338
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes
import models.types
from datetime import datetime

from models.audit import chain_digest, chain_key


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('cadenaeventos',
    sa.Column('cadena', sa.Integer(), nullable=False),
    sa.Column('ultimo_id', sa.Integer(), nullable=False),
    sa.Column('ultimo_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.PrimaryKeyConstraint('cadena')
    )
    with op.batch_alter_table('evento', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hash_anterior', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False, server_default=''))
    _chain_existing_events()


def _chain_existing_events() -> None:
    # Events written before the chain existed are chained in id order, so verification covers them too.
    connection = op.get_bind()
    heads: dict[int, tuple[int, str]] = {}
    rows = connection.execute(sa.text(
        "SELECT id, unidad_id, peticion_id, usuario_id, actor, ocurrido_en, accion, estado_anterior, estado_nuevo, "
        "detalle FROM evento ORDER BY id")).all()
    updates = []
    for row in rows:
        key = chain_key(row.unidad_id)
        previous = heads.get(key, (0, ""))[1]
        moment = row.ocurrido_en if not isinstance(row.ocurrido_en, str) else datetime.fromisoformat(row.ocurrido_en)
        digest = chain_digest(previous, unidad_id=row.unidad_id, peticion_id=row.peticion_id, usuario_id=row.usuario_id,
                              actor=row.actor, ocurrido_en=moment, accion=row.accion, estado_anterior=row.estado_anterior,
                              estado_nuevo=row.estado_nuevo, detalle=row.detalle)
        updates.append({"id": row.id, "prev": previous, "hash": digest})
        heads[key] = (row.id, digest)
    if updates:
        connection.execute(sa.text("UPDATE evento SET hash_anterior = :prev, hash = :hash WHERE id = :id"), updates)
    if heads:
        connection.execute(sa.text("INSERT INTO cadenaeventos (cadena, ultimo_id, ultimo_hash) VALUES (:c, :i, :h)"),
                           [{"c": key, "i": last_id, "h": digest} for key, (last_id, digest) in heads.items()])


def downgrade() -> None:
    with op.batch_alter_table('evento', schema=None) as batch_op:
        batch_op.drop_column('hash')
        batch_op.drop_column('hash_anterior')

    op.drop_table('cadenaeventos')
