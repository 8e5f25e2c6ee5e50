"""Bulk writes of plain rows (the demo and the importer): ids reserved up front, then executemany or PostgreSQL's COPY."""

import operator
from datetime import UTC, datetime

from sqlalchemy import Table, text
from sqlalchemy.orm import Session

from models.types import UTCDateTime


def reserve_ids(session: Session, table: str, count: int) -> list[int]:
    """Ids for `count` new rows of table, free for the rest of this write transaction."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # Sequences hand out numbers to concurrent writers without waiting; they may interleave, hence a list.
        return list(connection.execute(text(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) "
                                            "FROM generate_series(1, :n)"), {"n": count}).scalars())
    # SQLite: the write transaction (BEGIN IMMEDIATE) holds the only write lock, so nobody else takes these.
    top = int(connection.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {table}").scalar() or 0)
    return list(range(top + 1, top + 1 + count))


def insert_rows(session: Session, table: str, rows: list[dict]) -> None:
    """Insert rows (dicts with the same keys, values as the driver stores them) with as few round trips as possible."""
    if not rows:
        return
    columns = list(rows[0])
    connection = session.connection()
    getter = operator.itemgetter(*columns)
    values = getter if len(columns) > 1 else (lambda row: (getter(row),))
    if connection.dialect.name == "postgresql":
        raw = connection.connection.driver_connection
        assert raw is not None, "a connection in use has its driver's connection"
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(values(row))
        return
    statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    connection.exec_driver_sql(statement, [values(row) for row in rows])


def as_stored(table: Table, rows: list[dict]) -> None:
    """Give rows what the ORM would add before a raw write: the columns' scalar defaults and moments as naive UTC."""
    defaults = {c.name: c.default.arg for c in table.columns  # type: ignore[attr-defined]
                if c.default is not None and c.default.is_scalar and c.name not in rows[0]} if rows else {}
    moments = [c.name for c in table.columns if isinstance(c.type, UTCDateTime)]
    for row in rows:
        for name, value in defaults.items():
            row.setdefault(name, value)
        for name in moments:
            moment = row.get(name)
            if moment is not None:
                row[name] = naive_utc(moment)


def naive_utc(moment: datetime) -> datetime:
    """A moment as naive UTC, which is how UTCDateTime stores it."""
    if moment.tzinfo is None:
        raise ValueError("se requiere una fecha y hora con zona horaria")
    return moment.astimezone(UTC).replace(tzinfo=None)
