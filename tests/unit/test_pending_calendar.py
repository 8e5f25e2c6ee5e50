"""The stored escalation list as the calendar moves: days passing list an action without any write, and a día inhábil
declared or removed moves the stored rows with the due dates it moves."""

from datetime import date

from sqlalchemy import select

from models import AccionPendiente
from services import inhabiles, pending_store, routing
from services.database import read_session, write_session
from services.inhabiles import load_calendar
from services.pending import pending_actions
from tests.conftest import mx
from tests.factories import register_full, signed_and_not_reached
from tests.unit.test_pending_store import _key

THU_12, FRI_13, SAT_14, MON_16 = date(2026, 11, 12), date(2026, 11, 13), date(2026, 11, 14), date(2026, 11, 16)
WED_18 = date(2026, 11, 18)


def _stored(engine) -> list[tuple]:
    with read_session(engine) as s:
        return sorted(_key(row) for row in s.execute(select(AccionPendiente)).scalars())


def _fresh(engine) -> list[tuple]:
    with read_session(engine) as s:
        return sorted(_key(row) for row in pending_store.recompute(s, pending_store.candidates(s)))


def _listed(desk, folio, today: date) -> list[str]:
    with read_session(desk.engine) as s:
        return [a.accion for a in pending_actions(s, unidad_id=desk.unidad.id, today=today, calendar=load_calendar(s))
                if a.folio == folio]


def _routed(desk):
    """Routed on Tuesday 10/11: the L5 term ends on Friday 13/11, so the first reminder is listed from Saturday 14/11."""
    p = register_full(desk, now=mx(2026, 11, 10, 10))
    with write_session(desk.engine) as s:
        routing.route(session=s, actor=desk.oficial, folio=p.folio, area_id=desk.areas[0].id, now=mx(2026, 11, 10, 10))
    return p


def test_days_passing_list_the_reminder_and_the_resguardo_without_writing(desk):
    p = _routed(desk)
    before = _stored(desk.engine)
    assert "recordatorio_1" not in _listed(desk, p.folio, FRI_13)
    assert "recordatorio_1" in _listed(desk, p.folio, SAT_14)
    assert "recordatorio_1" in _listed(desk, p.folio, MON_16)
    assert _stored(desk.engine) == before
    signed_and_not_reached(desk, p.folio, answered=mx(2026, 11, 17, 9), called=mx(2026, 11, 18, 9))
    before = _stored(desk.engine)
    # Ten business days after the signature pass on 01/12: the resguardo is listed from 02/12 (tests/unit/test_due.py).
    assert "resguardo" not in _listed(desk, p.folio, date(2026, 12, 1))
    assert "resguardo" in _listed(desk, p.folio, date(2026, 12, 2))
    assert _stored(desk.engine) == before == _fresh(desk.engine)


def test_a_dia_inhabil_declared_then_removed_moves_the_stored_actions(desk):
    routed = _routed(desk)
    signed = _routed(desk)
    signed_and_not_reached(desk, signed.folio, answered=mx(2026, 11, 11, 9), called=mx(2026, 11, 11, 11))
    original = _stored(desk.engine)
    assert "recordatorio_1" in _listed(desk, routed.folio, SAT_14)
    with write_session(desk.engine) as s:
        assert inhabiles.add_day(s, actor=desk.admin, fecha=THU_12, motivo="Suspensión de labores") > 0
    moved = _stored(desk.engine)
    assert moved == _fresh(desk.engine) and moved != original
    # 12/11 no longer counts and 16/11 is Revolución: the term ends on Tuesday 17/11.
    assert "recordatorio_1" not in _listed(desk, routed.folio, MON_16)
    assert "recordatorio_1" in _listed(desk, routed.folio, WED_18)
    # 18/11 is past the two days to notify (ended 17/11) but within the ten before a resguardo: only the plan moves.
    with write_session(desk.engine) as s:
        inhabiles.add_day(s, actor=desk.admin, fecha=WED_18, motivo="Suspensión de labores")
    later = _stored(desk.engine)
    assert later == _fresh(desk.engine)
    assert _desde(later, signed.folio, "resguardo") > _desde(moved, signed.folio, "resguardo")
    with write_session(desk.engine) as s:
        inhabiles.remove_day(s, actor=desk.admin, fecha=WED_18)
        inhabiles.remove_day(s, actor=desk.admin, fecha=THU_12)
    assert _stored(desk.engine) == original == _fresh(desk.engine)


def _desde(rows: list[tuple], folio: str, accion: str) -> date:
    return next(row[2] for row in rows if row[6] == folio and row[1] == accion)
