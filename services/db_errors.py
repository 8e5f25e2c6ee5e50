"""A database (or disk) that is read-only, locked, full, corrupt or unreachable, told in Spanish instead of a traceback."""

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from services.errors import DomainError


class StorageError(DomainError):
    """The database or the disk cannot do what was asked; the message says what happened and what to do."""


class DatabaseReadOnly(StorageError):
    """The database (or the folder it lives in) cannot be written."""


class DatabaseLocked(StorageError):
    """Another desk or process held the database for longer than the program waits."""


class DiskFull(StorageError):
    """The disk (or the database's size limit) has no room for what was being written."""


class DatabaseCorrupt(StorageError):
    """The database file is damaged or is not a database."""


class DatabaseUnreachable(StorageError):
    """The database file cannot be opened or the server does not answer."""


READ_ONLY = ("La base de datos está en modo de solo lectura (revise los permisos del archivo, de su carpeta o del "
             "disco); no se guardó nada.")
LOCKED = ("La base de datos sigue ocupada por otra mesa o proceso después de esperar; no se guardó nada. "
          "Intente de nuevo en un momento.")
FULL = ("El disco está lleno (o la base de datos llegó a su tamaño máximo); no se guardó nada. Libere espacio y "
        "repita la operación.")
CORRUPT = ("La base de datos está dañada; no se modificó nada. Conserve el archivo como está y restaure el "
           "último respaldo con «moad restaurar» o pida apoyo técnico.")
UNREACHABLE = ("No se puede abrir la base de datos: revise que el archivo (o el servidor) exista y que la cuenta "
               "de la mesa tenga acceso.")

# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_CODES: dict[int, type[StorageError]] = {5: DatabaseLocked, 6: DatabaseLocked, 8: DatabaseReadOnly, 11: DatabaseCorrupt,
                                                13: DiskFull, 14: DatabaseUnreachable, 26: DatabaseCorrupt}
# SQLite's messages, for errors raised without a code (and its codes' usual wording).
_SQLITE_MESSAGES: tuple[tuple[str, type[StorageError]], ...] = (
    ("readonly database", DatabaseReadOnly), ("read-only", DatabaseReadOnly),
    ("database is locked", DatabaseLocked), ("database table is locked", DatabaseLocked),
    ("database is busy", DatabaseLocked),
    ("database or disk is full", DiskFull), ("no space left", DiskFull),
    ("disk image is malformed", DatabaseCorrupt), ("file is not a database", DatabaseCorrupt),
    ("unable to open database", DatabaseUnreachable),
)
# PostgreSQL SQLSTATEs: exact codes first, then classes.
_PG_STATES: dict[str, type[StorageError]] = {"25006": DatabaseReadOnly, "55P03": DatabaseLocked, "57014": DatabaseLocked,
                                             "40P01": DatabaseLocked, "53100": DiskFull, "XX001": DatabaseCorrupt,
                                             "XX002": DatabaseCorrupt}
_PG_CLASSES: dict[str, type[StorageError]] = {"08": DatabaseUnreachable, "53": DiskFull, "57P": DatabaseUnreachable}
_MESSAGES = {DatabaseReadOnly: READ_ONLY, DatabaseLocked: LOCKED, DiskFull: FULL, DatabaseCorrupt: CORRUPT,
             DatabaseUnreachable: UNREACHABLE}


def classify(error: BaseException) -> StorageError | None:
    """The Spanish StorageError an error from the database or the disk amounts to, or None for any other error."""
    if isinstance(error, StorageError):
        return error
    kind = _kind(error)
    return kind(_MESSAGES[kind]) if kind is not None else None


def explain(error: BaseException) -> str | None:
    """One Spanish line for a read-only, locked, full, corrupt or unreachable database, or None for other errors."""
    found = classify(error)
    return str(found) if found is not None else None


@contextmanager
def translated(*, locks: bool = True) -> Iterator[None]:
    """Re-raise storage errors as their Spanish StorageError; locks=False leaves lock errors for a retry loop."""
    try:
        yield
    except Exception as error:
        found = classify(error)
        if found is None or found is error or (not locks and isinstance(found, DatabaseLocked)):
            raise
        raise found from error


def integrity_check(engine: Engine) -> list[str]:
    """The problems found reading the whole database (SQLite's integrity_check; every table on PostgreSQL), [] if none."""
    try:
        if engine.dialect.name == "sqlite":
            with engine.connect() as connection:
                rows = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check").all()]
            return [] if rows == ["ok"] else rows
        problems = []
        with engine.connect() as connection:
            # Counting reads every page of every table, so a damaged page shows up as an error here.
            for table in inspect(connection).get_table_names():
                try:
                    connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar()
                except Exception as error:  # noqa: BLE001
                    # Last resort: any error reading a table is a problem to list, not a reason to stop at it.
                    connection.rollback()
                    problems.append(f"{table}: {explain(error) or type(error).__name__}")
        return problems
    except Exception as error:
        found = classify(error)
        if found is None or isinstance(found, (DatabaseLocked, DatabaseUnreachable)):
            raise
        return [str(found)]


def _kind(error: BaseException) -> type[StorageError] | None:
    for cause in _causes(error):
        if isinstance(cause, OSError):
            if cause.errno in (errno.ENOSPC, errno.EDQUOT):
                return DiskFull
            if cause.errno == errno.EROFS:
                return DatabaseReadOnly
            continue
        if isinstance(cause, sqlite3.Error):
            code = getattr(cause, "sqlite_errorcode", None)
            if code is not None and code & 0xFF in _SQLITE_CODES:
                return _SQLITE_CODES[code & 0xFF]
            message = str(cause).lower()
            for fragment, kind in _SQLITE_MESSAGES:
                if fragment in message:
                    return kind
            continue
        state = getattr(cause, "sqlstate", None)
        if isinstance(state, str):
            if state in _PG_STATES:
                return _PG_STATES[state]
            for prefix, kind in _PG_CLASSES.items():
                if state.startswith(prefix):
                    return kind
            continue
        if type(cause).__module__.startswith("psycopg") and type(cause).__name__ == "OperationalError":
            # A connection that failed before the server said anything carries no SQLSTATE.
            return DatabaseUnreachable
    return None


def _causes(error: BaseException) -> Iterator[BaseException]:
    seen = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        yield cause
        cause = getattr(cause, "orig", None) or cause.__cause__
