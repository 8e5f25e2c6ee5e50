"""The measures the SAD agrees with the área for a matter that needs longer (L11): recorded, followed up until
fulfilled (F4), and reported in the Anexo 1."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from models import Area, MedidaSad, Peticion, Prorroga
from models.enums import Estado
from models.validators import clean_text
from services import audit
from services.actor import Actor, require
from services.calendar import local_date, now_utc
from services.dates import day_text
from services.errors import InvalidInput, NotFound
from services.lifecycle import get_petition


def _due():
    """SQL for a measure's due day: its own, else the date the prórroga it serves agreed for the answer."""
    return func.coalesce(col(MedidaSad.vence_en), col(Prorroga.nueva_fecha))


def record(*, session: Session, actor: Actor, folio: str, descripcion: str, responsable: str, acordada_en: date,
           vence_en: date | None = None, now: datetime | None = None) -> MedidaSad:
    """Record a measure agreed by the SAD with the área (L11): what, who answers for it, when agreed, due when."""
    now = now or now_utc()
    require(actor, "prorroga")
    peticion = get_petition(session, folio, for_update=True)
    if peticion.estado == Estado.CONCLUIDA:
        raise InvalidInput(f"La petición {peticion.folio} está concluida: ya no se acuerdan medidas para resolverla.")
    prorroga = session.execute(select(Prorroga).where(col(Prorroga.peticion_id) == peticion.id)
                               .order_by(col(Prorroga.id).desc())).scalars().first()
    if prorroga is None:
        raise InvalidInput("La SAD acuerda medidas en los asuntos que requieren más tiempo (L11): registre antes la "
                           "prórroga informada a la SAD (L10).")
    descripcion, responsable = clean_text(descripcion), clean_text(responsable)
    if not descripcion:
        raise InvalidInput("Escriba la medida que acordó la SAD con el área (L11).")
    if not responsable:
        raise InvalidInput("Escriba quién es responsable de cumplir la medida.")
    today = local_date(now)
    if acordada_en > today:
        raise InvalidInput("La fecha del acuerdo no puede ser posterior a hoy.")
    if vence_en is not None and vence_en < acordada_en:
        raise InvalidInput(f"La fecha de cumplimiento no puede ser anterior al acuerdo ({day_text(acordada_en)}).")
    measure = MedidaSad(peticion_id=peticion.id, prorroga_id=prorroga.id, descripcion=descripcion,
                        responsable=responsable, acordada_en=acordada_en, vence_en=vence_en, usuario_id=actor.id,
                        creada_en=now)
    session.add(measure)
    session.flush()
    audit.record(session, actor=actor, accion="medida_sad", unidad_id=peticion.unidad_id, peticion_id=peticion.id,
                 when=now, detalle={"responsable": responsable, "acordada_en": acordada_en.isoformat(),
                                    "cumplir_a_mas_tardar": (vence_en or prorroga.nueva_fecha).isoformat()},
                 personal={"medida": descripcion})
    return measure


def fulfil(*, session: Session, actor: Actor, folio: str, medida_id: int, nota: str,
           now: datetime | None = None) -> MedidaSad:
    """Record that a measure was fulfilled and how; it leaves the pending list (F4)."""
    now = now or now_utc()
    require(actor, "prorroga")
    peticion = get_petition(session, folio, for_update=True)
    measure = session.get(MedidaSad, medida_id)
    if measure is None or measure.peticion_id != peticion.id:
        raise NotFound("La medida elegida no es de esta petición.")
    if measure.cumplida_en is not None:
        raise InvalidInput(f"La medida ya se registró como cumplida el {day_text(measure.cumplida_en)}.")
    if not clean_text(nota):
        raise InvalidInput("Escriba cómo se cumplió la medida.")
    measure.cumplida_en, measure.cumplimiento = now, clean_text(nota)
    audit.record(session, actor=actor, accion="medida_cumplida", unidad_id=peticion.unidad_id, peticion_id=peticion.id,
                 when=now, detalle={"responsable": measure.responsable}, personal={"nota": clean_text(nota)})
    return measure


@dataclass(frozen=True, slots=True)
class MeasureRow:
    """A measure as F4 and the Anexo 1 list it."""

    medida_id: int
    peticion_id: int
    folio: str
    area: str
    descripcion: str
    responsable: str
    acordada_en: date
    vence_en: date
    cumplida_en: datetime | None


def _rows(session: Session, statement, values: dict | None = None) -> list[MeasureRow]:
    return [MeasureRow(*row) for row in session.connection().execute(statement, values or {})]


def _measures(*conditions):
    return (
        select(col(MedidaSad.id), col(Peticion.id), col(Peticion.folio), func.coalesce(col(Area.nombre), ""),
               col(MedidaSad.descripcion), col(MedidaSad.responsable), col(MedidaSad.acordada_en), _due(),
               col(MedidaSad.cumplida_en))
        .select_from(MedidaSad).join(Peticion, col(Peticion.id) == col(MedidaSad.peticion_id))
        .outerjoin(Prorroga, col(Prorroga.id) == col(MedidaSad.prorroga_id))
        .outerjoin(Area, col(Area.id) == col(Peticion.area_id))
        .where(*conditions).order_by(_due(), col(MedidaSad.id))
    )


# Built once: F4 and the header read them each time they open, and building a statement costs more than running it.
_PENDING = _measures(col(Peticion.unidad_id) == bindparam("unidad"), col(MedidaSad.cumplida_en).is_(None))
_OVERDUE = (select(func.count()).select_from(MedidaSad).join(Peticion, col(Peticion.id) == col(MedidaSad.peticion_id))
            .outerjoin(Prorroga, col(Prorroga.id) == col(MedidaSad.prorroga_id))
            .where(col(Peticion.unidad_id) == bindparam("unidad"), col(MedidaSad.cumplida_en).is_(None),
                   _due() < bindparam("hoy")))


def pending(session: Session, *, unidad_id: int) -> list[MeasureRow]:
    """The unit's measures not yet fulfilled, soonest due first."""
    return _rows(session, _PENDING, {"unidad": unidad_id})


def overdue_count(session: Session, *, unidad_id: int, today: date) -> int:
    """How many of the unit's pending measures are past their due day, counted in SQL."""
    return session.connection().execute(_OVERDUE, {"unidad": unidad_id, "hoy": today}).scalar_one()


def agreed_between(session: Session, *, unidad_id: int, first: date, last: date) -> list[MeasureRow]:
    """The unit's measures agreed from first to last (inclusive), for the Anexo 1."""
    return _rows(session, _measures(col(Peticion.unidad_id) == unidad_id, col(MedidaSad.acordada_en) >= first,
                                    col(MedidaSad.acordada_en) <= last))
