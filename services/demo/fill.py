"""Filling a database with demo petitions: chunks generated and written in turn, in two processes for big runs."""

import multiprocessing
import os
import random
from datetime import date, timedelta

from sqlalchemy.engine import Engine

from services.collection import paused_collection
from services.database import write_session
from services.demo.bulk import store_chunk
from services.demo.catalog import Catalog, ensure_catalogs
from services.demo.deferred_indexes import TABLES, built_after
from services.demo.generator import Generator
from services.demo.history import add_collections, add_sent_reports
from services.demo.timeline import BusinessDays
from services.inhabiles import load_calendar
from services.pending_store import refresh_all
from services.terms import load_terms

_CHUNK = 20_000
DEMO_BUSY_TIMEOUT_MS = 600_000
PARALLEL_FROM = 100_000
# From here on, building the indexes once after the load costs less than keeping them row by row.
DEFER_INDEXES_FROM = 100_000


def populate(engine: Engine, *, n: int, today: date, seed: int = 2026, progress=None, processes: int | None = None,
             defer_indexes: bool | None = None) -> int:
    """Add n demo petitions with their routing, reminders, answers, notifications and events."""
    catalog = ensure_catalogs(engine, today)
    processes = processes or (min(2, os.cpu_count() or 1) if n >= PARALLEL_FROM else 1)
    with built_after(engine, defer=n >= DEFER_INDEXES_FROM if defer_indexes is None else defer_indexes):
        made = _populate_all(engine, catalog, n=n, today=today, seed=seed, progress=progress, processes=processes)
    add_collections(engine, catalog, today, random.Random(seed))
    add_sent_reports(engine, catalog, today)
    # The rows went in raw, past the hooks that keep the escalation list: it is filled once, for all of them.
    with write_session(engine) as session, paused_collection():
        refresh_all(session)
    _settle(engine)
    return made


def _settle(engine: Engine) -> None:
    """On PostgreSQL, leave the database as autovacuum would minutes after a bulk load: the visibility map, so that F4's
    and the header's counts are answered from the indexes alone (22 to 17 ms at 200,000 petitions), and statistics."""
    # SQLite: F4's statements are written not to depend on statistics (pending_view's «coalesce(desde, desde)»).
    if engine.dialect.name != "postgresql":
        return
    # Only the tables the demo fills, in this schema: other schemas of the same database are not the demo's to touch.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql(f"VACUUM (ANALYZE) {', '.join((*TABLES, 'accionpendiente'))}")


def _populate_all(engine: Engine, catalog: Catalog, *, n: int, today: date, seed: int, progress, processes: int) -> int:
    if processes == 1:
        made = _populate_part(engine, catalog, n=n, today=today, seed=seed, progress=progress)
    else:
        # Each process generates a chunk while another one writes: generation is Python work and
        # writing is SQLite work, so two processes keep both cores busy. Below PARALLEL_FROM the
        # single process keeps the data reproducible for a given seed.
        url = engine.url.render_as_string(hide_password=False)
        parts = [n // processes + (1 if i < n % processes else 0) for i in range(processes)]
        context = multiprocessing.get_context("spawn")
        with context.Pool(processes) as pool:
            made = sum(pool.starmap(_populate_in_process, [(url, part, today, seed + i) for i, part in enumerate(parts)]))
        if progress:
            progress(made, n)
    return made


def _populate_in_process(url: str, n: int, today: date, seed: int) -> int:
    from services.database import make_engine

    # The two writers take turns by design and each chunk also fills the search index (models/search_index.py):
    # on a busy machine one chunk can outlast the desk's 30 s wait, which would end the run half written.
    engine = make_engine(url, busy_timeout_ms=DEMO_BUSY_TIMEOUT_MS)
    try:
        return _populate_part(engine, ensure_catalogs(engine, today), n=n, today=today, seed=seed, progress=None)
    finally:
        engine.dispose()


def _populate_part(engine: Engine, catalog: Catalog, *, n: int, today: date, seed: int, progress) -> int:
    with write_session(engine) as session:
        calendar, terms = load_calendar(session), load_terms(session)
    days = BusinessDays(calendar, today - timedelta(days=400), today + timedelta(days=200))
    generator = Generator(random.Random(seed), catalog, days, terms, today)
    made = 0
    while made < n:
        size = min(_CHUNK, n - made)
        # A chunk is a few hundred thousand fresh dicts: full collections in the middle of it would walk them all
        # again and again to find no cycle. The collector runs between chunks.
        with paused_collection():
            petitions, tables = _generate_chunk(generator, size)
            with write_session(engine) as session:
                store_chunk(session, catalog.unidad, petitions, tables)
        made += size
        if progress:
            progress(made, n)
    return made


def _generate_chunk(generator: Generator, size: int) -> tuple[list[dict], dict[str, list[dict]]]:
    """Simulate a chunk of petitions with provisional ids counted from 1, without touching the database."""
    generator.next_ids.clear()
    petitions = generator.petitions(size)
    petitions.sort(key=lambda p: p["recibida_en"])
    for row in petitions:
        row["id"] = generator.new_id("peticion")
    return petitions, generator.related(petitions)
