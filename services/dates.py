"""Dates as the desk reads and writes them: dd/mm/aaaa or ISO in, Spanish out (pure functions)."""

from datetime import UTC, date, datetime, timedelta
from typing import overload

from services.calendar import MEXICO_CITY, MONTHS, WEEKDAYS
from services.errors import InvalidInput

DAY_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
MOMENT_FORMATS = ("%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M")
DAY_EXAMPLE = "dd/mm/aaaa, por ejemplo 24/11/2026"
MOMENT_EXAMPLE = "dd/mm/aaaa hh:mm, por ejemplo 24/11/2026 09:30"
CLOCK_EXAMPLE = "hh:mm, por ejemplo 09:45"
MONTHS_SHORT = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")
DASH = "—"
# A couple of minutes of slack: the desk's clock and the officer's watch rarely agree.
SLACK = timedelta(minutes=2)


def _named(label: str | None, message: str) -> str:
    return f"{label}: {message}" if label else message[0].upper() + message[1:]


def _first_match(text: str, patterns: tuple[str, ...]) -> datetime | None:
    for pattern in patterns:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    return None


def parse_day(value: str, label: str | None = None) -> date:
    """«24/11/2026» or «2026-11-24» as a date; ValueError in Spanish, naming the field, otherwise."""
    parsed = _first_match(value.strip(), DAY_FORMATS)
    if parsed is None:
        raise ValueError(_named(label, f"escriba la fecha como {DAY_EXAMPLE}."))
    return parsed.date()


def read_day_or_moment(value: str) -> datetime | None:
    """«24/11/2026», «24/11/2026 09:30» or their ISO forms as a naive datetime (midnight for a day), or None."""
    text = " ".join(value.split())
    # Only the formats that can match are tried (a moment has a space, a day has none; «/» or «-»): an import reads
    # thousands of dates, and each failed strptime costs an exception.
    slash = "/" in text
    return _first_match(text, tuple(form for form in (MOMENT_FORMATS if " " in text else DAY_FORMATS)
                                    if ("/" in form) == slash))


def parse_optional_day(value: str, label: str | None = None) -> date | None:
    """Like parse_day, but a blank field is None."""
    return parse_day(value, label) if value.strip() else None


def parse_moment(value: str, label: str | None = None, *, now: datetime | None = None) -> datetime:
    """«24/11/2026 09:30» or «2026-11-24 09:30» in Mexico City; with `now`, a later moment is refused."""
    parsed = _first_match(" ".join(value.split()), MOMENT_FORMATS)
    if parsed is None:
        raise ValueError(_named(label, f"escriba fecha y hora como {MOMENT_EXAMPLE}."))
    moment = parsed.replace(tzinfo=MEXICO_CITY)
    if now is not None and is_future(moment, now):
        raise ValueError(_named(label, "no puede ser posterior a este momento."))
    return moment


def parse_clock(value: str, now: datetime, label: str | None = None, *, allow_future: bool = False) -> datetime:
    """«09:45» (also «0945» or «9.45») as that time today in Mexico City, not later than now unless allowed."""
    text = value.strip().replace(".", ":")
    if ":" not in text and text.isdigit() and len(text) in (3, 4):
        text = f"{text[:-2]}:{text[-2:]}"
    parsed = _first_match(text, ("%H:%M",))
    if parsed is None:
        raise ValueError(_named(label, f"escriba la hora como {CLOCK_EXAMPLE}."))
    local = now.astimezone(MEXICO_CITY)
    moment = local.replace(hour=parsed.hour, minute=parsed.minute, second=0, microsecond=0)
    if not allow_future and is_future(moment, now):
        raise ValueError(_named(label, "no puede ser posterior a la hora actual."))
    return moment


def is_future(moment: datetime, now: datetime) -> bool:
    """Whether a moment lies beyond now, allowing the couple of minutes two clocks disagree by."""
    return as_aware(moment) > as_aware(now) + SLACK


def ensure_not_future(moment: datetime | None, now: datetime, what: str) -> None:
    """Refuse a moment that has not happened yet, as services do for every recorded act."""
    if moment is not None and is_future(moment, now):
        raise InvalidInput(f"{what} no puede ser posterior a este momento ({moment_text(now)}).")


@overload
def as_date(value: str | date) -> date: ...
@overload
def as_date(value: None) -> None: ...
def as_date(value: str | date | None) -> date | None:
    """A date column's value as the driver gives it (SQLite's ISO text, PostgreSQL's date), as a date."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def as_aware(moment: datetime) -> datetime:
    """A naive value is taken as UTC, as the database stores it."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def to_local(moment: datetime) -> datetime:
    """The moment in Mexico City time (a naive value is taken as UTC)."""
    return as_aware(moment).astimezone(MEXICO_CITY)


def day_text(day: date | datetime | None) -> str:
    """dd/mm/aaaa (a moment is first taken to Mexico City), or a dash."""
    if day is None:
        return DASH
    if isinstance(day, datetime):
        day = to_local(day).date()
    return day.strftime("%d/%m/%Y")


def moment_text(moment: datetime | None) -> str:
    """dd/mm/aaaa hh:mm in Mexico City, or a dash."""
    return to_local(moment).strftime("%d/%m/%Y %H:%M") if moment else DASH


def clock_text(moment: datetime) -> str:
    """hh:mm in Mexico City."""
    return to_local(moment).strftime("%H:%M")


def long_day(day: date | datetime) -> str:
    """«22 de noviembre de 2026»."""
    if isinstance(day, datetime):
        day = to_local(day).date()
    return f"{day.day} de {MONTHS[day.month - 1]} de {day.year}"


def long_moment(moment: datetime) -> str:
    """«22 de noviembre de 2026, 09:30 h» in Mexico City."""
    local = to_local(moment)
    return f"{long_day(local.date())}, {local:%H:%M} h"


def weekday_day(day: date) -> str:
    """«viernes 20 de noviembre de 2026»."""
    return f"{WEEKDAYS[day.weekday()]} {long_day(day)}"


def month_year(year: int, month: int) -> str:
    """«noviembre de 2026»."""
    return f"{MONTHS[month - 1]} de {year}"


def short_month(year: int, month: int) -> str:
    """«nov 26», for chart axes and narrow columns."""
    return f"{MONTHS_SHORT[month - 1]} {year % 100:02d}"
