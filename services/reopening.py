"""Reopening a concluded petition with a reason: it goes back to the state it was concluded from."""

from datetime import datetime

from sqlalchemy.orm import Session
from sqlmodel import col, select

from models import Evento, Peticion, Respuesta
from models.enums import Estado, Reloj
from models.validators import clean_text
from services import clocks
from services.actor import Actor
from services.calendar import local_date, now_utc
from services.errors import InvalidInput
from services.inhabiles import load_rules
from services.lifecycle import STEPS, check, get_petition, move

STEP = "reabrir"
REASON_MISSING = "Escriba el motivo por el que se reabre la petición; queda en el expediente."


def reopen(*, session: Session, actor: Actor, folio: str, motivo: str, now: datetime | None = None) -> Peticion:
    """Reopen a concluded petition (director or supervisor): back to «Notificada», «En resguardo» or «Registrada»,
    whichever it was concluded from, so the step that concluded it can be taken again once the matter is settled."""
    now = now or now_utc()
    peticion = get_petition(session, folio, for_update=True)
    check(STEP, peticion, actor)
    reason = clean_text(motivo or "")
    if not reason:
        raise InvalidInput(REASON_MISSING)
    target = concluded_from(session, peticion)
    concluded_at = peticion.concluida_en
    peticion.concluida_en = None
    if target == Estado.REGISTRADA:
        # Back at the desk, the petition waits to be routed (or concluded as an orientación) like a new one.
        calendar, terms = load_rules(session)
        clocks.apply(peticion, clocks.open_clock(Reloj.CANALIZACION, local_date(now), peticion.tipo, calendar, terms))
    move(session, actor=actor, peticion=peticion, step_name=STEP, when=now, to=target,
         detalle={"concluida_en": concluded_at.isoformat() if concluded_at else None}, personal={"motivo": reason})
    return peticion


def concluded_from(session: Session, peticion: Peticion) -> Estado:
    """The state the petition was in when it was last concluded, as its events say; for a petition whose events do
    not say (imported), «Notificada» when it has a signed answer and «Registrada» otherwise."""
    allowed = STEPS[STEP].vuelve
    previous = session.execute(
        select(col(Evento.estado_anterior)).where(col(Evento.peticion_id) == peticion.id,
                                                  col(Evento.estado_nuevo) == Estado.CONCLUIDA.value,
                                                  col(Evento.estado_anterior) != Estado.CONCLUIDA.value)
        .order_by(col(Evento.id).desc())).scalars().first()
    if previous in allowed:
        return Estado(previous)
    signed = session.execute(select(col(Respuesta.id)).where(col(Respuesta.peticion_id) == peticion.id,
                                                             col(Respuesta.firmada_en).is_not(None))).first()
    return Estado.NOTIFICADA if signed else Estado.REGISTRADA
