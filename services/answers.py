"""The área's answer: recording it with the L12 checklist and the director's signature (L13)."""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session
from sqlmodel import col, select

from models import Peticion, Respuesta, Unidad
from models.enums import Reloj
from models.validators import clean_text
from services import clocks
from services.actor import Actor
from services.calendar import local_date, now_utc
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
        """Spanish names of the points not yet confirmed."""
        labels = {
            "lenguaje_claro": "redactada en lenguaje claro y sencillo",
            "fundamentada": "debidamente fundamentada",
            "congruente": "congruente con lo solicitado",
            "datos_firmante": "con nombre, cargo y teléfono de quien la emite",
        }
        return [text for name, text in labels.items() if not getattr(self, name)]


def record_answer(
    *, session: Session, actor: Actor, folio: str, texto: str, solucion: str = "",
    firmante_nombre: str = "", firmante_cargo: str = "", firmante_telefono: str = "",
    checklist: Checklist = Checklist(), recibida_en: datetime | None = None, now: datetime | None = None,
) -> Respuesta:
    """Record the área's written answer; starts the L14 clock to notify the petitioner (2 d.h.)."""
    now = now or now_utc()
    peticion = get_petition(session, folio, for_update=True)
    check("respuesta", peticion, actor)
    if not clean_text(texto):
        raise InvalidInput("Escriba el texto de la respuesta del área.")
    recibida_en = recibida_en or now
    answer = Respuesta(
        peticion_id=peticion.id, area_id=peticion.area_id, texto=clean_text(texto), solucion=clean_text(solucion),
        recibida_en=recibida_en, firmante_nombre=clean_text(firmante_nombre), firmante_cargo=clean_text(firmante_cargo),
        firmante_telefono=clean_text(firmante_telefono), usuario_id=actor.id,
        lenguaje_claro=checklist.lenguaje_claro, fundamentada=checklist.fundamentada,
        congruente=checklist.congruente, datos_firmante=checklist.datos_firmante,
    )
    session.add(answer)
    calendar, terms = load_calendar(session), load_terms(session)
    clock = clocks.open_clock(Reloj.NOTIFICACION, local_date(recibida_en), peticion.tipo, calendar, terms)
    clocks.apply(peticion, clock)
    move(session, actor=actor, peticion=peticion, step_name="respuesta", when=now,
         detalle={"recibida_en": recibida_en.isoformat(), "notificar_a_mas_tardar": clock["vence_en"].isoformat()})
    return answer


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

    With `data_dir`, the oficio de respuesta for the petitioner is numbered, produced and kept in the expediente
    in the same transaction, so a signature never lacks its letter.
    """
    now = now or now_utc()
    peticion = get_petition(session, folio, for_update=True)
    check("firmar", peticion, actor)
    answer = answer_of(session, peticion)
    problems = checklist.missing()
    signer = [("nombre", answer.firmante_nombre), ("cargo", answer.firmante_cargo), ("teléfono", answer.firmante_telefono)]
    problems += [f"falta el {label} de quien la emite" for label, value in signer if not value]
    if problems:
        raise InvalidInput("No se puede firmar; la respuesta debe estar " + "; ".join(problems) + " (L12).")
    answer.lenguaje_claro = answer.fundamentada = answer.congruente = answer.datos_firmante = True
    answer.firmada_por, answer.firmada_en = actor.id, now
    detalle = {"firmada_por": actor.nombre}
    if data_dir is not None:
        from services.paperwork import answer_letter

        unidad = session.get_one(Unidad, peticion.unidad_id)
        year = local_date(now).year
        numero = format_oficio(unidad.clave, year, take_numbers(session, unidad_id=unidad.id, anio=year, serie="oficio"))
        answer_letter(session=session, actor=actor, peticion=peticion, answer=answer, numero=numero, data_dir=data_dir)
        detalle["oficio"] = numero
    move(session, actor=actor, peticion=peticion, step_name="firmar", when=now, detalle=detalle)
    return answer
