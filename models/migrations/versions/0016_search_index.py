"""Search that finds people: a text index over petitioners' names and descriptions, and partial folios by number

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 12:00:00.000000

SQLite gets an FTS5 table (accents and case ignored) kept by triggers on peticion; PostgreSQL gets GIN indexes on
the accent-folded tsvectors of the same text (see models/search_index.py). A folio typed in part («2982»,
«2026-002982») is found by its consecutive number within the unit.
"""

from alembic import op

from models.search_index import install, uninstall


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_peticion_unidad_consecutivo', 'peticion', ['unidad_id', 'consecutivo'], unique=False)
    install(op.get_bind())


def downgrade() -> None:
    uninstall(op.get_bind())
    op.drop_index('ix_peticion_unidad_consecutivo', table_name='peticion')
