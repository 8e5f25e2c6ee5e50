"""Registering refuses a reception (or an alert) that has not happened yet, whatever face the data came from."""

import pytest
from sqlalchemy import func, select

from models import Peticion
from services.database import read_session, write_session
from services.errors import InvalidInput
from services.intake import UrgencyDecision, register, register_many, validate
from tests.conftest import mx
from tests.factories import FULL

# The test clock stands at Friday 20 November 2026, 10:00 in Mexico City.
REFUSED = r"La fecha de recepción no puede ser posterior a este momento \(20/11/2026 10:00\)"


def _count(desk) -> int:
    with read_session(desk.engine) as s:
        return s.execute(select(func.count()).select_from(Peticion)).scalar_one()


def test_register_refuses_a_reception_later_than_now(desk):
    with pytest.raises(InvalidInput, match=REFUSED), write_session(desk.engine) as s:
        register(session=s, actor=desk.oficial, unidad=desk.unidad, data={**FULL, "recibida_en": mx(2026, 11, 20, 10, 30)})
    assert _count(desk) == 0


def test_register_accepts_now_within_the_slack_and_the_past(desk):
    with write_session(desk.engine) as s:
        for moment in (mx(2026, 11, 20, 10, 1), mx(2026, 11, 19, 18)):
            register(session=s, actor=desk.oficial, unidad=desk.unidad, data={**FULL, "recibida_en": moment})
    assert _count(desk) == 2


def test_register_many_refuses_a_reception_later_than_now(desk):
    items = [validate({**FULL, "recibida_en": mx(2026, 11, 19)}), validate({**FULL, "recibida_en": mx(2026, 11, 21)})]
    with pytest.raises(InvalidInput, match=REFUSED), write_session(desk.engine) as s:
        register_many(session=s, actor=desk.oficial, unidad=desk.unidad, items=items)
    assert _count(desk) == 0


def test_register_refuses_an_alert_later_than_now(desk):
    decision = UrgencyDecision(confirmar=True, alertado_a="Dra. Ruiz", alertado_en=mx(2026, 11, 20, 11))
    with pytest.raises(InvalidInput, match="La hora en que se alertó no puede ser posterior"), \
            write_session(desk.engine) as s:
        register(session=s, actor=desk.oficial, unidad=desk.unidad, data=FULL, urgencia=decision)
    assert _count(desk) == 0
