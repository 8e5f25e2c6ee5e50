"""`moad importar` in the bench: rows per second and peak memory of the command, each against a baseline of the same run.

Run as a script (`import_bench.py moad ARGS…`) it runs the command in this process and prints its VmHWM as the last
line of stderr, so that the peak belongs to the command and not to the bench that started it.
"""

import csv
import json
import os
import resource
import runpy
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = "recibida,tipo,canal,descripcion,nombre,primer_apellido,telefono,correo,codigo_postal,id_externo\n"
ROWS_PER_S_GOAL = 10_000
PEAK_MB_GOAL = 200


def write_sheet(path: Path, rows: int, prefix: str = "GOB") -> Path:
    """A CSV as GOB.MX exports it, every row with a person, phone, e-mail and id_externo (the slowest to validate)."""
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for i in range(rows):
            out.write(f"2026-{(i % 10) + 1:02d}-15,inconformidad,gobmx,Tardan mucho en dar la cita número {i},"
                      f"Persona{i},Generada,55{i:08d},p{i}@example.mx,{(i % 90000) + 1000:05d},{prefix}-{i}\n")
    return path


def _vm_hwm_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _run_measured(*args: str) -> tuple[float, float, float, str]:
    """Run `moad ARGS` signed in as the demo officer in a child: wall ms, its CPU ms, its peak MB and its stdout."""
    from services.demo import DEMO_PIN

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    begin = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "moad", *args, "--usuario", "oficial", "--pin-stdin"],
                          cwd=ROOT, input=f"{DEMO_PIN}\n", capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    elapsed = (time.perf_counter() - begin) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-3000:])
        raise RuntimeError(f"«moad {args[0]}» terminó con código {done.returncode}")
    peak = json.loads(done.stderr.strip().splitlines()[-1])["vm_hwm_mb"]
    return elapsed, cpu, peak, done.stdout


def _raw_insert_ms(url: str, sheet: Path) -> float:
    """The floor: read the same CSV with csv.DictReader and insert its rows into a table as wide, raw, one transaction."""
    from bench.measure import placeholder, raw_connect
    from models import Peticion

    raw = raw_connect(url)
    columns = [c.name for c in Peticion.__table__.columns if c.name != "id"]
    sqlite = isinstance(raw, sqlite3.Connection)
    raw.execute(f"CREATE TABLE bench_importar ({'id INTEGER PRIMARY KEY' if sqlite else 'id BIGSERIAL PRIMARY KEY'}, "
                f"{', '.join(f'{c} TEXT' for c in columns)})")
    statement = (f"INSERT INTO bench_importar ({', '.join(columns)}) "
                 f"VALUES ({', '.join([placeholder(raw)] * len(columns))})")
    begin = time.perf_counter()
    raw.execute("BEGIN IMMEDIATE" if sqlite else "BEGIN")
    cursor = raw.cursor()
    with sheet.open(encoding="utf-8", newline="") as source:
        batch = []
        for record in csv.DictReader(source):
            batch.append(tuple(record.get(c, "") for c in columns))
            if len(batch) == 2_000:
                cursor.executemany(statement, batch)
                batch.clear()
        cursor.executemany(statement, batch)
    raw.execute("COMMIT")
    elapsed = (time.perf_counter() - begin) * 1000
    raw.execute("DROP TABLE bench_importar")
    raw.close()
    return elapsed


def case_import(workdir: Path, rows: int, url: str | None = None, backend: str = "") -> list:
    """Rows per second against a raw insert of the same CSV, and the command's peak memory against a one-row import."""
    from bench.measure import Result, moad

    url = url or f"sqlite:///{workdir / 'import.sqlite3'}"
    moad("demo", "--peticiones", "0", "--db", url)
    small = write_sheet(workdir / "importar-1.csv", 1, prefix="UNA")
    sheet = write_sheet(workdir / "importar.csv", rows)
    # Same command, same process start-up and lazy imports, one row: what stays whatever the file's size.
    _, _, base_peak, _ = _run_measured("importar", str(small), "--db", url)
    elapsed, cpu, peak, out = _run_measured("importar", str(sheet), "--db", url)
    made = len(out.splitlines())
    raw_ms = _raw_insert_ms(url, sheet)
    per_s = rows / (elapsed / 1000)
    speed = Result(f"{backend}moad importar (filas/s, arranque incluido)", rows, elapsed, raw_ms,
                   f"≥ {ROWS_PER_S_GOAL:,} filas/s", per_s >= ROWS_PER_S_GOAL and made == rows,
                   {"filas_por_s": round(per_s), "base_filas_por_s": round(rows / (raw_ms / 1000)), "folios": made,
                    # On a shared machine the wall time waits for other work; CPU time does not.
                    "cpu_ms": round(cpu), "filas_por_s_cpu": round(rows / (cpu / 1000))})
    memory = Result(f"{backend}moad importar: memoria máxima", rows, None, None, f"≤ {PEAK_MB_GOAL} MB",
                    peak <= PEAK_MB_GOAL, {"ours_mb": round(peak, 1), "baseline_mb": round(base_peak, 1),
                                           "baseline_label": "importar 1 fila",
                                           "razon_memoria": round(peak / base_peak, 2)})
    return [speed, memory]


def _measured_moad(args: list[str]) -> None:
    import atexit

    atexit.register(lambda: sys.stderr.write("\n" + json.dumps({"vm_hwm_mb": _vm_hwm_mb()}) + "\n"))
    sys.argv = ["moad", *args]
    runpy.run_module("cli.main", run_name="__main__")


if __name__ == "__main__" and sys.argv[1:2] == ["moad"]:
    _measured_moad(sys.argv[2:])
