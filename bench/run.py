"""MOAD Desk benchmarks: each case against a baseline measured in the same run, printed as a table and JSON lines."""

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.database_cases import case_demo, case_pending, case_queue, case_register, case_search
from bench.desk_cases import case_queue_app, case_report, case_startup, case_triage, case_triage_silent
from bench.measure import Result, build_database

# The import case: 100,000 rows (a tenth of that in the quick run, which must stay under a minute).
IMPORT_ROWS, IMPORT_QUICK = 100_000, 10_000


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
        results += case_pending(url, n, repeat, backend)
        results += case_search(url, n, repeat, backend)
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
        results += case_pending(url, big, repeat)
        results += case_search(url, big, repeat)
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
            except Exception as error:  # noqa: BLE001
                # Last resort: a failure here is a defect to see, not a reason to lose the figures already measured.
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
