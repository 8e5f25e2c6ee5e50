"""The área's answer with its L12 review and L13 signature, and each notification attempt (L14)."""

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime


class Respuesta(SQLModel, table=True):
    """The written answer of the área, reviewed against the L12 checklist and signed by the director."""

    id: int = Field(default=None, primary_key=True)
    peticion_id: int = Field(foreign_key="peticion.id", index=True)
    area_id: int | None = Field(default=None, foreign_key="area.id")
    texto: str = Field(sa_column=Column(Text, nullable=False))
    solucion: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    recibida_en: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    lenguaje_claro: bool = False
    fundamentada: bool = False
    congruente: bool = False
    datos_firmante: bool = False
    firmante_nombre: str = ""
    firmante_cargo: str = ""
    firmante_telefono: str = ""
    firmada_por: int | None = Field(default=None, foreign_key="usuario.id")
    firmada_en: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    usuario_id: int | None = Field(default=None, foreign_key="usuario.id")


class Notificacion(SQLModel, table=True):
    """One attempt to tell the petitioner the answer, or its delivery in person with ID (L14)."""

    id: int = Field(default=None, primary_key=True)
    peticion_id: int = Field(foreign_key="peticion.id", index=True)
    medio: str
    intentada_en: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    resultado: str
    detalle: str = ""
    recibe_nombre: str = ""
    identificacion_tipo: str = ""
    identificacion_numero: str = ""
    tercero: bool = False
    carta_poder: bool = False
    acuse_firmado: bool = False
    usuario_id: int | None = Field(default=None, foreign_key="usuario.id")
