"""A read-only, locked, full or corrupt database says so in Spanish, at start-up and during work, never «error inesperado»."""

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from cli.main import main
from models import Peticion
from services import database
from services.database import make_engine, open_database, read_session, write_session
from services.db_errors import (
    CORRUPT,
    FULL,
    LOCKED,
    READ_ONLY,
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseReadOnly,
    DiskFull,
    explain,
    integrity_check,
)
from services.intake import register
from tests.conftest import make_desk, mx
from tests.factories import FULL as PETITION

SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
POSTGRES_ONLY = pytest.mark.parametrize("db_url", ["postgres"], indirect=True)


def _register(engine, desk, day=13):
    with write_session(engine) as session:
        return register(session=session, actor=desk.oficial, unidad=desk.unidad, data=PETITION, now=mx(2026, 11, day, 10))


def _count(engine) -> int:
    with read_session(engine) as session:
        return session.execute(select(func.count()).select_from(Peticion)).scalar()


def _read_only_url(path) -> str:
    return f"sqlite:///file:{path}?mode=ro&uri=true"


def _corrupt(path: Path) -> None:
    """Overwrite every page after the first two with noise, as a failing disk or a stray write would."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for offset in range(2 * page, len(data), 97):
        data[offset] = (data[offset] + 89) % 256
    path.write_bytes(bytes(data))


def _run(capsys, *argv) -> tuple[int, list[str]]:
    status = main(list(argv))
    lines = [line for line in capsys.readouterr().err.splitlines() if not line.startswith("Base de datos")]
    return status, lines


@SQLITE_ONLY
def test_read_only_database_refuses_writes_in_spanish_and_still_reads(desk, tmp_path):
    _register(desk.engine, desk)
    desk.engine.dispose()
    engine = make_engine(_read_only_url(desk.engine.url.database))
    assert _count(engine) == 1
    with pytest.raises(DatabaseReadOnly) as refused:
        _register(engine, desk, day=16)
    assert str(refused.value) == READ_ONLY
    engine.dispose()


@POSTGRES_ONLY
def test_read_only_postgres_session_refuses_writes_in_spanish(desk, db_url):
    read_only = make_engine(db_url.replace("options=", "options=-cdefault_transaction_read_only%3Don%20"))
    with pytest.raises(DatabaseReadOnly, match="solo lectura"):
        _register(read_only, desk)
    read_only.dispose()


@SQLITE_ONLY
def test_a_full_database_says_so_and_keeps_what_was_saved(desk):
    _register(desk.engine, desk)
    full = make_engine(str(desk.engine.url))
    pages = desk.engine.connect().exec_driver_sql("PRAGMA page_count").scalar()

    @event.listens_for(full, "connect")
    def _no_room(dbapi_connection, _record):
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    with pytest.raises(DiskFull) as refused, write_session(full) as session:
        for _day in range(200):
            register(session=session, actor=desk.oficial, unidad=desk.unidad,
                     data={**PETITION, "descripcion": "x" * 4000}, now=mx(2026, 11, 16, 10))
    assert str(refused.value) == FULL
    assert _count(desk.engine) == 1
    full.dispose()


@SQLITE_ONLY
def test_a_corrupt_database_says_so_during_work_and_in_the_integrity_check(desk):
    for day in (13, 16, 17):
        _register(desk.engine, desk, day)
    assert integrity_check(desk.engine) == []
    desk.engine.dispose()
    path = Path(desk.engine.url.database)
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _corrupt(path)
    engine = make_engine(str(desk.engine.url))
    problems = integrity_check(engine)
    assert problems and all(isinstance(problem, str) for problem in problems)
    with pytest.raises(DatabaseCorrupt) as refused:
        _register(engine, desk, day=18)
    assert str(refused.value) == CORRUPT
    engine.dispose()


def test_integrity_check_of_a_sound_database_is_empty(engine):
    make_desk(engine)
    assert integrity_check(engine) == []


def test_start_up_on_a_file_that_is_not_a_database(tmp_path, capsys):
    bogus = tmp_path / "moad.sqlite3"
    bogus.write_bytes(b"no soy una base de datos " * 400)
    status, lines = _run(capsys, "vencimiento", "2026-11-13", "3", "--db", f"sqlite:///{bogus}")
    assert (status, lines) == (2, [f"moad: {CORRUPT}"])
    with pytest.raises(DatabaseCorrupt):
        open_database(f"sqlite:///{bogus}")


def test_start_up_on_a_read_only_database_that_needs_its_schema(tmp_path, capsys):
    empty = tmp_path / "moad.sqlite3"
    sqlite3.connect(empty).close()
    status, lines = _run(capsys, "vencimiento", "2026-11-13", "3", "--db", _read_only_url(empty))
    assert (status, lines) == (2, [f"moad: {READ_ONLY}"])


def test_start_up_while_another_process_holds_the_database(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(database, "SQLITE_BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "moad.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        status, lines = _run(capsys, "vencimiento", "2026-11-13", "3", "--db", f"sqlite:///{path}")
    finally:
        holder.close()
    assert (status, lines) == (2, [f"moad: {LOCKED}"])


def test_a_command_kept_waiting_by_another_process_says_so(tmp_path, capsys, monkeypatch):
    url = f"sqlite:///{tmp_path / 'moad.sqlite3'}"
    open_database(url).dispose()
    monkeypatch.setattr(database, "SQLITE_BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(tmp_path / "moad.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        status, lines = _run(capsys, "demo", "--peticiones", "0", "--db", url)
    finally:
        holder.close()
    assert (status, lines) == (2, [f"moad: {LOCKED}"])


def test_explain_names_each_kind_and_leaves_other_errors_alone(tmp_path):
    assert explain(sqlite3.OperationalError("database is locked")) == LOCKED
    assert explain(sqlite3.OperationalError("attempt to write a readonly database")) == READ_ONLY
    assert explain(sqlite3.OperationalError("database or disk is full")) == FULL
    assert explain(sqlite3.DatabaseError("database disk image is malformed")) == CORRUPT
    assert explain(OSError(28, "No space left on device")) == FULL
    assert explain(ValueError("database is locked")) is None
    assert explain(KeyError("x")) is None
    assert isinstance(DatabaseLocked(LOCKED), Exception)
