"""Engine construction, SQLite pragmas, write transactions and schema upgrades through Alembic."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy import create_engine

import models  # noqa: F401  (registers every table on the metadata)
from models.migrations import HEAD_REVISION

SQLITE_BUSY_TIMEOUT_MS = 30_000
# The desk's durability settings on every SQLite connection (the benchmarks' raw baseline takes the same).
SQLITE_PRAGMAS = ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON")
_WRITE_OPTION = "moad_write"


def make_engine(url: str, *, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> Engine:
    """Create an engine for a SQLite or PostgreSQL URL with the desk's durability settings."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database, busy_timeout_ms)
    # pre_ping replaces a connection the server dropped before it is handed to a session.
    return create_engine(url, pool_pre_ping=True, future=True, hide_parameters=True)


def _sqlite_engine(url: str, database: str | None, busy_timeout_ms: int) -> Engine:
    if database and database != ":memory:":
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url, connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000}, hide_parameters=True
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Transactions are begun by hand below so that writers can take the lock up front.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (*SQLITE_PRAGMAS, f"busy_timeout={busy_timeout_ms}"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # A writer that starts deferred and reads first can fail without waiting when another
        # writer commits in between; BEGIN IMMEDIATE makes it queue on the busy timeout instead.
        immediate = connection.get_execution_options().get(_WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory whose objects stay readable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session in one write transaction, committed on success and rolled back on error."""
    with Session(engine, expire_on_commit=False) as session:
        session.connection(execution_options={_WRITE_OPTION: True})
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for reading only; nothing it does is committed."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


def current_revision(engine: Engine) -> str | None:
    """The schema revision recorded in the database, or None for an empty database."""
    with engine.connect() as connection:
        has_table = engine.dialect.has_table(connection, "alembic_version")
        if not has_table:
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> str | None:
    """Bring the schema to the newest revision; returns the old revision when it changed, else None."""
    before = current_revision(engine)
    if before == HEAD_REVISION:
        return None
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).resolve().parent.parent / "models" / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return before or "vacía"


def open_database(url: str, announce=None) -> Engine:
    """Create the engine for url and upgrade its schema, announcing an upgrade through announce."""
    engine = make_engine(url)
    old = upgrade(engine)
    if old is not None and announce is not None:
        if old == "vacía":
            announce("Base de datos creada con el esquema más reciente.")
        else:
            announce(f"Base de datos actualizada del esquema {old} al {HEAD_REVISION}.")
    return engine
