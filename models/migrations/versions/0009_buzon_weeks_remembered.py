"""buzón weeks remembered: when each buzón came into service, its spans out of service, the collection of each sheet

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 10:00:00.000000

A week with fewer than two collections (L1) is computed from the collections of every week a buzón was in
service, so the buzón needs the day it was installed (taken from its «buzon_creado» event, else its first
collection) and the spans it was out of service (a buzón inactive now is out since its last «buzon_desactivado»
event, else since it was installed). A buzón sheet remembers the collection it came in: the sheets typed on the
Buzones screen carry the collection's moment as their reception, which links the ones typed before this revision.
"""

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

_MEXICO_CITY = ZoneInfo("America/Mexico_City")


def upgrade() -> None:
    op.create_table(
        'bajabuzon',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('buzon_id', sa.Integer(), nullable=False),
        sa.Column('desde', sa.Date(), nullable=False),
        sa.Column('hasta', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(['buzon_id'], ['buzon.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('bajabuzon', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bajabuzon_buzon_id'), ['buzon_id'], unique=False)
    op.add_column('buzon', sa.Column('instalado_en', sa.Date(), nullable=True))
    # A plain ADD COLUMN … REFERENCES, not batch mode: recreating peticion on SQLite would drop a table that every
    # event and routing refers to.
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE peticion ADD COLUMN recoleccion_id INTEGER "
                   "CONSTRAINT fk_peticion_recoleccion_id_recoleccion REFERENCES recoleccion (id)")
    else:
        op.add_column('peticion', sa.Column('recoleccion_id', sa.Integer(), nullable=True))
        op.create_foreign_key('fk_peticion_recoleccion_id_recoleccion', 'peticion', 'recoleccion',
                              ['recoleccion_id'], ['id'])
    op.create_index(op.f('ix_peticion_recoleccion_id'), 'peticion', ['recoleccion_id'], unique=False)
    bind = op.get_bind()
    backfill(bind)
    if bind.dialect.name == "postgresql":
        # Row-level security by unit (0008): a span out of service is visible when its buzón is.
        op.execute("ALTER TABLE bajabuzon ENABLE ROW LEVEL SECURITY")
        op.execute("CREATE POLICY bajabuzon_por_unidad ON bajabuzon "
                   "USING (EXISTS (SELECT 1 FROM buzon WHERE buzon.id = bajabuzon.buzon_id))")


def _local_day(value):
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(_MEXICO_CITY).date()


def backfill(bind) -> None:
    """What this revision can recover from the rows already stored."""
    _remember_service(bind)
    bind.execute(sa.text(
        "UPDATE peticion SET recoleccion_id = (SELECT min(r.id) FROM recoleccion r WHERE r.buzon_id = peticion.buzon_id "
        "AND r.recolectada_en = peticion.recibida_en) WHERE canal = 'buzon' AND buzon_id IS NOT NULL"))


def _remember_service(bind) -> None:
    """Each buzón's installation day and, for an inactive one, the span out of service it is in."""
    events: dict[tuple[int, str, str], object] = {}
    for unidad_id, accion, detalle, when in bind.execute(sa.text(
            "SELECT unidad_id, accion, detalle, ocurrido_en FROM evento "
            "WHERE accion IN ('buzon_creado', 'buzon_desactivado') ORDER BY id")):
        try:
            clave = str(json.loads(detalle or "{}").get("buzon", "")).upper()
        except ValueError:
            continue
        key = (unidad_id, accion, clave)
        if accion == "buzon_desactivado" or key not in events:
            events[key] = when
    first = dict(bind.execute(sa.text("SELECT buzon_id, min(recolectada_en) FROM recoleccion GROUP BY buzon_id")).all())
    buzones = bind.execute(sa.text("SELECT id, unidad_id, clave, activo FROM buzon")).all()
    for buzon_id, unidad_id, clave, activo in buzones:
        created = events.get((unidad_id, "buzon_creado", clave.upper())) or first.get(buzon_id)
        if created is None:
            continue
        installed = _local_day(created)
        bind.execute(sa.text("UPDATE buzon SET instalado_en = :day WHERE id = :id"), {"day": installed, "id": buzon_id})
        if not activo:
            withdrawn = events.get((unidad_id, "buzon_desactivado", clave.upper()))
            bind.execute(sa.text("INSERT INTO bajabuzon (buzon_id, desde) VALUES (:id, :day)"),
                         {"id": buzon_id, "day": _local_day(withdrawn) if withdrawn is not None else installed})


def downgrade() -> None:
    op.drop_index(op.f('ix_peticion_recoleccion_id'), table_name='peticion')
    # SQLite cannot drop a column a foreign key names without recreating peticion, which every event refers to:
    # there the column stays, unused by the older code.
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint('fk_peticion_recoleccion_id_recoleccion', 'peticion', type_='foreignkey')
        op.drop_column('peticion', 'recoleccion_id')
    op.drop_column('buzon', 'instalado_en')
    op.drop_table('bajabuzon')
