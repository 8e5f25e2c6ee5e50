"""Home's warm-up: the reads Home makes right after «Entrar», made once while the officer types, on any database."""

from sqlalchemy import event

from services.calendar import statutory_holidays, today_local
from tests.factories import pilot_unit
from tui.screens import home


def _statements(engine) -> list[str]:
    sent: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda _c, _cur, sql, *_: sent.append(sql))
    home.warm(engine)
    return sent


def test_a_database_without_a_unit_gets_only_the_holidays(engine):
    statutory_holidays.cache_clear()
    assert [sql for sql in _statements(engine) if "accionpendiente" in sql] == []
    assert statutory_holidays.cache_info().currsize == 1


def test_with_a_unit_it_runs_home_and_header_reads_and_loads_the_year_s_holidays(engine):
    pilot_unit(engine)
    statutory_holidays.cache_clear()
    sent = _statements(engine)
    assert sum("accionpendiente" in sql for sql in sent) >= 2, "Home's counts and first rows, the header's overdue"
    assert statutory_holidays.cache_info().currsize >= 1
    statutory_holidays(today_local().year)
    assert statutory_holidays.cache_info().hits >= 1, "this year's holidays were already loaded"
