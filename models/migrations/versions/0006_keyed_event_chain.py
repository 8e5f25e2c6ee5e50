"""keyed event chain, personal data apart from events, report anchors

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 10:00:00.000000
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('evento', schema=None) as batch_op:
        # Events already written keep their unkeyed digest (version 1) and go on verifying as such.
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('origen', sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=''))
    with op.batch_alter_table('cadenaeventos', schema=None) as batch_op:
        batch_op.add_column(sa.Column('eventos', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('sello', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False,
                                      server_default=''))
    with op.batch_alter_table('reportemensual', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ancla_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('ancla_eventos', sa.Integer(), nullable=False, server_default='0'))
    op.create_table('eventodato',
    sa.Column('evento_id', sa.Integer(), nullable=False),
    sa.Column('peticion_id', sa.Integer(), nullable=True),
    sa.Column('sal', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('texto', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['evento_id'], ['evento.id'], ),
    sa.ForeignKeyConstraint(['peticion_id'], ['peticion.id'], ),
    sa.PrimaryKeyConstraint('evento_id')
    )
    with op.batch_alter_table('eventodato', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_eventodato_peticion_id'), ['peticion_id'], unique=False)
    _seal_existing_heads()


def _seal_existing_heads() -> None:
    # A head left unsealed would let anyone replace its whole chain with a recomputed unkeyed one, so every
    # existing chain is counted and sealed now; the key is created here when the database already has events.
    from models.audit import head_seal

    connection = op.get_bind()
    counts: dict[int, int] = dict(connection.execute(sa.text(
        "SELECT COALESCE(unidad_id, 0), COUNT(*) FROM evento GROUP BY COALESCE(unidad_id, 0)")).all())
    heads = connection.execute(sa.text("SELECT cadena, ultimo_id, ultimo_hash FROM cadenaeventos")).all()
    if not heads:
        return
    from services.audit_key import chain_key_bytes

    secret = chain_key_bytes()
    connection.execute(sa.text("UPDATE cadenaeventos SET eventos = :n, sello = :s WHERE cadena = :c"), [
        {"c": cadena, "n": counts.get(cadena, 0),
         "s": head_seal(secret, cadena=cadena, ultimo_id=ultimo_id, ultimo_hash=ultimo_hash,
                        eventos=counts.get(cadena, 0))}
        for cadena, ultimo_id, ultimo_hash in heads])


def downgrade() -> None:
    with op.batch_alter_table('eventodato', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_eventodato_peticion_id'))
    op.drop_table('eventodato')
    with op.batch_alter_table('reportemensual', schema=None) as batch_op:
        batch_op.drop_column('ancla_eventos')
        batch_op.drop_column('ancla_hash')
    with op.batch_alter_table('cadenaeventos', schema=None) as batch_op:
        batch_op.drop_column('sello')
        batch_op.drop_column('eventos')
    with op.batch_alter_table('evento', schema=None) as batch_op:
        batch_op.drop_column('origen')
        batch_op.drop_column('version')
