"""The event log is hash-chained: altering, deleting or truncating with raw SQL is caught and named."""

import pytest
from sqlalchemy import text

from services.audit_check import verify
from services.database import read_session, write_session
from services.intake import register
from services.routing import route
from tests.conftest import mx
from tests.factories import FULL, tampering


@pytest.fixture
def chained(desk):
    with write_session(desk.engine) as s:
        for _ in range(3):
            p = register(session=s, actor=desk.oficial, unidad=desk.unidad, data=FULL, now=mx(2026, 11, 13, 9))
            route(session=s, actor=desk.oficial, folio=p.folio, area_id=desk.areas[0].id, now=mx(2026, 11, 13, 10))
    return desk


def _verify(engine):
    with read_session(engine) as s:
        return verify(s)


def _event_ids(engine):
    with engine.connect() as c:
        return [r[0] for r in c.execute(text("SELECT id FROM evento WHERE peticion_id IS NOT NULL ORDER BY id"))]


def test_intact_chain_verifies(chained):
    checked, problems = _verify(chained.engine)
    assert problems == [] and checked >= 6


def test_altered_event_is_named(chained):
    target = _event_ids(chained.engine)[2]
    with tampering(chained.engine) as c:
        c.execute(text("UPDATE evento SET detalle = '{\"area\": \"otra\"}' WHERE id = :i"), {"i": target})
    _, problems = _verify(chained.engine)
    assert [p.evento_id for p in problems] == [target] and "alterado" in problems[0].motivo


def test_deleted_event_is_caught(chained):
    ids = _event_ids(chained.engine)
    with tampering(chained.engine) as c:
        c.execute(text("DELETE FROM evento WHERE id = :i"), {"i": ids[1]})
    _, problems = _verify(chained.engine)
    assert problems and problems[0].evento_id == ids[2] and "falta" in problems[0].motivo


def test_truncated_tail_is_caught(chained):
    last = _event_ids(chained.engine)[-1]
    with tampering(chained.engine) as c:
        c.execute(text("DELETE FROM evento WHERE id = :i"), {"i": last})
    _, problems = _verify(chained.engine)
    assert problems and "al final" in problems[0].motivo


def test_bulk_import_extends_the_chain(chained):
    from datetime import date

    from services.actor import SYSTEM
    from services.importer import import_rows, parse

    items = [i for _, i in parse(b"recibida,tipo,canal,descripcion\n2026-11-10,sugerencia,correo,Mas bancas\n",
                                 today=date(2026, 11, 22))]
    import_rows(chained.engine, actor=SYSTEM, items=items, unidad_clave=None)
    assert _verify(chained.engine)[1] == []
