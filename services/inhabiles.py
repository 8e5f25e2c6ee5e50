"""The administrator's días inhábiles: loading the calendar, adding a day and moving open due dates."""

from datetime import date

from sqlalchemy import and_, null, union_all
from sqlalchemy.orm import Session
from sqlmodel import col, select

from models import DiaInhabil, Peticion, Termino
from models.enums import Reloj
from models.types import table_of
from services import audit
from services.actor import Actor, require
from services.calendar import BusinessCalendar, local_date, now_utc
from services.errors import InvalidInput
from services.terms import Terms, load_terms


def load_calendar(session: Session) -> BusinessCalendar:
    """The calendar in force: statutory holidays plus every día inhábil in the database."""
    return BusinessCalendar.with_days(session.execute(select(col(DiaInhabil.fecha))).scalars())


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


def add_day(session: Session, *, actor: Actor, fecha: date, motivo: str, fundamento: str = "") -> int:
    """Declare a día inhábil and move every open due date it falls inside; returns how many moved."""
    require(actor, "catalogos")
    motivo = motivo.strip()
    if not motivo:
        raise InvalidInput("Escriba el motivo del día inhábil.")
    if session.execute(select(DiaInhabil).where(DiaInhabil.fecha == fecha)).first():
        raise InvalidInput(f"El {fecha.isoformat()} ya está registrado como día inhábil.")
    session.add(DiaInhabil(fecha=fecha, motivo=motivo, fundamento=fundamento.strip(), creado_por=actor.id, creado_en=now_utc()))
    session.flush()
    moved = recompute_due_dates(session, touching=fecha)
    audit.record(session, actor=actor, accion="dia_inhabil_agregado", unidad_id=None,
                 detalle={"fecha": fecha.isoformat(), "motivo": motivo, "fundamento": fundamento, "vencimientos_movidos": moved})
    return moved


def recompute_due_dates(session: Session, *, touching: date) -> int:
    """Recompute the open clocks whose term spans `touching`; returns how many changed."""
    calendar = load_calendar(session)
    terms = load_terms(session)
    moved = 0
    clocks = select(Peticion).where(
        and_(col(Peticion.reloj_dias).is_not(None), col(Peticion.reloj_desde) <= touching, col(Peticion.vence_en) >= touching)
    )
    for peticion in session.execute(clocks).scalars():
        if peticion.reloj_desde is None or peticion.reloj_dias is None:
            continue
        due = calendar.due_on(peticion.reloj_desde, peticion.reloj_dias)
        if due != peticion.vence_en:
            peticion.vence_en = due
            moved += 1
    acks = select(Peticion).where(col(Peticion.acuse_vence_en) >= touching)
    for peticion in session.execute(acks).scalars():
        start = local_date(peticion.recibida_en)
        if start <= touching:
            due = calendar.due_on(start, terms.days(peticion.tipo, Reloj.ACUSE_BUZON))
            if due != peticion.acuse_vence_en:
                peticion.acuse_vence_en = due
                moved += 1
    return moved
