"""Follow-up records: routing to an área, reminders and oficios, declinations, extensions and the SAD's measures."""

from datetime import date, datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime


class Canalizacion(SQLModel, table=True):
    """A petition routed to an área; starts the L5 follow-up and L9 non-competence clocks.

    A petition may be routed to several áreas at once (L4, «las áreas involucradas»): each routing carries where its
    área stands (etapa: canalizada, recordatorio_1, recordatorio_2, oficio_superior or respondida) and its own clock,
    as the petition carries its own; `activa` turns false when the área declines (L9).
    """

    id: int = Field(default=None, primary_key=True)
    peticion_id: int = Field(foreign_key="peticion.id", index=True)
    area_id: int = Field(foreign_key="area.id", index=True)
    canalizada_en: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    vence_seguimiento: date
    vence_declinacion: date
    usuario_id: int | None = Field(default=None, foreign_key="usuario.id")
    activa: bool = True
    etapa: str = "canalizada"
    reloj: str | None = None
    reloj_desde: date | None = None
    reloj_dias: int | None = None
    vence_en: date | None = Field(default=None, index=True)


class Recordatorio(SQLModel, table=True):
    """A first or second reminder to an área, or the oficio to its superior (L6–L8)."""

    id: int = Field(default=None, primary_key=True)
    peticion_id: int = Field(foreign_key="peticion.id", index=True)
    canalizacion_id: int = Field(foreign_key="canalizacion.id")
    tipo: str
    numero: str
    enviado_en: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    vence_en: date
    usuario_id: int | None = Field(default=None, foreign_key="usuario.id")


class Declinacion(SQLModel, table=True):
    """An área's formal statement that the petition is outside its competence (L9)."""

    id: int = Field(default=None, primary_key=True)
    peticion_id: int = Field(foreign_key="peticion.id", index=True)
    canalizacion_id: int = Field(foreign_key="canalizacion.id")
    area_id: int = Field(foreign_key="area.id")
    motivo: str = Field(sa_column=Column(Text, nullable=False))
    declarada_en: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    en_plazo: bool
    usuario_id: int | None = Field(default=None, foreign_key="usuario.id")


class Prorroga(SQLModel, table=True):
    """An agreed extension for a matter that needs longer (L10, L11)."""

    id: int = Field(default=None, primary_key=True)
    peticion_id: int = Field(foreign_key="peticion.id", index=True)
    motivo: str = Field(sa_column=Column(Text, nullable=False))
    sad_informada_en: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    peticionario_contactado_en: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    nueva_fecha: date
    usuario_id: int | None = Field(default=None, foreign_key="usuario.id")
    creada_en: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class MedidaSad(SQLModel, table=True):
    """A measure the SAD agreed with the área to help resolve a matter that needs longer (L11)."""

    id: int = Field(default=None, primary_key=True)
    peticion_id: int = Field(foreign_key="peticion.id", index=True)
    prorroga_id: int | None = Field(default=None, foreign_key="prorroga.id")
    descripcion: str = Field(sa_column=Column(Text, nullable=False))
    responsable: str
    acordada_en: date
    vence_en: date | None = Field(default=None, index=True)
    # Indexed so the pending measures (cumplida_en IS NULL) are found from this small table, not from every petition.
    cumplida_en: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True, index=True))
    cumplimiento: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    usuario_id: int | None = Field(default=None, foreign_key="usuario.id")
    creada_en: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
