"""A big demo loads an empty database without its secondary indexes and builds them after: the same indexes at the end,
a desk's own petitions never left without them, and a load cut short healed by the next demo."""

import pytest
from sqlalchemy import inspect, text

from services.database import write_session
from services.demo import populate
from services.demo.deferred_indexes import TABLES, built_after, secondary_indexes
from tests.conftest import DEFAULT_NOW


def _indexes(engine) -> dict[str, tuple]:
    with engine.connect() as connection:
        inspector = inspect(connection)
        return {index["name"]: (table, tuple(index["column_names"]), bool(index["unique"]))
                for table in TABLES for index in inspector.get_indexes(table)}


def test_a_deferred_load_ends_with_every_index_the_schema_has(engine):
    before = _indexes(engine)
    deferred = {str(index.name) for index in secondary_indexes()}
    assert len(deferred) >= 15 and deferred <= {name for name, (_, _, unique) in before.items() if not unique}
    populate(engine, n=120, today=DEFAULT_NOW.date(), defer_indexes=True)
    assert _indexes(engine) == before
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM peticion")).scalar() == 120


def test_the_indexes_are_missing_only_during_a_load_into_an_empty_database(engine):
    names = {str(index.name) for index in secondary_indexes()}
    with built_after(engine, defer=True):
        assert not names & set(_indexes(engine))
    assert names <= set(_indexes(engine))
    populate(engine, n=5, today=DEFAULT_NOW.date())
    with built_after(engine, defer=True):
        assert names <= set(_indexes(engine)), "a database with petitions keeps its indexes"


def test_a_failed_load_builds_them_back(engine):
    with pytest.raises(RuntimeError), built_after(engine, defer=True):
        raise RuntimeError("corte")
    assert {str(index.name) for index in secondary_indexes()} <= set(_indexes(engine))


def test_a_load_killed_halfway_is_healed_by_the_next_demo(engine):
    victim = secondary_indexes()[0]
    with write_session(engine) as session:
        victim.drop(session.connection())
    assert victim.name not in _indexes(engine)
    populate(engine, n=5, today=DEFAULT_NOW.date())
    assert victim.name in _indexes(engine)


def test_a_demo_on_postgresql_leaves_the_visibility_map_and_statistics(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("solo PostgreSQL: en SQLite las consultas de F4 están escritas para no depender de estadísticas")
    populate(engine, n=300, today=DEFAULT_NOW.date())
    with engine.connect() as connection:
        # A table never vacuumed nor analysed has reltuples -1 (PostgreSQL 14+); VACUUM (ANALYZE) sets it at once.
        # Whether it could also mark the pages all-visible depends on other sessions' snapshots (the parallel tests'),
        # so that is not asserted. Only this schema's tables are touched (current_schema()).
        rows = dict(connection.execute(text(
            "SELECT c.relname, c.reltuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relname IN ('peticion', 'evento', 'accionpendiente')")).all())
    assert set(rows) == {"peticion", "evento", "accionpendiente"} and all(count > 0 for count in rows.values()), rows
