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


# built(): one row over STORED_COLUMNS of each stored shape, as the driver gives it (SQLite's ISO text for dates).
_TODAY = date(2026, 11, 25)  # Wednesday; Monday 16/11 was Revolución
_BUILT_CASES = [
    (("canalizar", "2026-11-20", True, "F-1", 1, 7, False, 0, None),
     ("canalizar", "Canalizar a un área", date(2026, 11, 20), 3, True, "F-1", 1, "Farmacia", {})),
    (("informar_sad", "2026-11-13", False, "F-2", 2, 7, True, 0, None),
     ("informar_sad", "El superior no resolvió (L8): informar a la SAD", date(2026, 11, 13), 7, False, "F-2", 2,
      "Farmacia", {"area_id": 7})),
    (("notificar", "2026-11-27", False, "F-3", 3, None, False, 0, None),
     ("notificar", "Notificar la respuesta al peticionario (L14)", date(2026, 11, 27), 0, False, "F-3", 3, None, {})),
    (("contactar_datos", None, False, "F-4", 4, None, False, 2, None),
     ("contactar_datos", "Contactar al peticionario para completar sus datos (L3): 2 de 3 intentos", _TODAY, 0, False,
      "F-4", 4, None, {"intentos": 2})),
    (("cerrar_sinapp", "2026-11-24", True, "F-5", 5, None, False, 0, "S-77"),
     ("cerrar_sinapp", "Cerrar en el SINAPP la petición concluida (L15)", date(2026, 11, 24), 1, False, "F-5", 5, None,
      {"sinapp_folio": "S-77"})),
    (("cerrar_sinapp", "2026-11-24", False, "F-6", 6, None, False, 0, None),
     ("cerrar_sinapp", "Cerrar en el SINAPP la petición concluida (L15); falta su folio SINAPP", date(2026, 11, 24), 1,
      False, "F-6", 6, None, {"sinapp_folio": ""})),
    (("acuse_buzon", "2026-11-25", True, "F-7", 7, None, False, 0, None),
     ("acuse_buzon", "Avisar al peticionario que su hoja de buzón fue recibida (L1)", date(2026, 11, 25), 0, True,
      "F-7", 7, None, {})),
]


def _fields(action) -> tuple:
    return (action.accion, action.descripcion, action.vence_en, action.dias_vencido, action.urgente, action.folio,
            action.peticion_id, action.area, action.detalle)


def test_built_reads_each_stored_shape_and_keeps_the_rows_order_across_runs_of_kinds():
    from services.calendar import BusinessCalendar
    from services.pending import built

    rows = [row for row, _ in _BUILT_CASES]
    # Kinds interleaved (canalizar, informar_sad, …, then canalizar again): each run is built on its own, in order.
    rows_twice = rows + rows[:2]
    expected = [want for _, want in _BUILT_CASES] + [want for _, want in _BUILT_CASES[:2]]
    assert [_fields(a) for a in built(rows_twice, {7: "Farmacia"}, _TODAY, BusinessCalendar())] == expected
    assert built([], {}, _TODAY, BusinessCalendar()) == []
