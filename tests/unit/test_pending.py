"""pending_actions: what is due today or overdue, with the right next action, urgent first."""

from datetime import date

from sqlalchemy import select

from models import Canalizacion, Peticion
from services import routing
from services.actor import SYSTEM
from services.buzones import collect, week_compliance
from services.calendar import freeze
from services.database import read_session, write_session
from services.inhabiles import add_day, load_calendar
from services.intake import register
from services.pending import pending_actions
from tests.conftest import mx
from tests.factories import FULL


def _pending(desk, today):
    with read_session(desk.engine) as session:
        return pending_actions(session, unidad_id=desk.unidad.id, today=today, calendar=load_calendar(session))


def test_overdue_follow_up_asks_for_first_reminder_urgent_first(desk):
    with write_session(desk.engine) as s:
        calm = register(session=s, actor=desk.oficial, unidad=desk.unidad, data=FULL, now=mx(2026, 11, 13, 9))
        urgent = register(session=s, actor=desk.oficial, unidad=desk.unidad,
                          data={**FULL, "descripcion": "Paciente intubado, urge su traslado a UCI del Centro Médico"},
                          now=mx(2026, 11, 13, 9))
        for p in (calm, urgent):
            routing.route(session=s, actor=desk.oficial, folio=p.folio, area_id=desk.areas[0].id, now=mx(2026, 11, 13, 10))
    assert [a for a in _pending(desk, date(2026, 11, 18)) if a.folio] == []
    # 19/11 is the área's last day (L5): the reminder is listed, as the service accepts it, from the next day.
    assert [a for a in _pending(desk, date(2026, 11, 19)) if a.folio] == []
    actions = [a for a in _pending(desk, date(2026, 11, 20)) if a.folio]
    assert [(a.folio, a.accion, a.dias_vencido) for a in actions] == [
        (urgent.folio, "recordatorio_1", 1), (calm.folio, "recordatorio_1", 1),
    ]
    assert actions[0].urgente and actions[0].area == "Farmacia"


def test_unrouted_petition_and_buzon_acknowledgement(desk):
    with write_session(desk.engine) as s:
        p = register(session=s, actor=desk.oficial, unidad=desk.unidad, data={**FULL, "canal": "buzon"},
                     now=mx(2026, 11, 17, 9))
    kinds = {(a.accion, a.folio) for a in _pending(desk, date(2026, 11, 19))}
    assert ("canalizar", p.folio) in kinds and ("acuse_buzon", p.folio) in kinds


def test_buzon_collection_and_monthly_report_reminders(desk):
    today = date(2026, 12, 3)
    kinds = {a.accion for a in _pending(desk, today)}
    assert {"recolectar_buzon", "informe_mensual"} <= kinds
    # A collection cannot be recorded ahead of the clock: the clock moves to that Thursday first.
    freeze(mx(2026, 12, 3, 10))
    with write_session(desk.engine) as s:
        collect(session=s, actor=desk.oficial, buzon_id=desk.buzon.id, hojas=4, when=mx(2026, 11, 30, 9))
        collect(session=s, actor=desk.oficial, buzon_id=desk.buzon.id, hojas=2, when=mx(2026, 12, 3, 9))
    with read_session(desk.engine) as s:
        assert [w.recolecciones for w in week_compliance(s, unidad_id=desk.unidad.id, day=today)] == [2]
    assert "recolectar_buzon" not in {a.accion for a in _pending(desk, today)}
    on_time = [a for a in _pending(desk, date(2026, 12, 14)) if a.accion == "informe_mensual"]
    assert (on_time[0].vence_en, on_time[0].vencido(date(2026, 12, 14))) == (date(2026, 12, 14), False)
    late = [a for a in _pending(desk, date(2026, 12, 17)) if a.accion == "informe_mensual"]
    assert late[0].dias_vencido == 3


def test_declared_dia_inhabil_moves_open_due_dates(desk):
    with write_session(desk.engine) as s:
        p = register(session=s, actor=desk.oficial, unidad=desk.unidad, data=FULL, now=mx(2026, 11, 27, 9))
        routing.route(session=s, actor=desk.oficial, folio=p.folio, area_id=desk.areas[0].id, now=mx(2026, 11, 27, 10))
    with read_session(desk.engine) as s:
        assert s.execute(select(Peticion.vence_en)).scalar() == date(2026, 12, 2)
    with write_session(desk.engine) as s:
        moved = add_day(s, actor=SYSTEM, fecha=date(2026, 12, 1), motivo="Día inhábil de prueba", fundamento="DOF")
    # The petition's L5 clock, the área's own L5 clock (L4) and the routing's L5 and L9 dates: four due dates, all
    # moved one business day.
    assert moved == 4
    with read_session(desk.engine) as s:
        assert s.execute(select(Peticion.vence_en)).scalar() == date(2026, 12, 3)
        assert s.execute(select(Canalizacion.vence_seguimiento, Canalizacion.vence_declinacion)).one() == (
            date(2026, 12, 3), date(2026, 12, 2))
