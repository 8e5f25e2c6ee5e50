"""The escalation list reminds of the monthly report (L17) from the 1st of the month until it is generated and sent.

L17's «primeros diez días de cada mes» are business days (LFPA art. 28): the 10th business day is the last one.
"""

from datetime import date, datetime

from services.calendar import MEXICO_CITY, freeze
from services.database import read_session, write_session
from services.inhabiles import load_calendar
from services.pending import pending_actions
from services.reports import generate, mark_sent


def _reminders(desk, today):
    with read_session(desk.engine) as session:
        actions = pending_actions(session, unidad_id=desk.unidad.id, today=today, calendar=load_calendar(session))
    return [(a.descripcion, a.vence_en, a.dias_vencido, a.detalle) for a in actions if a.accion == "informe_mensual"]


def test_reminder_runs_from_the_first_until_generated_and_sent(desk, tmp_path):
    november = ("Enviar a la SAD el informe mensual (Anexo 1) de 11/2026 (L17)", date(2026, 12, 14))
    assert _reminders(desk, date(2026, 12, 1)) == [(*november, 0, {"anio": 2026, "mes": 11})]
    assert _reminders(desk, date(2026, 12, 14)) == [(*november, 0, {"anio": 2026, "mes": 11})]
    assert _reminders(desk, date(2026, 12, 15)) == [(*november, 1, {"anio": 2026, "mes": 11})]
    assert _reminders(desk, date(2026, 12, 21)) == [(*november, 5, {"anio": 2026, "mes": 11})]
    with write_session(desk.engine) as session:
        generate(session=session, actor=desk.supervisor, unidad=desk.unidad, year=2026, month=11,
                 pdf=tmp_path / "anexo1.pdf")
    assert _reminders(desk, date(2026, 12, 5)) == [(*november, 0, {"anio": 2026, "mes": 11})]
    with write_session(desk.engine) as session:
        mark_sent(session=session, actor=desk.director, unidad=desk.unidad, year=2026, month=11)
    assert _reminders(desk, date(2026, 12, 5)) == []
    assert _reminders(desk, date(2026, 12, 31)) == []
    assert _reminders(desk, date(2027, 1, 1)) == [
        ("Enviar a la SAD el informe mensual (Anexo 1) de 12/2026 (L17)", date(2027, 1, 15), 0, {"anio": 2026, "mes": 12}),
    ]


def test_sending_another_month_does_not_silence_the_reminder(desk, tmp_path):
    with write_session(desk.engine) as session:
        generate(session=session, actor=desk.director, unidad=desk.unidad, year=2026, month=10, pdf=tmp_path / "oct.pdf")
        mark_sent(session=session, actor=desk.director, unidad=desk.unidad, year=2026, month=10)
    assert [detail for *_, detail in _reminders(desk, date(2026, 12, 2))] == [{"anio": 2026, "mes": 11}]


def test_a_unit_set_up_this_month_owes_no_report_for_the_last(desk):
    assert _reminders(desk, date(2026, 11, 25)) == []
    assert [detail for *_, detail in _reminders(desk, date(2026, 12, 1))] == [{"anio": 2026, "mes": 11}]


def test_an_unsent_month_stays_pending_until_sent_whatever_month_it_is(desk, tmp_path):
    freeze(datetime(2027, 2, 3, 10, tzinfo=MEXICO_CITY))
    with write_session(desk.engine) as session:
        generate(session=session, actor=desk.director, unidad=desk.unidad, year=2026, month=12, pdf=tmp_path / "dic.pdf")
        mark_sent(session=session, actor=desk.director, unidad=desk.unidad, year=2026, month=12)
    reminders = _reminders(desk, date(2027, 2, 3))
    assert [(detail["mes"], due, late) for _, due, late, detail in reminders] == [
        (11, date(2026, 12, 14), 34),
        (1, date(2027, 2, 15), 0),
    ]
