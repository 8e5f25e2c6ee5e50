"""MOAD Desk benchmarks: each case against a baseline measured in the same run, printed as a table and JSON lines."""

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
# The import case: 100,000 rows (a tenth of that in the quick run, which must stay under a minute).
IMPORT_ROWS, IMPORT_QUICK = 100_000, 10_000


@dataclass
class Result:
    """One case's figures; ratio is ours / baseline when there is a baseline."""

    case: str
    n: int
    ours_ms: float | None
    baseline_ms: float | None
    goal: str
    ok: bool
    extra: dict | None = None

    @property
    def ratio(self) -> float | None:
        if self.ours_ms is None or not self.baseline_ms:
            return None
        return self.ours_ms / self.baseline_ms

    def as_json(self) -> dict:
        data = {"case": self.case, "n": self.n, "ours_ms": _round(self.ours_ms), "baseline_ms": _round(self.baseline_ms),
                "ratio": _round(self.ratio), "goal": self.goal, "ok": self.ok}
        return {**data, **(self.extra or {})}


def _round(value):
    return None if value is None else round(value, 3)


def _median_ms(fn, repeat: int, inner: int = 1) -> float:
    """Median over `repeat` samples of the mean time of `inner` calls (batches steady sub-millisecond cases)."""
    samples = []
    for _ in range(repeat):
        begin = time.perf_counter()
        for _ in range(inner):
            fn()
        samples.append((time.perf_counter() - begin) * 1000 / inner)
    return statistics.median(samples)


def _paired_medians_ms(ours, baseline, repeat: int, inner: int = 1) -> tuple[float, float]:
    """Medians of both, sampled alternately so that both see the same moments of a noisy machine."""
    samples = ([], [])
    for _ in range(repeat):
        for fn, into in ((ours, samples[0]), (baseline, samples[1])):
            begin = time.perf_counter()
            for _ in range(inner):
                fn()
            into.append((time.perf_counter() - begin) * 1000 / inner)
    return statistics.median(samples[0]), statistics.median(samples[1])


def _moad(*args, env=None) -> subprocess.CompletedProcess:
    done = subprocess.run([PYTHON, "-m", "cli.main", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-3000:])
        raise RuntimeError(f"«moad {args[0]}» terminó con código {done.returncode}")
    return done


def build_database(workdir: Path, n: int, url: str | None = None) -> tuple[str, float]:
    """A demo database of n petitions (a SQLite file unless a URL is given) and how long `moad demo` took (ms)."""
    url = url or f"sqlite:///{workdir / f'demo-{n}.sqlite3'}"
    begin = time.perf_counter()
    _moad("demo", "--peticiones", str(n), "--db", url)
    return url, (time.perf_counter() - begin) * 1000


# Starting the command (imports, schema, catalogs) costs the same for 20,000 rows as for a million.
DEMO_START_MS = 2_000


def case_demo(n: int, elapsed_ms: float, quick: bool, backend: str = "") -> Result:
    limit_ms = 180_000 * n / 1_000_000 + DEMO_START_MS
    return Result(f"{backend}moad demo --peticiones N", n, elapsed_ms, None,
                  f"< {limit_ms / 1000:,.1f} s (3 min por millón + 2 s)", elapsed_ms < limit_ms)


def _raw_connect(url: str):
    """A plain DB-API connection to the same database, without SQLAlchemy: sqlite3 with the desk's pragmas, or psycopg."""
    from sqlalchemy import make_url

    from services.database import SQLITE_BUSY_TIMEOUT_MS, SQLITE_PRAGMAS

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        raw = sqlite3.connect(parsed.database, isolation_level=None)
        for pragma in (*SQLITE_PRAGMAS, f"busy_timeout={SQLITE_BUSY_TIMEOUT_MS}"):
            raw.execute(f"PRAGMA {pragma}")
        return raw
    import psycopg

    return psycopg.connect(parsed.set(drivername="postgresql").render_as_string(hide_password=False), autocommit=True)


def _placeholder(raw) -> str:
    return "?" if isinstance(raw, sqlite3.Connection) else "%s"


def case_register(url: str, raw_url: str, repeat: int, backend: str = "") -> Result:
    """One registration through the service versus a raw INSERT + COMMIT of a row as wide, same settings."""
    from models import Peticion
    from services.actor import Actor
    from models.enums import Rol
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

    raw = _raw_connect(raw_url)
    columns = [c.name for c in Peticion.__table__.columns if c.name != "id"]
    sqlite = isinstance(raw, sqlite3.Connection)
    key = "id INTEGER PRIMARY KEY" if sqlite else "id BIGSERIAL PRIMARY KEY"
    raw.execute(f"CREATE TABLE bench_p ({key}, {', '.join(f'{c} TEXT' for c in columns)})")
    values = tuple(f"valor-{i}" for i in range(len(columns)))
    statement = f"INSERT INTO bench_p ({', '.join(columns)}) VALUES ({', '.join([_placeholder(raw)] * len(columns))})"
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
    ours_ms, base_ms = _paired_medians_ms(ours, baseline, repeat)
    engine.dispose()
    raw.close()
    return Result(f"{backend}registrar una petición (servicio completo)", 1, ours_ms, base_ms, "razón ≤ 5",
                  ours_ms / base_ms <= 5)


def _raw_sql(statement, engine, values=None):
    """The SQL text and parameters SQLAlchemy sends for a statement, to run the same query on a raw connection."""
    compiled = statement.compile(dialect=engine.dialect)
    params = compiled.construct_params(values)
    processors = compiled._bind_processors
    processed = {name: processors[name](value) if name in processors else value for name, value in params.items()}
    if compiled.positiontup is None:
        return str(compiled), processed
    return str(compiled), tuple(processed[name] for name in compiled.positiontup)


def case_queue(url: str, n: int, repeat: int, backend: str = "") -> list[Result]:
    """First page and page 1,000 of the queue filtered by estado, versus the same keyset SQL on a raw connection."""
    from services.database import make_engine, read_session
    from services.intake import get_unit
    from services.queue import QueueFilter, page, page_statement

    engine = make_engine(url)
    raw = _raw_connect(url)
    estado, today = "concluida", date.today()
    with read_session(engine) as session:
        unit_id = get_unit(session).id
    target_page = 1000 if n >= 1_000_000 else max(2, n // 1000)
    after, results = None, []
    with read_session(engine) as session:
        for _ in range(target_page - 1):
            after = page(session, unidad_id=unit_id, today=today, filtro=QueueFilter(estado=estado), after=after).next_cursor
    for label, cursor in (("primera página", None), (f"página {target_page}", after)):
        filtro = QueueFilter(estado=estado)

        def ours():
            with read_session(engine) as session:
                page(session, unidad_id=unit_id, today=today, filtro=filtro, after=cursor)

        statement, values = page_statement(unidad_id=unit_id, today=today, filtro=filtro, after=cursor)
        sql, params = _raw_sql(statement, engine, values)

        def baseline():
            raw.execute(sql, params).fetchall()

        ours()
        baseline()
        ours_ms, base_ms = _paired_medians_ms(ours, baseline, repeat, inner=20)
        results.append(Result(f"{backend}bandeja: {label} (estado={estado})", n, ours_ms, base_ms, "razón ≤ 3 y < 50 ms",
                              ours_ms / base_ms <= 3 and ours_ms < 50))
    engine.dispose()
    return results


def case_pending(url: str, n: int, repeat: int, backend: str = "") -> Result:
    """The escalation scan over all petitions, versus its main indexed query in raw SQL."""
    from services.calendar import today_local
    from services.database import make_engine, read_session
    from services.inhabiles import load_calendar
    from services.intake import get_unit
    from services.pending import pending_actions

    engine = make_engine(url)
    today = today_local()

    def ours():
        with read_session(engine) as session:
            unit = get_unit(session)
            pending_actions(session, unidad_id=unit.id, today=today, calendar=load_calendar(session))

    raw = _raw_connect(url)
    mark = _placeholder(raw)

    def baseline():
        raw.execute("SELECT p.id, p.folio, p.reloj, p.vence_en, p.urgente, a.nombre FROM peticion p LEFT JOIN area a "
                    f"ON a.id = p.area_id WHERE p.vence_en <= {mark} AND p.unidad_id = 1 AND p.reloj IS NOT NULL "
                    "ORDER BY p.urgente DESC, p.vence_en", (today.isoformat(),)).fetchall()

    ours()
    ours_ms, base_ms = _paired_medians_ms(ours, baseline, repeat)
    engine.dispose()
    return Result(f"{backend}pendientes (escalamiento)", n, ours_ms, base_ms, "< 100 ms", ours_ms < 100)


def case_triage(repeat: int) -> Result:
    """Triage of a 2,000-character text."""
    from services.triage import assess

    text = ("Vengo a presentar una queja porque mi mamá lleva semanas esperando su cita de cardiología y hoy en la "
            "mañana le empezó un dolor en el pecho que se le corre al brazo izquierdo, está sudando frío y en la "
            "ventanilla nadie nos quiere atender, dicen que regresemos mañana. ") * 7
    text = text[:2000]
    assess(text)
    per_call = _median_ms(lambda: [assess(text) for _ in range(100)], repeat) / 100
    return Result("triage de un texto de 2,000 caracteres", len(text), per_call, None, "< 1 ms", per_call < 1)


def case_triage_silent(repeat: int) -> Result:
    """Triage of a 2,000-character complaint the lexicon finds nothing in, so the second opinion is consulted."""
    from services.triage import assess

    text = ("Escribo para inconformarme porque desde octubre solicité el cambio de mi clínica de adscripción y en "
            "ventanilla me piden cada vez un documento distinto; primero el comprobante de domicilio, luego la "
            "constancia del trabajo y ahora una copia del acta que ya había entregado. ") * 8
    text = text[:2000]
    assert assess(text).rule == "sin_coincidencias" or assess(text).rule == "segunda_opinion"
    per_call = _median_ms(lambda: [assess(text) for _ in range(100)], repeat) / 100
    return Result("triage de 2,000 caracteres sin coincidencias (segunda opinión)", len(text), per_call, None, "< 1 ms",
                  per_call < 1)


def _probe(*args) -> dict:
    output = subprocess.run([PYTHON, str(ROOT / "bench" / "probe_app.py"), *args], cwd=ROOT, capture_output=True,
                            text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return json.loads(output.stdout.strip().splitlines()[-1])


def case_startup(url: str, repeat: int) -> Result:
    """`moad` to its first screen, headless, versus an empty Textual app started the same way."""
    ours = statistics.median(_probe("desk", url)["ready_ms"] for _ in range(repeat))
    base = statistics.median(_probe("empty")["ready_ms"] for _ in range(repeat))
    return Result("arranque hasta la primera pantalla", 0, ours, base, "razón ≤ 4", ours / base <= 4)


def case_queue_app(url: str, n: int, pages: int) -> list[Result]:
    """Peak memory with the queue open, and key-to-repaint time of PageDown, driven by Pilot."""
    desk = _probe("desk", url, str(pages))
    empty = _probe("empty")
    bare = _probe("table", str(pages))
    memory = Result("memoria con la bandeja abierta", n, None, None, "≤ 150 MB", desk["rss_queue_mb"] <= 150,
                    {"ours_mb": round(desk["rss_queue_mb"], 1), "baseline_mb": round(empty["rss_mb"], 1)})
    # Most of a page is Textual drawing the table, so the baseline is a bare DataTable of the same shape, paged alike.
    paging = Result(f"bandeja: AvPág × {pages} (por página)", n, desk.get("page_ms"), bare["page_ms"],
                    "razón ≤ 1.5 (DataTable sola)", desk.get("page_ms", 1e9) / bare["page_ms"] <= 1.5,
                    {"max_ms": round(desk.get("page_max_ms", 0), 1)})
    return [memory, paging]


def busiest_month_report(url: str, repeat: int) -> tuple[float, int, str]:
    """Render the unit's busiest month from the database `repeat` times into a temp dir: best ms, petitions, month."""
    from services.actor import SYSTEM
    from services.database import make_engine, read_session
    from services.intake import get_unit
    from services.reports import render

    engine = make_engine(url)
    with read_session(engine) as session:
        unit = get_unit(session)
    raw = sqlite3.connect(url.removeprefix("sqlite:///"))
    # Months are grouped in UTC here only to pick one; the report itself counts in Mexico City time.
    busiest = raw.execute("SELECT strftime('%Y-%m', recibida_en) AS mes FROM peticion WHERE unidad_id = ? "
                          "GROUP BY mes ORDER BY count(*) DESC LIMIT 1", (unit.id,)).fetchone()[0]
    raw.close()
    year, month = (int(part) for part in busiest.split("-"))
    samples, count = [], 0
    with tempfile.TemporaryDirectory(prefix="moad-informe-") as tmp:
        for _ in range(repeat):
            begin = time.perf_counter()
            with read_session(engine) as session:
                result = render(session=session, actor=SYSTEM, unidad=unit, year=year, month=month,
                                pdf=Path(tmp) / "anexo1.pdf")
            samples.append((time.perf_counter() - begin) * 1000)
            count = result["peticiones"]
    engine.dispose()
    return min(samples), count, busiest


# The demo spreads petitions over the past months so that its busiest month of 32,000 holds about 5,000.
REPORT_DEMO = 32_000


def case_report(workdir: Path, repeat: int, quick: bool) -> Result:
    """The monthly report PDF of a month with about 5,000 petitions (the issue's case), read and rendered."""
    url, _ = build_database(workdir, REPORT_DEMO // 4 if quick else REPORT_DEMO)
    ms, count, busiest = busiest_month_report(url, repeat)
    return Result(f"informe mensual PDF (Anexo 1), {busiest}", count, ms, None, "< 3 s (mes de 5,000)", ms < 3000)


def postgres_cases(base_url: str, workdir: Path, n: int, repeat: int, quick: bool) -> list[Result]:
    """The database cases again on PostgreSQL: demo, register, queue pages and the escalation scan."""
    from bench.import_bench import case_import
    from tests.pg_schema import temporary_schema

    backend = "PostgreSQL: "
    with temporary_schema(base_url, "bench") as url:
        sys.stderr.write(f"Construyendo la base de {n:,} peticiones en PostgreSQL…\n")
        url, demo_ms = build_database(workdir, n, url)
        results = [case_demo(n, demo_ms, quick, backend)]
        results += case_queue(url, n, repeat, backend)
        results.append(case_pending(url, n, repeat, backend))
    with temporary_schema(base_url, "bench") as url:
        results += case_import(workdir, IMPORT_QUICK if quick else IMPORT_ROWS, url, backend)
    with temporary_schema(base_url, "bench") as url, temporary_schema(base_url, "bench") as raw_url:
        results.insert(1, case_register(url, raw_url, 100 if quick else 300, backend))
    # The issue sets its goals on SQLite; PostgreSQL is measured against the same goals but only reported.
    for result in results:
        result.extra = {**(result.extra or {}), "backend": "postgresql", "informativo": True}
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description="Pruebas de rendimiento de MOAD Desk")
    parser.add_argument("--quick", action="store_true", help="tamaños pequeños, menos de un minuto")
    options = parser.parse_args()
    from bench.import_bench import case_import

    big = 20_000 if options.quick else 1_000_000
    repeat = 5 if options.quick else 15
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="moad-bench-") as tmp:
        workdir = Path(tmp)
        sys.stderr.write(f"Construyendo la base de {big:,} peticiones…\n")
        url, demo_ms = build_database(workdir, big)
        results.append(case_demo(big, demo_ms, options.quick))
        results.append(case_register(f"sqlite:///{workdir / 'register.sqlite3'}",
                                     f"sqlite:///{workdir / 'register-raw.sqlite3'}", 100 if options.quick else 300))
        results += case_queue(url, big, repeat)
        results.append(case_pending(url, big, repeat))
        results.append(case_triage(repeat))
        results.append(case_triage_silent(repeat))
        results += case_import(workdir, IMPORT_QUICK if options.quick else IMPORT_ROWS)
        results.append(case_startup(url, 3 if options.quick else 5))
        results += case_queue_app(url, big, 10 if options.quick else 50)
        results.append(case_report(workdir, 1 if options.quick else 3, options.quick))
        postgres = os.environ.get("MOAD_BENCH_POSTGRES_URL")
        if postgres:
            try:
                results += postgres_cases(postgres, workdir, big, repeat, options.quick)
            except Exception as error:
                # A failure here is a defect to see, not a reason to lose the figures already measured.
                sys.stderr.write(f"Los casos en PostgreSQL fallaron: {error}\n")
                results.append(Result("PostgreSQL: casos de base de datos", big, None, None, "terminar sin error", False,
                                      {"backend": "postgresql", "error": str(error)}))
        else:
            sys.stderr.write("MOAD_BENCH_POSTGRES_URL no está definida: se omiten los casos en PostgreSQL.\n")
    _print_table(results)
    for result in results:
        print(json.dumps(result.as_json(), ensure_ascii=False))
    return 0 if all(r.ok for r in results if not (r.extra or {}).get("informativo")) else 1


def _print_table(results: list[Result]) -> None:
    def fmt(value):
        return "—" if value is None else f"{value:,.2f}"

    sys.stdout.write(f"{'caso':<58} {'n':>9} {'nuestro ms':>12} {'base ms':>10} {'razón':>7}  {'meta':<34} ok\n")
    for r in results:
        extra = ""
        if r.extra and "ours_mb" in r.extra:
            extra = f" ({r.extra['ours_mb']} MB; {r.extra.get('baseline_label', 'app vacía')} {r.extra['baseline_mb']} MB)"
        if r.extra and "filas_por_s" in r.extra:
            extra = f" ({r.extra['filas_por_s']:,} filas/s; base {r.extra['base_filas_por_s']:,} filas/s)"
        if r.extra and r.extra.get("informativo"):
            extra += " (informativo)"
        sys.stdout.write(f"{r.case:<58} {r.n:>9,} {fmt(r.ours_ms):>12} {fmt(r.baseline_ms):>10} {fmt(r.ratio):>7}  "
                         f"{r.goal:<34} {'sí' if r.ok else 'NO'}{extra}\n")


if __name__ == "__main__":
    sys.exit(main())
