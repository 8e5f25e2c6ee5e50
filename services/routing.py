"""Routing to an área and escalating when it does not answer (L4–L11)."""

from datetime import date, datetime

from sqlalchemy.orm import Session
from sqlmodel import col, select

from models import Area, Canalizacion, Declinacion, Peticion, Prorroga, Recordatorio, Unidad
from models.enums import Estado, Reloj
from models.validators import clean_text
from services import clocks
from services.actor import Actor
from services.calendar import BusinessCalendar, local_date, now_utc
from services.dates import day_text
from services.errors import InvalidInput, NotFound
from services.extensions import count_refusal, date_refusal
from services.folios import format_oficio, take_numbers
from services.inhabiles import load_calendar
from services.late_declination import days_late, record_late
from services.lifecycle import check, get_petition, move
from services.terms import load_terms

_ESCALATION = {
    "recordatorio_1": (Estado.CANALIZADA, Reloj.RECORDATORIO_1),
    "recordatorio_2": (Estado.RECORDATORIO_1, Reloj.RECORDATORIO_2),
    "oficio_superior": (Estado.RECORDATORIO_2, Reloj.OFICIO_SUPERIOR),
}


def route(*, session: Session, actor: Actor, folio: str, area_id: int, now: datetime | None = None):
    """Canalizar (L4): send the petition to an área; starts L5 (3 d.h.) and L9 (2 d.h.)."""
    now = now or now_utc()
    peticion = get_petition(session, folio, for_update=True)
    check("canalizar", peticion, actor)
    area = session.get(Area, area_id)
    if area is None or area.unidad_id != peticion.unidad_id or not area.activa:
        raise NotFound("El área elegida no existe o no está activa en la unidad de la petición.")
    calendar, terms = load_calendar(session), load_terms(session)
    today = local_date(now)
    session.add(Canalizacion(
        peticion_id=peticion.id, area_id=area.id, canalizada_en=now, usuario_id=actor.id,
        vence_seguimiento=calendar.due_on(today, terms.days(peticion.tipo, Reloj.SEGUIMIENTO)),
        vence_declinacion=calendar.due_on(today, terms.days(peticion.tipo, Reloj.DECLINACION)),
    ))
    peticion.area_id = area.id
    clock = clocks.open_clock(Reloj.SEGUIMIENTO, today, peticion.tipo, calendar, terms)
    clocks.apply(peticion, clock)
    move(session, actor=actor, peticion=peticion, step_name="canalizar", when=now,
         detalle={"area": area.nombre, "vence": clock["vence_en"].isoformat()})
    return peticion


def active_routing(session: Session, peticion_id: int) -> Canalizacion:
    """The routing in force for a petition."""
    routing = session.execute(
        select(Canalizacion).where(Canalizacion.peticion_id == peticion_id, col(Canalizacion.activa))
        .order_by(col(Canalizacion.id).desc())
    ).scalars().first()
    if routing is None:
        raise InvalidInput("La petición no está canalizada a ningún área.")
    return routing


def decline(*, session: Session, actor: Actor, folio: str, motivo: str, now: datetime | None = None):
    """Record the área's non-competence (L9); the petition goes back to be routed again."""
    now = now or now_utc()
    peticion = get_petition(session, folio, for_update=True)
    check("declinar", peticion, actor)
    if not clean_text(motivo):
        raise InvalidInput("Escriba el motivo por el que el área declara no ser competente.")
    routing = active_routing(session, peticion.id)
    today = local_date(now)
    calendar, terms = load_calendar(session), load_terms(session)
    late = days_late(calendar, routing.vence_declinacion, today)
    in_term = late == 0
    routing.activa = False
    session.add(Declinacion(peticion_id=peticion.id, canalizacion_id=routing.id, area_id=routing.area_id,
                            motivo=clean_text(motivo), declarada_en=now, en_plazo=in_term, usuario_id=actor.id))
    peticion.area_id = None
    clocks.apply(peticion, clocks.open_clock(Reloj.CANALIZACION, today, peticion.tipo, calendar, terms))
    move(session, actor=actor, peticion=peticion, step_name="declinar", when=now,
         detalle={"en_plazo_L9": in_term, "plazo_L9": routing.vence_declinacion.isoformat()},
         personal={"motivo": clean_text(motivo)})
    if not in_term:
        record_late(session, actor=actor, peticion=peticion, routing=routing, motivo=clean_text(motivo), late=late,
                    when=now)
    return peticion


def escalation_refusal(step: str, peticion: Peticion, area: Area | None, today: date) -> str | None:
    """Why a reminder or the oficio cannot go out today (the área's term still runs, or the oficio would have no
    addressee); None when it can. The service refuses with it and the expediente offers the step only without it."""
    if not clocks.is_due(peticion.reloj, peticion.vence_en, today):
        return (f"El plazo del área vence el {day_text(peticion.vence_en)}; este paso procede a partir del día hábil "
                "siguiente.")
    if step == "oficio_superior" and (area is None or not clean_text(area.superior_nombre)):
        where = f"del área {area.nombre}" if area else "del área"
        return (f"El oficio no tiene destinatario: falta el superior jerárquico {where}. Regístrelo en "
                "Administración (F7, Áreas) y vuelva a intentarlo (L8).")
    return None


def escalate(*, session: Session, actor: Actor, folio: str, step: str, now: datetime | None = None):
    """Send the first or second reminder (L6, L7) or the oficio to the superior (L8) once the term ran out."""
    now = now or now_utc()
    peticion = get_petition(session, folio, for_update=True)
    check(step, peticion, actor)
    _, reloj = _ESCALATION[step]
    today = local_date(now)
    refused = escalation_refusal(step, peticion, session.get(Area, peticion.area_id) if peticion.area_id else None, today)
    if refused:
        raise InvalidInput(refused)
    routing = active_routing(session, peticion.id)
    unidad = session.get_one(Unidad, peticion.unidad_id)
    calendar, terms = load_calendar(session), load_terms(session)
    number = take_numbers(session, unidad_id=unidad.id, anio=today.year, serie="oficio")
    clock = clocks.open_clock(reloj, today, peticion.tipo, calendar, terms)
    reminder = Recordatorio(peticion_id=peticion.id, canalizacion_id=routing.id, tipo=step,
                            numero=format_oficio(unidad.clave, today.year, number), enviado_en=now,
                            vence_en=clock["vence_en"], usuario_id=actor.id)
    session.add(reminder)
    clocks.apply(peticion, clock)
    move(session, actor=actor, peticion=peticion, step_name=step, when=now,
         detalle={"oficio": reminder.numero, "vence": reminder.vence_en.isoformat()})
    return reminder


def extend(
    *, session: Session, actor: Actor, folio: str, motivo: str, nueva_fecha: date,
    sad_informada_en: datetime, peticionario_contactado_en: datetime, now: datetime | None = None,
):
    """Agree a prórroga (L10, L11): SAD informed, petitioner told of progress, new due date recorded."""
    now = now or now_utc()
    peticion = get_petition(session, folio, for_update=True)
    check("prorroga", peticion, actor)
    today = local_date(now)
    if not clean_text(motivo):
        raise InvalidInput("Escriba por qué el asunto requiere más tiempo (L10).")
    calendar = load_calendar(session)
    refused = extension_refusal(session, peticion, calendar, today, nueva_fecha)
    if refused:
        raise InvalidInput(refused)
    session.add(Prorroga(peticion_id=peticion.id, motivo=clean_text(motivo), sad_informada_en=sad_informada_en,
                         peticionario_contactado_en=peticionario_contactado_en, nueva_fecha=nueva_fecha,
                         usuario_id=actor.id, creada_en=now))
    clocks.apply(peticion, clocks.fixed_clock(Reloj.PRORROGA, today, nueva_fecha))
    move(session, actor=actor, peticion=peticion, step_name="prorroga", when=now,
         detalle={"nueva_fecha": nueva_fecha.isoformat(), "sad_informada_en": sad_informada_en.isoformat(),
                  "peticionario_contactado_en": peticionario_contactado_en.isoformat()},
         personal={"motivo": clean_text(motivo)})
    return peticion


def extension_refusal(session: Session, peticion: Peticion, calendar: BusinessCalendar, today: date,
                      nueva_fecha: date) -> str | None:
    """Why L10's limit refuses this prórroga (one per routing, within services.terms' days), or None."""
    routings = list(session.execute(select(Canalizacion).where(col(Canalizacion.peticion_id) == peticion.id)).scalars())
    prorrogas = list(session.execute(select(Prorroga).where(col(Prorroga.peticion_id) == peticion.id)
                                     .order_by(col(Prorroga.id))).scalars())
    return count_refusal(prorrogas, routings) or date_refusal(calendar, today, nueva_fecha)
