"""The desk's own cases: triage of a long text, start-up to the first screen, the open queue, the monthly report."""

import json
import os
import sqlite3
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench.measure import PYTHON, ROOT, Result, build_database, median_ms


def case_triage(repeat: int) -> Result:
    """Triage of a 2,000-character text."""
    from services.triage import assess

    text = ("Vengo a presentar una queja porque mi mamá lleva semanas esperando su cita de cardiología y hoy en la "
            "mañana le empezó un dolor en el pecho que se le corre al brazo izquierdo, está sudando frío y en la "
            "ventanilla nadie nos quiere atender, dicen que regresemos mañana. ") * 7
    text = text[:2000]
    assess(text)
    per_call = median_ms(lambda: [assess(text) for _ in range(100)], repeat) / 100
    return Result("triage de un texto de 2,000 caracteres", len(text), per_call, None, "< 1 ms", per_call < 1)


def case_triage_silent(repeat: int) -> Result:
    """Triage of a 2,000-character complaint the lexicon finds nothing in, so the second opinion is consulted."""
    from services.triage import assess

    text = ("Escribo para inconformarme porque desde octubre solicité el cambio de mi clínica de adscripción y en "
            "ventanilla me piden cada vez un documento distinto; primero el comprobante de domicilio, luego la "
            "constancia del trabajo y ahora una copia del acta que ya había entregado. ") * 8
    text = text[:2000]
    assert assess(text).rule == "sin_coincidencias" or assess(text).rule == "segunda_opinion"
    per_call = median_ms(lambda: [assess(text) for _ in range(100)], repeat) / 100
    return Result("triage de 2,000 caracteres sin coincidencias (segunda opinión)", len(text), per_call, None, "< 1 ms",
                  per_call < 1)


def _probe(*args) -> dict:
    output = subprocess.run([PYTHON, str(ROOT / "bench" / "probe_app.py"), *args], cwd=ROOT, capture_output=True,
                            text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    # Textual shows an app's crash and still exits with 0: a probe that crashed measured nothing worth keeping.
    if "Traceback" in output.stderr:
        raise RuntimeError(f"probe_app.py {args[0]} falló:\n{output.stderr[-3000:]}")
    return json.loads(output.stdout.strip().splitlines()[-1])


def case_startup(url: str, repeat: int) -> Result:
    """`moad` to its first screen, headless, versus an empty Textual app started the same way."""
    ours = statistics.median(_probe("desk", url)["ready_ms"] for _ in range(repeat))
    base = statistics.median(_probe("empty")["ready_ms"] for _ in range(repeat))
    return Result("arranque hasta la primera pantalla", 0, ours, base, "razón ≤ 2", ours / base <= 2)


def case_queue_app(url: str, n: int, pages: int) -> list[Result]:
    """Peak memory with the queue open, and key-to-repaint time of PageDown, driven by Pilot."""
    desk = _probe("desk", url, str(pages))
    empty = _probe("empty")
    bare = _probe("table", str(pages))
    memory = Result("memoria con la bandeja abierta", n, None, None, "≤ 150 MB", desk["rss_queue_mb"] <= 150,
                    {"ours_mb": round(desk["rss_queue_mb"], 1), "baseline_mb": round(empty["rss_mb"], 1)})
    # Key to the repaint that shows the move; the baseline is a bare DataTable of the same shape, paged alike.
    paging = Result(f"bandeja: AvPág × {pages}, tecla a repintado", n, desk.get("page_ms"), bare["page_ms"],
                    "< 25 ms por página", desk.get("page_ms", 1e9) < 25,
                    {"max_ms": round(desk.get("page_max_ms", 0), 1), "pilot_ms": round(desk.get("pilot_ms", 0), 1),
                     "base_pilot_ms": round(bare.get("pilot_ms", 0), 1)})
    return [memory, paging]


def busiest_month_report(url: str, repeat: int) -> tuple[float, int, str]:
    """Render the unit's busiest month from the database `repeat` times into a temp dir: best ms, petitions, month."""
    from services.actor import SYSTEM
    from services.catalogs.units import get_unit
    from services.database import make_engine, read_session
    from services.reports import render

    engine = make_engine(url)
    with read_session(engine) as session:
        unit = get_unit(session=session)
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
