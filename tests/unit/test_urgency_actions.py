"""The expediente offers to confirm an urgent flag only until someone was alerted, and again after a new flag."""

from datetime import date

from services import urgency
from services.actions import available_actions
from services.database import read_session, write_session
from services.expediente import load
from tests.conftest import mx
from tests.factories import register_full

TODAY = date(2026, 11, 20)


def _urgency_keys(desk, folio):
    with read_session(desk.engine) as s:
        expediente = load(session=s, actor=desk.oficial, folio=folio)
    offered = available_actions(expediente, desk.oficial, revealed=False, today=TODAY)
    return [action for action in offered if "urgen" in action]


def test_confirmation_is_offered_until_someone_was_alerted(desk):
    p = register_full(desk)
    assert _urgency_keys(desk, p.folio) == ["marcar_urgente"]
    with write_session(desk.engine) as s:
        urgency.raise_flag(session=s, actor=desk.oficial, folio=p.folio, categoria="urgencia_medica",
                           motivo="Dolor en el pecho", now=mx(2026, 11, 17, 11))
    assert _urgency_keys(desk, p.folio) == ["confirmar_urgencia", "descartar_urgencia"]
    with write_session(desk.engine) as s:
        urgency.confirm(session=s, actor=desk.oficial, folio=p.folio, alertado_a="Jefa de urgencias",
                        alertado_en=mx(2026, 11, 17, 11, 5), now=mx(2026, 11, 17, 11, 5))
    assert _urgency_keys(desk, p.folio) == ["descartar_urgencia"]
    with write_session(desk.engine) as s:
        urgency.clear(session=s, actor=desk.oficial, folio=p.folio, motivo="Ya fue atendido", now=mx(2026, 11, 17, 12))
        urgency.raise_flag(session=s, actor=desk.oficial, folio=p.folio, categoria="traslado_grave",
                           motivo="Traslado pendiente", now=mx(2026, 11, 17, 13))
    assert _urgency_keys(desk, p.folio) == ["confirmar_urgencia", "descartar_urgencia"]
