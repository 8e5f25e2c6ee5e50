"""PostgreSQL: row-level security by unit on every table that holds a unit's data

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 19:00:00.000000

0007 limited a desk (a member of moad_mesa with moad.unidad set) to its unit's petitions, events, chain heads
and reports. The rest of a unit's data — routings, reminders, declinations, extensions, answers, notification
attempts (with who received them), documents, áreas, buzones and their collections, users and folio counters —
was still readable across units on a shared server. Rows that hang from a petition are visible when their
petition is (peticion's own policy filters that subquery); the others by their unit. The owner is exempt.
"""

from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

_UNIT = "NULLIF(current_setting('moad.unidad', true), '')::integer"
_OF_PETITION = "EXISTS (SELECT 1 FROM peticion WHERE peticion.id = {table}.peticion_id)"
_POLICIES = {
    **{table: _OF_PETITION.format(table=table)
       for table in ("canalizacion", "recordatorio", "declinacion", "prorroga", "respuesta", "notificacion")},
    "documento": f"peticion_id IS NULL OR {_OF_PETITION.format(table='documento')}",
    "area": f"unidad_id = {_UNIT}",
    "buzon": f"unidad_id = {_UNIT}",
    "recoleccion": "EXISTS (SELECT 1 FROM buzon WHERE buzon.id = recoleccion.buzon_id)",
    "usuario": f"unidad_id IS NULL OR unidad_id = {_UNIT}",
    "consecutivo": f"unidad_id = {_UNIT}",
    "unidad": f"id = {_UNIT}",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, rows in _POLICIES.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY {table}_por_unidad ON {table} USING ({rows})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in _POLICIES:
        op.execute(f"DROP POLICY IF EXISTS {table}_por_unidad ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
