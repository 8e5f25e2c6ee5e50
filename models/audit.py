"""The append-only audit log (Evento), hash-chained per unit, and the documents kept in each expediente."""

import hashlib
from datetime import datetime, timezone

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
    hash_anterior: str = Field(default="", max_length=64)
    hash: str = Field(default="", max_length=64)


class CadenaEventos(SQLModel, table=True):
    """The head of each unit's event chain; locking it serialises appends so the chain never forks."""

    cadena: int = Field(primary_key=True)
    ultimo_id: int = 0
    ultimo_hash: str = Field(default="", max_length=64)


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


def chain_key(unidad_id: int | None) -> int:
    """The chain an event belongs to: its unit's, or 0 for events of no unit."""
    return unidad_id or 0


def chain_digest(previous: str, *, unidad_id, peticion_id, usuario_id, actor, ocurrido_en: datetime, accion,
                 estado_anterior, estado_nuevo, detalle) -> str:
    """SHA-256 of an event's content and the previous event's hash, so altering or removing one breaks the chain."""
    if ocurrido_en.tzinfo is not None:
        ocurrido_en = ocurrido_en.astimezone(timezone.utc).replace(tzinfo=None)
    # Fields are joined with a unit separator and None is spelled apart from "", so no two events share a text.
    content = "\x1f".join("\x00" if v is None else str(v) for v in (
        previous, unidad_id, peticion_id, usuario_id, actor, ocurrido_en.isoformat(timespec="microseconds"), accion,
        estado_anterior, estado_nuevo, detalle))
    return hashlib.sha256(content.encode()).hexdigest()
