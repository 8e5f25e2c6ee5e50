"""Emptying the outbox: each message claimed, composed with its PDF checked against its digest, sent, and recorded."""

import hashlib
import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from models import Correo, Documento, Peticion, ServidorCorreo, Unidad
from models.enums import MedioNotificacion, ResultadoNotificacion, Rol
from services import audit
from services.actor import Actor
from services.calendar import now_utc
from services.dates import moment_text
from services.errors import DomainError
from services.mail import outbox, server
from services.privacy import mask_free_text
from services.transactions import run_read, run_write

log = logging.getLogger("moad.correo")
MAILER = Actor(id=None, nombre="envío de correo", rol=Rol.SISTEMA)
SUBJECTS = {outbox.ACUSE: "Acuse de recibo de su petición {folio}", outbox.RESPUESTA: "Respuesta a su petición {folio}"}
BODIES = {
    outbox.ACUSE: "Recibimos su petición con el folio {folio} el {recibida}. Adjuntamos el acuse de recibo; "
                  "consérvelo: con el folio puede preguntar por su trámite en el Módulo de Orientación y Atención "
                  "al Derechohabiente.",
    outbox.RESPUESTA: "Adjuntamos la respuesta firmada a su petición con el folio {folio}. Si desea recibirla "
                      "impresa, puede recogerla en el Módulo de Orientación y Atención al Derechohabiente con una "
                      "identificación oficial.",
}
CLOSING = ("\n\nAtentamente,\n{unidad}\n\nEste mensaje contiene datos personales protegidos por la Ley General de "
           "Protección de Datos Personales en Posesión de Sujetos Obligados; si lo recibió por error, bórrelo y "
           "avísenos respondiendo a este correo.\n")


@dataclass(frozen=True, slots=True)
class Outgoing:
    """What one claimed message needs to leave: the composed message and the unit's server."""

    correo_id: int
    message: EmailMessage
    server: ServidorCorreo


@dataclass(frozen=True, slots=True)
class Round:
    """What one pass over the outbox did."""

    enviados: int
    fallidos: int


def send_due(engine: Engine, data_dir: Path, *, now: datetime | None = None, unidad_id: int | None = None) -> Round:
    """Send every message that is due, each in its own transactions, so one failure never holds back the others."""
    now = now or now_utc()
    sent = failed = 0
    for correo_id in run_read(engine, lambda session: outbox.due_ids(session=session, now=now, unidad_id=unidad_id)):
        if not run_write(engine, outbox.claim, correo_id=correo_id, now=now):
            continue
        try:
            outgoing = run_read(engine, _compose, correo_id=correo_id, data_dir=data_dir)
            reply = _send(outgoing, data_dir)
        except (DomainError, OSError, smtplib.SMTPException) as error:
            failed += 1
            log.warning("correo %s no enviado: %s", correo_id, type(error).__name__)
            run_write(engine, outbox.mark_failed, correo_id=correo_id, error=server.explain(error), now=now)
            continue
        sent += 1
        run_write(engine, _mark_sent, correo_id=correo_id, reply=reply, now=now)
    return Round(enviados=sent, fallidos=failed)


def _compose(*, session: Session, correo_id: int, data_dir: Path) -> Outgoing:
    correo = session.get_one(Correo, correo_id)
    peticion = session.get_one(Peticion, correo.peticion_id)
    documento = session.get_one(Documento, correo.documento_id)
    unidad = session.get_one(Unidad, correo.unidad_id)
    smtp_server = server.get_server(session, correo.unidad_id)
    if not peticion.correo:
        raise DomainError("La petición ya no tiene correo electrónico (se corrigió o se suprimió).")
    pdf = Path(documento.ruta).read_bytes()
    if hashlib.sha256(pdf).hexdigest() != documento.sha256:
        raise DomainError(f"El archivo {documento.nombre} no coincide con el que se generó; no se envía.")
    message = EmailMessage()
    message["From"] = smtp_server.remitente
    message["To"] = peticion.correo
    message["Subject"] = SUBJECTS[correo.clase].format(folio=peticion.folio)
    message["Message-ID"] = correo.message_id
    body = BODIES[correo.clase].format(folio=peticion.folio, recibida=moment_text(peticion.recibida_en))
    message.set_content(f"Estimada persona derechohabiente:\n\n{body}" + CLOSING.format(unidad=unidad.nombre))
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=documento.nombre)
    return Outgoing(correo_id=correo_id, message=message, server=smtp_server)


def _send(outgoing: Outgoing, data_dir: Path) -> str:
    """Hand the message to the server and return its answer to the end of DATA (e.g. «250 … queued as …»)."""
    smtp = server.connect(outgoing.server, data_dir)
    try:
        sender, recipient = outgoing.message["From"], outgoing.message["To"]
        smtp.ehlo_or_helo_if_needed()
        code, text = smtp.mail(sender)
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, text, sender)
        code, text = smtp.rcpt(recipient)
        if code not in (250, 251):
            raise smtplib.SMTPRecipientsRefused({recipient: (code, text)})
        code, text = smtp.data(outgoing.message.as_bytes(policy=policy.SMTP))
        if code != 250:
            raise smtplib.SMTPDataError(code, text)
        return f"{code} {text.decode('utf-8', 'replace')}"
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()


def _mark_sent(*, session: Session, correo_id: int, reply: str, now: datetime) -> Correo:
    correo = session.get_one(Correo, correo_id)
    correo.estado, correo.enviado_en, correo.enviando_desde = outbox.ENVIADO, now, None
    correo.respuesta_servidor = mask_free_text(reply)[:300]
    correo.intentos += 1
    audit.record(session, actor=MAILER, accion="correo_enviado", unidad_id=correo.unidad_id,
                 peticion_id=correo.peticion_id,
                 detalle={"clase": correo.clase, "documento_id": correo.documento_id, "message_id": correo.message_id,
                          "servidor": correo.respuesta_servidor})
    if correo.clase == outbox.RESPUESTA:
        _record_notification(session, correo, now)
    return correo


def _record_notification(session: Session, correo: Correo, now: datetime) -> None:
    """The signed answer accepted by the server is a notification by e-mail (L15), made on behalf of who sent it."""
    from models import Usuario
    from services.auth import actor_for
    from services.delivery import notify

    peticion = session.get_one(Peticion, correo.peticion_id)
    actor = actor_for(session.get_one(Usuario, correo.usuario_id)) if correo.usuario_id else MAILER
    try:
        notify(session=session, actor=actor, folio=peticion.folio, medio=MedioNotificacion.CORREO,
               resultado=ResultadoNotificacion.NOTIFICADO, intentada_en=now, now=now,
               detalle=f"Enviada por correo; Message-ID {correo.message_id}; servidor: {correo.respuesta_servidor}")
    except DomainError as refused:
        # Told meanwhile by another medio (or concluded): the e-mail stays in the expediente as an event.
        audit.record(session, actor=MAILER, accion="correo_sin_notificacion", unidad_id=correo.unidad_id,
                     peticion_id=correo.peticion_id, detalle={"motivo": str(refused)})
