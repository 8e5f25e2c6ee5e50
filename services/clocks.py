"""Opening and closing the single legal clock a petition has at a time."""

from datetime import date

from models import Peticion
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


CLOSED = {"reloj": None, "reloj_desde": None, "reloj_dias": None, "vence_en": None}


def apply(peticion: Peticion, values: dict) -> None:
    """Set the clock columns of a petition."""
    for name, value in values.items():
        setattr(peticion, name, value)
