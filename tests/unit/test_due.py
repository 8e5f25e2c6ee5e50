"""One rule for when the step after a term is due: the expediente offers it, F4 lists it and the service accepts it on
the same day (services.clocks.is_due), at the boundary and across a holiday; and an oficio needs an addressee."""

from datetime import date

import pytest
from sqlalchemy import select

from models import Area
from models.enums import Reloj
from services import delivery, routing
from services.actions import available_actions, waiting_steps
from services.calendar import freeze
from services.clocks import due_from, is_due
from services.database import read_session, write_session
from services.errors import InvalidInput
from services.expediente import load
from services.inhabiles import load_calendar
from services.pending import pending_actions
from tests.conftest import mx
from tests.factories import register_full, signed_and_not_reached

FRI_13, SAT_14, MON_16, TUE_17 = date(2026, 11, 13), date(2026, 11, 14), date(2026, 11, 16), date(2026, 11, 17)


@pytest.mark.parametrize("reloj, vence, today, due", [
    (Reloj.SEGUIMIENTO, FRI_13, FRI_13, False),     # the área still has its last day
    (Reloj.SEGUIMIENTO, FRI_13, SAT_14, True),
    (Reloj.SEGUIMIENTO, FRI_13, MON_16, True),      # Revolución: due, though nobody works
    (Reloj.SEGUIMIENTO, FRI_13, TUE_17, True),      # the next business day
    (Reloj.RECORDATORIO_1, FRI_13, FRI_13, False),
    (Reloj.RECORDATORIO_2, FRI_13, TUE_17, True),
    (Reloj.RESGUARDO, FRI_13, FRI_13, False),
    (Reloj.RESGUARDO, FRI_13, TUE_17, True),
    (Reloj.NOTIFICACION, FRI_13, date(2026, 11, 12), False),
    (Reloj.NOTIFICACION, FRI_13, FRI_13, True),     # notifying is due within the term, on its last day too
    (Reloj.CANALIZACION, FRI_13, FRI_13, True),
    (None, None, FRI_13, True),
])
def test_when_the_step_after_a_clock_is_due(reloj, vence, today, due):
    assert is_due(reloj, vence, today) is due
    if vence is not None:
        assert (today >= due_from(reloj, vence)) is due


def _routed(desk, area_id):
    """Routed on Tuesday 10/11: the L5 term ends on Friday 13/11; Monday 16/11 is Revolución."""
    routed = mx(2026, 11, 10, 10)
    p = register_full(desk, now=routed)
    with write_session(desk.engine) as s:
        routing.route(session=s, actor=desk.oficial, folio=p.folio, area_id=area_id, now=routed)
    return p


def _seen(desk, folio, today: date) -> tuple[bool, bool]:
    """Whether F4 lists the folio's first reminder and the expediente offers it, on that day."""
    with read_session(desk.engine) as s:
        listed = [a.accion for a in pending_actions(s, unidad_id=desk.unidad.id, today=today, calendar=load_calendar(s))
                  if a.folio == folio]
        offered = available_actions(load(session=s, actor=desk.oficial, folio=folio), desk.oficial, revealed=False,
                                    today=today)
    return "recordatorio_1" in listed, "recordatorio_1" in offered


@pytest.mark.parametrize("today, due", [(FRI_13, False), (MON_16, True), (TUE_17, True)])
def test_f4_the_expediente_and_the_service_agree_on_the_first_reminder(desk, today, due):
    p = _routed(desk, desk.areas[0].id)
    assert _seen(desk, p.folio, today) == (due, due)
    if due:
        with write_session(desk.engine) as s:
            routing.escalate(session=s, actor=desk.oficial, folio=p.folio, step="recordatorio_1",
                             now=mx(today.year, today.month, today.day, 9))
        return
    with pytest.raises(InvalidInput, match="vence el 13/11/2026; este paso procede a partir del día hábil siguiente"), \
            write_session(desk.engine) as s:
        routing.escalate(session=s, actor=desk.oficial, folio=p.folio, step="recordatorio_1",
                         now=mx(today.year, today.month, today.day, 9))


@pytest.mark.parametrize("today, due", [(date(2026, 12, 1), False), (date(2026, 12, 2), True)])
def test_f4_the_expediente_and_the_service_agree_on_the_resguardo(desk, today, due):
    p = _routed(desk, desk.areas[0].id)
    signed_and_not_reached(desk, p.folio, answered=mx(2026, 11, 17, 9), called=mx(2026, 11, 18, 9))
    # The expediente reads its notification plan for the day it is opened.
    freeze(mx(today.year, today.month, today.day, 9))
    with read_session(desk.engine) as s:
        listed = [a.accion for a in pending_actions(s, unidad_id=desk.unidad.id, today=today, calendar=load_calendar(s))
                  if a.folio == p.folio]
        offered = available_actions(load(session=s, actor=desk.oficial, folio=p.folio), desk.oficial, revealed=False,
                                    today=today)
    assert ("resguardo" in listed, "resguardo" in offered) == (due, due)
    now = mx(today.year, today.month, today.day, 9)
    if due:
        with write_session(desk.engine) as s:
            delivery.to_resguardo(session=s, actor=desk.oficial, folio=p.folio, now=now)
        return
    with pytest.raises(InvalidInput, match="a partir del 02/12/2026"), write_session(desk.engine) as s:
        delivery.to_resguardo(session=s, actor=desk.oficial, folio=p.folio, now=now)


def test_an_oficio_without_an_addressee_is_refused_and_the_expediente_says_so(desk):
    with write_session(desk.engine) as s:
        area = s.execute(select(Area).where(Area.id == desk.areas[1].id)).scalar_one()
        area.superior_nombre = ""
    p = _routed(desk, desk.areas[1].id)
    with write_session(desk.engine) as s:
        routing.escalate(session=s, actor=desk.oficial, folio=p.folio, step="recordatorio_1", now=mx(2026, 11, 17, 9))
        routing.escalate(session=s, actor=desk.oficial, folio=p.folio, step="recordatorio_2", now=mx(2026, 11, 20, 9))
    today = date(2026, 11, 24)
    message = ("El oficio no tiene destinatario: falta el superior jerárquico del área Consulta externa. Regístrelo en "
               "Administración (F7, Áreas) y vuelva a intentarlo (L8).")
    with read_session(desk.engine) as s:
        expediente = load(session=s, actor=desk.oficial, folio=p.folio)
    assert "oficio_superior" not in available_actions(expediente, desk.oficial, revealed=False, today=today)
    assert waiting_steps(expediente, desk.oficial, today=today) == [("oficio_superior", message)]
    with pytest.raises(InvalidInput) as refused, write_session(desk.engine) as s:
        routing.escalate(session=s, actor=desk.oficial, folio=p.folio, step="oficio_superior", now=mx(2026, 11, 24, 9))
    assert str(refused.value) == message
    with write_session(desk.engine) as s:
        s.execute(select(Area).where(Area.id == desk.areas[1].id)).scalar_one().superior_nombre = "Dr. Jefe Generado"
    with write_session(desk.engine) as s:
        oficio = routing.escalate(session=s, actor=desk.oficial, folio=p.folio, step="oficio_superior",
                                  now=mx(2026, 11, 24, 9))
    assert oficio.tipo == "oficio_superior"
