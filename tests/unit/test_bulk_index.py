"""The SQLite text index filled at the end of a bulk write (demo, import) ends as the per-row trigger would leave it."""

import pytest
from sqlalchemy import text

from models.search_index import FTS_TABLE, indexed_at_end
from services.calendar import local_date, now_utc
from services.database import open_database, write_session
from services.demo import populate
from tests.factories import register_full


def _triggers(engine) -> list[tuple[str, str]]:
    with engine.connect() as connection:
        return connection.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE :p "
                                       "ORDER BY name"), {"p": f"{FTS_TABLE}%"}).all()


def _index_matches_petitions(engine) -> None:
    # With rank 1, FTS5's integrity check also compares the index with every row of the content table.
    with engine.connect() as connection:
        connection.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")


def test_demo_leaves_the_index_whole_and_the_triggers_as_they_were(sqlite_url):
    engine = open_database(sqlite_url)
    before = _triggers(engine)
    populate(engine, n=300, today=local_date(now_utc()))
    assert _triggers(engine) == before and len(before) == 3
    _index_matches_petitions(engine)
    with engine.connect() as connection:
        found = connection.exec_driver_sql(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH 'medicamento'")
        assert found.scalar() > 0
    engine.dispose()


def test_a_failed_bulk_write_puts_the_trigger_back(desk):
    if desk.engine.dialect.name != "sqlite":
        pytest.skip("el índice de texto con disparadores es solo de SQLite")
    before = _triggers(desk.engine)
    with pytest.raises(RuntimeError), write_session(desk.engine) as session, indexed_at_end(session.connection()):
        raise RuntimeError("falla a mitad de la carga")
    assert _triggers(desk.engine) == before
    # A petition registered one by one afterwards is indexed by the trigger again.
    register_full(desk, nombre="Eréndira", descripcion="Sin cita desde marzo.")
    _index_matches_petitions(desk.engine)
    with desk.engine.connect() as connection:
        assert connection.exec_driver_sql(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH 'erendira'").scalar() == 1
