"""Running one service call in its own transaction, retrying when the database is busy or the connection drops."""

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from services.database import read_session, write_session
from services.errors import DomainError

T = TypeVar("T")
log = logging.getLogger("moad.transactions")
RETRIES = 4


class DatabaseUnavailable(DomainError):
    """The database stayed busy or unreachable after the retries."""


def _transient(error: DBAPIError) -> bool:
    text = str(error.orig).lower() if error.orig else str(error).lower()
    return error.connection_invalidated or any(
        marker in text for marker in ("database is locked", "database is busy", "connection", "server closed",
                                      "terminating connection", "could not connect"))


def _run(opener, engine: Engine, fn: Callable[..., T], kwargs: dict) -> T:
    for attempt in range(RETRIES):
        try:
            with opener(engine) as session:
                return fn(session=session, **kwargs)
        except (OperationalError, DBAPIError) as error:
            if not _transient(error):
                raise
            log.warning("base de datos ocupada o sin conexión (intento %d de %d)", attempt + 1, RETRIES)
            time.sleep(0.2 * 2**attempt)
    raise DatabaseUnavailable("La base de datos está ocupada o sin conexión; no se guardó nada. "
                              "Lo que escribió sigue en pantalla: intente de nuevo en un momento.")


def run_write(engine: Engine, fn: Callable[..., T], /, **kwargs) -> T:
    """Call fn(session=..., **kwargs) in one write transaction and commit it."""
    return _run(write_session, engine, fn, kwargs)


def run_read(engine: Engine, fn: Callable[..., T], /, **kwargs) -> T:
    """Call fn(session=..., **kwargs) in a read-only session."""
    return _run(read_session, engine, fn, kwargs)
