"""Correcting a petition's record (services.corrections): one event per field with its before and after, the due
dates and the routing following the field, the roles that may, and a reason always."""

import json
from datetime import date, datetime

import pytest
from sqlalchemy import select

from models import Canalizacion, Declinacion, Evento, Peticion
from models.audit import EventoDato
from models.enums import Estado, Reloj, Rol
from services import corrections, routing
from services.audit_check import verify
from services.auth import actor_for
from services.catalogs.term_settings import set_term
from services.catalogs.users import add_user
from services.database import read_session, write_session
from services.errors import IllegalTransition, InvalidInput, PermissionDenied
from services.forgetting import forget_petitioner
from tests.conftest import mx
from tests.factories import FULL, register_full


def _get(desk, folio) -> Peticion:
    with read_session(desk.engine) as session:
        return session.execute(select(Peticion).where(Peticion.folio == folio)).scalar_one()


def _last_event(desk, peticion_id) -> tuple[Evento, dict | None]:
    with read_session(desk.engine) as session:
        evento = session.execute(select(Evento).where(Evento.peticion_id == peticion_id)
                                 .order_by(Evento.id.desc())).scalars().first()
        kept = session.get(EventoDato, evento.id)
        return evento, (json.loads(kept.texto) if kept and kept.texto else None)


def _correct(desk, actor, folio, campo, valor, motivo="Se capturó mal en el módulo."):
    with write_session(desk.engine) as session:
        return corrections.correct(session=session, actor=actor, folio=folio, campo=campo, valor=valor, motivo=motivo)


def _term(desk, reloj, tipo, dias):
    with write_session(desk.engine) as session:
        set_term(session=session, actor=desk.admin, reloj=reloj, tipo=tipo, dias=dias, confirmado=True)


def _chain_holds(desk):
    with read_session(desk.engine) as session:
        _, problems = verify(session)
    assert problems == []


def test_correcting_the_tipo_records_before_and_after_and_counts_the_due_date_again(desk):
    p = register_full(desk, tipo="sugerencia")
    # Registered Friday 13/11/2026; Monday 16/11 is the Revolución holiday: 1 business day is Tuesday 17/11.
    assert _get(desk, p.folio).vence_en == date(2026, 11, 17)
    _term(desk, Reloj.CANALIZACION, "inconformidad", 3)
    result = _correct(desk, desk.director, p.folio, "tipo", "inconformidad")
    got = _get(desk, p.folio)
    assert (got.tipo, got.reloj_dias, got.vence_en) == ("inconformidad", 3, date(2026, 11, 19))
    assert (result.antes, result.despues, result.vence_en) == ("Sugerencia", "Inconformidad", date(2026, 11, 19))
    evento, personal = _last_event(desk, p.id)
    detail = json.loads(evento.detalle)
    assert evento.accion == "corregir_dato" and evento.actor == desk.director.nombre
    assert (detail["campo"], detail["antes"], detail["despues"]) == ("tipo", "sugerencia", "inconformidad")
    assert detail["vence"] == {"antes": "2026-11-17", "despues": "2026-11-19"}
    assert personal == {"motivo": "Se capturó mal en el módulo."}
    assert corrections.describe({**detail, **personal}) == (
        "tipo Sugerencia → Inconformidad · vence 17/11/2026 → 19/11/2026 (motivo: Se capturó mal en el módulo.)")
    _chain_holds(desk)


def test_correcting_the_tipo_of_a_routed_petition_counts_the_areas_terms_again(desk):
    p = register_full(desk, tipo="sugerencia")
    with write_session(desk.engine) as session:
        routing.route(session=session, actor=desk.oficial, folio=p.folio, area_id=desk.areas[0].id,
                      now=mx(2026, 11, 17, 11))
    _term(desk, Reloj.SEGUIMIENTO, "inconformidad", 5)
    _correct(desk, desk.supervisor, p.folio, "tipo", "inconformidad")
    with read_session(desk.engine) as session:
        routed = session.execute(select(Canalizacion).where(Canalizacion.peticion_id == p.id)).scalar_one()
    # Routed Tuesday 17/11: 3 business days was Friday 20/11; the inconformidad's 5 run to Tuesday 24/11.
    assert routed.vence_seguimiento == date(2026, 11, 24)
    assert _get(desk, p.folio).vence_en == date(2026, 11, 24)


@pytest.mark.parametrize("campo, valor", [("tipo", "inconformidad"), ("canal", "telefono")])
def test_a_role_that_may_not_correct_is_refused_and_nothing_changes(desk, campo, valor):
    p = register_full(desk, tipo="sugerencia")
    with pytest.raises(PermissionDenied, match="director / encargado de la unidad o supervisor"):
        _correct(desk, desk.oficial if campo == "tipo" else desk.admin, p.folio, campo, valor)
    got = _get(desk, p.folio)
    assert (got.tipo, got.canal) == ("sugerencia", "modulo")


def test_an_officer_corrects_only_what_they_registered(desk):
    p = register_full(desk)
    _correct(desk, desk.oficial, p.folio, "canal", "telefono")
    assert _get(desk, p.folio).canal == "telefono"
    with write_session(desk.engine) as session:
        other = actor_for(add_user(session=session, actor=desk.admin, unidad_id=desk.unidad.id, usuario="otra",
                                   nombre="Otra Oficial", rol=Rol.OFICIAL, pin="135790", pin_hash="x"))
    with pytest.raises(PermissionDenied, match="solo las peticiones que registró"):
        _correct(desk, other, p.folio, "canal", "correo")


@pytest.mark.parametrize("motivo", ["", "   "])
def test_a_correction_without_a_reason_is_refused_in_spanish(desk, motivo):
    p = register_full(desk)
    with pytest.raises(InvalidInput, match="Escriba el motivo de la corrección"):
        _correct(desk, desk.director, p.folio, "tipo", "sugerencia", motivo=motivo)
    assert _get(desk, p.folio).tipo == "inconformidad"


def test_the_same_value_or_a_wrong_one_is_refused(desk):
    p = register_full(desk)
    with pytest.raises(InvalidInput, match="igual al actual"):
        _correct(desk, desk.director, p.folio, "tipo", "inconformidad")
    with pytest.raises(InvalidInput, match="Elija el tipo"):
        _correct(desk, desk.director, p.folio, "tipo", "queja")
    with pytest.raises(InvalidInput, match="teléfono"):
        _correct(desk, desk.oficial, p.folio, "telefono", "123")


def test_correcting_the_reception_moves_the_routing_clock_and_the_buzon_notice(desk):
    p = register_full(desk, canal="buzon", now=mx(2026, 11, 13, 10))
    before = _get(desk, p.folio)
    assert (before.vence_en, before.acuse_vence_en) == (date(2026, 11, 17), date(2026, 11, 18))
    _correct(desk, desk.oficial, p.folio, "recibida_en", mx(2026, 11, 11, 9))
    got = _get(desk, p.folio)
    # Received Wednesday 11/11: routing due Thursday 12/11, the L1 notice Friday 13/11.
    assert (got.reloj_desde, got.vence_en, got.acuse_vence_en) == (date(2026, 11, 11), date(2026, 11, 12),
                                                                  date(2026, 11, 13))
    detail = json.loads(_last_event(desk, p.id)[0].detalle)
    assert detail["campo"] == "recibida_en" and detail["antes"].startswith("2026-11-13T16:00")
    with pytest.raises(InvalidInput, match="posterior al registro"):
        _correct(desk, desk.oficial, p.folio, "recibida_en", mx(2026, 11, 14, 9))


def test_correcting_the_medio_to_buzon_opens_the_l1_notice_and_away_from_it_closes_it(desk):
    p = register_full(desk)
    assert _get(desk, p.folio).acuse_vence_en is None
    _correct(desk, desk.oficial, p.folio, "canal", "buzon")
    assert _get(desk, p.folio).acuse_vence_en == date(2026, 11, 18)
    _correct(desk, desk.oficial, p.folio, "canal", "modulo")
    assert _get(desk, p.folio).acuse_vence_en is None


def test_a_corrected_description_suggests_urgency_and_never_lowers_it(desk):
    calm = register_full(desk)
    result = _correct(desk, desk.oficial, calm.folio, "descripcion",
                      "Mi papá tiene dolor en el pecho y sudoración fría, nadie lo atiende en urgencias.")
    assert result.sugerencia is not None and _get(desk, calm.folio).urgente is False
    urgent = register_full(desk, descripcion="Mi papá tiene dolor en el pecho y sudoración fría, nadie lo atiende.")
    assert _get(desk, urgent.folio).urgente is True
    result = _correct(desk, desk.oficial, urgent.folio, "descripcion", FULL["descripcion"])
    assert _get(desk, urgent.folio).urgente is True and result.urgente is True
    evento, personal = _last_event(desk, urgent.id)
    assert "medicamento" not in evento.detalle and "pecho" not in evento.detalle
    assert personal["antes"].startswith("Mi papá") and personal["despues"] == FULL["descripcion"]


def test_personal_data_is_kept_apart_and_masked_in_the_timeline_and_forgotten_with_the_petition(desk):
    p = register_full(desk)
    _correct(desk, desk.oficial, p.folio, "telefono", "55 8765 4321", motivo="El número estaba invertido.")
    assert _get(desk, p.folio).telefono == "5587654321"
    evento, personal = _last_event(desk, p.id)
    assert "5512345678" not in evento.detalle and "5587654321" not in evento.detalle
    assert personal == {"motivo": "El número estaba invertido.", "antes": "5512345678", "despues": "5587654321"}
    line = corrections.describe({**json.loads(evento.detalle), **personal})
    assert line == "teléfono ******5678 → ******4321 (motivo: El número estaba invertido.)"
    _correct(desk, desk.oficial, p.folio, "correo", "")
    assert _get(desk, p.folio).datos_incompletos is True
    with write_session(desk.engine) as session:
        forget_petitioner(session, session.get(Peticion, p.id))
    evento, personal = _last_event(desk, p.id)
    assert personal is None
    _chain_holds(desk)


def _routed_to_first_area(desk):
    p = register_full(desk)
    with write_session(desk.engine) as session:
        routing.route(session=session, actor=desk.oficial, folio=p.folio, area_id=desk.areas[0].id, now=mx(2026, 11, 13, 11))
    return p


def test_correcting_the_area_moves_the_routing_and_its_clocks_without_a_declination(desk):
    p = _routed_to_first_area(desk)
    with write_session(desk.engine) as session:
        routing.escalate(session=session, actor=desk.oficial, folio=p.folio, step="recordatorio_1",
                         now=mx(2026, 11, 20, 9))
    with write_session(desk.engine) as session:
        result = corrections.correct_area(session=session, actor=desk.director, folio=p.folio,
                                          area_id=desk.areas[1].id, motivo="Es de Consulta externa, no de Farmacia.")
    got = _get(desk, p.folio)
    # Corrected Friday 20/11 at 10:00: L5's 3 business days run to Wednesday 25/11 for the right área.
    assert (got.estado, got.area_id, got.reloj, got.vence_en) == (Estado.CANALIZADA, desk.areas[1].id, "seguimiento",
                                                                  date(2026, 11, 25))
    assert (result.antes, result.despues) == ("Farmacia", "Consulta externa")
    with read_session(desk.engine) as session:
        routings = session.execute(select(Canalizacion).where(Canalizacion.peticion_id == p.id)
                                   .order_by(Canalizacion.id)).scalars().all()
        declined = session.execute(select(Declinacion).where(Declinacion.peticion_id == p.id)).all()
    assert [(r.area_id, r.activa) for r in routings] == [(desk.areas[0].id, False), (desk.areas[1].id, True)]
    assert (routings[1].vence_seguimiento, routings[1].vence_declinacion) == (date(2026, 11, 25), date(2026, 11, 24))
    assert declined == []
    evento, personal = _last_event(desk, p.id)
    assert (evento.accion, evento.estado_anterior, evento.estado_nuevo) == ("corregir_area", "recordatorio_1",
                                                                          "canalizada")
    assert corrections.describe({**json.loads(evento.detalle), **personal}).startswith(
        "área Farmacia → Consulta externa · vence 24/11/2026 → 25/11/2026")
    _chain_holds(desk)


def test_the_area_is_corrected_only_by_those_in_charge_only_while_routed_and_with_a_reason(desk):
    p = _routed_to_first_area(desk)
    with pytest.raises(PermissionDenied), write_session(desk.engine) as session:
        corrections.correct_area(session=session, actor=desk.oficial, folio=p.folio, area_id=desk.areas[1].id,
                                 motivo="x")
    with pytest.raises(InvalidInput, match="Escriba el motivo"), write_session(desk.engine) as session:
        corrections.correct_area(session=session, actor=desk.director, folio=p.folio, area_id=desk.areas[1].id,
                                 motivo=" ")
    with pytest.raises(InvalidInput, match="ya está canalizada a Farmacia"), write_session(desk.engine) as session:
        corrections.correct_area(session=session, actor=desk.director, folio=p.folio, area_id=desk.areas[0].id,
                                 motivo="x")
    fresh = register_full(desk)
    with pytest.raises(IllegalTransition, match="corregir el área"), write_session(desk.engine) as session:
        corrections.correct_area(session=session, actor=desk.director, folio=fresh.folio, area_id=desk.areas[1].id,
                                 motivo="x")
    assert _get(desk, p.folio).area_id == desk.areas[0].id


NEW_VALUES = {
    "tipo": "sugerencia", "canal": "correo", "recibida_en": mx(2026, 11, 12, 8), "descripcion": "Falta medicamento.",
    "nombre": "Xóchitl", "primer_apellido": "Probada", "segundo_apellido": "Generosa", "curp": "BADD110313MCMLNS06",
    "telefono": "5511112222", "correo": "otra@example.mx", "calle": "Calle Verdadera", "numero_exterior": "9",
    "numero_interior": "B", "colonia": "Roma", "codigo_postal": "06700", "municipio": "Benito Juárez",
    "entidad": "Estado de México",
}


def test_every_field_has_a_value_to_try():
    assert set(NEW_VALUES) == set(corrections.FIELDS)


@pytest.mark.parametrize("campo", corrections.FIELDS)
def test_each_field_is_one_event_with_before_and_after_and_never_without_a_reason(desk, campo):
    p = register_full(desk)
    before = getattr(_get(desk, p.folio), campo)
    with pytest.raises(InvalidInput, match="Escriba el motivo de la corrección"):
        _correct(desk, desk.director, p.folio, campo, NEW_VALUES[campo], motivo="")
    with pytest.raises(PermissionDenied):
        _correct(desk, desk.admin, p.folio, campo, NEW_VALUES[campo])
    assert getattr(_get(desk, p.folio), campo) == before
    _correct(desk, desk.director, p.folio, campo, NEW_VALUES[campo], motivo="Dato mal capturado.")
    after = getattr(_get(desk, p.folio), campo)
    assert after != before
    evento, personal = _last_event(desk, p.id)
    detail = {**json.loads(evento.detalle), **personal}
    assert (evento.accion, detail["campo"], detail["motivo"]) == ("corregir_dato", campo, "Dato mal capturado.")
    if campo == "recibida_en":
        assert (datetime.fromisoformat(detail["antes"]), datetime.fromisoformat(detail["despues"])) == (before, after)
    else:
        assert (detail["antes"], detail["despues"]) == (before, after)
    # What the chain hashes never holds the petitioner's data; the timeline shows it masked.
    if campo in corrections.PRIVATE:
        assert {"antes", "despues"}.isdisjoint(json.loads(evento.detalle))
    if campo in corrections.PRIVATE - {"descripcion"} and len(after) > 1:
        assert after not in corrections.describe(detail)
    _chain_holds(desk)
