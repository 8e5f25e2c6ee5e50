"""What Administración shows and reads from its forms: the unit's catalogs loaded in one session, and form values
turned into what the services take (PIN typed twice, a day, a number of days)."""

from dataclasses import dataclass

from rich.text import Text

from services.calendar import today_local
from services.catalogs import areas, mailboxes, term_settings, units, users
from services.dates import parse_day
from services.inhabiles import NonBusinessDay, non_business_days


@dataclass(frozen=True)
class AdminData:
    """Everything the administrator's tabs show, read in one session."""

    unit: object
    areas: list
    buzones: list
    users: list
    days: list
    terms: list


def load_admin(*, session, actor, unidad_id: int) -> AdminData:
    """The unit and its catalogs, the días inhábiles and the terms in force."""
    every_area = areas.list_areas(session=session, unidad_id=unidad_id, incluir_inactivas=True)
    return AdminData(units.get_unit(session=session, unidad_id=unidad_id),
                     sorted(every_area, key=lambda area: not area.activa),
                     mailboxes.list_buzones(session=session, unidad_id=unidad_id, incluir_inactivos=True),
                     users.list_users(session, actor=actor, unidad_id=unidad_id),
                     non_business_days(session, years=(year := today_local().year, year + 1)),
                     term_settings.list_terms(session))


def pins_match(values: dict) -> dict:
    """The user form's values once the PIN was typed the same twice."""
    if values.pop("pin_confirmacion") != values["pin"]:
        raise ValueError("Los dos PIN no coinciden; escríbalos de nuevo.")
    return values


def day_value(values: dict) -> dict:
    """The día inhábil form's values with its date read as dd/mm/aaaa or ISO."""
    return {**values, "fecha": parse_day(values["fecha"])}


def days_value(values: dict) -> dict:
    """A term adjustment: a number of business days, or none to go back to the guide's."""
    text = values["dias"].strip()
    if text and not text.isdigit():
        raise ValueError("Escriba un número de días hábiles, o deje vacío para quitar el ajuste.")
    return {"dias": int(text) if text else None}


def day_key(day: NonBusinessDay) -> str:
    """The row key of a día inhábil: its date, apart for a statutory holiday falling on the same day."""
    return day.fecha.isoformat() if day.declarado else f"ley-{day.fecha.isoformat()}"


def state(active: bool) -> Text:
    """«✓ activo» or «✗ inactivo», word and symbol."""
    return Text("✓ activo", style="green") if active else Text("✗ inactivo", style="bold red")
