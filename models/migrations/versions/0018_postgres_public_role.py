"""PostgreSQL: the role of the petitioners' status page (moad publicar) reads only what the page shows

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 23:30:00.000000

The group role moad_publico (created when the migrating user may create roles, like moad_mesa) may read, across
units, only the columns the status page needs: of a petition its id, folio, code, state, dates and unit, and
when it was routed and signed; never a name, a contact, a description or a note. It may append only
«consulta_publica» events to the log, and a trigger lets a role that cannot change petitions move a chain head
only one event forward, onto such an event that links to it. Nothing else: no other table, no DELETE. The page's
own login role is a member of moad_publico (see the README).
"""

from alembic import op


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

PUBLIC_ROLE = "moad_publico"
# Table -> the columns the status page reads (an event's id comes back from INSERT … RETURNING; its hashes are
# what the head's trigger checks).
_READS = {
    "alembic_version": "version_num",
    "peticion": "id, folio, clave_consulta, estado, recibida_en, vence_en, unidad_id",
    "canalizacion": "id, peticion_id, canalizada_en",
    "respuesta": "id, peticion_id, firmada_en",
    "evento": "id, accion, hash, hash_anterior",
    "cadenaeventos": "cadena, ultimo_id, ultimo_hash, eventos, sello",
}
# Policy name -> (table, command, rows), added to each table's policy by unit (policies of a command are OR'ed).
_POLICIES = {
    "peticion_consulta_publica": ("peticion", "SELECT", "USING (clave_consulta <> '')"),
    "evento_consulta_publica_lee": ("evento", "SELECT", "USING (accion = 'consulta_publica')"),
    "evento_consulta_publica": ("evento", "INSERT", "WITH CHECK (accion = 'consulta_publica')"),
    "cadenaeventos_consulta_publica_lee": ("cadenaeventos", "SELECT", "USING (true)"),
    "cadenaeventos_consulta_publica": ("cadenaeventos", "UPDATE", "USING (true) WITH CHECK (true)"),
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # Roles belong to the whole cluster: another database may have made it already, and a migrating user without
    # CREATEROLE leaves it to the administrator, as for moad_mesa.
    op.execute(f"""
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{PUBLIC_ROLE}') THEN
                CREATE ROLE {PUBLIC_ROLE} NOLOGIN;
            END IF;
        EXCEPTION
            WHEN insufficient_privilege THEN
                RAISE NOTICE 'Sin permiso para crear el rol {PUBLIC_ROLE}; créelo un administrador.';
            WHEN duplicate_object OR unique_violation THEN
                NULL;
        END $$""")
    grants = "\n".join(f"GRANT SELECT ({columns}) ON {table} TO {PUBLIC_ROLE};" for table, columns in _READS.items())
    op.execute(f"""
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{PUBLIC_ROLE}') THEN
                RETURN;
            END IF;
            EXECUTE format('GRANT USAGE ON SCHEMA %I TO {PUBLIC_ROLE}', current_schema());
            {grants}
            GRANT INSERT ON evento TO {PUBLIC_ROLE};
            GRANT UPDATE ON cadenaeventos TO {PUBLIC_ROLE};
            EXECUTE format('GRANT USAGE ON SEQUENCE %s TO {PUBLIC_ROLE}', pg_get_serial_sequence('evento', 'id'));
        EXCEPTION
            WHEN insufficient_privilege THEN
                RAISE NOTICE 'Sin permiso para dar privilegios al rol {PUBLIC_ROLE}.';
        END $$""")
    for name, (table, command, rows) in _POLICIES.items():
        op.execute(f"""
            DO $$
            BEGIN
                IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{PUBLIC_ROLE}') THEN
                    CREATE POLICY {name} ON {table} FOR {command} TO {PUBLIC_ROLE} {rows};
                END IF;
            END $$""")


    op.execute("""
        CREATE FUNCTION moad_cabeza_solo_avanza() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF has_table_privilege('peticion', 'UPDATE') THEN
                RETURN NEW;
            END IF;
            IF NEW.cadena = OLD.cadena AND NEW.eventos = OLD.eventos + 1 AND EXISTS (
                    SELECT 1 FROM evento WHERE id = NEW.ultimo_id AND id > OLD.ultimo_id
                    AND accion = 'consulta_publica' AND hash = NEW.ultimo_hash AND hash_anterior = OLD.ultimo_hash) THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION 'La página de consulta solo añade su consulta a la bitácora (cadena %).', OLD.cadena
                USING ERRCODE = 'insufficient_privilege';
        END $$""")
    op.execute("CREATE TRIGGER cabeza_solo_avanza BEFORE UPDATE ON cadenaeventos "
               "FOR EACH ROW EXECUTE FUNCTION moad_cabeza_solo_avanza()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS cabeza_solo_avanza ON cadenaeventos")
    op.execute("DROP FUNCTION IF EXISTS moad_cabeza_solo_avanza()")
    for name, (table, _command, _rows) in _POLICIES.items():
        op.execute(f"DROP POLICY IF EXISTS {name} ON {table}")
    op.execute(f"""
        DO $$
        BEGIN
            IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{PUBLIC_ROLE}') THEN
                EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM {PUBLIC_ROLE}', current_schema());
                EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM {PUBLIC_ROLE}', current_schema());
                EXECUTE format('REVOKE USAGE ON SCHEMA %I FROM {PUBLIC_ROLE}', current_schema());
            END IF;
        END $$""")
