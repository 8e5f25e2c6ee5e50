"""The schema is Alembic's, SQLite runs with the durability pragmas, and start-up upgrades and says so."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

from models.search_index import include_name
from services.database import current_revision, make_engine, open_database
from services.schema_peek import HEAD_REVISION


def test_migrations_match_the_models(engine):
    with engine.connect() as connection:
        # The search index's FTS5 tables are not models (models/search_index.py); everything else must match.
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_upgrade_is_announced_once(db_url):
    said = []
    engine = open_database(db_url, announce=said.append)
    assert current_revision(engine) == HEAD_REVISION
    open_database(db_url, announce=said.append)
    assert said == ["Base de datos creada con el esquema más reciente."]


def test_sqlite_pragmas(sqlite_url):
    engine = open_database(sqlite_url)
    with engine.connect() as connection:
        values = [connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                  for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")]
    assert values == ["wal", 2, 1, 30000]


def test_old_database_is_upgraded(sqlite_url):
    engine = make_engine(sqlite_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
    said = []
    open_database(sqlite_url, announce=said.append)
    assert current_revision(engine) == HEAD_REVISION
    assert said and "esquema" in said[0]
