"""Opening and closing the legal clock a petition has at a time, and each routed área's own (L4)."""

from datetime import date, timedelta

from models import Canalizacion, Peticion
from models.enums import Reloj
from services.calendar import BusinessCalendar
from services.terms import Terms


def open_clock(reloj: Reloj, desde: date, tipo: str, calendar: BusinessCalendar, terms: Terms) -> dict:
    """Column values for a clock of `reloj` started by an act on `desde`."""
    dias = terms.days(tipo, reloj)
    return {"reloj": reloj.value, "reloj_desde": desde, "reloj_dias": dias, "vence_en": calendar.due_on(desde, dias)}


def fixed_clock(reloj: Reloj, desde: date, vence: date) -> dict:
    """Column values for a clock with an agreed due date (prórroga) rather than a term."""
    return {"reloj": reloj.value, "reloj_desde": desde, "reloj_dias": None, "vence_en": vence}


# The clocks whose next step waits for the term to run out, since the área or the petitioner still has its last day:
# the reminders and the oficio (L6–L8), the first reminder after an agreed prórroga (L10: the área has its last agreed
# day) and the resguardo (L14). The others' steps are due on their last day.
AFTER_TERM = frozenset({Reloj.SEGUIMIENTO, Reloj.RECORDATORIO_1, Reloj.RECORDATORIO_2, Reloj.PRORROGA, Reloj.RESGUARDO})


def _wait(reloj: str) -> timedelta:
    return timedelta(days=1) if reloj in AFTER_TERM else timedelta(0)


def due_from(reloj: str, vence_en: date) -> date:
    """The first day the step that follows a clock may be taken (the services accept it and F4 lists it)."""
    return vence_en + _wait(reloj)


def is_due(reloj: str | None, vence_en: date | None, today: date) -> bool:
    """Whether the step that follows the clock may be taken today; with no clock open there is nothing to wait for."""
    return reloj is None or vence_en is None or today >= due_from(reloj, vence_en)


def latest_due_end(reloj: str, today: date) -> date:
    """The latest last day of a term whose next step is due today: is_due as a bound for a query over many clocks."""
    return today - _wait(reloj)


CLOSED = {"reloj": None, "reloj_desde": None, "reloj_dias": None, "vence_en": None}


def apply(holder: Peticion | Canalizacion, values: dict) -> None:
    """Set the clock columns of a petition, or of one área's routing (L4)."""
    for name, value in values.items():
        setattr(holder, name, value)
