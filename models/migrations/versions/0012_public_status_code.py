"""The consultation code printed on the acuse, for the petitioners' status page

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 13:00:00.000000

Existing petitions get their code when their acuse is next printed: an acuse already handed over has none to match.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('peticion', sa.Column('clave_consulta', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False,
                                        server_default=''))


def downgrade() -> None:
    # A plain DROP COLUMN, not batch mode: recreating peticion on SQLite would break every row that refers to it.
    op.drop_column('peticion', 'clave_consulta')
