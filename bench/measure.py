"""What every bench case shares: the result row, paired timing, the `moad` command and raw database connections."""

import os
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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


def median_ms(fn, repeat: int, inner: int = 1) -> float:
    """Median over `repeat` samples of the mean time of `inner` calls (batches steady sub-millisecond cases)."""
    samples = []
    for _ in range(repeat):
        begin = time.perf_counter()
        for _ in range(inner):
            fn()
        samples.append((time.perf_counter() - begin) * 1000 / inner)
    return statistics.median(samples)


def paired_medians_ms(ours, baseline, repeat: int, inner: int = 1) -> tuple[float, float]:
    """Medians of both, sampled alternately so that both see the same moments of a noisy machine."""
    samples = ([], [])
    for _ in range(repeat):
        for fn, into in ((ours, samples[0]), (baseline, samples[1])):
            begin = time.perf_counter()
            for _ in range(inner):
                fn()
            into.append((time.perf_counter() - begin) * 1000 / inner)
    return statistics.median(samples[0]), statistics.median(samples[1])


def moad(*args, env=None) -> subprocess.CompletedProcess:
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
    moad("demo", "--peticiones", str(n), "--db", url)
    return url, (time.perf_counter() - begin) * 1000


def raw_connect(url: str):
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


def placeholder(raw) -> str:
    return "?" if isinstance(raw, sqlite3.Connection) else "%s"


def raw_sql(statement, engine, values=None):
    """The SQL text and parameters SQLAlchemy sends for a statement, to run the same query on a raw connection."""
    compiled = statement.compile(dialect=engine.dialect)
    params = compiled.construct_params(values)
    processors = compiled._bind_processors
    processed = {name: processors[name](value) if name in processors else value for name, value in params.items()}
    if compiled.positiontup is None:
        return str(compiled), processed
    return str(compiled), tuple(processed[name] for name in compiled.positiontup)


def sent_statements(engine, fn) -> list[tuple[str, object]]:
    """The SQL and parameters fn sends through engine (besides transaction control), as SQLAlchemy renders them."""
    from sqlalchemy import event

    sent: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many):
        sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    return [(sql, params) for sql, params in sent if not sql.lstrip().upper().startswith(("BEGIN", "COMMIT", "SET "))]


def replay(raw, sent: list[tuple[str, object]]) -> None:
    """Run captured statements on a raw connection and read every row, as the baseline of a service that sent them."""
    for sql, params in sent:
        raw.execute(sql, params).fetchall()
