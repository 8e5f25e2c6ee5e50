"""Telling the petitioner (L14): attempts, resguardo, delivery with ID, and conclusion (L15)."""

from datetime import date, datetime

from sqlalchemy.orm import Session
from sqlmodel import select

from models import Notificacion, Peticion
from models.enums import Canal, Estado, Identificacion, MedioNotificacion, Reloj, ResultadoNotificacion
from models.validators import clean_text
from services import clocks
from services.actor import Actor
from services.answers import answer_of, current_answer
from services.calendar import local_date, now_utc
from services.dates import day_text
from services.errors import InvalidInput
from services.inhabiles import load_calendar
from services.lifecycle import check, get_petition, move
from services.terms import load_terms


def notify(
    *, session: Session, actor: Actor, folio: str, medio: MedioNotificacion, resultado: ResultadoNotificacion,
    detalle: str = "", acuse_firmado: bool = False, satisfaccion: int | None = None, now: datetime | None = None,
) -> Notificacion:
    """Log one attempt to tell the petitioner the signed answer; a success marks the petition notificada."""
    now = now or now_utc()
    peticion = get_petition(session, folio, for_update=True)
    check("notificar", peticion, actor)
    if satisfaccion is not None and not 1 <= satisfaccion <= 5:
        raise InvalidInput("La calificación de satisfacción va de 1 a 5.")
    attempt = Notificacion(peticion_id=peticion.id, medio=MedioNotificacion(medio).value, intentada_en=now,
                           resultado=ResultadoNotificacion(resultado).value, detalle=clean_text(detalle),
                           acuse_firmado=acuse_firmado, usuario_id=actor.id)
    session.add(attempt)
    success = attempt.resultado == ResultadoNotificacion.NOTIFICADO
    if success:
        peticion.satisfaccion = satisfaccion
        clocks.apply(peticion, clocks.CLOSED)
    elif peticion.reloj == Reloj.NOTIFICACION:
        _start_resguardo_clock(session, peticion)
    move(session, actor=actor, peticion=peticion, step_name="notificar", when=now,
         to=Estado.NOTIFICADA if success else None,
         detalle={"medio": attempt.medio, "resultado": attempt.resultado, "satisfaccion": satisfaccion})
    return attempt


def _start_resguardo_clock(session: Session, peticion: Peticion) -> None:
    answer = answer_of(session, peticion)
    issued = local_date(answer.firmada_en or answer.recibida_en)
    calendar, terms = load_calendar(session), load_terms(session)
    clocks.apply(peticion, clocks.open_clock(Reloj.RESGUARDO, issued, peticion.tipo, calendar, terms))


def _attempts(session: Session, peticion_id: int) -> list[Notificacion]:
    return list(session.execute(select(Notificacion).where(Notificacion.peticion_id == peticion_id)).scalars())


def _has_contact(peticion: Peticion) -> bool:
    return bool(peticion.telefono or peticion.correo or (peticion.calle and peticion.codigo_postal))


def resguardo_refusal(peticion: Peticion, attempts: list[Notificacion], today: date) -> str | None:
    """Why the answer cannot be kept for pickup today (L14); None when it can: at once without data to deliver it,
    otherwise after a failed attempt and once the 10 days from its issue have run out."""
    if not _has_contact(peticion):
        return None
    if all(a.resultado == ResultadoNotificacion.NOTIFICADO for a in attempts):
        return "Antes del resguardo registre al menos un intento de notificación sin éxito (L14)."
    if peticion.reloj == Reloj.RESGUARDO and not clocks.is_due(peticion.reloj, peticion.vence_en, today):
        return (f"El resguardo procede después del {day_text(peticion.vence_en)} "
                "(10 días hábiles desde la emisión de la respuesta, L14).")
    return None


def to_resguardo(*, session: Session, actor: Actor, folio: str, now: datetime | None = None) -> Peticion:
    """Keep the answer for pickup (L14): petitioner not located 10 d.h. after it was issued, or no data to deliver."""
    now = now or now_utc()
    peticion = get_petition(session, folio, for_update=True)
    check("resguardo", peticion, actor)
    refused = resguardo_refusal(peticion, _attempts(session, peticion.id), local_date(now))
    if refused:
        raise InvalidInput(refused)
    clocks.apply(peticion, clocks.CLOSED)
    move(session, actor=actor, peticion=peticion, step_name="resguardo", when=now,
         detalle={"motivo": "no localizado" if _has_contact(peticion) else "sin datos para la entrega"})
    return peticion


def deliver(
    *, session: Session, actor: Actor, folio: str, recibe_nombre: str, identificacion_tipo: Identificacion | str,
    identificacion_numero: str, tercero: bool = False, carta_poder: bool = False,
    copia_identificacion_peticionario: bool = False, satisfaccion: int | None = None, now: datetime | None = None,
) -> Notificacion:
    """Hand the answer over in person against official ID; a third party needs carta poder and a copy of the petitioner's ID."""
    now = now or now_utc()
    peticion = get_petition(session, folio, for_update=True)
    check("entregar", peticion, actor)
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
    peticion.satisfaccion = satisfaccion
    clocks.apply(peticion, clocks.CLOSED)
    move(session, actor=actor, peticion=peticion, step_name="entregar", when=now,
         detalle={"identificacion": id_kind.value, "tercero": tercero, "satisfaccion": satisfaccion})
    return delivery


def conclude(*, session: Session, actor: Actor, folio: str, now: datetime | None = None) -> Peticion:
    """Close the petition (L15): refused without a signed answer and proof of notification."""
    now = now or now_utc()
    peticion = get_petition(session, folio, for_update=True)
    check("concluir", peticion, actor)
    answer = current_answer(session, peticion.id)
    if answer is None or answer.firmada_en is None:
        raise InvalidInput("No se puede concluir: falta la respuesta firmada en el expediente (L13, L15).")
    attempts = _attempts(session, peticion.id)
    if peticion.estado == Estado.NOTIFICADA and not any(a.resultado == ResultadoNotificacion.NOTIFICADO for a in attempts):
        raise InvalidInput("No se puede concluir: falta el comprobante de notificación al peticionario (L15).")
    if peticion.canal == Canal.PRESIDENCIA and not any(a.acuse_firmado for a in attempts):
        raise InvalidInput("Una petición de Presidencia (SIDAC) no puede concluirse sin el acuse de recibo "
                           "firmado por el peticionario (L15).")
    peticion.concluida_en = now
    clocks.apply(peticion, clocks.CLOSED)
    move(session, actor=actor, peticion=peticion, step_name="concluir", when=now)
    return peticion


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
