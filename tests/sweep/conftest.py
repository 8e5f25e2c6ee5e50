"""The date sweep: date-sensitive tests run with the clock stopped on the days a desk's calendar is hardest.

Each sweep day carries figures counted by hand on a calendar (not by the code under test): the last day of a
3- and a 10-business-day term for an act done that day, and when last month's Anexo 1 is due (L17).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest

from services.actor import SYSTEM
from services.calendar import MEXICO_CITY, freeze, now_utc
from services.database import write_session
from services.inhabiles import add_day
from tests.conftest import make_desk


@dataclass(frozen=True)
class SweepDay:
    """A day to stop the clock on, with what a person counting on a calendar expects of it."""

    name: str
    day: date
    due_3: date
    due_10: date
    report_due: date
    report_overdue: int
    declared: tuple[date, ...] = ()

    @property
    def previous_month(self) -> tuple[int, int]:
        """The month whose report falls due in this day's month."""
        return (self.day.year - 1, 12) if self.day.month == 1 else (self.day.year, self.day.month - 1)


JUEVES_SANTO_2027 = date(2027, 3, 25)

SWEEP = (
    SweepDay("primero-de-mes", date(2026, 12, 1), date(2026, 12, 4), date(2026, 12, 15), date(2026, 12, 14), 0),
    SweepDay("fin-de-mes", date(2027, 4, 30), date(2027, 5, 5), date(2027, 5, 14), date(2027, 4, 14), 12),
    SweepDay("decimo-dia-habil", date(2026, 12, 14), date(2026, 12, 17), date(2026, 12, 29), date(2026, 12, 14), 0),
    SweepDay("31-de-diciembre", date(2026, 12, 31), date(2027, 1, 6), date(2027, 1, 15), date(2026, 12, 14), 12),
    SweepDay("2-de-enero-sabado", date(2027, 1, 2), date(2027, 1, 7), date(2027, 1, 18), date(2027, 1, 15), 0),
    SweepDay("sabado", date(2026, 12, 5), date(2026, 12, 10), date(2026, 12, 21), date(2026, 12, 14), 0),
    SweepDay("feriado-revolucion", date(2026, 11, 16), date(2026, 11, 20), date(2026, 12, 1), date(2026, 11, 13), 0),
    SweepDay("jueves-santo-inhabil", JUEVES_SANTO_2027, date(2027, 3, 31), date(2027, 4, 9), date(2027, 3, 12), 7,
             declared=(JUEVES_SANTO_2027,)),
    SweepDay("29-de-febrero", date(2028, 2, 29), date(2028, 3, 3), date(2028, 3, 14), date(2028, 2, 15), 10),
)

# Morning, and late evening when the date in UTC is already tomorrow's (Mexico City is UTC-6).
HOURS = (time(9, 30), time(23, 30))


def sweep_params(*, hours: tuple[time, ...] = HOURS) -> list:
    """pytest params for every sweep day and hour, with ids that name the frozen moment."""
    return [pytest.param((sweep, hour), id=f"{sweep.day.isoformat()}T{hour:%H%M}-{sweep.name}")
            for sweep in SWEEP for hour in hours]


def moment_of(sweep: SweepDay, hour: time) -> datetime:
    """The aware moment in Mexico City the clock stops at."""
    return datetime.combine(sweep.day, hour, MEXICO_CITY)


@pytest.fixture(params=sweep_params())
def sweep(request, clock) -> SweepDay:
    """A sweep day with the clock stopped on it (morning or late evening)."""
    day, hour = request.param
    freeze(moment_of(day, hour))
    return day


@pytest.fixture(params=sweep_params(hours=HOURS[:1]))
def sweep_morning(request, clock) -> SweepDay:
    """A sweep day with the clock stopped at 09:30, for the slower tests that run once a day."""
    day, hour = request.param
    freeze(moment_of(day, hour))
    return day


@pytest.fixture
def desk_engine_sweep(engine, sweep):
    """A desk set up 100 days before the sweep day, with the sweep's días inhábiles declared, and the sweep day."""
    stopped = now_utc()
    freeze(stopped - timedelta(days=100))
    desk = make_desk(engine)
    with write_session(engine) as session:
        for day in sweep.declared:
            add_day(session, actor=SYSTEM, fecha=day, motivo="Jueves Santo", fundamento="Acuerdo de la unidad")
    freeze(stopped)
    return desk, sweep
