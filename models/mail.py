"""E-mail to petitioners (L15): the unit's SMTP server and the outbox of messages with their PDF."""

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime


class ServidorCorreo(SQLModel, table=True):
    """The unit's SMTP server; its password is kept out of the database, in the desk's data folder."""

    id: int = Field(default=None, primary_key=True)
    unidad_id: int = Field(foreign_key="unidad.id", unique=True)
    host: str
    puerto: int = 587
    seguridad: str = "starttls"
    usuario: str = ""
    remitente: str


class Correo(SQLModel, table=True):
    """One message in the outbox: pending until the server accepts it, retried with back-off, sent once."""

    id: int = Field(default=None, primary_key=True)
    unidad_id: int = Field(foreign_key="unidad.id", index=True)
    peticion_id: int = Field(foreign_key="peticion.id", index=True)
    documento_id: int = Field(foreign_key="documento.id", unique=True)
    clase: str
    estado: str = Field(default="pendiente", index=True)
    message_id: str
    intentos: int = 0
    proximo_intento: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    enviando_desde: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    ultimo_error: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    respuesta_servidor: str = ""
    creado_en: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    enviado_en: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    usuario_id: int | None = Field(default=None, foreign_key="usuario.id")
