"""The append-only audit log (Evento), chained per unit by keyed hash, and the documents kept in each expediente."""

import hashlib
import hmac
from datetime import UTC, datetime

from sqlalchemy import Column, Index, Integer, Text
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime

# Digest versions of an event: plain SHA-256 (events written before the chain was keyed) and HMAC-SHA256.
UNKEYED = 1
KEYED = 2


class Evento(SQLModel, table=True):
    """One thing that happened: who, when, which petition, from what state to what, and why."""

    __table_args__ = (Index("ix_evento_peticion", "peticion_id", "id"),)

    id: int = Field(default=None, primary_key=True)
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
    version: int = Field(default=KEYED, sa_column=Column(Integer, nullable=False, default=KEYED, server_default=str(UNKEYED)))
    origen: str = ""


class CadenaEventos(SQLModel, table=True):
    """The head of each unit's event chain; locking it serialises appends so the chain never forks."""

    cadena: int = Field(primary_key=True)
    ultimo_id: int = 0
    ultimo_hash: str = Field(default="", max_length=64)
    eventos: int = 0
    sello: str = Field(default="", max_length=64)


class EventoDato(SQLModel, table=True):
    """The personal data an event names, kept apart so retention can blank it while the event's hash still holds."""

    evento_id: int = Field(primary_key=True, foreign_key="evento.id")
    peticion_id: int | None = Field(default=None, foreign_key="peticion.id", index=True)
    sal: str = Field(default="", max_length=32)
    texto: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class Documento(SQLModel, table=True):
    """A file in an expediente (generated PDF or attachment), with its SHA-256."""

    id: int = Field(default=None, primary_key=True)
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
    content = _joined(previous, unidad_id, peticion_id, usuario_id, actor, _moment(ocurrido_en), accion,
                      estado_anterior, estado_nuevo, detalle)
    return hashlib.sha256(content).hexdigest()


def keyed_digest(key: bytes, previous: str, *, unidad_id, peticion_id, usuario_id, actor, ocurrido_en: datetime,
                 accion, estado_anterior, estado_nuevo, detalle, origen) -> str:
    """HMAC-SHA256 of an event's content, origin and the previous event's hash: only the key's holder can chain."""
    content = _joined("evento", KEYED, previous, unidad_id, peticion_id, usuario_id, actor, _moment(ocurrido_en),
                      accion, estado_anterior, estado_nuevo, detalle, origen)
    return hmac.new(key, content, hashlib.sha256).hexdigest()


def head_seal(key: bytes, *, cadena: int, ultimo_id: int, ultimo_hash: str, eventos: int) -> str:
    """HMAC-SHA256 of a chain head, so its last event and its count cannot be moved back without the key."""
    return hmac.new(key, _joined("cabeza", cadena, ultimo_id, ultimo_hash, eventos), hashlib.sha256).hexdigest()


def personal_digest(sal: str, texto: str) -> str:
    """SHA-256 of an event's personal data with its salt; once both are blanked the digest reveals nothing."""
    return hashlib.sha256(f"{sal}\x1f{texto}".encode()).hexdigest()


def _moment(ocurrido_en: datetime) -> str:
    if ocurrido_en.tzinfo is not None:
        ocurrido_en = ocurrido_en.astimezone(UTC).replace(tzinfo=None)
    return ocurrido_en.isoformat(timespec="microseconds")


def _joined(*values) -> bytes:
    # Fields are joined with a unit separator and None is spelled apart from "", so no two events share a text.
    return "\x1f".join("\x00" if v is None else str(v) for v in values).encode()
