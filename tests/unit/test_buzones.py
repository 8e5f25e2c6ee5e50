"""Recording a buzón collection (L1): the sheets declared, and never a moment that has not come yet."""

import pytest
from sqlalchemy import func, select

from models import Recoleccion
from services.buzones import collect
from services.database import read_session, write_session
from services.errors import InvalidInput
from tests.conftest import mx


def _collections(desk) -> int:
    with read_session(desk.engine) as s:
        return s.execute(select(func.count()).select_from(Recoleccion)).scalar_one()


@pytest.mark.parametrize("when", [mx(2026, 11, 20, 9, 30), mx(2026, 11, 20, 10), mx(2026, 11, 20, 10, 2), None],
                         ids=["earlier-today", "now", "within-two-minutes", "default-now"])
def test_a_collection_up_to_now_is_recorded(desk, when):
    with write_session(desk.engine) as s:
        collection = collect(session=s, actor=desk.oficial, buzon_id=desk.buzon.id, hojas=3, when=when)
        assert collection.hojas_declaradas == 3
    assert _collections(desk) == 1


@pytest.mark.parametrize("when", [mx(2026, 11, 20, 10, 5), mx(2026, 11, 21, 9)], ids=["in-five-minutes", "tomorrow"])
def test_a_collection_later_than_now_is_refused(desk, when):
    with pytest.raises(InvalidInput, match=r"La fecha y hora de la recolección no puede ser posterior a este "
                                           r"momento \(20/11/2026 10:00\)"), write_session(desk.engine) as s:
        collect(session=s, actor=desk.oficial, buzon_id=desk.buzon.id, hojas=3, when=when)
    assert _collections(desk) == 0
