"""The append-only event log: every change to a petition or catalog is written here in the same transaction."""

import json
from datetime import datetime

from sqlalchemy.orm import Session

from models import Evento
from services.actor import Actor
from services.calendar import now_utc


def record(
    session: Session, *, actor: Actor, accion: str, unidad_id: int | None,
    peticion_id: int | None = None, antes: str | None = None, despues: str | None = None,
    detalle: dict | None = None, when: datetime | None = None,
) -> Evento:
    """Append one event; the caller's transaction commits it together with the change it describes."""
    evento = Evento(
        unidad_id=unidad_id, peticion_id=peticion_id, usuario_id=actor.id, actor=actor.nombre,
        ocurrido_en=when or now_utc(), accion=accion, estado_anterior=antes, estado_nuevo=despues,
        detalle=json.dumps(detalle or {}, ensure_ascii=False, default=str, sort_keys=True),
    )
    session.add(evento)
    return evento
