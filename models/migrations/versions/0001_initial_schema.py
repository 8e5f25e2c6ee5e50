"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 23:46:26.000597
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes
import models.types


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('termino',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tipo', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('reloj', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('dias', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tipo', 'reloj')
    )
    op.create_table('unidad',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('clave', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('nombre', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('tipo', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('domicilio', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('lugar', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('director_nombre', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('director_cargo', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('director_telefono', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('clave')
    )
    op.create_table('area',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unidad_id', sa.Integer(), nullable=False),
    sa.Column('nombre', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('enlace_nombre', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('enlace_correo', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('enlace_telefono', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('superior_nombre', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('superior_cargo', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('superior_correo', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('activa', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['unidad_id'], ['unidad.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_area_unidad_id'), ['unidad_id'], unique=False)

    op.create_table('buzon',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unidad_id', sa.Integer(), nullable=False),
    sa.Column('clave', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('ubicacion', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('activo', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['unidad_id'], ['unidad.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('buzon', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_buzon_unidad_id'), ['unidad_id'], unique=False)

    op.create_table('consecutivo',
    sa.Column('unidad_id', sa.Integer(), nullable=False),
    sa.Column('anio', sa.Integer(), nullable=False),
    sa.Column('serie', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('ultimo', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['unidad_id'], ['unidad.id'], ),
    sa.PrimaryKeyConstraint('unidad_id', 'anio', 'serie')
    )
    op.create_table('reportemensual',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unidad_id', sa.Integer(), nullable=False),
    sa.Column('anio', sa.Integer(), nullable=False),
    sa.Column('mes', sa.Integer(), nullable=False),
    sa.Column('generado_en', models.types.UTCDateTime(), nullable=True),
    sa.Column('enviado_en', models.types.UTCDateTime(), nullable=True),
    sa.Column('archivo', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['unidad_id'], ['unidad.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('unidad_id', 'anio', 'mes')
    )
    op.create_table('usuario',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unidad_id', sa.Integer(), nullable=True),
    sa.Column('usuario', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('nombre', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('rol', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('pin_hash', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('activo', sa.Boolean(), nullable=False),
    sa.Column('intentos_fallidos', sa.Integer(), nullable=False),
    sa.Column('bloqueado_hasta', models.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['unidad_id'], ['unidad.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('usuario')
    )
    op.create_table('diainhabil',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fecha', sa.Date(), nullable=False),
    sa.Column('motivo', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('fundamento', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('creado_por', sa.Integer(), nullable=True),
    sa.Column('creado_en', models.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['creado_por'], ['usuario.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('fecha')
    )
    op.create_table('peticion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unidad_id', sa.Integer(), nullable=False),
    sa.Column('folio', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('anio', sa.Integer(), nullable=False),
    sa.Column('consecutivo', sa.Integer(), nullable=False),
    sa.Column('tipo', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('canal', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('recibida_en', models.types.UTCDateTime(), nullable=False),
    sa.Column('descripcion', sa.Text(), nullable=False),
    sa.Column('nombre', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('primer_apellido', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('segundo_apellido', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('curp', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('telefono', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('correo', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('calle', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('numero_exterior', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('numero_interior', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('colonia', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('codigo_postal', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('municipio', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('entidad', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('servidor_publico', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('anonima', sa.Boolean(), nullable=False),
    sa.Column('datos_incompletos', sa.Boolean(), nullable=False),
    sa.Column('aviso_privacidad', sa.Boolean(), nullable=False),
    sa.Column('urgente', sa.Boolean(), nullable=False),
    sa.Column('triage_categoria', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('triage_coincidencias', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('urgencia_alertado_a', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('urgencia_alertado_en', models.types.UTCDateTime(), nullable=True),
    sa.Column('estado', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('reloj', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('reloj_desde', sa.Date(), nullable=True),
    sa.Column('reloj_dias', sa.Integer(), nullable=True),
    sa.Column('vence_en', sa.Date(), nullable=True),
    sa.Column('acuse_vence_en', sa.Date(), nullable=True),
    sa.Column('acuse_buzon_en', models.types.UTCDateTime(), nullable=True),
    sa.Column('buzon_id', sa.Integer(), nullable=True),
    sa.Column('id_externo', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('satisfaccion', sa.Integer(), nullable=True),
    sa.Column('creada_por', sa.Integer(), nullable=True),
    sa.Column('creada_en', models.types.UTCDateTime(), nullable=False),
    sa.Column('concluida_en', models.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], ),
    sa.ForeignKeyConstraint(['buzon_id'], ['buzon.id'], ),
    sa.ForeignKeyConstraint(['creada_por'], ['usuario.id'], ),
    sa.ForeignKeyConstraint(['unidad_id'], ['unidad.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('canal', 'id_externo', name='uq_peticion_canal_id_externo'),
    sa.UniqueConstraint('folio')
    )
    with op.batch_alter_table('peticion', schema=None) as batch_op:
        batch_op.create_index('ix_peticion_acuse_vence', ['acuse_vence_en'], unique=False)
        batch_op.create_index(batch_op.f('ix_peticion_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_peticion_curp'), ['curp'], unique=False)
        batch_op.create_index('ix_peticion_estado_queue', ['unidad_id', 'estado', 'urgente', 'id'], unique=False)
        batch_op.create_index('ix_peticion_queue', ['unidad_id', 'urgente', 'id'], unique=False)
        batch_op.create_index('ix_peticion_recibida', ['unidad_id', 'recibida_en'], unique=False)
        batch_op.create_index(batch_op.f('ix_peticion_telefono'), ['telefono'], unique=False)
        batch_op.create_index('ix_peticion_vence', ['vence_en'], unique=False)

    op.create_table('recoleccion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('buzon_id', sa.Integer(), nullable=False),
    sa.Column('recolectada_en', models.types.UTCDateTime(), nullable=False),
    sa.Column('hojas_declaradas', sa.Integer(), nullable=False),
    sa.Column('usuario_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['buzon_id'], ['buzon.id'], ),
    sa.ForeignKeyConstraint(['usuario_id'], ['usuario.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('recoleccion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recoleccion_buzon_id'), ['buzon_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_recoleccion_recolectada_en'), ['recolectada_en'], unique=False)

    op.create_table('canalizacion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('peticion_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('canalizada_en', models.types.UTCDateTime(), nullable=False),
    sa.Column('vence_seguimiento', sa.Date(), nullable=False),
    sa.Column('vence_declinacion', sa.Date(), nullable=False),
    sa.Column('usuario_id', sa.Integer(), nullable=True),
    sa.Column('activa', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], ),
    sa.ForeignKeyConstraint(['peticion_id'], ['peticion.id'], ),
    sa.ForeignKeyConstraint(['usuario_id'], ['usuario.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('canalizacion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_canalizacion_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_canalizacion_peticion_id'), ['peticion_id'], unique=False)

    op.create_table('documento',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('peticion_id', sa.Integer(), nullable=True),
    sa.Column('tipo', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('nombre', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('ruta', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('creado_en', models.types.UTCDateTime(), nullable=False),
    sa.Column('usuario_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['peticion_id'], ['peticion.id'], ),
    sa.ForeignKeyConstraint(['usuario_id'], ['usuario.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('documento', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documento_peticion_id'), ['peticion_id'], unique=False)

    op.create_table('evento',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unidad_id', sa.Integer(), nullable=True),
    sa.Column('peticion_id', sa.Integer(), nullable=True),
    sa.Column('usuario_id', sa.Integer(), nullable=True),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('ocurrido_en', models.types.UTCDateTime(), nullable=False),
    sa.Column('accion', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('estado_anterior', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('estado_nuevo', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('detalle', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['peticion_id'], ['peticion.id'], ),
    sa.ForeignKeyConstraint(['unidad_id'], ['unidad.id'], ),
    sa.ForeignKeyConstraint(['usuario_id'], ['usuario.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('evento', schema=None) as batch_op:
        batch_op.create_index('ix_evento_peticion', ['peticion_id', 'id'], unique=False)

    op.create_table('notificacion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('peticion_id', sa.Integer(), nullable=False),
    sa.Column('medio', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('intentada_en', models.types.UTCDateTime(), nullable=False),
    sa.Column('resultado', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('detalle', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('recibe_nombre', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('identificacion_tipo', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('identificacion_numero', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('tercero', sa.Boolean(), nullable=False),
    sa.Column('carta_poder', sa.Boolean(), nullable=False),
    sa.Column('acuse_firmado', sa.Boolean(), nullable=False),
    sa.Column('usuario_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['peticion_id'], ['peticion.id'], ),
    sa.ForeignKeyConstraint(['usuario_id'], ['usuario.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('notificacion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notificacion_peticion_id'), ['peticion_id'], unique=False)

    op.create_table('prorroga',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('peticion_id', sa.Integer(), nullable=False),
    sa.Column('motivo', sa.Text(), nullable=False),
    sa.Column('sad_informada_en', models.types.UTCDateTime(), nullable=False),
    sa.Column('peticionario_contactado_en', models.types.UTCDateTime(), nullable=False),
    sa.Column('nueva_fecha', sa.Date(), nullable=False),
    sa.Column('usuario_id', sa.Integer(), nullable=True),
    sa.Column('creada_en', models.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['peticion_id'], ['peticion.id'], ),
    sa.ForeignKeyConstraint(['usuario_id'], ['usuario.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('prorroga', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prorroga_peticion_id'), ['peticion_id'], unique=False)

    op.create_table('respuesta',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('peticion_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('texto', sa.Text(), nullable=False),
    sa.Column('solucion', sa.Text(), nullable=False),
    sa.Column('recibida_en', models.types.UTCDateTime(), nullable=False),
    sa.Column('lenguaje_claro', sa.Boolean(), nullable=False),
    sa.Column('fundamentada', sa.Boolean(), nullable=False),
    sa.Column('congruente', sa.Boolean(), nullable=False),
    sa.Column('datos_firmante', sa.Boolean(), nullable=False),
    sa.Column('firmante_nombre', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('firmante_cargo', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('firmante_telefono', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('firmada_por', sa.Integer(), nullable=True),
    sa.Column('firmada_en', models.types.UTCDateTime(), nullable=True),
    sa.Column('usuario_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], ),
    sa.ForeignKeyConstraint(['firmada_por'], ['usuario.id'], ),
    sa.ForeignKeyConstraint(['peticion_id'], ['peticion.id'], ),
    sa.ForeignKeyConstraint(['usuario_id'], ['usuario.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('respuesta', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_respuesta_peticion_id'), ['peticion_id'], unique=False)

    op.create_table('declinacion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('peticion_id', sa.Integer(), nullable=False),
    sa.Column('canalizacion_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('motivo', sa.Text(), nullable=False),
    sa.Column('declarada_en', models.types.UTCDateTime(), nullable=False),
    sa.Column('en_plazo', sa.Boolean(), nullable=False),
    sa.Column('usuario_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], ),
    sa.ForeignKeyConstraint(['canalizacion_id'], ['canalizacion.id'], ),
    sa.ForeignKeyConstraint(['peticion_id'], ['peticion.id'], ),
    sa.ForeignKeyConstraint(['usuario_id'], ['usuario.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('declinacion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_declinacion_peticion_id'), ['peticion_id'], unique=False)

    op.create_table('recordatorio',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('peticion_id', sa.Integer(), nullable=False),
    sa.Column('canalizacion_id', sa.Integer(), nullable=False),
    sa.Column('tipo', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('numero', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('enviado_en', models.types.UTCDateTime(), nullable=False),
    sa.Column('vence_en', sa.Date(), nullable=False),
    sa.Column('usuario_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['canalizacion_id'], ['canalizacion.id'], ),
    sa.ForeignKeyConstraint(['peticion_id'], ['peticion.id'], ),
    sa.ForeignKeyConstraint(['usuario_id'], ['usuario.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('recordatorio', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recordatorio_peticion_id'), ['peticion_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('recordatorio', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recordatorio_peticion_id'))

    op.drop_table('recordatorio')
    with op.batch_alter_table('declinacion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_declinacion_peticion_id'))

    op.drop_table('declinacion')
    with op.batch_alter_table('respuesta', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_respuesta_peticion_id'))

    op.drop_table('respuesta')
    with op.batch_alter_table('prorroga', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prorroga_peticion_id'))

    op.drop_table('prorroga')
    with op.batch_alter_table('notificacion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notificacion_peticion_id'))

    op.drop_table('notificacion')
    with op.batch_alter_table('evento', schema=None) as batch_op:
        batch_op.drop_index('ix_evento_peticion')

    op.drop_table('evento')
    with op.batch_alter_table('documento', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documento_peticion_id'))

    op.drop_table('documento')
    with op.batch_alter_table('canalizacion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_canalizacion_peticion_id'))
        batch_op.drop_index(batch_op.f('ix_canalizacion_area_id'))

    op.drop_table('canalizacion')
    with op.batch_alter_table('recoleccion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recoleccion_recolectada_en'))
        batch_op.drop_index(batch_op.f('ix_recoleccion_buzon_id'))

    op.drop_table('recoleccion')
    with op.batch_alter_table('peticion', schema=None) as batch_op:
        batch_op.drop_index('ix_peticion_vence')
        batch_op.drop_index(batch_op.f('ix_peticion_telefono'))
        batch_op.drop_index('ix_peticion_recibida')
        batch_op.drop_index('ix_peticion_queue')
        batch_op.drop_index('ix_peticion_estado_queue')
        batch_op.drop_index(batch_op.f('ix_peticion_curp'))
        batch_op.drop_index(batch_op.f('ix_peticion_area_id'))
        batch_op.drop_index('ix_peticion_acuse_vence')

    op.drop_table('peticion')
    op.drop_table('diainhabil')
    op.drop_table('usuario')
    op.drop_table('reportemensual')
    op.drop_table('consecutivo')
    with op.batch_alter_table('buzon', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_buzon_unidad_id'))

    op.drop_table('buzon')
    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_area_unidad_id'))

    op.drop_table('area')
    op.drop_table('unidad')
    op.drop_table('termino')
