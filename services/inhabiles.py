"""The administrator's días inhábiles: loading the calendar, adding or removing a day and moving the due dates it spans."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import null, union_all
from sqlalchemy.orm import Session
from sqlmodel import col, select

from models import DiaInhabil, Termino
from models.types import table_of
from services import audit, due_dates
from services.actor import Actor, require
from services.calendar import BusinessCalendar, now_utc, statutory_holidays
from services.dates import day_text
from services.errors import InvalidInput
from services.terms import Terms


def load_calendar(session: Session) -> BusinessCalendar:
    """The calendar in force: statutory holidays plus every día inhábil in the database."""
    return BusinessCalendar.with_days(session.execute(_DAY_DATES).scalars())


# Built once: every screen that shows a due date reads the calendar, and building a select costs more than running it.
_DAY_DATES = select(col(DiaInhabil.fecha))


_DAYS, _TERMS = table_of(DiaInhabil), table_of(Termino)
# Días first (fecha set), then term overrides (fecha NULL): one Core round trip instead of two ORM ones on the intake path.
_RULES = union_all(select(_DAYS.c.fecha, null(), null(), null()),
                   select(null(), _TERMS.c.tipo, _TERMS.c.reloj, _TERMS.c.dias))


def load_rules(session: Session) -> tuple[BusinessCalendar, Terms]:
    """The calendar and the terms in force, read together (same result as load_calendar and load_terms)."""
    # Flushing first gives the same view of pending rows that the ORM queries' autoflush gives.
    session.flush()
    days, overrides = [], {}
    for fecha, tipo, reloj, dias in session.connection().execute(_RULES):
        if fecha is not None:
            days.append(fecha)
        else:
            overrides[(tipo, reloj)] = dias
    return BusinessCalendar.with_days(days), Terms(overrides)


def list_days(session: Session, *, year: int | None = None) -> list[DiaInhabil]:
    """The días inhábiles, oldest first, optionally of one year."""
    statement = select(DiaInhabil).order_by(col(DiaInhabil.fecha))
    if year is not None:
        statement = statement.where(DiaInhabil.fecha >= date(year, 1, 1), col(DiaInhabil.fecha) <= date(year, 12, 31))
    return list(session.execute(statement).scalars())


STATUTORY_SOURCE = "Ley Federal del Trabajo, art. 74"


@dataclass(frozen=True)
class NonBusinessDay:
    """A day that does not count: declared by the administration (removable) or a statutory holiday (not)."""

    fecha: date
    motivo: str
    fundamento: str
    declarado: bool


def non_business_days(session: Session, *, years: tuple[int, ...]) -> list[NonBusinessDay]:
    """Every declared día inhábil, and the statutory holidays of the given years beside them, by date."""
    days = [NonBusinessDay(d.fecha, d.motivo, d.fundamento, True) for d in list_days(session)]
    days += [NonBusinessDay(fecha, name, STATUTORY_SOURCE, False)
             for year in years for fecha, name in statutory_holidays(year).items()]
    return sorted(days, key=lambda day: (day.fecha, not day.declarado))


def add_day(session: Session, *, actor: Actor, fecha: date, motivo: str, fundamento: str = "") -> int:
    """Declare a día inhábil and move every due date in force whose term spans it; returns how many moved."""
    require(actor, "catalogos")
    motivo = motivo.strip()
    if not motivo:
        raise InvalidInput("Escriba el motivo del día inhábil.")
    if session.execute(select(DiaInhabil).where(DiaInhabil.fecha == fecha)).first():
        raise InvalidInput(f"El {day_text(fecha)} ya está registrado como día inhábil.")
    before = load_calendar(session)
    session.add(DiaInhabil(fecha=fecha, motivo=motivo, fundamento=fundamento.strip(), creado_por=actor.id, creado_en=now_utc()))
    session.flush()
    moved = due_dates.recompute(session, before=before, after=load_calendar(session), touching=fecha)
    audit.record(session, actor=actor, accion="dia_inhabil_agregado", unidad_id=None,
                 detalle={"fecha": fecha.isoformat(), "motivo": motivo, "fundamento": fundamento, "vencimientos_movidos": moved})
    return moved


def remove_day(session: Session, *, actor: Actor, fecha: date) -> int:
    """Remove a declared día inhábil (it counts again) and move every due date in force whose term spans it."""
    require(actor, "catalogos")
    day = session.execute(select(DiaInhabil).where(DiaInhabil.fecha == fecha)).scalar_one_or_none()
    if day is None:
        statutory = statutory_holidays(fecha.year).get(fecha)
        if statutory:
            raise InvalidInput(f"El {day_text(fecha)} es feriado de ley ({statutory}); no se puede quitar.")
        raise InvalidInput(f"El {day_text(fecha)} no está registrado como día inhábil.")
    before = load_calendar(session)
    motivo = day.motivo
    session.delete(day)
    session.flush()
    moved = due_dates.recompute(session, before=before, after=load_calendar(session), touching=fecha)
    audit.record(session, actor=actor, accion="dia_inhabil_quitado", unidad_id=None,
                 detalle={"fecha": fecha.isoformat(), "motivo": motivo, "vencimientos_movidos": moved})
    return moved
