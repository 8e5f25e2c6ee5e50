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
    return subprocess.run([PYTHON, "-m", "cli.main", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, check=True)


def build_database(workdir: Path, n: int) -> tuple[str, float]:
    """A demo database of n petitions and how long `moad demo` took (ms)."""
    path = workdir / f"demo-{n}.sqlite3"
    url = f"sqlite:///{path}"
    begin = time.perf_counter()
    _moad("demo", "--peticiones", str(n), "--db", url)
    return url, (time.perf_counter() - begin) * 1000


def case_demo(n: int, elapsed_ms: float, quick: bool) -> Result:
    limit_ms = 180_000 * n / 1_000_000
    return Result("moad demo --peticiones N", n, elapsed_ms, None, f"< {limit_ms / 1000:.0f} s (3 min por millón)",
                  elapsed_ms < limit_ms)


def case_register(workdir: Path, repeat: int) -> Result:
    """One registration through the service versus a raw INSERT + COMMIT of a row as wide, same pragmas."""
    from services.actor import Actor
    from models.enums import Rol
    from services.database import open_database, write_session
    from services.demo import ensure_catalogs
    from services.intake import register

    url = f"sqlite:///{workdir / 'register.sqlite3'}"
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

    raw = sqlite3.connect(workdir / "register-raw.sqlite3", isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=30000"):
        raw.execute(f"PRAGMA {pragma}")
    columns = [c[1] for c in sqlite3.connect(workdir / "register.sqlite3").execute("PRAGMA table_info(peticion)")][1:]
    raw.execute(f"CREATE TABLE p (id INTEGER PRIMARY KEY, {', '.join(f'{c} TEXT' for c in columns)})")
    values = tuple(f"valor-{i}" for i in range(len(columns)))
    statement = f"INSERT INTO p ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"

    def baseline():
        raw.execute("BEGIN IMMEDIATE")
        raw.execute(statement, values)
        raw.execute("COMMIT")

    # A desk registers all day: measure the steady state, after SQLAlchemy's and SQLite's caches are warm.
    for _ in range(20):
        ours()
        baseline()
    # Writing back the freshly built big database would otherwise land on whichever side runs first.
    os.sync()
    ours_ms, base_ms = _paired_medians_ms(ours, baseline, repeat)
    engine.dispose()
    return Result("registrar una petición (servicio completo)", 1, ours_ms, base_ms, "razón ≤ 5", ours_ms / base_ms <= 5)


def _raw_sql(statement, engine, values=None):
    """The SQL text and parameters SQLAlchemy sends for a statement, to run the same query in raw sqlite3."""
    compiled = statement.compile(dialect=engine.dialect)
    params = compiled.construct_params(values)
    processors = compiled._bind_processors
    values = tuple(processors[name](params[name]) if name in processors else params[name]
                   for name in compiled.positiontup)
    return str(compiled), values


def case_queue(url: str, n: int, repeat: int) -> list[Result]:
    """First page and page 1,000 of the queue filtered by estado, versus the same keyset SQL in raw sqlite3."""
    from services.database import make_engine, read_session
    from services.intake import get_unit
    from services.queue import QueueFilter, page, page_statement

    engine = make_engine(url)
    raw = sqlite3.connect(url.removeprefix("sqlite:///"))
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
        results.append(Result(f"bandeja: {label} (estado={estado})", n, ours_ms, base_ms, "razón ≤ 3 y < 50 ms",
                              ours_ms / base_ms <= 3 and ours_ms < 50))
    engine.dispose()
    return results


def case_pending(url: str, n: int, repeat: int) -> Result:
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

    raw = sqlite3.connect(url.removeprefix("sqlite:///"))

    def baseline():
        raw.execute("SELECT p.id, p.folio, p.reloj, p.vence_en, p.urgente, a.nombre FROM peticion p LEFT JOIN area a "
                    "ON a.id = p.area_id WHERE p.vence_en <= ? AND p.unidad_id = 1 AND p.reloj IS NOT NULL "
                    "ORDER BY p.urgente DESC, p.vence_en", (today.isoformat(),)).fetchall()

    ours()
    ours_ms, base_ms = _paired_medians_ms(ours, baseline, repeat)
    engine.dispose()
    return Result("pendientes (escalamiento)", n, ours_ms, base_ms, "< 100 ms", ours_ms < 100)


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


def case_import(workdir: Path, rows: int) -> Result:
    """`moad importar` of a CSV with `rows` rows into a database with the demo catalogs."""
    url = f"sqlite:///{workdir / 'import.sqlite3'}"
    _moad("demo", "--peticiones", "0", "--db", url)
    sheet = workdir / "importar.csv"
    with sheet.open("w", encoding="utf-8") as out:
        out.write("recibida,tipo,canal,descripcion,nombre,primer_apellido,telefono,correo,codigo_postal,id_externo\n")
        for i in range(rows):
            out.write(f"2026-{(i % 10) + 1:02d}-15,inconformidad,gobmx,Tardan mucho en dar la cita número {i},"
                      f"Persona{i},Generada,55{i:08d},p{i}@example.mx,{(i % 90000) + 1000:05d},GOB-{i}\n")
    begin = time.perf_counter()
    result = _moad("importar", str(sheet), "--db", url)
    elapsed = (time.perf_counter() - begin) * 1000
    made = len(result.stdout.splitlines())
    limit = rows  # 10 s per 10,000 rows, i.e. 1 ms per row, process start-up included
    return Result("moad importar", rows, elapsed, None, f"< {limit / 1000:g} s (10 s por 10,000 filas)",
                  elapsed < limit and made == rows, {"folios": made})


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
    memory = Result("memoria con la bandeja abierta", n, None, None, "≤ 150 MB", desk["rss_queue_mb"] <= 150,
                    {"ours_mb": round(desk["rss_queue_mb"], 1), "baseline_mb": round(empty["rss_mb"], 1)})
    paging = Result(f"bandeja: AvPág × {pages} (por página)", n, desk.get("page_ms"), None, "< 100 ms por página",
                    desk.get("page_ms", 1e9) < 100, {"max_ms": round(desk.get("page_max_ms", 0), 1)})
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


def main() -> int:
    parser = argparse.ArgumentParser(description="Pruebas de rendimiento de MOAD Desk")
    parser.add_argument("--quick", action="store_true", help="tamaños pequeños, menos de un minuto")
    options = parser.parse_args()
    big = 20_000 if options.quick else 1_000_000
    repeat = 5 if options.quick else 15
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="moad-bench-") as tmp:
        workdir = Path(tmp)
        sys.stderr.write(f"Construyendo la base de {big:,} peticiones…\n")
        url, demo_ms = build_database(workdir, big)
        results.append(case_demo(big, demo_ms, options.quick))
        results.append(case_register(workdir, 100 if options.quick else 300))
        results += case_queue(url, big, repeat)
        results.append(case_pending(url, big, repeat))
        results.append(case_triage(repeat))
        results.append(case_import(workdir, 1_000 if options.quick else 10_000))
        results.append(case_startup(url, 3 if options.quick else 5))
        results += case_queue_app(url, big, 10 if options.quick else 50)
        results.append(case_report(workdir, 1 if options.quick else 3, options.quick))
    _print_table(results)
    for result in results:
        print(json.dumps(result.as_json(), ensure_ascii=False))
    return 0 if all(r.ok for r in results) else 1


def _print_table(results: list[Result]) -> None:
    def fmt(value):
        return "—" if value is None else f"{value:,.2f}"

    sys.stdout.write(f"{'caso':<46} {'n':>9} {'nuestro ms':>12} {'base ms':>10} {'razón':>7}  {'meta':<28} ok\n")
    for r in results:
        extra = ""
        if r.extra and "ours_mb" in r.extra:
            extra = f" ({r.extra['ours_mb']} MB; app vacía {r.extra['baseline_mb']} MB)"
        sys.stdout.write(f"{r.case:<46} {r.n:>9,} {fmt(r.ours_ms):>12} {fmt(r.baseline_ms):>10} {fmt(r.ratio):>7}  "
                         f"{r.goal:<28} {'sí' if r.ok else 'NO'}{extra}\n")


if __name__ == "__main__":
    sys.exit(main())
