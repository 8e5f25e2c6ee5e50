"""Alembic migrations; HEAD_REVISION lets start-up skip loading Alembic when the schema is current."""

HEAD_REVISION = "0017"
