"""The append-only audit log (Evento) and the documents kept in each expediente."""

from datetime import datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime


class Evento(SQLModel, table=True):
    """One thing that happened: who, when, which petition, from what state to what, and why."""

    __table_args__ = (Index("ix_evento_peticion", "peticion_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    unidad_id: int | None = Field(default=None, foreign_key="unidad.id")
    peticion_id: int | None = Field(default=None, foreign_key="peticion.id")
    usuario_id: int | None = Field(default=None, foreign_key="usuario.id")
    actor: str = ""
    ocurrido_en: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    accion: str
    estado_anterior: str | None = None
    estado_nuevo: str | None = None
    detalle: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class Documento(SQLModel, table=True):
    """A file in an expediente (generated PDF or attachment), with its SHA-256."""

    id: int | None = Field(default=None, primary_key=True)
    peticion_id: int | None = Field(default=None, foreign_key="peticion.id", index=True)
    tipo: str
    nombre: str
    ruta: str
    sha256: str = Field(max_length=64)
    creado_en: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    usuario_id: int | None = Field(default=None, foreign_key="usuario.id")
