"""Keeping every stored due date in step with the calendar when a día inhábil is declared or removed."""

from datetime import date, datetime, time, timedelta

from sqlalchemy import or_
from sqlalchemy.orm import Session
from sqlmodel import col, select

from models import Canalizacion, Peticion, Prorroga, Recordatorio
from services.calendar import MEXICO_CITY, BusinessCalendar, local_date

# Due dates are stored, not computed on reading: the queue, F4 and the header filter and sort on them in SQL,
# where the calendar cannot go. So the one rule is here: every due date in force whose term spans the day
# changed is counted again from its act with the same number of business days. Tables that do not store the
# term (routing, reminders, the buzón notice) get it back from the calendar that produced the date, so a term
# the administrator changes later never rewrites a clock already running, as the petition's reloj_dias keeps it.


def recompute(session: Session, *, before: BusinessCalendar, after: BusinessCalendar, touching: date) -> int:
    """Move every due date in force whose term spans `touching` from calendar `before` to `after`; returns how many moved."""
    until = datetime.combine(touching + timedelta(days=1), time(), MEXICO_CITY)
    return (_petition_clocks(session, after, touching) + _area_clocks(session, after, touching)
            + _buzon_notices(session, before, after, touching, until)
            + _routings(session, before, after, touching, until) + _reminders(session, before, after, touching, until))


def recount(before: BusinessCalendar, after: BusinessCalendar, act: date, due: date) -> date:
    """The due date of a term that ran from `act` to `due` on `before`, counted again on `after`."""
    return after.due_on(act, before.term_days(act, due))


def _petition_clocks(session: Session, after: BusinessCalendar, touching: date) -> int:
    moved = 0
    clocks = select(Peticion).where(col(Peticion.reloj).is_not(None), col(Peticion.reloj_desde) <= touching,
                                    col(Peticion.vence_en) >= touching)
    for peticion in session.execute(clocks).scalars():
        if peticion.reloj_desde is None or peticion.vence_en is None:
            continue
        if peticion.reloj_dias is not None:
            due = after.due_on(peticion.reloj_desde, peticion.reloj_dias)
        else:
            # A prórroga's date was agreed, not counted: it only moves off a day that stopped being hábil, and back.
            due = after.effective_day(_agreed_date(session, peticion) or peticion.vence_en)
        if due != peticion.vence_en:
            peticion.vence_en = due
            moved += 1
    return moved


def _area_clocks(session: Session, after: BusinessCalendar, touching: date) -> int:
    """Each routed área's own clock (L4), counted as the petition's is."""
    moved = 0
    clocks = select(Canalizacion).where(col(Canalizacion.activa), col(Canalizacion.reloj).is_not(None),
                                        col(Canalizacion.reloj_desde) <= touching, col(Canalizacion.vence_en) >= touching)
    for routing in session.execute(clocks).scalars():
        if routing.reloj_desde is None or routing.vence_en is None:
            continue
        if routing.reloj_dias is not None:
            due = after.due_on(routing.reloj_desde, routing.reloj_dias)
        else:
            peticion = session.get_one(Peticion, routing.peticion_id)
            due = after.effective_day(_agreed_date(session, peticion) or routing.vence_en)
        if due != routing.vence_en:
            routing.vence_en = due
            moved += 1
    return moved


def _agreed_date(session: Session, peticion: Peticion) -> date | None:
    return session.execute(select(col(Prorroga.nueva_fecha)).where(col(Prorroga.peticion_id) == peticion.id)
                           .order_by(col(Prorroga.id).desc())).scalars().first()


def _buzon_notices(session: Session, before: BusinessCalendar, after: BusinessCalendar, touching: date,
                   until: datetime) -> int:
    moved = 0
    pending = select(Peticion).where(col(Peticion.acuse_vence_en) >= touching, col(Peticion.recibida_en) < until)
    for peticion in session.execute(pending).scalars():
        if peticion.acuse_vence_en is None:
            continue
        due = recount(before, after, local_date(peticion.recibida_en), peticion.acuse_vence_en)
        if due != peticion.acuse_vence_en:
            peticion.acuse_vence_en = due
            moved += 1
    return moved


def _routings(session: Session, before: BusinessCalendar, after: BusinessCalendar, touching: date,
              until: datetime) -> int:
    moved = 0
    # A routing the área declined is history: its L9 judgement (Declinacion.en_plazo) was made on its dates.
    active = select(Canalizacion).where(
        col(Canalizacion.activa), col(Canalizacion.canalizada_en) < until,
        or_(col(Canalizacion.vence_seguimiento) >= touching, col(Canalizacion.vence_declinacion) >= touching))
    for routing in session.execute(active).scalars():
        routed = local_date(routing.canalizada_en)
        for name in ("vence_seguimiento", "vence_declinacion"):
            stored: date = getattr(routing, name)
            if stored < touching:
                continue
            due = recount(before, after, routed, stored)
            if due != stored:
                setattr(routing, name, due)
                moved += 1
    return moved


def _reminders(session: Session, before: BusinessCalendar, after: BusinessCalendar, touching: date,
               until: datetime) -> int:
    moved = 0
    in_force = (select(Recordatorio).join(Canalizacion, col(Canalizacion.id) == col(Recordatorio.canalizacion_id))
                .where(col(Canalizacion.activa), col(Recordatorio.vence_en) >= touching,
                       col(Recordatorio.enviado_en) < until))
    for reminder in session.execute(in_force).scalars():
        due = recount(before, after, local_date(reminder.enviado_en), reminder.vence_en)
        if due != reminder.vence_en:
            reminder.vence_en = due
            moved += 1
    return moved
