"""A look at a SQLite database with the standard library alone: is its schema current, does it still need set-up."""

import sqlite3
from pathlib import Path

from services.private_files import tighten

# The newest revision in models/migrations/versions: a database at it is opened without loading Alembic (a test checks
# it against Alembic's own head; it lives here because importing anything under models/ loads every table).
HEAD_REVISION = "0019"

_PREFIX = "sqlite:///"
# The same wait as services.database's engine: another desk writing must not make the start-up fail.
_BUSY_TIMEOUT_S = 30
# SQLite's companions of a database file: they hold the same data, so they are as private as the file.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def sqlite_file(url: str) -> Path | None:
    """The existing file a plain `sqlite:///path` URL names; None for anything else (a server, memory, options)."""
    if not url.startswith(_PREFIX):
        return None
    database = url.removeprefix(_PREFIX)
    # Options, escapes, a home folder or a URI are left to SQLAlchemy, which reads them its own way.
    if not database or any(mark in database for mark in "?%~") or database.startswith(("file:", ":memory:")):
        return None
    path = Path(database)
    return path if path.is_file() else None


def needs_setup_if_current(url: str) -> bool | None:
    """Whether the database has no unit or no user yet, when it is a SQLite file at HEAD_REVISION; else None, and the
    desk opens it the full way (creating, upgrading or refusing it, with SQLAlchemy and Alembic)."""
    path = sqlite_file(url)
    if path is None:
        return None
    # A file an older version left readable by others is tightened before SQLite makes its -wal and -shm like it.
    tighten([path, *(Path(f"{path}{suffix}") for suffix in SQLITE_COMPANIONS)])
    try:
        connection = sqlite3.connect(path, timeout=_BUSY_TIMEOUT_S)
    except sqlite3.Error:
        return None
    try:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        if revision is None or revision[0] != HEAD_REVISION:
            return None
        # The same question as services.setup.needs_setup, asked without loading the models.
        units, users = connection.execute(
            "SELECT EXISTS (SELECT 1 FROM unidad), EXISTS (SELECT 1 FROM usuario)").fetchone()
        return not units or not users
    except sqlite3.Error:
        return None
    finally:
        connection.close()
