"""Free text given to lifecycle services is kept without control characters (NUL breaks PostgreSQL, escapes repaint terminals)."""

from sqlalchemy import select

from models import Declinacion, Evento, Respuesta
from services import answers, routing, urgency
from services.database import read_session, write_session
from tests.conftest import mx
from tests.factories import register_full

HOSTILE = "Corresponde\x00 a \x1b[31mconsulta\x9b externa\x07"
CLEAN = "Corresponde a [31mconsulta externa"


def test_reasons_answers_and_alerts_lose_their_control_characters(desk):
    p = register_full(desk)
    with write_session(desk.engine) as s:
        routing.route(session=s, actor=desk.oficial, folio=p.folio, area_id=desk.areas[0].id, now=mx(2026, 11, 13, 11))
    with write_session(desk.engine) as s:
        routing.decline(session=s, actor=desk.oficial, folio=p.folio, motivo=HOSTILE, now=mx(2026, 11, 16, 9))
    with write_session(desk.engine) as s:
        routing.route(session=s, actor=desk.oficial, folio=p.folio, area_id=desk.areas[1].id, now=mx(2026, 11, 17, 9))
        answers.record_answer(session=s, actor=desk.oficial, folio=p.folio, texto=HOSTILE, firmante_nombre="A\x00",
                              firmante_cargo="B", firmante_telefono="5550001111", now=mx(2026, 11, 17, 10))
        urgency.raise_flag(session=s, actor=desk.oficial, folio=p.folio, categoria="urgencia_medica",
                              motivo=HOSTILE, now=mx(2026, 11, 17, 11))
    with read_session(desk.engine) as s:
        assert s.execute(select(Declinacion.motivo)).scalar_one() == CLEAN
        answer = s.execute(select(Respuesta)).scalar_one()
        assert (answer.texto, answer.firmante_nombre) == (CLEAN, "A")
        details = s.execute(select(Evento.detalle).where(Evento.peticion_id == p.id)).scalars().all()
    assert not any(ch in detail for detail in details for ch in ("\\u0000", "\\u001b", "\\u009b", "\x00", "\x1b"))
