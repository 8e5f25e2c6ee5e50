"""The officer's decisions on an urgent flag after registration: confirm, clear with a reason, raise by hand (L2)."""

from datetime import datetime

from sqlalchemy.orm import Session

from models import Peticion
from models.validators import clean_text
from services import audit
from services.actor import Actor, require
from services.calendar import now_utc
from services.errors import InvalidInput
from services.lifecycle import get_petition

CATEGORIES = ("codigo_infarto", "urgencia_medica", "traslado_grave")


def confirm(*, session: Session, actor: Actor, folio: str, alertado_a: str, alertado_en: datetime,
            now: datetime | None = None) -> Peticion:
    """Confirm the flag and record who in the unit was alerted and when (both required)."""
    require(actor, "urgencia")
    if not clean_text(alertado_a) or alertado_en is None:
        raise InvalidInput("Para confirmar la urgencia indique a quién se alertó en la unidad y a qué hora.")
    peticion = get_petition(session, folio, for_update=True)
    peticion.urgente = True
    peticion.urgencia_alertado_a, peticion.urgencia_alertado_en = clean_text(alertado_a), alertado_en
    audit.record(session, actor=actor, accion="urgencia_confirmada", unidad_id=peticion.unidad_id,
                 peticion_id=peticion.id, when=now or now_utc(),
                 detalle={"categoria": peticion.triage_categoria, "alertado_en": alertado_en.isoformat()},
                 personal={"alertado_a": clean_text(alertado_a)})
    return peticion


def clear(*, session: Session, actor: Actor, folio: str, motivo: str, now: datetime | None = None) -> Peticion:
    """Clear the flag; a written reason is required and kept in the expediente."""
    require(actor, "urgencia")
    if not clean_text(motivo):
        raise InvalidInput("Para descartar la urgencia escriba el motivo.")
    peticion = get_petition(session, folio, for_update=True)
    peticion.urgente = False
    audit.record(session, actor=actor, accion="urgencia_descartada", unidad_id=peticion.unidad_id,
                 peticion_id=peticion.id, detalle={"categoria": peticion.triage_categoria},
                 personal={"motivo": clean_text(motivo)}, when=now or now_utc())
    return peticion


def raise_flag(*, session: Session, actor: Actor, folio: str, categoria: str, motivo: str,
               now: datetime | None = None) -> Peticion:
    """Raise the flag by hand on a text the engine missed."""
    require(actor, "urgencia")
    if categoria not in CATEGORIES:
        raise InvalidInput("Elija la categoría: código infarto, urgencia médica o traslado de paciente grave.")
    peticion = get_petition(session, folio, for_update=True)
    peticion.urgente, peticion.triage_categoria = True, categoria
    # A flag raised anew needs its own alert; an earlier one stays in the event log.
    peticion.urgencia_alertado_a, peticion.urgencia_alertado_en = "", None
    audit.record(session, actor=actor, accion="urgencia_manual", unidad_id=peticion.unidad_id,
                 peticion_id=peticion.id, detalle={"categoria": categoria},
                 personal={"motivo": clean_text(motivo)}, when=now or now_utc())
    return peticion
