"""The área's answer under review (L12–L14): the issuer's data checked when it is recorded, the day the área answered,
returning it to the área and replacing it with a corrected one, each with its reason as an event."""

import json
from datetime import date

import pytest
from sqlalchemy import select

from models import Evento, Peticion, Respuesta
from models.enums import Estado, Reloj
from services import answers, audit, routing
from services.answers import Checklist, issuer_missing
from services.database import read_session, write_session
from services.errors import IllegalTransition, InvalidInput
from tests.conftest import mx
from tests.factories import ALL_CHECKED, register_full

ISSUER = {"firmante_nombre": "Enlace Farmacia", "firmante_cargo": "Jefa de Farmacia", "firmante_telefono": "5550002222"}


@pytest.mark.parametrize("nombre, cargo, telefono, expected", [
    ("Enlace", "Jefa", "5550002222", None),
    ("Enlace", "", "5550002222", "Falta el cargo de quien emite la respuesta (L12)."),
    ("Enlace", "", "", "Faltan el cargo y el teléfono de quien emite la respuesta (L12)."),
    ("", " ", "", "Faltan el nombre, el cargo y el teléfono de quien emite la respuesta (L12)."),
    ("", "Jefa", "5550002222", "Falta el nombre de quien emite la respuesta (L12)."),
])
def test_the_missing_issuer_data_is_named_in_one_sentence(nombre, cargo, telefono, expected):
    assert issuer_missing(nombre, cargo, telefono) == expected


def _routed(desk, **changes):
    p = register_full(desk, **changes)
    with write_session(desk.engine) as s:
        routing.route(session=s, actor=desk.oficial, folio=p.folio, area_id=desk.areas[0].id, now=mx(2026, 11, 13, 11))
    return p


def _answered(desk):
    p = _routed(desk)
    with write_session(desk.engine) as s:
        answers.record_answer(session=s, actor=desk.oficial, folio=p.folio, texto="Se surtió la receta.", **ISSUER,
                              now=mx(2026, 11, 17, 9))
    return p


def _get(desk, folio) -> Peticion:
    with read_session(desk.engine) as s:
        return s.execute(select(Peticion).where(Peticion.folio == folio)).scalar_one()


def _answers(desk, peticion_id) -> list[Respuesta]:
    with read_session(desk.engine) as s:
        return list(s.execute(select(Respuesta).where(Respuesta.peticion_id == peticion_id)
                              .order_by(Respuesta.id)).scalars())


def _last_event(desk, peticion_id, accion) -> tuple[Evento, dict]:
    with read_session(desk.engine) as s:
        event = s.execute(select(Evento).where(Evento.peticion_id == peticion_id, Evento.accion == accion)
                          .order_by(Evento.id.desc())).scalars().first()
        assert event is not None
        return event, audit.personal_of(s, [event.id]).get(event.id, {})


def test_an_answer_without_the_issuers_cargo_is_refused_when_recorded(desk):
    p = _routed(desk)
    with pytest.raises(InvalidInput) as refused, write_session(desk.engine) as s:
        answers.record_answer(session=s, actor=desk.oficial, folio=p.folio, texto="Se surtió la receta.",
                              firmante_nombre="Enlace Farmacia", firmante_telefono="5550002222",
                              checklist=ALL_CHECKED, now=mx(2026, 11, 17, 9))
    assert str(refused.value) == "Falta el cargo de quien emite la respuesta (L12)."
    assert _get(desk, p.folio).estado == Estado.CANALIZADA and _answers(desk, p.id) == []


def test_the_issuer_mark_is_true_because_the_data_is_there_not_because_it_was_ticked(desk):
    p = _answered(desk)
    assert [answer.datos_firmante for answer in _answers(desk, p.id)] == [True]


def test_a_signing_refusal_reads_as_one_sentence(desk):
    p = _answered(desk)
    with pytest.raises(InvalidInput) as refused, write_session(desk.engine) as s:
        answers.sign(session=s, actor=desk.director, folio=p.folio,
                     checklist=Checklist(lenguaje_claro=True, datos_firmante=True))
    assert str(refused.value) == ("No se puede firmar: falta confirmar que la respuesta está debidamente fundamentada y "
                                  "es congruente con lo solicitado (L12).")


def test_an_answer_stored_without_the_issuers_data_cannot_be_signed_and_says_what_to_do(desk):
    p = _answered(desk)
    with write_session(desk.engine) as s:
        s.execute(Respuesta.__table__.update().values(firmante_cargo="", firmante_telefono=""))
    with pytest.raises(InvalidInput) as refused, write_session(desk.engine) as s:
        answers.sign(session=s, actor=desk.director, folio=p.folio, checklist=ALL_CHECKED)
    assert str(refused.value) == ("No se puede firmar. Faltan el cargo y el teléfono de quien emite la respuesta (L12). "
                                  "Devuélvala al área o registre la respuesta corregida.")


@pytest.mark.parametrize("day, accepted", [
    (date(2026, 11, 16), True),   # Revolución: the área answered on a holiday; the L14 term counts from the next day
    (date(2026, 11, 13), True),   # the day the petition came in
    (date(2026, 11, 12), False),  # before the petition came in
    (date(2026, 11, 18), False),  # tomorrow
])
def test_the_answer_keeps_the_day_the_area_answered(desk, day, accepted):
    p = _routed(desk)
    record = dict(session=None, actor=desk.oficial, folio=p.folio, texto="Se surtió la receta.", recibida_el=day,
                  now=mx(2026, 11, 17, 9), **ISSUER)
    if not accepted:
        with pytest.raises(InvalidInput, match="La fecha en que respondió el área no puede ser"), \
                write_session(desk.engine) as s:
            answers.record_answer(**{**record, "session": s})
        return
    with write_session(desk.engine) as s:
        answers.record_answer(**{**record, "session": s})
    [answer] = _answers(desk, p.id)
    assert answer.recibida_en == mx(day.year, day.month, day.day, 0)
    expected_due = {date(2026, 11, 16): date(2026, 11, 19), date(2026, 11, 13): date(2026, 11, 18)}[day]
    assert _get(desk, p.folio).vence_en == expected_due  # L14: 2 business days from the day it was received


def test_an_answer_of_today_is_received_now(desk):
    p = _routed(desk)
    with write_session(desk.engine) as s:
        answers.record_answer(session=s, actor=desk.oficial, folio=p.folio, texto="Se surtió.", recibida_el=date(2026, 11, 17),
                              now=mx(2026, 11, 17, 9, 30), **ISSUER)
    assert _answers(desk, p.id)[0].recibida_en == mx(2026, 11, 17, 9, 30)


def test_returning_the_answer_routes_it_again_with_the_follow_up_term_from_the_return(desk):
    p = _answered(desk)
    with pytest.raises(InvalidInput, match="por qué se devuelve"), write_session(desk.engine) as s:
        answers.return_to_area(session=s, actor=desk.oficial, folio=p.folio, motivo="  ", now=mx(2026, 11, 18, 9))
    with write_session(desk.engine) as s:
        answers.return_to_area(session=s, actor=desk.oficial, folio=p.folio, motivo="No cita la norma aplicable",
                               now=mx(2026, 11, 18, 9))
    got = _get(desk, p.folio)
    # L5 again from Wednesday 18/11: Thursday, Friday, Monday.
    assert (got.estado, got.reloj, got.vence_en, got.area_id) == (
        Estado.CANALIZADA, Reloj.SEGUIMIENTO, date(2026, 11, 23), desk.areas[0].id)
    event, personal = _last_event(desk, p.id, "devolver_area")
    assert (event.estado_anterior, event.estado_nuevo) == ("respondida", "canalizada")
    assert personal == {"motivo": "No cita la norma aplicable"}
    assert json.loads(event.detalle)["vence"] == "2026-11-23"
    assert len(_answers(desk, p.id)) == 1, "the returned answer stays in the expediente"
    with write_session(desk.engine) as s:
        routing.escalate(session=s, actor=desk.oficial, folio=p.folio, step="recordatorio_1", now=mx(2026, 11, 24, 9))
        answers.record_answer(session=s, actor=desk.oficial, folio=p.folio, texto="Se surtió; fundamento: art. 12.",
                              **ISSUER, now=mx(2026, 11, 25, 9))
        answers.sign(session=s, actor=desk.director, folio=p.folio, checklist=ALL_CHECKED, now=mx(2026, 11, 25, 10))
    assert _get(desk, p.folio).estado == Estado.FIRMADA
    assert [a.texto for a in _answers(desk, p.id)] == ["Se surtió la receta.", "Se surtió; fundamento: art. 12."]


def test_a_corrected_answer_replaces_the_current_one_and_restarts_the_notification_term(desk):
    p = _answered(desk)
    with pytest.raises(InvalidInput, match="por qué se corrige"), write_session(desk.engine) as s:
        answers.correct_answer(session=s, actor=desk.oficial, folio=p.folio, motivo="", texto="Otra", **ISSUER)
    with pytest.raises(InvalidInput, match="Falta el teléfono"), write_session(desk.engine) as s:
        answers.correct_answer(session=s, actor=desk.oficial, folio=p.folio, motivo="Faltaba el fundamento",
                               texto="Otra", **{**ISSUER, "firmante_telefono": ""})
    with write_session(desk.engine) as s:
        corrected = answers.correct_answer(
            session=s, actor=desk.oficial, folio=p.folio, motivo="Faltaba el fundamento",
            texto="Se surtió la receta conforme al art. 12 del reglamento.", **ISSUER, now=mx(2026, 11, 19, 9))
    got = _get(desk, p.folio)
    assert (got.estado, got.reloj, got.vence_en) == (Estado.RESPONDIDA, Reloj.NOTIFICACION, date(2026, 11, 23))
    stored = _answers(desk, p.id)
    assert [a.id for a in stored][-1] == corrected.id and len(stored) == 2
    with read_session(desk.engine) as s:
        assert answers.current_answer(s, p.id).texto.startswith("Se surtió la receta conforme")
    event, personal = _last_event(desk, p.id, "corregir_respuesta")
    assert (event.estado_anterior, event.estado_nuevo, personal) == ("respondida", "respondida",
                                                                      {"motivo": "Faltaba el fundamento"})


def test_returning_or_correcting_is_only_for_an_answer_not_yet_signed(desk):
    p = _answered(desk)
    with write_session(desk.engine) as s:
        answers.sign(session=s, actor=desk.director, folio=p.folio, checklist=ALL_CHECKED, now=mx(2026, 11, 17, 10))
    with pytest.raises(IllegalTransition, match="Firmada"), write_session(desk.engine) as s:
        answers.return_to_area(session=s, actor=desk.oficial, folio=p.folio, motivo="x")
    with pytest.raises(IllegalTransition, match="Firmada"), write_session(desk.engine) as s:
        answers.correct_answer(session=s, actor=desk.oficial, folio=p.folio, motivo="x", texto="y", **ISSUER)
