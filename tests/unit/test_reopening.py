"""Reopening a concluded petition (services.reopening): those in charge, with a reason, back to the state it was
concluded from, with its event, and the chain still holding."""

import json
from datetime import date

import pytest
from sqlalchemy import select

from models import Evento, Peticion
from models.enums import Estado
from services import answers, delivery, routing
from services.audit_check import verify
from services.database import read_session, write_session
from services.errors import IllegalTransition, InvalidInput, PermissionDenied
from services.reopening import reopen
from tests.conftest import mx
from tests.factories import register_full


def _get(desk, folio) -> Peticion:
    with read_session(desk.engine) as session:
        return session.execute(select(Peticion).where(Peticion.folio == folio)).scalar_one()


def _concluded(desk):
    p = register_full(desk)
    with write_session(desk.engine) as s:
        routing.route(session=s, actor=desk.oficial, folio=p.folio, area_id=desk.areas[0].id, now=mx(2026, 11, 13, 11))
        answers.record_answer(session=s, actor=desk.oficial, folio=p.folio, texto="Respuesta", firmante_nombre="A",
                              firmante_cargo="B", firmante_telefono="5550003333", now=mx(2026, 11, 17, 9))
    with write_session(desk.engine) as s:
        answers.sign(session=s, actor=desk.director, folio=p.folio, checklist=answers.Checklist(
            lenguaje_claro=True, fundamentada=True, congruente=True, datos_firmante=True), now=mx(2026, 11, 17, 10))
        delivery.notify(session=s, actor=desk.oficial, folio=p.folio, medio="telefono", resultado="notificado",
                        now=mx(2026, 11, 18, 9))
        delivery.conclude(session=s, actor=desk.oficial, folio=p.folio, now=mx(2026, 11, 18, 10))
    return p


def _reopen(desk, actor, folio, motivo="El peticionario acudió: la respuesta no atendió su inconformidad."):
    with write_session(desk.engine) as s:
        return reopen(session=s, actor=actor, folio=folio, motivo=motivo)


def test_a_concluded_petition_goes_back_to_the_state_it_was_concluded_from_with_its_event(desk):
    p = _concluded(desk)
    assert _get(desk, p.folio).concluida_en is not None
    _reopen(desk, desk.supervisor, p.folio)
    got = _get(desk, p.folio)
    assert (got.estado, got.concluida_en, got.reloj) == (Estado.NOTIFICADA, None, None)
    with read_session(desk.engine) as s:
        evento = s.execute(select(Evento).where(Evento.peticion_id == p.id).order_by(Evento.id.desc())).scalars().first()
        _, problems = verify(s)
    assert (evento.accion, evento.estado_anterior, evento.estado_nuevo) == ("reabrir", "concluida", "notificada")
    assert json.loads(evento.detalle)["concluida_en"].startswith("2026-11-18T16:00")
    assert problems == []
    # Concluded again once the matter is settled: the step that concluded it is there again.
    with write_session(desk.engine) as s:
        delivery.conclude(session=s, actor=desk.oficial, folio=p.folio)
    assert _get(desk, p.folio).estado == Estado.CONCLUIDA


def test_an_orientacion_reopens_at_the_desk_with_its_routing_clock(desk):
    p = register_full(desk, tipo="orientacion")
    with write_session(desk.engine) as s:
        delivery.conclude_orientation(session=s, actor=desk.oficial, folio=p.folio, nota="Horario de 8 a 20 h.")
    _reopen(desk, desk.director, p.folio)
    got = _get(desk, p.folio)
    # Reopened Friday 20/11/2026: one business day to route it, Monday 23/11.
    assert (got.estado, got.reloj, got.vence_en) == (Estado.REGISTRADA, "canalizacion", date(2026, 11, 23))


def test_only_those_in_charge_reopen_with_a_reason_and_only_a_concluded_petition(desk):
    p = _concluded(desk)
    with pytest.raises(PermissionDenied, match="director / encargado de la unidad o supervisor"):
        _reopen(desk, desk.oficial, p.folio)
    with pytest.raises(InvalidInput, match="Escriba el motivo por el que se reabre"):
        _reopen(desk, desk.director, p.folio, motivo="  ")
    assert _get(desk, p.folio).estado == Estado.CONCLUIDA
    fresh = register_full(desk)
    with pytest.raises(IllegalTransition, match="se permite en «Concluida»"):
        _reopen(desk, desk.director, fresh.folio)
