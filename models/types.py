"""Column types shared by the tables."""

from datetime import UTC, datetime

from sqlalchemy import Table
from sqlalchemy.types import DateTime, TypeDecorator
from sqlmodel import SQLModel


class UTCDateTime(TypeDecorator):
    """Stores aware datetimes as naive UTC and gives them back aware, on SQLite and PostgreSQL alike."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("se requiere una fecha y hora con zona horaria")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def table_of(model: type[SQLModel]) -> Table:
    """The Core table behind a table model, for statements built once and run on the connection."""
    # SQLModel sets __table__ on every table=True class but its type stubs do not declare it.
    return model.__table__  # type: ignore[attr-defined]
