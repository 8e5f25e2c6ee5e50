"""Telling the petitioner (L14): attempts, resguardo, delivery with ID, and conclusion (L15)."""

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy.orm import Session
from sqlmodel import col, select

from models import Evento, Notificacion, Peticion, Respuesta
from models.enums import Canal, Estado, Identificacion, MedioNotificacion, ResultadoNotificacion
from models.validators import clean_text
from services import clocks
from services.actor import Actor
from services.answers import answer_of, current_answer
from services.calendar import local_date, now_utc
from services.dates import as_aware, ensure_not_future, moment_text
from services.errors import InvalidInput
from services.expediente import event_detail
from services.lifecycle import check, get_petition, move
from services.notification_plan import load_plans


def notify(
    *, session: Session, actor: Actor, folio: str, medio: MedioNotificacion, resultado: ResultadoNotificacion,
    detalle: str = "", acuse_firmado: bool = False, satisfaccion: int | None = None, intentada_en: datetime | None = None,
    now: datetime | None = None,
) -> Notificacion:
    """Log one attempt to tell the petitioner the signed answer; a success marks the petition notificada.

    A failed attempt leaves the L14 clock to notify running: the desk tries the next medio within it."""
    now = now or now_utc()
    peticion = get_petition(session, folio, for_update=True)
    check("notificar", peticion, actor)
    if satisfaccion is not None and not 1 <= satisfaccion <= 5:
        raise InvalidInput("La calificación de satisfacción va de 1 a 5.")
    when = intentada_en or now
    ensure_not_future(when, now, "La fecha y hora del intento")
    signed = answer_of(session, peticion).firmada_en
    # Moments are typed to the minute: an attempt in the minute of the signature is not before it.
    if signed is not None and as_aware(when) < as_aware(signed).replace(second=0, microsecond=0):
        raise InvalidInput(f"La fecha y hora del intento no puede ser anterior a la firma de la respuesta "
                           f"({moment_text(signed)}).")
    attempt = Notificacion(peticion_id=peticion.id, medio=MedioNotificacion(medio).value, intentada_en=when,
                           resultado=ResultadoNotificacion(resultado).value, detalle=clean_text(detalle),
                           acuse_firmado=acuse_firmado, usuario_id=actor.id)
    session.add(attempt)
    success = attempt.resultado == ResultadoNotificacion.NOTIFICADO
    if success:
        peticion.satisfaccion = satisfaccion
        clocks.apply(peticion, clocks.CLOSED)
    move(session, actor=actor, peticion=peticion, step_name="notificar", when=now,
         to=Estado.NOTIFICADA if success else None,
         detalle={"medio": attempt.medio, "resultado": attempt.resultado, "intentada_en": when.isoformat(),
                  "satisfaccion": satisfaccion})
    return attempt


def _attempts(session: Session, peticion_id: int) -> list[Notificacion]:
    return list(session.execute(select(Notificacion).where(Notificacion.peticion_id == peticion_id)
                                .order_by(col(Notificacion.id))).scalars())


def to_resguardo(*, session: Session, actor: Actor, folio: str, now: datetime | None = None) -> Peticion:
    """Keep the answer for pickup (L14): petitioner not located within the term after it was issued, or no data to deliver."""
    now = now or now_utc()
    peticion = get_petition(session, folio, for_update=True)
    check("resguardo", peticion, actor)
    state = load_plans(session, [peticion.id], today=local_date(now))[peticion.id]
    if state.resguardo_negado:
        raise InvalidInput(state.resguardo_negado)
    clocks.apply(peticion, clocks.CLOSED)
    move(session, actor=actor, peticion=peticion, step_name="resguardo", when=now,
         detalle={"motivo": "sin datos para la entrega" if state.sin_datos else "no localizado"})
    return peticion


def deliver(
    *, session: Session, actor: Actor, folio: str, recibe_nombre: str, identificacion_tipo: Identificacion | str,
    identificacion_numero: str, tercero: bool = False, carta_poder: bool = False,
    copia_identificacion_peticionario: bool = False, satisfaccion: int | None = None, now: datetime | None = None,
) -> Notificacion:
    """Hand the answer over in person against official ID; a third party needs carta poder and a copy of the petitioner's ID.

    After conclusion the petition stays concluded: the hand-over is added to its expediente (L14's copy kept «en caso
    de que la persona interesada acuda por ella»)."""
    now = now or now_utc()
    peticion = get_petition(session, folio, for_update=True)
    check("entregar", peticion, actor)
    answer = current_answer(session, peticion.id)
    if answer is None or answer.firmada_en is None:
        raise InvalidInput("No hay una respuesta firmada que entregar (L13, L14).")
    problems = []
    if not clean_text(recibe_nombre):
        problems.append("el nombre de quien recibe")
    try:
        id_kind = Identificacion(identificacion_tipo)
    except ValueError:
        problems.append("una identificación oficial (INE, pasaporte o cédula profesional)")
        id_kind = None
    if not clean_text(identificacion_numero):
        problems.append("el número de la identificación")
    if tercero and not carta_poder:
        problems.append("la carta poder simple firmada por el peticionario")
    if tercero and not copia_identificacion_peticionario:
        problems.append("la copia de la identificación del peticionario")
    if satisfaccion is not None and not 1 <= satisfaccion <= 5:
        problems.append("una calificación de satisfacción de 1 a 5")
    if problems or id_kind is None:
        raise InvalidInput("Para entregar la respuesta falta: " + "; ".join(problems) + " (L14).")
    delivery = Notificacion(
        peticion_id=peticion.id, medio=MedioNotificacion.PRESENCIAL.value, intentada_en=now,
        resultado=ResultadoNotificacion.NOTIFICADO.value, recibe_nombre=clean_text(recibe_nombre),
        identificacion_tipo=id_kind.value, identificacion_numero=clean_text(identificacion_numero),
        tercero=tercero, carta_poder=carta_poder, acuse_firmado=True, usuario_id=actor.id,
        detalle="entrega a tercero con carta poder" if tercero else "entrega al peticionario",
    )
    session.add(delivery)
    concluded = peticion.estado == Estado.CONCLUIDA
    if satisfaccion is not None or not concluded:
        peticion.satisfaccion = satisfaccion
    clocks.apply(peticion, clocks.CLOSED)
    move(session, actor=actor, peticion=peticion, step_name="entregar", when=now, to=Estado.CONCLUIDA if concluded else None,
         detalle={"identificacion": id_kind.value, "tercero": tercero, "satisfaccion": satisfaccion})
    return delivery


def conclude(*, session: Session, actor: Actor, folio: str, now: datetime | None = None) -> Peticion:
    """Close the petition (L15): refused without a signed answer and proof of notification."""
    now = now or now_utc()
    peticion = get_petition(session, folio, for_update=True)
    check("concluir", peticion, actor)
    # Only the resguardo's proof reads the events.
    events = (session.execute(select(Evento).where(col(Evento.peticion_id) == peticion.id).order_by(col(Evento.id)))
              .scalars().all() if peticion.estado == Estado.EN_RESGUARDO else [])
    refusal = conclusion_refusal(estado=peticion.estado, canal=peticion.canal, answer=current_answer(session, peticion.id),
                                 attempts=_attempts(session, peticion.id), events=events)
    if refusal:
        raise InvalidInput(refusal)
    peticion.concluida_en = now
    clocks.apply(peticion, clocks.CLOSED)
    move(session, actor=actor, peticion=peticion, step_name="concluir", when=now)
    return peticion


def conclusion_refusal(*, estado: str, canal: str, answer: Respuesta | None, attempts: Sequence[Notificacion],
                       events: Iterable[Evento]) -> str | None:
    """Why a petition in `estado` may not be concluded with this answer, attempts and events so far (L13–L15), or None."""
    if answer is None or answer.firmada_en is None:
        return "No se puede concluir: falta la respuesta firmada en el expediente (L13, L15)."
    if estado == Estado.NOTIFICADA and not any(a.resultado == ResultadoNotificacion.NOTIFICADO for a in attempts):
        return "No se puede concluir: falta el comprobante de notificación al peticionario (L15)."
    if estado == Estado.EN_RESGUARDO:
        missing = _resguardo_proof_missing(attempts, events)
        if missing:
            return "No se puede concluir desde el resguardo: falta " + " y ".join(missing) + " (L14, L15)."
    if canal == Canal.PRESIDENCIA and not any(a.acuse_firmado for a in attempts):
        return ("Una petición de Presidencia (SIDAC) no puede concluirse sin el acuse de recibo firmado por el "
                "peticionario (L15).")
    return None


def _resguardo_proof_missing(attempts: Sequence[Notificacion], events: Iterable[Evento]) -> list[str]:
    """What the expediente lacks to prove the petitioner was sought before the answer was kept (L14, L15)."""
    missing = []
    if not attempts:
        missing.append("registrar al menos un intento de notificación (con resultado «Datos insuficientes» si no hay "
                       "datos para localizar al peticionario)")
    # Events come in id order, which grows with time: the constancia counts only if produced after the last attempt
    # and the resguardo.
    documented = False
    for evento in events:
        if evento.accion in ("notificar", "resguardo"):
            documented = False
        elif evento.accion == "documento_generado" and event_detail(evento).get("tipo") == "constancia":
            documented = True
    if not documented:
        missing.append("generar la constancia de notificación con los intentos y el resguardo")
    return missing


def conclude_orientation(*, session: Session, actor: Actor, folio: str, nota: str, now: datetime | None = None) -> Peticion:
    """Conclude an orientación given on the spot, with a note of what the petitioner was told."""
    now = now or now_utc()
    peticion = get_petition(session, folio, for_update=True)
    check("concluir_orientacion", peticion, actor)
    if not clean_text(nota):
        raise InvalidInput("Escriba qué orientación se dio al peticionario.")
    peticion.concluida_en = now
    clocks.apply(peticion, clocks.CLOSED)
    move(session, actor=actor, peticion=peticion, step_name="concluir_orientacion", when=now,
         personal={"nota": clean_text(nota)})
    return peticion
