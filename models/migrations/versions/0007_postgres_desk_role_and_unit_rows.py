"""PostgreSQL: events cannot be updated or deleted, a least-privilege desk role, rows by unit

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 11:00:00.000000

On PostgreSQL only (SQLite has one account, the desk's, which owns the file):
- a trigger refuses UPDATE and DELETE on evento, for every role; on eventodato it allows only blanking the
  personal data (what retention does);
- the group role moad_mesa (created when the migrating user may create roles) gets SELECT and INSERT on
  evento, SELECT, INSERT and a blanking UPDATE on eventodato, and the usual rights on the other tables; each
  desk logs in with its own role that is a member of moad_mesa, while the owner runs migrations and backups;
- row-level security on peticion, evento, eventodato, cadenaeventos and reportemensual shows a desk only the
  rows of the unit named by its session setting moad.unidad (e.g. options=-c moad.unidad=3 in the URL);
  the tables' owner is not subject to it.
"""

from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

DESK_ROLE = "moad_mesa"
_UNIT = "NULLIF(current_setting('moad.unidad', true), '')::integer"
# Table -> which of its rows a desk sees and writes.
_POLICIES = {
    "peticion": f"unidad_id = {_UNIT}",
    "evento": f"unidad_id IS NULL OR unidad_id = {_UNIT}",
    "eventodato": "EXISTS (SELECT 1 FROM evento WHERE evento.id = eventodato.evento_id)",
    "cadenaeventos": f"cadena = 0 OR cadena = {_UNIT}",
    "reportemensual": f"unidad_id = {_UNIT}",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("""
        CREATE FUNCTION moad_evento_inmutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'La bitácora no se modifica ni se borra (evento %).', OLD.id
                USING ERRCODE = 'insufficient_privilege';
        END $$""")
    op.execute("CREATE TRIGGER evento_inmutable BEFORE UPDATE OR DELETE ON evento "
               "FOR EACH ROW EXECUTE FUNCTION moad_evento_inmutable()")
    op.execute("""
        CREATE FUNCTION moad_eventodato_solo_olvido() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND NEW.texto = '' AND NEW.sal = '' AND NEW.evento_id = OLD.evento_id
                    AND NEW.peticion_id IS NOT DISTINCT FROM OLD.peticion_id THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION 'Los datos personales de un evento solo se pueden olvidar (evento %).', OLD.evento_id
                USING ERRCODE = 'insufficient_privilege';
        END $$""")
    op.execute("CREATE TRIGGER eventodato_solo_olvido BEFORE UPDATE OR DELETE ON eventodato "
               "FOR EACH ROW EXECUTE FUNCTION moad_eventodato_solo_olvido()")
    for table, rows in _POLICIES.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY {table}_por_unidad ON {table} USING ({rows})")
    _desk_role()


def _desk_role() -> None:
    # Roles belong to the whole cluster: another database (or a parallel migration) may have made it already,
    # and a migrating user without CREATEROLE leaves it to the administrator (see the README).
    op.execute(f"""
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{DESK_ROLE}') THEN
                CREATE ROLE {DESK_ROLE} NOLOGIN;
            END IF;
        EXCEPTION
            WHEN insufficient_privilege THEN
                RAISE NOTICE 'Sin permiso para crear el rol {DESK_ROLE}; créelo un administrador.';
            WHEN duplicate_object OR unique_violation THEN
                NULL;
        END $$""")
    op.execute(f"""
        DO $$
        DECLARE
            here text := current_schema();
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{DESK_ROLE}') THEN
                RETURN;
            END IF;
            EXECUTE format('GRANT USAGE ON SCHEMA %I TO {DESK_ROLE}', here);
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO {DESK_ROLE}', here);
            EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO {DESK_ROLE}', here);
            REVOKE UPDATE, DELETE ON evento FROM {DESK_ROLE};
            REVOKE DELETE ON eventodato FROM {DESK_ROLE};
            REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {DESK_ROLE};
            EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES '
                           'TO {DESK_ROLE}', here);
            EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO {DESK_ROLE}',
                           here);
        EXCEPTION
            WHEN insufficient_privilege THEN
                RAISE NOTICE 'Sin permiso para dar privilegios al rol {DESK_ROLE}.';
        END $$""")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in _POLICIES:
        op.execute(f"DROP POLICY IF EXISTS {table}_por_unidad ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.execute("DROP TRIGGER IF EXISTS eventodato_solo_olvido ON eventodato")
    op.execute("DROP FUNCTION IF EXISTS moad_eventodato_solo_olvido()")
    op.execute("DROP TRIGGER IF EXISTS evento_inmutable ON evento")
    op.execute("DROP FUNCTION IF EXISTS moad_evento_inmutable()")
