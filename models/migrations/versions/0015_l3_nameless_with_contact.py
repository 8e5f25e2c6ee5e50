"""L3: a petition with a telephone, e-mail or address but no name is «datos incompletos», not anonymous

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 12:40:00.000000

Until now a petition without a name was stored as anonymous even when it held a way to reach its petitioner. Both
the intake form and the buzón sheet blank the petitioner's fields when the officer ticks «Anónima», so such a row
was never ticked anonymous: it becomes a known petitioner with incomplete data, and F4 asks to contact them.
Petitions whose data were forgotten by retention hold no contact data and are left as they are. The other new L3
reading (an inconformidad naming staff without the servidor público) needs the word list of services.l3 and is
applied when the data are next completed, not here.
"""

from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

_NAMELESS_WITH_CONTACT = sa.text(
    "UPDATE peticion SET anonima = :no, datos_incompletos = :yes "
    "WHERE anonima = :yes AND anonimizada_en IS NULL AND nombre = '' AND primer_apellido = '' "
    "AND (telefono <> '' OR correo <> '' OR calle <> '' OR numero_exterior <> '' OR colonia <> '' "
    "OR codigo_postal <> '')"
).bindparams(sa.bindparam("yes", True, type_=sa.Boolean()), sa.bindparam("no", False, type_=sa.Boolean()))


def upgrade() -> None:
    op.execute(_NAMELESS_WITH_CONTACT)


def downgrade() -> None:
    # Which rows the upgrade corrected is not recorded; the older reading would only hide them from F4 again.
    pass
