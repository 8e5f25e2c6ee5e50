"""The petition (petición) table: one opinion of a derechohabiente, identified by its folio."""

from datetime import date, datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime


class Peticion(SQLModel, table=True):
    """One petition with the petitioner's L3 data, triage result, state and its open clock."""

    __table_args__ = (
        UniqueConstraint("canal", "id_externo", name="uq_peticion_canal_id_externo"),
        Index("ix_peticion_queue", "unidad_id", "urgente", "id"),
        Index("ix_peticion_estado_queue", "unidad_id", "estado", "urgente", "id"),
        Index("ix_peticion_vence", "vence_en"),
        Index("ix_peticion_unidad_vence", "unidad_id", "vence_en"),
        Index("ix_peticion_unidad_acuse", "unidad_id", "acuse_vence_en"),
        Index("ix_peticion_recibida", "unidad_id", "recibida_en"),
        # A folio typed in part («2982», «2026-002982») is looked up by its number (services.search).
        Index("ix_peticion_unidad_consecutivo", "unidad_id", "consecutivo"),
    )

    id: int = Field(default=None, primary_key=True)
    unidad_id: int = Field(foreign_key="unidad.id")
    folio: str = Field(unique=True, max_length=40)
    clave_consulta: str = Field(default="", max_length=12)
    """The code printed on the acuse that, with the folio, shows the petitioner where the petition stands."""
    anio: int
    consecutivo: int
    tipo: str
    canal: str
    recibida_en: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    descripcion: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    nombre: str = ""
    primer_apellido: str = ""
    segundo_apellido: str = ""
    curp: str = Field(default="", index=True)
    telefono: str = Field(default="", index=True)
    correo: str = ""
    calle: str = ""
    numero_exterior: str = ""
    numero_interior: str = ""
    colonia: str = ""
    codigo_postal: str = ""
    municipio: str = ""
    entidad: str = ""
    servidor_publico: str = ""
    anonima: bool = False
    datos_incompletos: bool = False
    aviso_privacidad: bool = False
    urgente: bool = False
    triage_categoria: str | None = None
    triage_coincidencias: str = ""
    urgencia_alertado_a: str = ""
    urgencia_alertado_en: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    estado: str
    area_id: int | None = Field(default=None, foreign_key="area.id", index=True)
    reloj: str | None = None
    reloj_desde: date | None = None
    reloj_dias: int | None = None
    vence_en: date | None = None
    acuse_vence_en: date | None = None
    acuse_buzon_en: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    buzon_id: int | None = Field(default=None, foreign_key="buzon.id")
    # The collection a buzón sheet came in, so sheets declared and not yet typed stay pending until they are.
    recoleccion_id: int | None = Field(default=None, foreign_key="recoleccion.id", index=True)
    id_externo: str | None = None
    # L1 and L15: the petition's folio in SINAPP and when it was closed there; Presidencia's ones, in SIDAC.
    sinapp_folio: str | None = Field(default=None, max_length=40, index=True)
    sinapp_cerrada_en: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    sidac_folio: str | None = Field(default=None, max_length=40, index=True)
    satisfaccion: int | None = None
    creada_por: int | None = Field(default=None, foreign_key="usuario.id")
    creada_en: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    concluida_en: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    anonimizada_en: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))

    @property
    def nombre_completo(self) -> str:
        """The petitioner's full name as one string, empty when anonymous."""
        return " ".join(p for p in (self.nombre, self.primer_apellido, self.segundo_apellido) if p)
