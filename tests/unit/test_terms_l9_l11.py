"""L9 declinations after the term (formal record, Anexo 1), L10's prórroga limit and its escalation once expired, and
L11's measures agreed with the SAD (recorded, followed up in F4, reported), across a month end and a holiday."""

from datetime import date

import pytest
from sqlalchemy import select

from models import Declinacion, Evento, MedidaSad, Peticion, Prorroga, Recordatorio
from models.enums import Estado, Reloj
from services import audit, clocks, routing, sad_measures
from services.actions import available_actions, waiting_steps
from services.calendar import BusinessCalendar, freeze
from services.database import read_session, write_session
from services.documents.monthly_report import render_monthly_report
from services.errors import InvalidInput
from services.expediente import event_detail, load
from services.extensions import latest_date
from services.inhabiles import load_calendar
from services.late_declination import LATE_EVENT, days_late
from services.pending import pending_actions
from services.pending_view import overdue_count
from services.reports import monthly_data
from services.terms import PRORROGA_MAX_BUSINESS_DAYS
from tests.conftest import mx
from tests.factories import register_full
from tests.pdf_samples import all_text

CALENDAR = BusinessCalendar()


def _routed(desk, day: date, hour: int = 9):
    """A petition registered and routed to Farmacia on `day`, with the clock at that moment."""
    freeze(mx(day.year, day.month, day.day, hour))
    p = register_full(desk, now=mx(day.year, day.month, day.day, hour))
    with write_session(desk.engine) as s:
        routing.route(session=s, actor=desk.oficial, folio=p.folio, area_id=desk.areas[0].id,
                      now=mx(day.year, day.month, day.day, hour))
    return p


def _extend(desk, folio, day: date, until: date):
    freeze(mx(day.year, day.month, day.day, 12))
    with write_session(desk.engine) as s:
        return routing.extend(session=s, actor=desk.oficial, folio=folio, motivo="Requiere dictamen de un tercero",
                              nueva_fecha=until, sad_informada_en=mx(day.year, day.month, day.day, 11),
                              peticionario_contactado_en=mx(day.year, day.month, day.day, 11),
                              now=mx(day.year, day.month, day.day, 12))


def _pending(desk, today):
    with read_session(desk.engine) as s:
        return pending_actions(s, unidad_id=desk.unidad.id, today=today, calendar=load_calendar(s))


# --- L9: late declinations ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("due, declared, late", [
    (date(2026, 11, 13), date(2026, 11, 13), 0),   # on L9's last day
    (date(2026, 11, 13), date(2026, 11, 12), 0),   # before it
    (date(2026, 11, 13), date(2026, 11, 14), 1),   # a Saturday counts as Tuesday 17 (Monday 16 is a holiday)
    (date(2026, 11, 13), date(2026, 11, 16), 1),   # the holiday itself, likewise
    (date(2026, 11, 13), date(2026, 11, 18), 2),   # 17 and 18
    (date(2026, 11, 27), date(2026, 12, 1), 2),    # across the month end: 30/11 and 1/12
    (date(2026, 12, 24), date(2026, 12, 28), 1),   # Christmas is not counted
])
def test_days_late_count_business_days_after_the_term(due, declared, late):
    assert days_late(CALENDAR, due, declared) == late


@pytest.mark.parametrize("routed, declared, late", [
    (date(2026, 11, 11), date(2026, 11, 13), 0),   # L9 ends Friday 13: in term, no extra record
    (date(2026, 11, 11), date(2026, 11, 17), 1),   # the holiday of Monday 16 is not a day late
    (date(2026, 11, 26), date(2026, 12, 2), 2),    # L9 ends Monday 30/11; 1/12 and 2/12 late
])
def test_a_late_declination_leaves_a_formal_record(desk, routed, declared, late):
    p = _routed(desk, routed)
    freeze(mx(declared.year, declared.month, declared.day, 11))
    with write_session(desk.engine) as s:
        routing.decline(session=s, actor=desk.oficial, folio=p.folio, motivo="Corresponde a consulta externa",
                        now=mx(declared.year, declared.month, declared.day, 11))
    with read_session(desk.engine) as s:
        declination = s.execute(select(Declinacion)).scalar_one()
        records = list(s.execute(select(Evento).where(Evento.accion == LATE_EVENT)).scalars())
        personal = audit.personal_of(s, [e.id for e in records])
    assert declination.en_plazo is (late == 0)
    if not late:
        assert records == []
        return
    (record,) = records
    detail = event_detail(record)
    assert (detail["area"], detail["dias_tarde"]) == ("Farmacia", late)
    assert record.actor == desk.oficial.nombre and record.peticion_id == p.id
    assert personal[record.id] == {"motivo": "Corresponde a consulta externa"}


# --- L10: the prórroga's limit and its escalation once expired ---------------------------------------------------

@pytest.mark.parametrize("agreed, latest", [
    (date(2026, 11, 13), date(2026, 11, 27)),   # over the holiday of Monday 16 November
    (date(2026, 11, 24), date(2026, 12, 7)),    # across the month end
    (date(2026, 12, 18), date(2027, 1, 4)),     # over Christmas, the year end and 1 January
])
def test_the_prorroga_reaches_at_most_nine_business_days(desk, agreed, latest):
    assert PRORROGA_MAX_BUSINESS_DAYS == 9
    assert latest_date(CALENDAR, agreed) == latest
    p = _routed(desk, agreed, hour=9)
    beyond = CALENDAR.next_business_day(latest)
    with pytest.raises(InvalidInput, match=f"a lo más al {latest:%d/%m/%Y}"):
        _extend(desk, p.folio, agreed, beyond)
    _extend(desk, p.folio, agreed, latest)
    with read_session(desk.engine) as s:
        got = s.execute(select(Peticion).where(Peticion.folio == p.folio)).scalar_one()
    assert (got.estado, got.vence_en) == (Estado.PRORROGA, latest)


def test_only_one_prorroga_per_routing(desk):
    p = _routed(desk, date(2026, 11, 20))
    _extend(desk, p.folio, date(2026, 11, 20), date(2026, 11, 25))
    with pytest.raises(InvalidInput, match="Ya se acordó una prórroga con esta área"):
        _extend(desk, p.folio, date(2026, 11, 23), date(2026, 11, 27))
    with read_session(desk.engine) as s:
        assert len(s.execute(select(Prorroga)).all()) == 1
        expediente = load(session=s, actor=desk.oficial, folio=p.folio)
    # The expediente says why instead of offering it.
    waiting = dict(waiting_steps(expediente, desk.oficial, today=date(2026, 11, 23)))
    assert "Ya se acordó una prórroga" in waiting["prorroga"]
    assert "prorroga" not in available_actions(expediente, desk.oficial, revealed=False, today=date(2026, 11, 23))


@pytest.mark.parametrize("until, today, due", [
    (date(2026, 11, 27), date(2026, 11, 27), False),   # the área still has its agreed last day
    (date(2026, 11, 27), date(2026, 11, 30), True),    # across the month end
    (date(2026, 12, 24), date(2026, 12, 25), True),    # the day after, even a holiday, as every other clock
])
def test_an_expired_prorroga_is_due_the_day_after(until, today, due):
    assert clocks.is_due(Reloj.PRORROGA, until, today) is due


def test_an_expired_prorroga_escalates_again_from_the_first_reminder(desk):
    p = _routed(desk, date(2026, 11, 20))
    _extend(desk, p.folio, date(2026, 11, 20), date(2026, 11, 27))
    freeze(mx(2026, 11, 27, 12))
    with pytest.raises(InvalidInput, match="El plazo del área Farmacia vence el 27/11/2026"), write_session(desk.engine) as s:
        routing.escalate(session=s, actor=desk.oficial, folio=p.folio, step="recordatorio_1", now=mx(2026, 11, 27, 12))
    assert not [a for a in _pending(desk, date(2026, 11, 27)) if a.folio == p.folio]
    listed = [a for a in _pending(desk, date(2026, 11, 30)) if a.folio == p.folio]
    assert [(a.accion, a.vence_en, a.dias_vencido) for a in listed] == [("prorroga_vencida", date(2026, 11, 27), 1)]
    assert "primer recordatorio" in listed[0].descripcion
    freeze(mx(2026, 11, 30, 10))
    with read_session(desk.engine) as s:
        expediente = load(session=s, actor=desk.oficial, folio=p.folio)
    assert "recordatorio_1" in available_actions(expediente, desk.oficial, revealed=False, today=date(2026, 11, 30))
    with write_session(desk.engine) as s:
        reminder = routing.escalate(session=s, actor=desk.oficial, folio=p.folio, step="recordatorio_1",
                                    now=mx(2026, 11, 30, 10))
    # L6's two business days run from the reminder: 1/12 and 2/12.
    assert reminder.vence_en == date(2026, 12, 2)
    with read_session(desk.engine) as s:
        got = s.execute(select(Peticion).where(Peticion.folio == p.folio)).scalar_one()
        assert (got.estado, got.reloj) == (Estado.RECORDATORIO_1, Reloj.RECORDATORIO_1)
        assert s.execute(select(Recordatorio.tipo)).scalars().all() == ["recordatorio_1"]


# --- L11: the measures agreed with the SAD -----------------------------------------------------------------------

def _measure(desk, folio, *, day: date, vence: date | None = None, descripcion="Cita con el especialista",
             responsable="Jefe de Farmacia"):
    freeze(mx(day.year, day.month, day.day, 13))
    with write_session(desk.engine) as s:
        return sad_measures.record(session=s, actor=desk.oficial, folio=folio, descripcion=descripcion,
                                   responsable=responsable, acordada_en=day, vence_en=vence,
                                   now=mx(day.year, day.month, day.day, 13))


def test_a_measure_needs_a_prorroga_and_its_data(desk):
    p = _routed(desk, date(2026, 11, 20))
    with pytest.raises(InvalidInput, match="registre antes la prórroga"):
        _measure(desk, p.folio, day=date(2026, 11, 20))
    _extend(desk, p.folio, date(2026, 11, 20), date(2026, 11, 27))
    with pytest.raises(InvalidInput, match="responsable"):
        _measure(desk, p.folio, day=date(2026, 11, 20), responsable="  ")
    with pytest.raises(InvalidInput, match="posterior a hoy"):
        freeze(mx(2026, 11, 20, 13))
        with write_session(desk.engine) as s:
            sad_measures.record(session=s, actor=desk.oficial, folio=p.folio, descripcion="x", responsable="y",
                                acordada_en=date(2026, 11, 23), now=mx(2026, 11, 20, 13))
    with pytest.raises(InvalidInput, match="anterior al acuerdo"):
        _measure(desk, p.folio, day=date(2026, 11, 20), vence=date(2026, 11, 19))
    with read_session(desk.engine) as s:
        assert s.execute(select(MedidaSad)).all() == []


@pytest.mark.parametrize("vence, due", [
    (None, date(2026, 11, 27)),                 # without its own date, followed up to the prórroga's
    (date(2026, 12, 1), date(2026, 12, 1)),     # its own date, across the month end
])
def test_a_pending_measure_is_in_f4_until_fulfilled(desk, vence, due):
    p = _routed(desk, date(2026, 11, 20))
    _extend(desk, p.folio, date(2026, 11, 20), date(2026, 11, 27))
    measure = _measure(desk, p.folio, day=date(2026, 11, 20), vence=vence)
    listed = [a for a in _pending(desk, date(2026, 11, 23)) if a.accion == "medida_sad"]
    assert [(a.folio, a.vence_en, a.area, a.detalle["medida_id"]) for a in listed] == [
        (p.folio, due, "Farmacia", measure.id)]
    assert "Jefe de Farmacia" in listed[0].descripcion
    after = CALENDAR.next_business_day(due)
    with read_session(desk.engine) as s:
        before_count = overdue_count(s, unidad_id=desk.unidad.id, today=due, calendar=CALENDAR)
        late_count = overdue_count(s, unidad_id=desk.unidad.id, today=after, calendar=CALENDAR)
    overdue = [a for a in _pending(desk, after) if a.accion == "medida_sad"]
    assert overdue[0].vencido(after) and overdue[0].dias_vencido == 1
    # The header counts it as overdue the day after its due day (the prórroga's own row counts too when it is due).
    assert late_count - before_count >= 1
    freeze(mx(after.year, after.month, after.day, 10))
    with write_session(desk.engine) as s:
        sad_measures.fulfil(session=s, actor=desk.oficial, folio=p.folio, medida_id=measure.id,
                            nota="Se dio la cita", now=mx(after.year, after.month, after.day, 10))
    assert [a for a in _pending(desk, after) if a.accion == "medida_sad"] == []
    with pytest.raises(InvalidInput, match="ya se registró como cumplida"), write_session(desk.engine) as s:
        sad_measures.fulfil(session=s, actor=desk.oficial, folio=p.folio, medida_id=measure.id, nota="otra vez")
    with read_session(desk.engine) as s:
        actions = [e.accion for e in s.execute(select(Evento).where(Evento.peticion_id == p.id)).scalars()]
    assert "medida_sad" in actions and "medida_cumplida" in actions


def test_the_expediente_offers_the_measures_only_after_a_prorroga(desk):
    p = _routed(desk, date(2026, 11, 20))
    with read_session(desk.engine) as s:
        offered = available_actions(load(session=s, actor=desk.oficial, folio=p.folio), desk.oficial, revealed=False,
                                    today=date(2026, 11, 20))
    assert "medida_sad" not in offered and "cumplir_medida" not in offered
    _extend(desk, p.folio, date(2026, 11, 20), date(2026, 11, 27))
    _measure(desk, p.folio, day=date(2026, 11, 20))
    with read_session(desk.engine) as s:
        offered = available_actions(load(session=s, actor=desk.oficial, folio=p.folio), desk.oficial, revealed=False,
                                    today=date(2026, 11, 20))
        read_only = available_actions(load(session=s, actor=desk.supervisor, folio=p.folio), desk.supervisor,
                                      revealed=False, today=date(2026, 11, 20))
    assert {"medida_sad", "cumplir_medida"} <= set(offered)
    assert not {"medida_sad", "cumplir_medida"} & set(read_only)


# --- the Anexo 1 ------------------------------------------------------------------------------------------------

def test_the_anexo_1_counts_late_declinations_and_lists_the_measures(desk):
    late = _routed(desk, date(2026, 11, 11))
    freeze(mx(2026, 11, 18, 11))
    with write_session(desk.engine) as s:
        routing.decline(session=s, actor=desk.oficial, folio=late.folio, motivo="No es de farmacia",
                        now=mx(2026, 11, 18, 11))
    in_term = _routed(desk, date(2026, 11, 18))
    with write_session(desk.engine) as s:
        routing.decline(session=s, actor=desk.oficial, folio=in_term.folio, motivo="No es de farmacia",
                        now=mx(2026, 11, 19, 11))
    slow = _routed(desk, date(2026, 11, 20))
    _extend(desk, slow.folio, date(2026, 11, 20), date(2026, 11, 27))
    _measure(desk, slow.folio, day=date(2026, 11, 20), descripcion="Visita de supervisión al almacén",
             responsable="Jefe de Farmacia")
    freeze(mx(2026, 12, 2, 10))
    with read_session(desk.engine) as s:
        data = monthly_data(session=s, unidad=desk.unidad, year=2026, month=11)
        december = monthly_data(session=s, unidad=desk.unidad, year=2026, month=12)
    assert [(r.folio, r.area, r.plazo, r.dias_tarde) for r in data.declinaciones_tardias] == [
        (late.folio, "Farmacia", date(2026, 11, 13), 2)]
    assert [(r.folio, r.medida, r.responsable, r.vence, r.cumplida) for r in data.medidas_sad] == [
        (slow.folio, "Visita de supervisión al almacén", "Jefe de Farmacia", date(2026, 11, 27), None)]
    assert december.declinaciones_tardias == () and december.medidas_sad == ()
    text = all_text(render_monthly_report(data))
    assert "4 bis. Declinaciones fuera de plazo (L9) y medidas acordadas con la SAD (L11)" in text
    assert "1 declinación fuera del plazo de 2 días hábiles: Farmacia 1." in text
    assert late.folio in text and in_term.folio not in text.split("4 bis.")[1].split("5. Casos urgentes")[0]
    assert "Visita de supervisión al almacén" in text and "1 pendiente de cumplir" in text
