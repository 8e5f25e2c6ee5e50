"""A fresh PostgreSQL schema for one test or one benchmark run, dropped afterwards."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def temporary_schema(base: str, prefix: str) -> Iterator[str]:
    """Create a schema named after `prefix`, yield the URL that works in it, then drop it with everything in it."""
    from sqlalchemy import create_engine, text

    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
