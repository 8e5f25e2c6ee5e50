"""Routing to one área or several and escalating to each that does not answer (L4–L11)."""

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy.orm import Session
from sqlmodel import col, select

from models import Area, Canalizacion, Declinacion, Peticion, Prorroga, Recordatorio, Unidad
from models.enums import Estado, Reloj
from models.validators import clean_text
from services import area_routings, clocks
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

_ESCALATION = {"recordatorio_1": Reloj.RECORDATORIO_1, "recordatorio_2": Reloj.RECORDATORIO_2,
               "oficio_superior": Reloj.OFICIO_SUPERIOR}
_SENT_TO = {"recordatorio_1": "recibir el primer recordatorio", "recordatorio_2": "recibir el segundo recordatorio",
            "oficio_superior": "recibir el oficio al superior"}


def route(*, session: Session, actor: Actor, folio: str, area_id: int | None = None, area_ids: Sequence[int] = (),
          now: datetime | None = None) -> list[Canalizacion]:
    """Canalizar (L4): send the petition to one área or several (`area_ids`), or add one to those following it up;
    each área has its own L5 (3 d.h.) and L9 (2 d.h.) terms from today. Returns the routings made."""
    now = now or now_utc()
    peticion = get_petition(session, folio, for_update=True)
    check("canalizar", peticion, actor)
    wanted = list(dict.fromkeys([*([area_id] if area_id is not None else []), *area_ids]))
    if not wanted:
        raise InvalidInput("Elija al menos un área a la cual canalizar la petición.")
    routings = area_routings.open_routings(session, peticion.id)
    already = {routing.area_id for routing in routings}
    calendar, terms = load_calendar(session), load_terms(session)
    today = local_date(now)
    made = []
    for chosen in wanted:
        area = session.get(Area, chosen)
        if area is None or area.unidad_id != peticion.unidad_id or not area.activa:
            raise NotFound("El área elegida no existe o no está activa en la unidad de la petición.")
        if area.id in already:
            raise InvalidInput(f"La petición ya está canalizada al área {area.nombre}.")
        routing = Canalizacion(
            peticion_id=peticion.id, area_id=area.id, canalizada_en=now, usuario_id=actor.id,
            vence_seguimiento=calendar.due_on(today, terms.days(peticion.tipo, Reloj.SEGUIMIENTO)),
            vence_declinacion=calendar.due_on(today, terms.days(peticion.tipo, Reloj.DECLINACION)),
        )
        clock = area_routings.open_area_clock(routing, Reloj.SEGUIMIENTO, today, peticion.tipo, calendar, terms)
        session.add(routing)
        session.flush()
        routings.append(routing)
        made.append(routing)
        already.add(area.id)
        target = area_routings.settle(session, peticion, routings, calendar=calendar, terms=terms)
        move(session, actor=actor, peticion=peticion, step_name="canalizar", when=now, to=_first_routing(peticion, target),
             detalle={"area": area.nombre, "vence": clock["vence_en"].isoformat()})
    return made


def _first_routing(peticion: Peticion, target: Estado) -> Estado:
    """A petition not yet followed up by any área becomes «Canalizada»; one already followed up stays as it is."""
    return Estado.CANALIZADA if peticion.estado in (Estado.REGISTRADA, Estado.NO_COMPETENTE) else target


def active_routing(session: Session, peticion_id: int) -> Canalizacion:
    """The routing in force for a petition (the latest, when several áreas follow it up)."""
    routings = area_routings.open_routings(session, peticion_id)
    if not routings:
        raise InvalidInput("La petición no está canalizada a ningún área.")
    return routings[-1]


def decline(*, session: Session, actor: Actor, folio: str, motivo: str, area_id: int | None = None,
            now: datetime | None = None):
    """Record an área's non-competence (L9): with no other área left the petition goes back to be routed again;
    otherwise it goes on with the others."""
    now = now or now_utc()
    peticion = get_petition(session, folio, for_update=True)
    check("declinar", peticion, actor)
    if not clean_text(motivo):
        raise InvalidInput("Escriba el motivo por el que el área declara no ser competente.")
    routings = area_routings.open_routings(session, peticion.id)
    routing = area_routings.choose(session, routings, area_id, fits=lambda r: r.etapa != area_routings.ANSWERED,
                                   what="declarar su no competencia")
    today = local_date(now)
    calendar, terms = load_calendar(session), load_terms(session)
    late = days_late(calendar, routing.vence_declinacion, today)
    in_term = late == 0
    routing.activa = False
    clocks.apply(routing, clocks.CLOSED)
    session.add(Declinacion(peticion_id=peticion.id, canalizacion_id=routing.id, area_id=routing.area_id,
                            motivo=clean_text(motivo), declarada_en=now, en_plazo=in_term, usuario_id=actor.id))
    others = [other for other in routings if other.id != routing.id]
    if others:
        target = area_routings.settle(session, peticion, others, calendar=calendar, terms=terms)
    else:
        peticion.area_id = None
        clocks.apply(peticion, clocks.open_clock(Reloj.CANALIZACION, today, peticion.tipo, calendar, terms))
        target = Estado.NO_COMPETENTE
    move(session, actor=actor, peticion=peticion, step_name="declinar", when=now, to=target,
         detalle={"area": area_routings.area_name(session, routing.area_id), "en_plazo_L9": in_term,
                  "plazo_L9": routing.vence_declinacion.isoformat()},
         personal={"motivo": clean_text(motivo)})
    if not in_term:
        record_late(session, actor=actor, peticion=peticion, routing=routing, motivo=clean_text(motivo), late=late,
                    when=now)
    return peticion


def escalation_refusal(step: str, routing: Canalizacion, area: Area | None, today: date) -> str | None:
    """Why a reminder or the oficio cannot go out today to the área of `routing` (its term still runs, or the oficio
    would have no addressee); None when it can. The service refuses with it and the expediente offers the step only
    without it."""
    if not clocks.is_due(routing.reloj, routing.vence_en, today):
        assert routing.vence_en is not None
        where = f"del área {area.nombre}" if area else "del área"
        return (f"El plazo {where} vence el {day_text(routing.vence_en)}; este paso procede a partir del día hábil "
                "siguiente.")
    if step == "oficio_superior" and (area is None or not clean_text(area.superior_nombre)):
        where = f"del área {area.nombre}" if area else "del área"
        return (f"El oficio no tiene destinatario: falta el superior jerárquico {where}. Regístrelo en "
                "Administración (F7, Áreas) y vuelva a intentarlo (L8).")
    return None


def escalate(*, session: Session, actor: Actor, folio: str, step: str, area_id: int | None = None,
             now: datetime | None = None):
    """Send the first or second reminder (L6, L7) or the oficio to the superior (L8) to an área whose term ran out;
    `area_id` says which when several áreas stand at that step."""
    now = now or now_utc()
    peticion = get_petition(session, folio, for_update=True)
    check(step, peticion, actor)
    reloj = _ESCALATION[step]
    today = local_date(now)
    routings = area_routings.open_routings(session, peticion.id)
    routing = area_routings.choose(session, routings, area_id,
                                   fits=lambda r: r.etapa == area_routings.PREVIOUS[step], what=_SENT_TO[step])
    refused = escalation_refusal(step, routing, session.get(Area, routing.area_id), today)
    if refused:
        raise InvalidInput(refused)
    unidad = session.get_one(Unidad, peticion.unidad_id)
    calendar, terms = load_calendar(session), load_terms(session)
    number = take_numbers(session, unidad_id=unidad.id, anio=today.year, serie="oficio")
    clock = area_routings.open_area_clock(routing, reloj, today, peticion.tipo, calendar, terms)
    routing.etapa = step
    reminder = Recordatorio(peticion_id=peticion.id, canalizacion_id=routing.id, tipo=step,
                            numero=format_oficio(unidad.clave, today.year, number), enviado_en=now,
                            vence_en=clock["vence_en"], usuario_id=actor.id)
    session.add(reminder)
    target = area_routings.settle(session, peticion, routings, calendar=calendar, terms=terms, keep_prorroga=False)
    move(session, actor=actor, peticion=peticion, step_name=step, when=now, to=target,
         detalle={"area": area_routings.area_name(session, routing.area_id), "oficio": reminder.numero,
                  "vence": reminder.vence_en.isoformat()})
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
    agreed = clocks.fixed_clock(Reloj.PRORROGA, today, nueva_fecha)
    clocks.apply(peticion, agreed)
    # The agreed date is every waiting área's: none is reminded while the prórroga runs, and once it passes the
    # escalation starts again from the first reminder (L10, L6).
    for routing in area_routings.waiting(area_routings.open_routings(session, peticion.id)):
        clocks.apply(routing, agreed)
        routing.etapa = Estado.CANALIZADA.value
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
