"""Writing a generated chunk: provisional ids rebased, folios and oficios numbered, events chained, rows inserted raw."""

from sqlalchemy import text

from models import Unidad
from models.enums import Canal
from models.search_index import indexed_at_end
from services import audit
from services.bulk_rows import insert_rows
from services.folios import format_folio, format_oficio, take_numbers

_STORE_LOCK = 0x4D4F4144  # «MOAD»: the advisory lock that serialises demo chunk writers on PostgreSQL

_REFERENCES = {
    "canalizacion": ("peticion_id",),
    "recordatorio": ("peticion_id", "canalizacion_id"),
    "respuesta": ("peticion_id",),
    "notificacion": ("peticion_id",),
    "evento": ("peticion_id",),
}


def store_chunk(session, unit: Unidad, petitions: list[dict], tables: dict[str, list[dict]]) -> None:
    """Under the write lock: turn provisional ids into free ones, number folios and oficios, chain events, insert."""
    if session.connection().dialect.name == "postgresql":
        # SQLite's BEGIN IMMEDIATE serialises the demo's writer processes; PostgreSQL needs the lock taken by hand,
        # or two chunks read the same max(id) and collide.
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _STORE_LOCK})
    bases = {t: session.execute(text(f"SELECT coalesce(max(id), 0) FROM {t}")).scalar() for t in ("peticion", *tables)}
    for row in petitions:
        row["id"] += bases["peticion"]
        if row["canal"] in (Canal.PRESIDENCIA, Canal.GOBMX):
            # Derived from the id so that re-running the demo never collides with earlier external numbers.
            row["id_externo"] = f"DEMO-{row['canal'].upper()}-{row['id']:09d}"
        # Every petition is captured in SINAPP (L1) and Presidencia's are in SIDAC; one concluded in fifty is
        # still to be closed there (L15), for F4 to show.
        row["sinapp_folio"] = f"DEMO-SINAPP-{row['id']:09d}"
        if row["canal"] == Canal.PRESIDENCIA:
            row["sidac_folio"] = row["id_externo"]
        if row.get("concluida_en") and row["id"] % 50:
            row["sinapp_cerrada_en"] = row["concluida_en"]
    for table, rows in tables.items():
        base, references = bases[table], _REFERENCES[table]
        for row in rows:
            row["id"] += base
            row["peticion_id"] += bases["peticion"]
            if "canalizacion_id" in references:
                row["canalizacion_id"] += bases["canalizacion"]
    for anio in sorted({p["anio"] for p in petitions}):
        of_year = [p for p in petitions if p["anio"] == anio]
        last = take_numbers(session, unidad_id=unit.id, anio=anio, serie="folio", count=len(of_year))
        for offset, row in enumerate(of_year, start=last - len(of_year) + 1):
            row["consecutivo"], row["folio"] = offset, format_folio(unit.clave, anio, offset)
    for event in tables["evento"]:
        if event["accion"] == "registrar":
            event["detalle"] = f'{{"folio": "{petitions[event["peticion_id"] - bases["peticion"] - 1]["folio"]}"}}'
    _number_oficios(session, unit, tables["recordatorio"])
    audit.chain_rows(session, tables["evento"])
    with indexed_at_end(session.connection()):
        bulk_insert(session, "peticion", petitions)
    for table, rows in tables.items():
        bulk_insert(session, table, rows)
    audit.close_chain_rows(session, tables["evento"])


def _number_oficios(session, unit: Unidad, reminders: list[dict]) -> None:
    for anio in sorted({r["enviado_en"].year for r in reminders}):
        of_year = sorted((r for r in reminders if r["enviado_en"].year == anio), key=lambda r: r["enviado_en"])
        last = take_numbers(session, unidad_id=unit.id, anio=anio, serie="oficio", count=len(of_year))
        for number, reminder in enumerate(of_year, start=last - len(of_year) + 1):
            reminder["numero"] = format_oficio(unit.clave, anio, number)


def bulk_insert(session, table: str, rows: list[dict]) -> None:
    """Insert rows carrying their own ids, then move PostgreSQL's sequence past them."""
    insert_rows(session, table, rows)
    connection = session.connection()
    if rows and connection.dialect.name == "postgresql" and "id" in rows[0]:
        connection.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
