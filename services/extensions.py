"""The limit of L10's prórroga (how many per routing and how long), read the same by the service and the expediente."""

from collections.abc import Sequence
from datetime import date

from models import Canalizacion, Prorroga
from services.calendar import BusinessCalendar
from services.dates import as_aware, day_text
from services.terms import PRORROGA_MAX_BUSINESS_DAYS, PRORROGAS_PER_ROUTING, days_text


def latest_date(calendar: BusinessCalendar, today: date) -> date:
    """The last day a prórroga agreed today may run to (L10; services.terms.PRORROGA_MAX_BUSINESS_DAYS)."""
    return calendar.due_on(today, PRORROGA_MAX_BUSINESS_DAYS)


def _active_routing(routings: Sequence[Canalizacion]) -> Canalizacion | None:
    active = [row for row in routings if row.activa]
    return max(active, key=lambda row: row.id) if active else None


def count_refusal(prorrogas: Sequence[Prorroga], routings: Sequence[Canalizacion]) -> str | None:
    """Why no further prórroga may be agreed with the área in force (one per routing), or None when one may."""
    routing = _active_routing(routings)
    if routing is None:
        return None
    since = as_aware(routing.canalizada_en)
    agreed = [row for row in prorrogas if as_aware(row.creada_en) >= since]
    if len(agreed) < PRORROGAS_PER_ROUTING:
        return None
    last = agreed[-1]
    return (f"Ya se acordó una prórroga con esta área (hasta el {day_text(last.nueva_fecha)}); L10 admite "
            f"{PRORROGAS_PER_ROUTING} por canalización. Vencida sin respuesta, siguen los recordatorios (L6–L8) y las "
            "medidas que acuerde la SAD (L11).")


def date_refusal(calendar: BusinessCalendar, today: date, nueva_fecha: date) -> str | None:
    """Why the agreed date is not acceptable (a business day after today, within the limit), or None."""
    if nueva_fecha <= today or not calendar.is_business_day(nueva_fecha):
        return "La nueva fecha debe ser un día hábil posterior a hoy."
    latest = latest_date(calendar, today)
    if nueva_fecha > latest:
        return (f"La prórroga puede llegar a lo más al {day_text(latest)}: {days_text(PRORROGA_MAX_BUSINESS_DAYS)} "
                f"desde hoy, lo que suman los plazos de L5 a L8 (L10). Para un plazo mayor, la SAD acuerda medidas "
                "con el área (L11).")
    return None

