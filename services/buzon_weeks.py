"""L1's weekly minimum remembered: every ended week (Monday to Sunday) of each buzón in service, with its collections.

Nothing is written when a week ends: a week short of two collections is a fact of the collections on record, so it
is found again whenever it is asked for, for any week since the buzón was installed.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter
from sqlmodel import col

from models import BajaBuzon, Buzon, Recoleccion
from services.calendar import MEXICO_CITY, local_date
from services.terms import BUZON_COLLECTIONS_PER_WEEK

Span = tuple[date, date | None]
"""A span out of service: from the day a buzón was taken out to the day it was put back (None while still out)."""


@dataclass(frozen=True, slots=True)
class BuzonWeek:
    """One ended week a buzón in service owed two collections, and how many it had."""

    buzon_id: int
    clave: str
    ubicacion: str
    lunes: date
    recolecciones: int

    @property
    def domingo(self) -> date:
        """The week's last day."""
        return self.lunes + timedelta(days=6)

    @property
    def mes(self) -> tuple[int, int]:
        """The (year, month) whose Anexo 1 reports the week: the month it ended in."""
        return self.domingo.year, self.domingo.month

    @property
    def corta(self) -> bool:
        """True when the week had fewer collections than L1 asks for."""
        return self.recolecciones < BUZON_COLLECTIONS_PER_WEEK


def monday_of(day: date) -> date:
    """The Monday of day's week."""
    return day - timedelta(days=day.weekday())


def last_ended_sunday(today: date) -> date:
    """The Sunday of the last week that has fully ended before today."""
    return monday_of(today) - timedelta(days=1)


def owed_mondays(instalado: date, spans: Sequence[Span], first: date, last: date) -> list[date]:
    """Mondays of the weeks ending between first and last (inclusive) in which the buzón was in service every day."""
    mondays = []
    monday = max(monday_of(first), monday_of(instalado + timedelta(days=6)))
    while monday + timedelta(days=6) <= last:
        sunday = monday + timedelta(days=6)
        if not any(desde <= sunday and (hasta is None or hasta > monday) for desde, hasta in spans):
            mondays.append(monday)
        monday += timedelta(days=7)
    return mondays


_IDS: BindParameter[list[int]] = bindparam("ids", expanding=True)
# Built once: F4 and the header read them each time they open, and building a statement costs more than running it.
_IN_SERVICE = (select(col(Buzon.id), col(Buzon.clave), col(Buzon.ubicacion), col(Buzon.instalado_en))
               .where(col(Buzon.unidad_id) == bindparam("unidad"), col(Buzon.instalado_en).is_not(None))
               .order_by(col(Buzon.clave)))
_OUT_OF_SERVICE = select(col(BajaBuzon.buzon_id), col(BajaBuzon.desde), col(BajaBuzon.hasta)).where(
    col(BajaBuzon.buzon_id).in_(_IDS))
_COLLECTED = select(col(Recoleccion.buzon_id), col(Recoleccion.recolectada_en)).where(
    col(Recoleccion.buzon_id).in_(_IDS), col(Recoleccion.recolectada_en) >= bindparam("desde"),
    col(Recoleccion.recolectada_en) < bindparam("hasta"))


def owed_weeks(session: Session, *, unidad_id: int, first: date, last: date) -> list[BuzonWeek]:
    """Every buzón-week of the unit ending between first and last that owed two collections, by buzón and week."""
    connection = session.connection()
    buzones = connection.execute(_IN_SERVICE, {"unidad": unidad_id}).all()
    if not buzones or first > last:
        return []
    ids = [row[0] for row in buzones]
    spans: dict[int, list[Span]] = {}
    for buzon_id, desde, hasta in connection.execute(_OUT_OF_SERVICE, {"ids": ids}):
        spans.setdefault(buzon_id, []).append((desde, hasta))
    start = datetime.combine(monday_of(first), time(), MEXICO_CITY)
    end = datetime.combine(last + timedelta(days=1), time(), MEXICO_CITY)
    collected = Counter((buzon_id, monday_of(local_date(moment))) for buzon_id, moment in connection.execute(
        _COLLECTED, {"ids": ids, "desde": start, "hasta": end}))
    return [BuzonWeek(buzon_id, clave, ubicacion, monday, collected[(buzon_id, monday)])
            for buzon_id, clave, ubicacion, instalado in buzones if instalado is not None
            for monday in owed_mondays(instalado, spans.get(buzon_id, ()), first, last)]


def short_weeks(session: Session, *, unidad_id: int, first: date, last: date) -> list[BuzonWeek]:
    """The buzón-weeks ending between first and last with fewer than two collections (L1)."""
    return [week for week in owed_weeks(session, unidad_id=unidad_id, first=first, last=last) if week.corta]
