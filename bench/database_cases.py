"""The database cases: `moad demo`, one registration, queue pages and the escalation scan, each against raw SQL."""

import os
import sqlite3
import time
from datetime import date

from bench.measure import Result, paired_medians_ms, placeholder, raw_connect, raw_sql, replay, sent_statements

# Starting the command (imports, schema, catalogs) costs the same for 20,000 rows as for a million.
DEMO_START_MS = 2_000


def case_demo(n: int, elapsed_ms: float, quick: bool, backend: str = "") -> Result:
    per_million_s = 120 if backend else 60
    limit_ms = per_million_s * 1000 * n / 1_000_000 + DEMO_START_MS
    return Result(f"{backend}moad demo --peticiones N", n, elapsed_ms, None,
                  f"< {limit_ms / 1000:,.1f} s ({per_million_s} s por millón + 2 s)", elapsed_ms < limit_ms,
                  {"s_por_millon": round((elapsed_ms - DEMO_START_MS) / 1000 * 1_000_000 / max(n, 1), 1)})


def case_register(url: str, raw_url: str, repeat: int, backend: str = "") -> Result:
    """One registration through the service versus a raw INSERT + COMMIT of a row as wide, same settings."""
    from models import Peticion
    from models.enums import Rol
    from services.actor import Actor
    from services.database import open_database, write_session
    from services.demo import ensure_catalogs
    from services.intake import register

    engine = open_database(url)
    catalog = ensure_catalogs(engine)
    actor = Actor(id=catalog.oficial.id, nombre="bench", rol=Rol.OFICIAL)
    data = dict(tipo="inconformidad", descripcion="No me surten el medicamento de la presión desde hace tres semanas " * 3,
                nombre="Ximena", primer_apellido="Prueba", segundo_apellido="Generada", curp="BADD110313HCMLNS06",
                telefono="55 1234 5678", correo="ximena@example.mx", calle="Calle", numero_exterior="1", colonia="Centro",
                codigo_postal="06000", municipio="Cuauhtémoc", entidad="Ciudad de México", aviso_privacidad=True)

    def ours():
        with write_session(engine) as session:
            register(session=session, actor=actor, unidad=catalog.unidad, data=data)

    raw = raw_connect(raw_url)
    columns = [c.name for c in Peticion.__table__.columns if c.name != "id"]
    sqlite = isinstance(raw, sqlite3.Connection)
    key = "id INTEGER PRIMARY KEY" if sqlite else "id BIGSERIAL PRIMARY KEY"
    raw.execute(f"CREATE TABLE bench_p ({key}, {', '.join(f'{c} TEXT' for c in columns)})")
    values = tuple(f"valor-{i}" for i in range(len(columns)))
    statement = f"INSERT INTO bench_p ({', '.join(columns)}) VALUES ({', '.join([placeholder(raw)] * len(columns))})"
    begin = "BEGIN IMMEDIATE" if sqlite else "BEGIN"

    def baseline():
        raw.execute(begin)
        raw.execute(statement, values)
        raw.execute("COMMIT")

    # A desk registers all day: measure the steady state, after SQLAlchemy's and the database's caches are warm.
    for _ in range(20):
        ours()
        baseline()
    # Writing back the freshly built big database would otherwise land on whichever side runs first.
    os.sync()
    ours_ms, base_ms = paired_medians_ms(ours, baseline, repeat)
    engine.dispose()
    raw.close()
    return Result(f"{backend}registrar una petición (servicio completo)", 1, ours_ms, base_ms, "razón ≤ 3",
                  ours_ms / base_ms <= 3)


def case_queue(url: str, n: int, repeat: int, backend: str = "") -> list[Result]:
    """First page and page 1,000 of the queue filtered by estado, versus the same keyset SQL on a raw connection."""
    from services.catalogs.units import get_unit
    from services.database import make_engine, read_session
    from services.queue import QueueFilter, page, page_statement

    engine = make_engine(url)
    raw = raw_connect(url)
    estado, today = "concluida", date.today()
    with read_session(engine) as session:
        unit_id = get_unit(session=session).id
    target_page = 1000 if n >= 1_000_000 else max(2, n // 1000)
    after, results = None, []
    with read_session(engine) as session:
        for _ in range(target_page - 1):
            after = page(session, unidad_id=unit_id, today=today, filtro=QueueFilter(estado=estado), after=after).next_cursor
    for label, cursor in (("primera página", None), (f"página {target_page}", after)):
        filtro = QueueFilter(estado=estado)

        def ours(filtro=filtro, cursor=cursor):
            with read_session(engine) as session:
                page(session, unidad_id=unit_id, today=today, filtro=filtro, after=cursor)

        statement, values = page_statement(unidad_id=unit_id, today=today, filtro=filtro, after=cursor)
        sql, params = raw_sql(statement, engine, values)

        def baseline(sql=sql, params=params):
            raw.execute(sql, params).fetchall()

        ours()
        baseline()
        ours_ms, base_ms = paired_medians_ms(ours, baseline, repeat, inner=20)
        results.append(Result(f"{backend}bandeja: {label} (estado={estado})", n, ours_ms, base_ms, "razón ≤ 3 y < 50 ms",
                              ours_ms / base_ms <= 3 and ours_ms < 50))
    engine.dispose()
    return results


def case_pending(url: str, n: int, repeat: int, backend: str = "") -> list[Result]:
    """F4 opening (counts and first page of each kind), the header's counts and the whole list of `moad pendientes`,
    each against a raw connection running the same SQL."""
    from services.calendar import today_local
    from services.catalogs.units import get_unit
    from services.database import make_engine, read_session
    from services.inhabiles import load_calendar
    from services.pending import pending_actions
    from services.queue import header_counts
    from tui.escalation_rows import load_pending

    engine = make_engine(url)
    today = today_local()
    with read_session(engine) as session:
        unit_id = get_unit(session=session).id

    def f4():
        with read_session(engine) as session:
            return load_pending(session=session, unidad_id=unit_id, today=today)

    def header():
        with read_session(engine) as session:
            header_counts(session, unidad_id=unit_id, today=today)

    def whole():
        with read_session(engine) as session:
            pending_actions(session, unidad_id=unit_id, today=today, calendar=load_calendar(session))

    raw = raw_connect(url)
    results = []
    opened = f4()
    shown = {"acciones": sum(count.total for count in opened.counts.values()), "filas_leidas": len(opened.actions)}
    for label, fn, goal, extra in (
            ("F4: abrir pendientes (conteos y primeras 50 de cada tipo)", f4, "< 20 ms y razón ≤ 1.5", shown),
            ("encabezado: urgentes y vencidas", header, "< 20 ms y razón ≤ 1.5", None),
            ("moad pendientes: la lista completa", whole, "razón ≤ 1.5", shown)):
        sent = sent_statements(engine, fn)
        ours_ms, base_ms = paired_medians_ms(fn, lambda sent=sent: replay(raw, sent), repeat)
        ok = ours_ms / base_ms <= 1.5 and (ours_ms < 20 if "20 ms" in goal else True)
        results.append(Result(f"{backend}{label}", n, ours_ms, base_ms, goal, ok, extra))
    engine.dispose()
    raw.close()
    return results


SEARCH_NAME = "Hernández Ramírez"


def case_search(url: str, n: int, repeat: int, backend: str = "") -> list[Result]:
    """A name search as the Bandeja runs it: the ranked page and total count against the same text-index SQL on a
    raw connection; then with the access event it records, against that SQL plus a raw INSERT and COMMIT. The LIKE
    filter the queue used before is timed once, for the record."""
    from models.enums import Rol
    from services.actor import Actor
    from services.catalogs.units import get_unit
    from services.database import make_engine, read_session, write_session
    from services.demo import ensure_catalogs
    from services.queue import QueueFilter, page
    from services.search import find, parse, search

    engine = make_engine(url)
    today = date.today()
    actor = Actor(id=ensure_catalogs(engine).oficial.id, nombre="bench", rol=Rol.OFICIAL)
    with read_session(engine) as session:
        unit_id = get_unit(session=session).id
    query = parse(SEARCH_NAME)

    def ours():
        with read_session(engine) as session:
            return find(session, unidad_id=unit_id, query=query, today=today)

    def ours_logged():
        with write_session(engine) as session:
            search(session, actor=actor, unidad_id=unit_id, texto=SEARCH_NAME, today=today)

    # The raw side replays the statements the service sends (two ranked pages and the count), as SQLAlchemy renders them.
    found = ours()
    sent = [(sql, params) for sql, params in sent_statements(engine, ours) if "peticion" in sql]
    raw = raw_connect(url)
    sqlite = isinstance(raw, sqlite3.Connection)
    key = "id INTEGER PRIMARY KEY" if sqlite else "id BIGSERIAL PRIMARY KEY"
    raw.execute(f"CREATE TABLE IF NOT EXISTS bench_busqueda ({key}, detalle TEXT)")
    insert = f"INSERT INTO bench_busqueda (detalle) VALUES ({placeholder(raw)})"

    def baseline():
        replay(raw, sent)

    def baseline_logged():
        baseline()
        raw.execute("BEGIN IMMEDIATE" if sqlite else "BEGIN")
        raw.execute(insert, ('{"criterio": "nombre", "folios": []}',))
        raw.execute("COMMIT")

    for _ in range(3):
        ours_logged()
        baseline_logged()
    ours_ms, base_ms = paired_medians_ms(ours, baseline, repeat, inner=5)
    logged_ms, base_logged_ms = paired_medians_ms(ours_logged, baseline_logged, repeat)
    with read_session(engine) as session:
        begin = time.perf_counter()
        page(session, unidad_id=unit_id, today=today, filtro=QueueFilter(buscar=SEARCH_NAME))
        like_ms = (time.perf_counter() - begin) * 1000
    engine.dispose()
    raw.close()
    extra = {"resultados": found.total, "filtro_like_anterior_ms": round(like_ms, 1)}
    return [Result(f"{backend}buscar un nombre («{SEARCH_NAME}»)", n, ours_ms, base_ms, "< 50 ms", ours_ms < 50, extra),
            Result(f"{backend}buscar un nombre y registrar el acceso", n, logged_ms, base_logged_ms, "razón ≤ 5",
                   logged_ms / base_logged_ms <= 5, extra)]
