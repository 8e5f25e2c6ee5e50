"""The expediente's history is in the order things happened: an act entered later with its own time sits in place."""

from services import audit
from services.database import read_session, write_session
from services.expediente import load
from tests.conftest import mx
from tests.factories import register_full


def test_events_are_ordered_by_moment_then_by_id(desk):
    p = register_full(desk)
    with write_session(desk.engine) as s:
        for accion, when in (("canalizar", mx(2026, 11, 17, 8, 47)), ("declinar", mx(2026, 11, 17, 8, 46)),
                             ("nota_b", mx(2026, 11, 17, 9)), ("nota_a", mx(2026, 11, 17, 9))):
            audit.record(s, actor=desk.oficial, accion=accion, unidad_id=desk.unidad.id, peticion_id=p.id, when=when)
    with read_session(desk.engine) as s:
        shown = [e.accion for e in load(session=s, actor=desk.oficial, folio=p.folio).eventos]
    assert shown[-4:] == ["declinar", "canalizar", "nota_b", "nota_a"]
