"""Engine construction, SQLite pragmas, write transactions and schema upgrades through Alembic."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session

import models  # noqa: F401  (registers every table on the metadata)
from services.db_errors import translated
from services.errors import InvalidInput
from services.schema_peek import HEAD_REVISION, SQLITE_COMPANIONS

SQLITE_BUSY_TIMEOUT_MS = 30_000
# The desk's durability settings on every SQLite connection (the benchmarks' raw baseline takes the same).
SQLITE_PRAGMAS = ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON")
_WRITE_OPTION = "moad_write"


def make_engine(url: str, *, busy_timeout_ms: int | None = None) -> Engine:
    """Create an engine for a SQLite or PostgreSQL URL with the desk's durability settings."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database, busy_timeout_ms or SQLITE_BUSY_TIMEOUT_MS)
    # pre_ping replaces a connection the server dropped before it is handed to a session.
    return create_engine(url, pool_pre_ping=True, future=True, hide_parameters=True)


def database_files(url: str) -> list[Path]:
    """The files that hold a SQLite database (the file and its -wal, -shm and -journal); none for a server."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database is None or not _on_disk(parsed.database):
        return []
    path = Path(parsed.database).expanduser()
    return [path, *(Path(f"{path}{suffix}") for suffix in SQLITE_COMPANIONS)]


def _on_disk(database: str | None) -> bool:
    return bool(database) and database != ":memory:" and not str(database).startswith("file:")


def _prepare_sqlite_file(path: Path) -> None:
    """Create the database file 0600 before SQLite does, so its -wal, -shm and -journal (which SQLite creates with
    the database file's own mode) are 0600 too; tighten files an older version left readable by others."""
    from services.private_files import create_private, make_parents, private_dir, tighten
    from services.settings import get_settings

    if path.parent.resolve() == get_settings().data_dir.expanduser().resolve():
        private_dir(path.parent)
    else:
        make_parents(path)
    create_private(path)
    tighten(Path(f"{path}{suffix}") for suffix in SQLITE_COMPANIONS)


def _sqlite_engine(url: str, database: str | None, busy_timeout_ms: int) -> Engine:
    if database is not None and _on_disk(database):
        _prepare_sqlite_file(Path(database).expanduser())
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


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session in one write transaction, committed on success and rolled back on error."""
    # Locks stay as they are for the retry loop in services.transactions; read-only, full and corrupt
    # databases become a Spanish message here, for the screens and the commands alike.
    with Session(engine, expire_on_commit=False) as session, translated(locks=False):
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
    with translated(locks=False), Session(engine, expire_on_commit=False) as session:
        yield session


def current_revision(engine: Engine) -> str | None:
    """The schema revision recorded in the database, or None for an empty database."""
    with engine.connect() as connection:
        has_table = engine.dialect.has_table(connection, "alembic_version")
        if not has_table:
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _migrations() -> Path:
    return Path(__file__).resolve().parent.parent / "models" / "migrations"


def known_revisions() -> set[str]:
    """Every schema revision this program's migrations know, the newest (HEAD_REVISION) included."""
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory(str(_migrations())).walk_revisions()}


def check_known(revision: str | None, where: str) -> None:
    """Refuse a schema newer than this program knows, which it would misread or damage."""
    if revision is not None and revision != HEAD_REVISION and revision not in known_revisions():
        raise InvalidInput(f"{where} tiene el esquema {revision}, más reciente que el que conoce este programa "
                           f"({HEAD_REVISION}); actualice MOAD Desk primero. No se cambió nada.")


def upgrade(engine: Engine) -> str | None:
    """Bring the schema to the newest revision; returns the old revision when it changed, else None."""
    before = current_revision(engine)
    if before == HEAD_REVISION:
        return None
    check_known(before, "La base de datos")
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_migrations()))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return before or "vacía"


def open_database(url: str, announce=None) -> Engine:
    """Create the engine for url and upgrade its schema, announcing an upgrade through announce."""
    with translated():
        engine = make_engine(url)
        try:
            old = upgrade(engine)
        except BaseException:
            engine.dispose()
            raise
    if old is not None and announce is not None:
        if old == "vacía":
            announce("Base de datos creada con el esquema más reciente.")
        else:
            announce(f"Base de datos actualizada del esquema {old} al {HEAD_REVISION}.")
    return engine


# Imported last: it keeps the escalation list (services.pending_store) with every commit of every session.
from services import pending_store  # noqa: E402,F401
