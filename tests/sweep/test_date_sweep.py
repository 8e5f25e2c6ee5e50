"""Calendar, terms, pending actions, header counts, the monthly reminder, the buzón week and the demo on hard days."""

from datetime import UTC, date, datetime, time, timedelta

import holidays
import pytest
from sqlalchemy import func, select

from models import Evento, Peticion, ReporteMensual
from services import routing
from services.actor import SYSTEM
from services.buzones import collect, week_compliance
from services.calendar import MEXICO_CITY, BusinessCalendar, local_date, now_utc, today_local
from services.database import read_session, write_session
from services.demo import populate
from services.errors import InvalidInput
from services.inhabiles import add_day, load_calendar
from services.intake import register
from services.pending import pending_actions
from services.queue import header_counts
from services.reports import generate, mark_sent, monthly_data
from services.terms import monthly_report_due
from tests.factories import FULL

# Every L3 datum, so the only pending actions are the clocks' (no follow-up to complete the data).
PETITION = {**FULL, "canal": "modulo", "descripcion": "No me surten la receta desde hace un mes"}


def business_days_between(start: date, end: date, declared: tuple[date, ...]) -> int:
    """Days after start up to end that are weekdays, not statutory holidays and not declared: a plain count."""
    off = set(declared)
    for year in range(start.year, end.year + 1):
        off |= set(holidays.Mexico(years=year))
    return sum(1 for n in range(1, (end - start).days + 1)
               if (start + timedelta(days=n)).weekday() < 5 and start + timedelta(days=n) not in off)


def _pending(desk, today: date):
    with read_session(desk.engine) as session:
        return pending_actions(session, unidad_id=desk.unidad.id, today=today, calendar=load_calendar(session))


def test_terms_end_where_a_person_counts_them(sweep):
    calendar = BusinessCalendar.with_days(sweep.declared)
    today = today_local()
    assert today == sweep.day
    assert (calendar.due_on(today, 3), calendar.due_on(today, 10)) == (sweep.due_3, sweep.due_10)
    assert monthly_report_due(calendar, *sweep.previous_month) == sweep.report_due
    for days in (1, 2, 3, 10):
        due = calendar.due_on(today, days)
        assert calendar.is_business_day(due)
        acted = calendar.effective_day(today)
        assert business_days_between(acted, due, sweep.declared) == days
        assert calendar.business_days_left(today, due) == business_days_between(today, due, sweep.declared)


def test_a_petition_registered_now_runs_its_clocks_to_the_day(desk_engine_sweep):
    desk, sweep = desk_engine_sweep
    today = sweep.day
    with write_session(desk.engine) as session:
        petition = register(session=session, actor=desk.oficial, unidad=desk.unidad, data=PETITION)
        folio = petition.folio
        routing.route(session=session, actor=desk.oficial, folio=folio, area_id=desk.areas[0].id)
    with read_session(desk.engine) as session:
        stored = session.execute(select(Peticion.recibida_en, Peticion.vence_en)).one()
    assert local_date(stored.recibida_en) == today and stored.vence_en == sweep.due_3
    mine = [a for a in _pending(desk, today) if a.folio == folio]
    assert mine == []
    # The área still has its last day: the reminder is listed (and accepted) from the day after.
    assert [a for a in _pending(desk, sweep.due_3) if a.folio == folio] == []
    next_day = sweep.due_3 + timedelta(days=1)
    late = [a for a in _pending(desk, next_day) if a.folio == folio]
    expected_days = business_days_between(sweep.due_3, next_day, sweep.declared)
    assert [(a.accion, a.vencido(next_day), a.dias_vencido) for a in late] == [("recordatorio_1", True, expected_days)]


def test_the_header_counts_what_f4_lists_as_overdue(desk_engine_sweep):
    desk, sweep = desk_engine_sweep
    with write_session(desk.engine) as session:
        for hours_before in (0, 30, 200):
            when = now_utc() - timedelta(hours=hours_before)
            petition = register(session=session, actor=desk.oficial, unidad=desk.unidad, data=PETITION, now=when)
            if hours_before:
                routing.route(session=session, actor=desk.oficial, folio=petition.folio, area_id=desk.areas[1].id,
                              now=when)
    for later in (0, 1, 2, 3, 7, 15, 40):
        day = sweep.day + timedelta(days=later)
        with read_session(desk.engine) as session:
            _, overdue = header_counts(session, unidad_id=desk.unidad.id, today=day)
        listed = _pending(desk, day)
        assert overdue == sum(a.vencido(day) for a in listed), day
        assert all(a.dias_vencido == business_days_between(a.vence_en, day, sweep.declared)
                   for a in listed if a.vencido(day) and a.accion != "recolectar_buzon"), day


def test_the_monthly_report_is_due_on_the_tenth_business_day_and_stays_owed(desk_engine_sweep, tmp_path):
    desk, sweep = desk_engine_sweep
    year, month = sweep.previous_month
    older = (year - 1, 12) if month == 1 else (year, month - 1)
    with write_session(desk.engine) as session:
        generate(session=session, actor=desk.director, unidad=desk.unidad, year=older[0], month=older[1],
                 pdf=tmp_path / "older.pdf")
        mark_sent(session=session, actor=desk.director, unidad=desk.unidad, year=older[0], month=older[1])
        rows = session.execute(select(func.count()).select_from(ReporteMensual)).scalar()
    assert rows == 1
    reports = [a for a in _pending(desk, sweep.day) if a.accion == "informe_mensual"]
    last = reports[-1]
    assert (last.detalle, last.vence_en) == ({"anio": year, "mes": month}, sweep.report_due)
    assert (last.vencido(sweep.day), last.dias_vencido) == (sweep.day > sweep.report_due, sweep.report_overdue)
    # The desk was set up about 100 days before: the months before the one sent are still owed, and overdue.
    for earlier in reports[:-1]:
        assert (earlier.detalle["anio"], earlier.detalle["mes"]) < older
        assert earlier.vencido(sweep.day)
        assert earlier.dias_vencido == business_days_between(earlier.vence_en, sweep.day, sweep.declared)
    with read_session(desk.engine) as session:
        data = monthly_data(session=session, unidad=desk.unidad, year=year, month=month)
    assert data.entrega_limite == sweep.report_due


def test_the_buzon_week_runs_monday_to_sunday_in_mexico_city(desk_engine_sweep):
    desk, sweep = desk_engine_sweep
    monday = sweep.day - timedelta(days=sweep.day.weekday())
    with write_session(desk.engine) as session:
        collect(session=session, actor=desk.oficial, buzon_id=desk.buzon.id, hojas=1,
                when=datetime.combine(monday - timedelta(days=1), time(23, 30), MEXICO_CITY))
        collect(session=session, actor=desk.oficial, buzon_id=desk.buzon.id, hojas=1,
                when=datetime.combine(monday, time(0, 30), MEXICO_CITY))
    with read_session(desk.engine) as session:
        assert [w.recolecciones for w in week_compliance(session, unidad_id=desk.unidad.id, day=sweep.day)] == [1]
    assert "recolectar_buzon" in {a.accion for a in _pending(desk, sweep.day)}
    with write_session(desk.engine) as session:
        collect(session=session, actor=desk.oficial, buzon_id=desk.buzon.id, hojas=3)
    with read_session(desk.engine) as session:
        assert [w.recolecciones for w in week_compliance(session, unidad_id=desk.unidad.id, day=sweep.day)] == [2]
        sunday = monday + timedelta(days=6)
        assert [w.recolecciones for w in week_compliance(session, unidad_id=desk.unidad.id, day=sunday)] == [2]
    assert "recolectar_buzon" not in {a.accion for a in _pending(desk, sweep.day)}


def test_the_demo_never_writes_the_future_and_owes_only_last_month(engine, sweep_morning):
    sweep = sweep_morning
    with write_session(engine) as session:
        for day in sweep.declared:
            add_day(session, actor=SYSTEM, fecha=day, motivo="Jueves Santo", fundamento="Acuerdo de la unidad")
    populate(engine, n=150, today=sweep.day)
    now = now_utc()
    with read_session(engine) as session:
        latest_event = session.execute(select(func.max(Evento.ocurrido_en))).scalar()
        latest_received = session.execute(select(func.max(Peticion.recibida_en))).scalar()
        unidad_id = session.execute(select(Peticion.unidad_id).limit(1)).scalar()
        _, overdue = header_counts(session, unidad_id=unidad_id, today=sweep.day)
        listed = pending_actions(session, unidad_id=unidad_id, today=sweep.day, calendar=load_calendar(session))
    for moment in (latest_event, latest_received):
        assert (moment if moment.tzinfo else moment.replace(tzinfo=UTC)) <= now
    assert overdue == sum(a.vencido(sweep.day) for a in listed)
    reports = [(a.detalle, a.vence_en) for a in listed if a.accion == "informe_mensual"]
    year, month = sweep.previous_month
    assert reports == [({"anio": year, "mes": month}, sweep.report_due)]


def test_a_prorroga_agreed_today_reaches_nine_business_days_and_then_escalates(desk_engine_sweep):
    desk, sweep = desk_engine_sweep
    calendar = BusinessCalendar.with_days(sweep.declared)
    today = sweep.day
    latest = calendar.due_on(today, 9)
    assert business_days_between(calendar.effective_day(today), latest, sweep.declared) == 9
    with write_session(desk.engine) as session:
        folio = register(session=session, actor=desk.oficial, unidad=desk.unidad, data=PETITION).folio
        routing.route(session=session, actor=desk.oficial, folio=folio, area_id=desk.areas[0].id)
    agreed = {"motivo": "Requiere dictamen", "sad_informada_en": now_utc(), "peticionario_contactado_en": now_utc()}
    with pytest.raises(InvalidInput, match=f"a lo más al {latest:%d/%m/%Y}"), write_session(desk.engine) as session:
        routing.extend(session=session, actor=desk.oficial, folio=folio,
                       nueva_fecha=calendar.next_business_day(latest), **agreed)
    with write_session(desk.engine) as session:
        routing.extend(session=session, actor=desk.oficial, folio=folio, nueva_fecha=latest, **agreed)
    assert [a for a in _pending(desk, latest) if a.folio == folio] == []
    after = latest + timedelta(days=1)
    assert [a.accion for a in _pending(desk, after) if a.folio == folio] == ["prorroga_vencida"]
