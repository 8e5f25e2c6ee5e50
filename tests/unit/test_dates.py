"""The one dates module: both input styles, Spanish messages, Spanish output, the future refused."""

from datetime import UTC, date, datetime

import pytest

from services.calendar import MEXICO_CITY
from services.dates import (
    day_text,
    ensure_not_future,
    is_future,
    long_day,
    long_moment,
    moment_text,
    month_year,
    parse_clock,
    parse_day,
    parse_moment,
    parse_optional_day,
    read_day_or_moment,
    short_month,
    weekday_day,
)
from services.errors import InvalidInput

NOW = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)  # 10:00 in Mexico City


@pytest.mark.parametrize(("typed", "expected"), [
    ("24/11/2026", date(2026, 11, 24)),
    ("2026-11-24", date(2026, 11, 24)),
    ("  31/12/2026 ", date(2026, 12, 31)),
    ("29/02/2028", date(2028, 2, 29)),
])
def test_parse_day_reads_both_styles(typed, expected):
    assert parse_day(typed) == expected


@pytest.mark.parametrize("typed", ["", "31/11/2026", "2026/11/24", "24-11-2026", "mañana", "29/02/2027"])
def test_parse_day_refuses_in_spanish_naming_the_field(typed):
    with pytest.raises(ValueError, match=r"^Inicio: escriba la fecha como dd/mm/aaaa"):
        parse_day(typed, "Inicio")
    with pytest.raises(ValueError, match=r"^Escriba la fecha como dd/mm/aaaa"):
        parse_day(typed)


def test_optional_day_blank_is_none():
    assert parse_optional_day("  ") is None
    assert parse_optional_day("01/01/2027") == date(2027, 1, 1)


@pytest.mark.parametrize(("typed", "expected"), [
    ("20/11/2026 09:30", datetime(2026, 11, 20, 9, 30, tzinfo=MEXICO_CITY)),
    ("2026-11-20   09:30", datetime(2026, 11, 20, 9, 30, tzinfo=MEXICO_CITY)),
    ("20/11/2026 10:01", datetime(2026, 11, 20, 10, 1, tzinfo=MEXICO_CITY)),  # within the two minutes of slack
])
def test_parse_moment(typed, expected):
    assert parse_moment(typed, now=NOW) == expected


def test_parse_moment_refuses_the_future_and_garbage():
    with pytest.raises(ValueError, match="Recibida: no puede ser posterior"):
        parse_moment("20/11/2026 10:05", "Recibida", now=NOW)
    assert parse_moment("20/11/2026 10:05").hour == 10  # without now, no check
    with pytest.raises(ValueError, match="Escriba fecha y hora como dd/mm/aaaa hh:mm"):
        parse_moment("20/11/2026", now=NOW)


@pytest.mark.parametrize(("typed", "hour", "minute"), [("09:45", 9, 45), ("0945", 9, 45), ("9.45", 9, 45),
                                                      ("945", 9, 45), ("10:00", 10, 0)])
def test_parse_clock(typed, hour, minute):
    moment = parse_clock(typed, NOW)
    assert (moment.date(), moment.hour, moment.minute, moment.tzinfo) == (date(2026, 11, 20), hour, minute, MEXICO_CITY)


def test_parse_clock_refuses_later_today_unless_allowed():
    with pytest.raises(ValueError, match="Hora: no puede ser posterior a la hora actual"):
        parse_clock("11:00", NOW, "Hora")
    assert parse_clock("11:00", NOW, allow_future=True).hour == 11
    with pytest.raises(ValueError, match="Escriba la hora como hh:mm"):
        parse_clock("25:00", NOW)


def test_services_refuse_future_acts():
    ensure_not_future(None, NOW, "La recepción")
    ensure_not_future(datetime(2026, 11, 20, 16, 1), NOW, "La recepción")  # naive is UTC, inside the slack
    with pytest.raises(InvalidInput, match="La recepción no puede ser posterior a este momento"):
        ensure_not_future(datetime(2026, 11, 21, 9, 0, tzinfo=MEXICO_CITY), NOW, "La recepción")
    assert is_future(datetime(2026, 11, 20, 16, 3, tzinfo=UTC), NOW)


def test_spanish_output_across_the_year_end_in_mexico_city():
    late = datetime(2027, 1, 1, 5, 30, tzinfo=UTC)  # still 31 December 23:30 in Mexico City
    assert day_text(late) == "31/12/2026"
    assert moment_text(late) == "31/12/2026 23:30"
    assert long_day(late) == "31 de diciembre de 2026"
    assert long_moment(late) == "31 de diciembre de 2026, 23:30 h"
    assert day_text(None) == moment_text(None) == "—"
    assert weekday_day(date(2026, 11, 20)) == "viernes 20 de noviembre de 2026"
    assert month_year(2026, 2) == "febrero de 2026"
    assert short_month(2027, 1) == "ene 27"


@pytest.mark.parametrize("text, expected", [
    ("24/11/2026", datetime(2026, 11, 24)),
    ("1/2/2026", datetime(2026, 2, 1)),
    ("2026-11-24", datetime(2026, 11, 24)),
    ("24/11/2026 09:30", datetime(2026, 11, 24, 9, 30)),
    ("  24/11/2026    9:30 ", datetime(2026, 11, 24, 9, 30)),
    ("2026-11-24 09:30", datetime(2026, 11, 24, 9, 30)),
    ("24-11-2026", None),
    ("2026/11/24", None),
    ("2026-11-24T09:30", None),
    ("24/11/2026 09", None),
    ("31/02/2026", None),
    ("", None),
    ("ayer", None),
])
def test_read_day_or_moment(text, expected):
    assert read_day_or_moment(text) == expected
