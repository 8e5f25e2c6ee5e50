"""Business-day arithmetic: the counting rule of DESIGN.md, table-driven."""

from datetime import date, timedelta

import pytest

from services.calendar import BusinessCalendar

D = date
PLAIN = BusinessCalendar()
WITH_DECLARED = BusinessCalendar.with_days([D(2026, 11, 2), D(2026, 12, 12), D(2027, 3, 25), D(2027, 3, 26)])


@pytest.mark.parametrize(
    "day, expected",
    [
        (D(2026, 11, 13), True),   # Friday
        (D(2026, 11, 14), False),  # Saturday
        (D(2026, 11, 15), False),  # Sunday
        (D(2026, 11, 16), False),  # Revolución, third Monday of November
        (D(2026, 11, 17), True),
        (D(2026, 2, 2), False),    # Constitución, first Monday of February
        (D(2026, 3, 16), False),   # Benito Juárez, third Monday of March
        (D(2026, 5, 1), False),
        (D(2026, 9, 16), False),
        (D(2026, 12, 25), False),
        (D(2027, 1, 1), False),
        (D(2026, 11, 2), True),    # Día de Muertos is not statutory…
        (D(2026, 12, 11), True),
    ],
)
def test_is_business_day_statutory(day, expected):
    assert PLAIN.is_business_day(day) is expected


def test_declared_days_are_not_business_days():
    assert WITH_DECLARED.is_business_day(D(2026, 11, 2)) is False  # …unless the administrator declares it
    assert WITH_DECLARED.holiday_name(D(2026, 11, 2)) == "día inhábil"
    assert PLAIN.holiday_name(D(2026, 11, 16)) == "Día de la Revolución"


@pytest.mark.parametrize(
    "act, days, expected, why",
    [
        (D(2026, 11, 13), 3, D(2026, 11, 19), "Friday act; Monday 16 is Revolución"),
        (D(2026, 11, 14), 3, D(2026, 11, 20), "Saturday act counts as Tuesday 17"),
        (D(2026, 11, 16), 1, D(2026, 11, 18), "act on a holiday counts as the next business day"),
        (D(2026, 11, 18), 2, D(2026, 11, 20), "plain midweek"),
        (D(2026, 11, 19), 3, D(2026, 11, 24), "crosses a weekend"),
        (D(2026, 12, 23), 3, D(2026, 12, 29), "Christmas in between"),
        (D(2026, 12, 30), 3, D(2027, 1, 5), "year boundary with New Year"),
        (D(2026, 12, 31), 10, D(2027, 1, 15), "ten days across the year end (L14)"),
        (D(2026, 1, 30), 2, D(2026, 2, 4), "long weekend of Constitución"),
        (D(2026, 3, 13), 1, D(2026, 3, 17), "long weekend of Benito Juárez"),
        (D(2026, 11, 17), 0, D(2026, 11, 17), "zero days is the act's own business day"),
        (D(2026, 11, 15), 0, D(2026, 11, 17), "zero days on a Sunday before a holiday"),
    ],
)
def test_due_on_plain(act, days, expected, why):
    assert PLAIN.due_on(act, days) == expected, why


@pytest.mark.parametrize(
    "act, days, expected",
    [
        (D(2026, 10, 29), 3, D(2026, 11, 4)),   # 2 November declared
        (D(2026, 12, 10), 2, D(2026, 12, 14)),  # 12 December is a Saturday in 2026: no effect
        (D(2027, 3, 24), 1, D(2027, 3, 29)),    # Holy Thursday and Friday 2027
    ],
)
def test_due_on_with_declared_days(act, days, expected):
    assert WITH_DECLARED.due_on(act, days) == expected


def test_declaring_a_day_moves_the_due_date():
    before = PLAIN.due_on(D(2026, 10, 29), 3)
    after = WITH_DECLARED.due_on(D(2026, 10, 29), 3)
    assert (before, after) == (D(2026, 11, 3), D(2026, 11, 4))


@pytest.mark.parametrize(
    "today, due, expected",
    [
        (D(2026, 11, 13), D(2026, 11, 19), 3),
        (D(2026, 11, 19), D(2026, 11, 19), 0),
        (D(2026, 11, 20), D(2026, 11, 19), -1),
        (D(2026, 11, 23), D(2026, 11, 19), -2),  # the weekend does not count
    ],
)
def test_business_days_left(today, due, expected):
    assert PLAIN.business_days_left(today, due) == expected


def test_negative_term_is_refused():
    with pytest.raises(ValueError):
        PLAIN.due_on(D(2026, 11, 13), -1)


def test_next_business_day_skips_weekend_and_holiday():
    assert PLAIN.next_business_day(D(2026, 11, 13)) == D(2026, 11, 17)


# Today after a month end, a year end with the winter days declared, a holiday (16/11/2026) and a weekend.
@pytest.mark.parametrize("today", [date(2026, 12, 1), date(2027, 1, 4), date(2026, 11, 17), date(2026, 11, 22)])
def test_overdue_days_of_many_dates_equal_business_days_left_one_by_one(today):
    calendar = BusinessCalendar.with_days([date(2026, 12, 24), date(2026, 12, 31)])
    dues = [date(2026, 10, 1) + timedelta(days=n) for n in range(0, 95, 2)] + [today]
    late = calendar.overdue_days(dues, today)
    assert late == {due: -calendar.business_days_left(today, due) for due in dues if due < today}
    assert all(value >= 0 for value in late.values()) and len(late) >= 20


def _walked(calendar: BusinessCalendar, start: date, end: date) -> int:
    """Business days after start up to end, one day at a time: the rule as a person counts it."""
    return sum(calendar.is_business_day(start + timedelta(days=n)) for n in range(1, (end - start).days + 1))


# A declared day on a Saturday must not be subtracted twice; one on a holiday neither.
ODD_DECLARED = BusinessCalendar.with_days([D(2026, 11, 14), D(2026, 11, 16), D(2026, 12, 24), D(2026, 12, 31),
                                           D(2027, 1, 4), D(2027, 2, 1)])


@pytest.mark.parametrize(
    "start, end",
    [
        (D(2026, 11, 13), D(2026, 11, 13)),  # the same day
        (D(2026, 11, 13), D(2026, 11, 12)),  # end before start
        (D(2026, 11, 13), D(2026, 11, 17)),  # over a weekend and a holiday Monday
        (D(2026, 11, 14), D(2026, 11, 15)),  # a weekend only
        (D(2026, 11, 30), D(2026, 12, 1)),   # a month end
        (D(2026, 12, 23), D(2027, 1, 5)),    # a year end with its declared days
        (D(2025, 12, 31), D(2027, 12, 31)),  # two whole years
        (D(2026, 2, 27), D(2026, 3, 2)),     # February's end
    ],
)
@pytest.mark.parametrize("calendar", [PLAIN, WITH_DECLARED, ODD_DECLARED], ids=["plain", "declared", "odd"])
def test_business_days_after_counts_as_walking_the_days(calendar, start, end):
    assert calendar.business_days_after(start, end) == _walked(calendar, start, end)


@pytest.mark.parametrize("calendar", [PLAIN, ODD_DECLARED], ids=["plain", "odd"])
def test_business_days_left_equals_the_walk_for_every_pair_around_a_year_end(calendar):
    days = [D(2026, 11, 1) + timedelta(days=n) for n in range(0, 120)]
    for today in days[::7]:
        for due in days:
            walked = _walked(calendar, today, due) if due >= today else -_walked(calendar, due, today)
            assert calendar.business_days_left(today, due) == walked, (today, due)
