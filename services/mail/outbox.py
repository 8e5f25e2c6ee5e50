"""The outbox: a message per document to send, claimed before sending so two desks never send it both, retried with back-off."""

from datetime import datetime, timedelta
from email.utils import make_msgid

from sqlalchemy import bindparam, or_, update
from sqlalchemy.orm import Session
from sqlmodel import col, select

from models import Correo, Documento, Peticion
from services.actor import Actor, require
from services.calendar import now_utc
from services.errors import InvalidInput

ACUSE, RESPUESTA = "acuse", "respuesta"
PENDIENTE, ENVIANDO, ENVIADO, FALLIDO = "pendiente", "enviando", "enviado", "fallido"
# Minutes to wait after the 1st, 2nd… failure; past the last the message waits for a person (F4, «Reintentar»).
BACKOFF_MINUTES = (1, 5, 15, 60, 240)
# A message still «enviando» this long after its claim belongs to a desk that died mid-send: it is sent again with the
# same Message-ID, so the petitioner's mail system can tell the copy.
STALE_CLAIM = timedelta(minutes=10)


def enqueue(*, session: Session, actor: Actor, peticion: Peticion, documento: Documento, clase: str,
            now: datetime | None = None) -> Correo | None:
    """Put the document in the outbox for the petitioner's e-mail, once; None when the petition has no e-mail."""
    if not peticion.correo:
        return None
    existing = session.execute(select(Correo).where(Correo.documento_id == documento.id)).scalar_one_or_none()
    if existing is not None:
        return existing
    now = now or now_utc()
    correo = Correo(unidad_id=peticion.unidad_id, peticion_id=peticion.id, documento_id=documento.id, clase=clase,
                    message_id=make_msgid(idstring=f"{peticion.folio}.{documento.id}", domain="moad.local"),
                    proximo_intento=now, creado_en=now, usuario_id=actor.id)
    session.add(correo)
    session.flush()
    return correo


def due_ids(*, session: Session, now: datetime, unidad_id: int | None = None) -> list[int]:
    """Messages to send now: pending ones whose time has come and claims left by a desk that stopped mid-send."""
    query = select(Correo.id).where(or_(
        (col(Correo.estado) == PENDIENTE) & (col(Correo.proximo_intento) <= now),
        (col(Correo.estado) == ENVIANDO) & (col(Correo.enviando_desde) <= now - STALE_CLAIM)))
    if unidad_id is not None:
        query = query.where(Correo.unidad_id == unidad_id)
    return list(session.execute(query.order_by(col(Correo.id))).scalars())


def claim(*, session: Session, correo_id: int, now: datetime) -> bool:
    """Mark the message as being sent by this desk; False when another desk claimed it first."""
    claimed = session.execute(update(Correo).where(col(Correo.id) == correo_id).where(or_(
        (col(Correo.estado) == PENDIENTE) & (col(Correo.proximo_intento) <= now),
        (col(Correo.estado) == ENVIANDO) & (col(Correo.enviando_desde) <= now - STALE_CLAIM)))
        .values(estado=ENVIANDO, enviando_desde=now))
    return bool(getattr(claimed, "rowcount", 0) == 1)


def mark_failed(*, session: Session, correo_id: int, error: str, now: datetime) -> Correo:
    """Count a failed attempt and schedule the next one, or leave the message to a person after the last."""
    correo = session.get_one(Correo, correo_id)
    correo.intentos += 1
    correo.ultimo_error = error[:500]
    correo.enviando_desde = None
    if correo.intentos <= len(BACKOFF_MINUTES):
        correo.estado = PENDIENTE
        correo.proximo_intento = now + timedelta(minutes=BACKOFF_MINUTES[correo.intentos - 1])
    else:
        correo.estado = FALLIDO
    return correo


def retry(*, session: Session, actor: Actor, correo_id: int, now: datetime | None = None) -> Correo:
    """Send a failed message again now (after the address or the server was corrected)."""
    require(actor, "notificar")
    correo = session.get(Correo, correo_id)
    if correo is None or correo.estado == ENVIADO:
        raise InvalidInput("Ese correo ya fue enviado o no existe.")
    correo.estado, correo.proximo_intento, correo.enviando_desde = PENDIENTE, now or now_utc(), None
    return correo


# Built once: F4 and the header ask each time they open, and building a statement costs more than running it.
_FAILED = (select(Correo).where(col(Correo.unidad_id) == bindparam("unidad"), col(Correo.estado).in_((PENDIENTE, FALLIDO)),
                                col(Correo.intentos) > 0).order_by(col(Correo.id)))


def failed(*, session: Session, unidad_id: int) -> list[Correo]:
    """Messages not sent after at least one attempt: each is something for a person to look at (F4)."""
    return list(session.execute(_FAILED, {"unidad": unidad_id}).scalars())
