"""A locked SQLite file or a dropped PostgreSQL connection becomes a retry, then a Spanish message — never a crash."""

import sqlite3
import threading
import time

import pytest
from sqlalchemy import func, select, text

from models import Peticion
from services import transactions
from services.catalogs.units import get_unit
from services.database import make_engine, open_database
from services.intake import register
from services.transactions import DatabaseUnavailable, run_read, run_write
from tests.conftest import postgres_url
from tests.factories import FULL


def _register_one(*, session, actor):
    return register(session=session, actor=actor, unidad=get_unit(session=session), data=FULL).folio


def _count(*, session):
    return session.execute(select(func.count()).select_from(Peticion)).scalar()


@pytest.fixture
def locked_sqlite(desk, sqlite_url, monkeypatch):
    """A short busy timeout and an outside connection holding the write lock."""
    monkeypatch.setattr(transactions, "RETRIES", 3)
    path = desk.engine.url.database
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    engine = make_engine(str(desk.engine.url), busy_timeout_ms=100)
    yield desk, engine, holder
    engine.dispose()
    holder.close()


SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
POSTGRES_ONLY = pytest.mark.parametrize("db_url", ["postgres"], indirect=True)


@SQLITE_ONLY
def test_locked_database_gives_a_spanish_message(locked_sqlite):
    desk, engine, _ = locked_sqlite
    with pytest.raises(DatabaseUnavailable, match="ocupada o sin conexión; no se guardó nada"):
        run_write(engine, _register_one, actor=desk.oficial)


@SQLITE_ONLY
def test_lock_released_during_retries_succeeds(locked_sqlite):
    desk, engine, holder = locked_sqlite
    threading.Timer(0.3, lambda: holder.execute("ROLLBACK")).start()
    folio = run_write(engine, _register_one, actor=desk.oficial)
    assert folio.endswith("000001")
    assert run_read(engine, _count) == 1


@POSTGRES_ONLY
def test_dropped_postgres_connection_is_replaced(desk):
    assert run_read(desk.engine, _count) == 0
    pooled = run_read(desk.engine, lambda *, session: session.execute(text("SELECT pg_backend_pid()")).scalar())
    admin = open_database(postgres_url())
    with admin.begin() as connection:
        assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pooled}).scalar()
    admin.dispose()
    time.sleep(0.2)
    assert run_write(desk.engine, _register_one, actor=desk.oficial).endswith("000001")
    assert run_read(desk.engine, _count) == 1
