"""The floor under `moad demo` on SQLite: copy every row of a demo database into an empty one of the same schema in
pure SQL (INSERT … SELECT, no Python per row), in transactions of 20,000 petitions as the demo writes them.

    .venv/bin/python bench/demo_floor.py DEMO.sqlite3 EMPTY.sqlite3 [--indices-al-final]

SQLite has one writer, so no generator written in any language can fill the same rows faster than this copy.
"""

import argparse
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models.search_index import FTS_TABLE
from services.database import SQLITE_PRAGMAS, open_database

CATALOGS = ("unidad", "usuario", "area", "buzon", "consecutivo", "cadenaeventos", "reportemensual", "recoleccion")
BY_PETITION = ("canalizacion", "recordatorio", "respuesta", "notificacion", "evento")
STEP = 20_000


def copy(source: Path, target: Path, indexes_at_end: bool) -> dict[str, float]:
    """Seconds spent on each table (and on the text index and the rebuilt indexes) copying source into target."""
    open_database(f"sqlite:///{target}").dispose()
    db = sqlite3.connect(target, isolation_level=None)
    for pragma in SQLITE_PRAGMAS:
        db.execute(f"PRAGMA {pragma}")
    db.execute("ATTACH ? AS src", (str(source),))
    spent: dict[str, float] = {}

    def timed(key: str, sql: str, *args) -> None:
        begin = time.perf_counter()
        db.execute(sql, args)
        spent[key] = spent.get(key, 0.0) + time.perf_counter() - begin

    db.execute("BEGIN IMMEDIATE")
    for table in CATALOGS:
        db.execute(f"DELETE FROM main.{table}")
        db.execute(f"INSERT INTO main.{table} SELECT * FROM src.{table}")
    # The unit's own events (collections, reports, sign-ins) belong to no petition.
    db.execute("INSERT INTO main.evento SELECT * FROM src.evento WHERE peticion_id IS NULL")
    db.execute("COMMIT")
    # As the demo does (models/search_index.indexed_at_end): the text index is filled per chunk, not per row.
    db.execute(f"DROP TRIGGER {FTS_TABLE}_ai")
    dropped = []
    if indexes_at_end:
        dropped = db.execute("SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND "
                             f"tbl_name IN ('peticion', {', '.join(repr(t) for t in BY_PETITION)})").fetchall()
        for name, _ in dropped:
            db.execute(f"DROP INDEX main.{name}")
    columns = ", ".join(row[1] for row in db.execute(f"PRAGMA main.table_info({FTS_TABLE})"))
    last = db.execute("SELECT max(id) FROM src.peticion").fetchone()[0] or 0
    for low in range(0, last, STEP):
        high = low + STEP
        db.execute("BEGIN IMMEDIATE")
        timed("peticion", "INSERT INTO main.peticion SELECT * FROM src.peticion WHERE id > ? AND id <= ?", low, high)
        for table in BY_PETITION:
            timed(table, f"INSERT INTO main.{table} SELECT * FROM src.{table} WHERE peticion_id > ? AND peticion_id <= ?",
                  low, high)
        timed("indice de texto", f"INSERT INTO {FTS_TABLE}(rowid, {columns}) SELECT id, {columns} FROM main.peticion "
                                 "WHERE id > ? AND id <= ?", low, high)
        db.execute("COMMIT")
    for _, sql in dropped:
        timed("indices al final", sql)
    db.execute("BEGIN IMMEDIATE")
    timed("accionpendiente", "INSERT INTO main.accionpendiente SELECT * FROM src.accionpendiente")
    db.execute("COMMIT")
    db.close()
    return spent


def main() -> int:
    parser = argparse.ArgumentParser(description="Piso de `moad demo` en SQLite: copiar las filas de una demostración")
    parser.add_argument("demo", type=Path, help="base de demostración ya construida")
    parser.add_argument("destino", type=Path, help="archivo nuevo (no debe existir)")
    parser.add_argument("--indices-al-final", action="store_true", help="quitar los índices y crearlos al final")
    options = parser.parse_args()
    if options.destino.exists() or not options.demo.is_file():
        sys.stderr.write("El destino no debe existir y la demostración sí.\n")
        return 2
    begin = time.perf_counter()
    spent = copy(options.demo, options.destino, options.indices_al_final)
    for key, seconds in spent.items():
        print(f"{key:20} {seconds:7.1f} s")
    print(f"{'total':20} {time.perf_counter() - begin:7.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
