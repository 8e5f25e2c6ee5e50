"""Business-day arithmetic as Mexican administrative terms count it (pure functions)."""

import os
from bisect import bisect_right
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
    _closed_cache: dict[int, list[date]] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

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
        return self.business_days_after(self.effective_day(act), due)

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
        return self.business_days_after(today, due) if due >= today else -self.business_days_after(due, today)

    def business_days_after(self, start: date, end: date) -> int:
        """Business days after start up to end (0 when end is not after start), counted without walking the days."""
        if end <= start:
            return 0
        weeks, rest = divmod((end - start).days, 7)
        first = start.weekday() + 1
        weekdays = weeks * 5 + sum((first + n) % 7 < 5 for n in range(rest))
        return weekdays - sum(bisect_right(closed, end) - bisect_right(closed, start)
                              for closed in map(self._closed_weekdays, range(start.year, end.year + 1)))

    def overdue_days(self, dues: Iterable[date], today: date) -> dict[date, int]:
        """Business days each past due date is overdue by (-business_days_left)."""
        return {due: self.business_days_after(due, today) for due in set(dues) if due < today}

    def _closed_weekdays(self, year: int) -> list[date]:
        # Per calendar and year, sorted: a count between two days is then two bisections, not a walk over the days
        # (F4 and the monthly report count back hundreds of days for hundreds of dates).
        cache = self._closed_cache
        if year not in cache:
            closed = {day for day in self.inhabiles if day.year == year} | statutory_holidays(year).keys()
            cache[year] = sorted(day for day in closed if day.weekday() < 5)
        return cache[year]


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
