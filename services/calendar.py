"""Business-day arithmetic as Mexican administrative terms count it (pure functions)."""

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

MEXICO_CITY = ZoneInfo("America/Mexico_City")
MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
          "noviembre", "diciembre")
WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")


@lru_cache(maxsize=64)
def statutory_holidays(year: int) -> dict[date, str]:
    """The Ley Federal del Trabajo holidays of one year, with Spanish names, from `holidays`."""
    import holidays

    return dict(holidays.Mexico(years=year, language="es"))


@dataclass(frozen=True)
class BusinessCalendar:
    """Statutory holidays plus the administrator's días inhábiles; weekends never count."""

    inhabiles: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def with_days(cls, days: Iterable[date]) -> "BusinessCalendar":
        """A calendar with the given extra non-business days."""
        return cls(frozenset(days))

    def holiday_name(self, day: date) -> str | None:
        """The reason a weekday is not a business day, or None."""
        if day in self.inhabiles:
            return "día inhábil"
        return statutory_holidays(day.year).get(day)

    def is_business_day(self, day: date) -> bool:
        """True for Monday to Friday that is neither a holiday nor a declared día inhábil."""
        return day.weekday() < 5 and day not in self.inhabiles and day not in statutory_holidays(day.year)

    def next_business_day(self, day: date) -> date:
        """The first business day strictly after day."""
        candidate = day + timedelta(days=1)
        while not self.is_business_day(candidate):
            candidate += timedelta(days=1)
        return candidate

    def effective_day(self, day: date) -> date:
        """The day an act counts as done: itself if a business day, else the next business day."""
        return day if self.is_business_day(day) else self.next_business_day(day)

    def due_on(self, act: date, days: int) -> date:
        """Last business day of a term of `days` business days for an act done on `act`."""
        if days < 0:
            raise ValueError("el plazo no puede ser negativo")
        end = self.effective_day(act)
        for _ in range(days):
            end = self.next_business_day(end)
        return end

    def term_days(self, act: date, due: date) -> int:
        """The term in business days that, started by an act on `act`, ends on `due` (due_on's inverse)."""
        return max(0, self.business_days_left(self.effective_day(act), due))

    def nth_business_day(self, year: int, month: int, n: int) -> date:
        """The n-th business day (1-based) of a month."""
        if n < 1:
            raise ValueError("el número de día hábil empieza en 1")
        day = self.effective_day(date(year, month, 1))
        for _ in range(n - 1):
            day = self.next_business_day(day)
        return day

    def business_days_left(self, today: date, due: date) -> int:
        """Business days from today until due, counting due and not today; negative when overdue."""
        if due >= today:
            count, cursor = 0, today
            while cursor < due:
                cursor = self.next_business_day(cursor)
                if cursor <= due:
                    count += 1
            return count
        count, cursor = 0, due
        while cursor < today:
            cursor = self.next_business_day(cursor)
            if cursor <= today:
                count += 1
        return -count

    def overdue_days(self, dues: Iterable[date], today: date) -> dict[date, int]:
        """Business days each past due date is overdue by (-business_days_left), in one walk back from today."""
        late: dict[date, int] = {}
        count, cursor = 0, today
        for due in sorted({due for due in dues if due < today}, reverse=True):
            while cursor > due:
                count += self.is_business_day(cursor)
                cursor -= timedelta(days=1)
            late[due] = count
        return late


def local_date(moment: datetime) -> date:
    """The calendar date of an aware moment in Mexico City."""
    return moment.astimezone(MEXICO_CITY).date()


_frozen: datetime | None = None


def _from_environment() -> datetime | None:
    # MOAD_AHORA fixes the clock for screenshots, demos and snapshot tests (ISO, local time if no zone).
    value = os.environ.get("MOAD_AHORA")
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=MEXICO_CITY)


def freeze(moment: datetime | None) -> None:
    """Fix the clock at an aware moment (None lets it run again)."""
    global _frozen
    _frozen = moment


def now_utc() -> datetime:
    """The current moment, timezone-aware (fixed when frozen or MOAD_AHORA is set)."""
    moment = _frozen or _from_environment()
    if moment is not None:
        return moment.astimezone(UTC)
    return datetime.now(UTC)


def today_local() -> date:
    """Today's date in Mexico City."""
    return local_date(now_utc())
