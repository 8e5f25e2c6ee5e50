"""An área that declares non-competence after L9's two business days: the formal record of the late declination and
the Anexo 1's list of them (L9, L17, L19)."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_
from sqlalchemy.orm import Session
from sqlmodel import col, select

from models import Area, Canalizacion, Declinacion, Peticion
from services import audit
from services.actor import Actor
from services.calendar import BusinessCalendar, local_date
from services.dates import as_aware

LATE_EVENT = "declinacion_extemporanea"


def days_late(calendar: BusinessCalendar, due: date, declared: date) -> int:
    """Business days past L9's last day: a declaration on a día inhábil counts as made on the next business day."""
    return calendar.business_days_after(due, calendar.effective_day(declared))


def record_late(session: Session, *, actor: Actor, peticion: Peticion, routing: Canalizacion, motivo: str,
                late: int, when: datetime) -> None:
    """Append the formal record of a late declination: the área, the days late, L9's last day, the reason, who."""
    area = session.get(Area, routing.area_id)
    audit.record(session, actor=actor, accion=LATE_EVENT, unidad_id=peticion.unidad_id, peticion_id=peticion.id,
                 when=when, detalle={"area": area.nombre if area else "", "dias_tarde": late,
                                     "plazo_L9": routing.vence_declinacion.isoformat(), "informe": "Anexo 1 (L17)"},
                 personal={"motivo": motivo})


@dataclass(frozen=True, slots=True)
class LateDeclination:
    """A declination made after L9's term, as the Anexo 1 lists it."""

    folio: str
    area: str
    plazo: date
    declarada: date
    dias_tarde: int


def late_declinations(session: Session, *, unidad_id: int, start: datetime, end: datetime,
                      calendar: BusinessCalendar) -> list[LateDeclination]:
    """The unit's declinations made in [start, end) after L9's term, oldest first."""
    rows = session.execute(
        select(col(Peticion.folio), col(Area.nombre), col(Canalizacion.vence_declinacion), col(Declinacion.declarada_en))
        .select_from(Declinacion)
        .join(Peticion, col(Peticion.id) == col(Declinacion.peticion_id))
        .join(Canalizacion, col(Canalizacion.id) == col(Declinacion.canalizacion_id))
        .join(Area, col(Area.id) == col(Declinacion.area_id))
        .where(and_(col(Peticion.unidad_id) == unidad_id, col(Declinacion.en_plazo).is_(False),
                    col(Declinacion.declarada_en) >= start, col(Declinacion.declarada_en) < end))
        .order_by(col(Declinacion.declarada_en), col(Declinacion.id))
    ).all()
    result = []
    for folio, area, due, declared_at in rows:
        declared = local_date(as_aware(declared_at))
        result.append(LateDeclination(folio, area, due, declared, days_late(calendar, due, declared)))
    return result
