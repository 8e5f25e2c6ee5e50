"""Alembic migrations; their newest revision is services.schema_peek.HEAD_REVISION (a test keeps the two equal)."""
