"""The secondary indexes of the tables a demo fills, dropped before a big load into an empty database and built after."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Index, inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from services.database import write_session

# The tables a demo chunk writes; a unique index stays, since it is what refuses a repeated folio.
TABLES = ("peticion", "evento", "canalizacion", "recordatorio", "respuesta", "notificacion")


def secondary_indexes() -> list[Index]:
    """The non-unique indexes of the tables the demo fills, as the models declare them."""
    return sorted((index for name in TABLES for index in SQLModel.metadata.tables[name].indexes if not index.unique),
                  key=lambda index: str(index.name))


@contextmanager
def built_after(engine: Engine, *, defer: bool) -> Iterator[None]:
    """Around a load: when defer is asked and no petition exists yet, load without those indexes and build them at the end.

    Building an index once over sorted data costs a fraction of keeping it row by row (bench/demo_floor.py); on a
    database that already holds petitions the indexes stay, so a desk's own data is never left without them."""
    restore(engine)
    with write_session(engine) as session:
        empty = session.execute(text("SELECT NOT EXISTS (SELECT 1 FROM peticion)")).scalar()
        dropped = bool(defer and empty)
        if dropped:
            for index in secondary_indexes():
                index.drop(session.connection())
    try:
        yield
    finally:
        if dropped:
            restore(engine)


def restore(engine: Engine) -> None:
    """Create whichever of those indexes is missing (a load cut short by a kill leaves them dropped)."""
    with write_session(engine) as session:
        connection = session.connection()
        inspector = inspect(connection)
        present = {index["name"] for table in TABLES for index in inspector.get_indexes(table)}
        for index in secondary_indexes():
            if index.name not in present:
                index.create(connection)
