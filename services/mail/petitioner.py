"""What the desk sends a petitioner by e-mail: the acuse once, when it is first produced, and the signed answer on request."""

from datetime import datetime

from sqlalchemy.orm import Session
from sqlmodel import col, select

from models import Correo, Documento, Peticion, ServidorCorreo
from services import audit
from services.actor import Actor
from services.calendar import now_utc
from services.errors import InvalidInput
from services.lifecycle import check, get_petition
from services.mail import outbox


def has_server(session: Session, unidad_id: int) -> bool:
    """Whether the unit sends e-mail at all (a unit without a server sends nothing and lists no failure)."""
    return session.execute(select(ServidorCorreo.id).where(ServidorCorreo.unidad_id == unidad_id)).first() is not None


def queue_acuse(*, session: Session, actor: Actor, peticion: Peticion, documento: Documento) -> Correo | None:
    """Queue the petition's first acuse for its e-mail, when the unit sends e-mail and the petitioner gave one."""
    if not peticion.correo or not has_server(session, peticion.unidad_id):
        return None
    already = session.execute(select(Correo.id).where(Correo.peticion_id == peticion.id, Correo.clase == outbox.ACUSE))
    if already.first() is not None:
        return None
    return outbox.enqueue(session=session, actor=actor, peticion=peticion, documento=documento, clase=outbox.ACUSE)


def send_answer(*, session: Session, actor: Actor, folio: str, now: datetime | None = None) -> Correo:
    """Queue the signed oficio de respuesta for the petitioner's e-mail; the attempt is recorded when the server takes it."""
    now = now or now_utc()
    peticion = get_petition(session, folio, for_update=True)
    check("notificar", peticion, actor)
    if not peticion.correo:
        raise InvalidInput("La petición no tiene correo electrónico; notifique por otro medio o complete sus datos.")
    if not has_server(session, peticion.unidad_id):
        raise InvalidInput("No hay servidor de correo configurado para la unidad; configúrelo en Administración.")
    letter = session.execute(select(Documento).where(Documento.peticion_id == peticion.id, Documento.tipo == "respuesta")
                             .order_by(col(Documento.id).desc())).scalars().first()
    if letter is None:
        raise InvalidInput("No hay oficio de respuesta firmado que enviar; se produce al firmar la respuesta.")
    correo = outbox.enqueue(session=session, actor=actor, peticion=peticion, documento=letter, clase=outbox.RESPUESTA,
                            now=now)
    assert correo is not None
    if correo.estado == outbox.ENVIADO:
        raise InvalidInput("Ese oficio de respuesta ya se envió por correo; registre otro medio si no llegó.")
    outbox.retry(session=session, actor=actor, correo_id=correo.id, now=now)
    audit.record(session, actor=actor, accion="correo_en_cola", unidad_id=peticion.unidad_id, peticion_id=peticion.id,
                 detalle={"clase": outbox.RESPUESTA, "documento_id": letter.id}, when=now)
    return correo
