"""The área's answer: recording it with the issuer's data and the L12 checklist, correcting or returning it when it
fails review, and the director's signature (L13)."""

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy.orm import Session
from sqlmodel import col, select

from models import Area, Canalizacion, Peticion, Respuesta, Unidad
from models.enums import Estado, Reloj
from models.validators import clean_text
from services import area_routings, clocks
from services.actor import Actor
from services.calendar import MEXICO_CITY, local_date, now_utc
from services.dates import as_aware, day_text, ensure_not_future
from services.errors import IllegalTransition, InvalidInput
from services.folios import format_oficio, take_numbers
from services.inhabiles import load_calendar
from services.lifecycle import check, get_petition, move
from services.terms import load_terms


@dataclass(frozen=True, slots=True)
class Checklist:
    """The L12 review: plain language, legal basis, congruent with what was asked, signer's data present."""

    lenguaje_claro: bool = False
    fundamentada: bool = False
    congruente: bool = False
    datos_firmante: bool = False

    def missing(self) -> list[str]:
        """The points not yet confirmed, each as what the answer must be («está debidamente fundamentada»)."""
        labels = {
            "lenguaje_claro": "está redactada en lenguaje claro y sencillo",
            "fundamentada": "está debidamente fundamentada",
            "congruente": "es congruente con lo solicitado",
            "datos_firmante": "lleva nombre, cargo y teléfono de quien la emite",
        }
        return [text for name, text in labels.items() if not getattr(self, name)]


def spanish_list(items: list[str]) -> str:
    """«a», «a y b», «a, b y c»."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " y " + items[-1]


def issuer_missing(nombre: str, cargo: str, telefono: str) -> str | None:
    """One sentence naming what is missing of who issues the answer (L12), or None when all three are there."""
    missing = [label for label, value in (("el nombre", nombre), ("el cargo", cargo), ("el teléfono", telefono))
               if not clean_text(value)]
    if not missing:
        return None
    return f"{'Falta' if len(missing) == 1 else 'Faltan'} {spanish_list(missing)} de quien emite la respuesta (L12)."


def received_moment(day: date | None, now: datetime) -> datetime:
    """When the área answered: now if today (or not given); a past day at its first minute, the hour being unknown."""
    if day is None or day == local_date(now):
        return now
    return datetime.combine(day, time(), MEXICO_CITY)


def record_answer(
    *, session: Session, actor: Actor, folio: str, texto: str, solucion: str = "",
    firmante_nombre: str = "", firmante_cargo: str = "", firmante_telefono: str = "",
    checklist: Checklist = Checklist(), recibida_el: date | None = None, area_id: int | None = None,
    now: datetime | None = None,
) -> Respuesta:
    """Record an área's written answer of the day it answered (`area_id` says which when several still owe theirs);
    once every área answered, the L14 clock to notify the petitioner (2 d.h.) starts from the last answer."""
    now = now or now_utc()
    peticion = get_petition(session, folio, for_update=True)
    check("respuesta", peticion, actor)
    routings = area_routings.open_routings(session, peticion.id)
    routing = area_routings.choose(session, routings, area_id, fits=lambda r: r.etapa != area_routings.ANSWERED,
                                   what="registrar su respuesta")
    answer = _stored(session, actor=actor, peticion=peticion, area_id=routing.area_id, texto=texto, solucion=solucion,
                     firmante=(firmante_nombre, firmante_cargo, firmante_telefono), checklist=checklist,
                     recibida_en=received_moment(recibida_el, now), now=now)
    routing.etapa = area_routings.ANSWERED
    clocks.apply(routing, clocks.CLOSED)
    target = area_routings.settle(session, peticion, routings, calendar=load_calendar(session), terms=load_terms(session))
    move(session, actor=actor, peticion=peticion, step_name="respuesta", when=now, to=target,
         detalle=_clock_detail(session, answer, peticion, target))
    return answer


def _stored(
    session: Session, *, actor: Actor, peticion: Peticion, area_id: int, texto: str, solucion: str,
    firmante: tuple[str, str, str], checklist: Checklist, recibida_en: datetime, now: datetime,
) -> Respuesta:
    """Check and add an área's answer (the petition's state and clock follow from all its áreas, settled after)."""
    if not clean_text(texto):
        raise InvalidInput("Escriba el texto de la respuesta del área.")
    missing = issuer_missing(*firmante)
    if missing:
        raise InvalidInput(missing)
    ensure_not_future(recibida_en, now, "La fecha en que respondió el área")
    if local_date(recibida_en) < local_date(as_aware(peticion.recibida_en)):
        raise InvalidInput("La fecha en que respondió el área no puede ser anterior a la recepción de la petición "
                           f"({day_text(peticion.recibida_en)}).")
    nombre, cargo, telefono = (clean_text(value) for value in firmante)
    # The issuer's data was just checked, so that point of the review is true by construction, not by a tick.
    answer = Respuesta(
        peticion_id=peticion.id, area_id=area_id, texto=clean_text(texto), solucion=clean_text(solucion),
        recibida_en=recibida_en, firmante_nombre=nombre, firmante_cargo=cargo, firmante_telefono=telefono,
        usuario_id=actor.id, lenguaje_claro=checklist.lenguaje_claro, fundamentada=checklist.fundamentada,
        congruente=checklist.congruente, datos_firmante=True,
    )
    session.add(answer)
    return answer


def _clock_detail(session: Session, answer: Respuesta, peticion: Peticion, target: Estado) -> dict:
    detail = {"area": area_routings.area_name(session, answer.area_id) if answer.area_id else "—",
              "recibida_en": answer.recibida_en.isoformat()}
    if target == Estado.RESPONDIDA and peticion.vence_en is not None:
        detail["notificar_a_mas_tardar"] = peticion.vence_en.isoformat()
    return detail


def correct_answer(
    *, session: Session, actor: Actor, folio: str, motivo: str, texto: str, solucion: str = "",
    firmante_nombre: str = "", firmante_cargo: str = "", firmante_telefono: str = "",
    checklist: Checklist = Checklist(), recibida_el: date | None = None, area_id: int | None = None,
    now: datetime | None = None,
) -> Respuesta:
    """Replace an área's answer that fails review with its corrected one (the first stays in the expediente); the
    L14 clock starts again from the last answer in force."""
    now = now or now_utc()
    peticion = get_petition(session, folio, for_update=True)
    check("corregir_respuesta", peticion, actor)
    if not clean_text(motivo):
        raise InvalidInput("Escriba por qué se corrige la respuesta (qué no cumplía).")
    answer_of(session, peticion)
    routings = area_routings.open_routings(session, peticion.id)
    routing = _answered_routing(session, routings, area_id, "registrar su respuesta corregida")
    answer = _stored(session, actor=actor, peticion=peticion, area_id=routing.area_id, texto=texto, solucion=solucion,
                     firmante=(firmante_nombre, firmante_cargo, firmante_telefono), checklist=checklist,
                     recibida_en=received_moment(recibida_el, now), now=now)
    session.flush()
    area_routings.settle(session, peticion, routings, calendar=load_calendar(session), terms=load_terms(session))
    move(session, actor=actor, peticion=peticion, step_name="corregir_respuesta", when=now,
         detalle=_clock_detail(session, answer, peticion, Estado.RESPONDIDA), personal={"motivo": clean_text(motivo)})
    return answer


def _answered_routing(session: Session, routings: list[Canalizacion], area_id: int | None, what: str) -> Canalizacion:
    return area_routings.choose(session, routings, area_id, fits=lambda r: r.etapa == area_routings.ANSWERED, what=what)


def return_to_area(*, session: Session, actor: Actor, folio: str, motivo: str, area_id: int | None = None,
                   now: datetime | None = None) -> Peticion:
    """Send an área's answer that fails review (L12) back to it (`area_id` says which when several answered); it then
    has the L5 term again, counted from today."""
    now = now or now_utc()
    peticion = get_petition(session, folio, for_update=True)
    check("devolver_area", peticion, actor)
    if not clean_text(motivo):
        raise InvalidInput("Escriba por qué se devuelve la respuesta al área (qué debe corregir).")
    answer_of(session, peticion)
    routings = area_routings.open_routings(session, peticion.id)
    routing = _answered_routing(session, routings, area_id, "recibir de vuelta su respuesta")
    area = session.get_one(Area, routing.area_id)
    # The returned answer is no answer yet: the área is followed up as on the day of routing (L5), and the reminders
    # of L6–L8 follow from this new term.
    calendar, terms = load_calendar(session), load_terms(session)
    routing.etapa = Estado.CANALIZADA.value
    clock = area_routings.open_area_clock(routing, Reloj.SEGUIMIENTO, local_date(now), peticion.tipo, calendar, terms)
    area_routings.settle(session, peticion, routings, calendar=calendar, terms=terms)
    move(session, actor=actor, peticion=peticion, step_name="devolver_area", when=now,
         detalle={"area": area.nombre, "vence": clock["vence_en"].isoformat()}, personal={"motivo": clean_text(motivo)})
    return peticion


def current_answer(session: Session, peticion_id: int) -> Respuesta | None:
    """The latest answer recorded for a petition."""
    return session.execute(
        select(Respuesta).where(col(Respuesta.peticion_id) == peticion_id).order_by(col(Respuesta.id).desc())
    ).scalars().first()


def answer_of(session: Session, peticion: Peticion) -> Respuesta:
    """The latest answer of a petition whose state says it was answered."""
    answer = current_answer(session, peticion.id)
    if answer is None:
        raise IllegalTransition(f"La petición {peticion.folio} no tiene respuesta registrada.")
    return answer


def sign(*, session: Session, actor: Actor, folio: str, checklist: Checklist, now: datetime | None = None,
         data_dir: Path | None = None) -> Respuesta:
    """The director reviews the answer against L12 and signs it (L13); refused while a point is missing.

    A petition routed to several áreas (L4) gets one answer: the director signs every área's answer in force at once,
    in one oficio de respuesta, since L13 and L14 speak of the one answer the petitioner receives. With `data_dir`,
    that oficio is numbered, produced and kept in the expediente in the same transaction, so a signature never lacks
    its letter. Returns the first área's answer.
    """
    now = now or now_utc()
    peticion = get_petition(session, folio, for_update=True)
    check("firmar", peticion, actor)
    answer_of(session, peticion)
    in_force = area_routings.current_answers(session, peticion)
    for answer in in_force:
        missing = issuer_missing(answer.firmante_nombre, answer.firmante_cargo, answer.firmante_telefono)
        if missing:
            whose = (f" (área {area_routings.area_name(session, answer.area_id)})"
                     if len(in_force) > 1 and answer.area_id else "")
            raise InvalidInput(f"No se puede firmar{whose}. {missing} Devuélvala al área o registre la respuesta "
                               "corregida.")
    unconfirmed = checklist.missing()
    if unconfirmed:
        raise InvalidInput(f"No se puede firmar: falta confirmar que la respuesta {spanish_list(unconfirmed)} (L12).")
    for answer in in_force:
        answer.lenguaje_claro = answer.fundamentada = answer.congruente = answer.datos_firmante = True
        answer.firmada_por, answer.firmada_en = actor.id, now
    answer = in_force[0]
    detalle = {"firmada_por": actor.nombre}
    if data_dir is not None:
        from services.paperwork import answer_letter

        unidad = session.get_one(Unidad, peticion.unidad_id)
        year = local_date(now).year
        numero = format_oficio(unidad.clave, year, take_numbers(session, unidad_id=unidad.id, anio=year, serie="oficio"))
        answer_letter(session=session, actor=actor, peticion=peticion, answer=answer, numero=numero, data_dir=data_dir,
                      mas=in_force[1:])
        detalle["oficio"] = numero
    move(session, actor=actor, peticion=peticion, step_name="firmar", when=now, detalle=detalle)
    return answer
