"""The lifecycle services on a real database: every step, its event, its clock, and its refusals."""

from datetime import date

import pytest
from sqlalchemy import func, select

from models import Evento, Peticion, Recordatorio
from models.enums import Estado, MedioNotificacion, ResultadoNotificacion
from services import answers, delivery, paperwork, routing, urgency
from services.answers import Checklist
from services.database import read_session, write_session
from services.errors import IllegalTransition, InvalidInput, PermissionDenied
from services.intake import UrgencyDecision, register
from tests.conftest import mx
from tests.factories import ALL_CHECKED, FULL, register_full


def _events(desk, peticion_id):
    with read_session(desk.engine) as session:
        rows = session.execute(select(Evento.accion, Evento.estado_anterior, Evento.estado_nuevo)
                               .where(Evento.peticion_id == peticion_id).order_by(Evento.id)).all()
    return [tuple(r) for r in rows]


def _get(desk, folio):
    with read_session(desk.engine) as session:
        return session.execute(select(Peticion).where(Peticion.folio == folio)).scalar_one()


def test_register_assigns_folio_clock_and_event(desk):
    peticion = register_full(desk)
    assert peticion.folio == "UMF-T1-2026-000001"
    assert peticion.estado == Estado.REGISTRADA
    assert peticion.telefono == "5512345678"
    assert peticion.datos_incompletos is False
    assert peticion.recibida_en.tzinfo is not None
    assert _events(desk, peticion.id) == [("registrar", None, "registrada")]
    second = register_full(desk)
    assert second.folio == "UMF-T1-2026-000002"


def test_missing_data_never_blocks_and_marks_incomplete(desk):
    peticion = register_full(desk, correo="", calle="", codigo_postal="")
    assert peticion.datos_incompletos is True
    with read_session(desk.engine) as session:
        detail = session.execute(select(Evento.detalle).where(Evento.peticion_id == peticion.id)).scalar_one()
    assert "correo electrónico" in detail and "código postal" in detail


def test_anonymous_buzon_sheet_is_valid(desk):
    peticion = register_full(desk, **dict.fromkeys(("nombre", "primer_apellido", "segundo_apellido", "curp", "telefono", "correo",
                                                    "calle", "numero_exterior", "colonia", "codigo_postal", "municipio",
                                                    "entidad"), ""), canal="buzon")
    assert peticion.anonima is True and peticion.datos_incompletos is False
    assert peticion.acuse_vence_en is None


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("curp", "BADD110313HCMLNS07", "dígito verificador"),
        ("telefono", "12345", "10 dígitos"),
        ("correo", "no-es-correo", "correo electrónico"),
        ("codigo_postal", "0600", "5 dígitos"),
        ("tipo", "queja", "tipo"),
        ("descripcion", "", "descripción"),
    ],
)
def test_invalid_data_is_refused_in_spanish(desk, field, value, message):
    with pytest.raises(InvalidInput, match=message):
        register_full(desk, **{field: value})


def test_full_lifecycle_with_escalation(desk):
    p = register_full(desk, now=mx(2026, 11, 13, 10))
    area = desk.areas[0]
    with write_session(desk.engine) as s:
        routing.route(session=s, actor=desk.oficial, folio=p.folio, area_id=area.id, now=mx(2026, 11, 13, 11))
    assert _get(desk, p.folio).vence_en == date(2026, 11, 19)  # L5: 3 business days, Revolución skipped
    with pytest.raises(InvalidInput, match="vence el 19/11/2026"), write_session(desk.engine) as s:
        routing.escalate(session=s, actor=desk.oficial, folio=p.folio, step="recordatorio_1", now=mx(2026, 11, 19, 9))
    with write_session(desk.engine) as s:
        first = routing.escalate(session=s, actor=desk.oficial, folio=p.folio, step="recordatorio_1", now=mx(2026, 11, 20, 9))
    assert first.vence_en == date(2026, 11, 24) and first.numero == "UAD/UMF-T1/2026/0001"  # L6: 2 days
    with write_session(desk.engine) as s:
        second = routing.escalate(session=s, actor=desk.oficial, folio=p.folio, step="recordatorio_2", now=mx(2026, 11, 25, 9))
    assert second.vence_en == date(2026, 11, 26)  # L7: 24 hours in business days
    with write_session(desk.engine) as s:
        oficio = routing.escalate(session=s, actor=desk.oficial, folio=p.folio, step="oficio_superior", now=mx(2026, 11, 27, 9))
    assert oficio.vence_en == date(2026, 12, 2) and oficio.numero.endswith("0003")  # L8: 3 days
    with write_session(desk.engine) as s:
        answers.record_answer(session=s, actor=desk.oficial, folio=p.folio, texto="Se surtió el medicamento.",
                              solucion="Receta surtida completa.", firmante_nombre="Enlace Farmacia",
                              firmante_cargo="Jefe de farmacia", firmante_telefono="5550002222", now=mx(2026, 11, 30, 9))
    assert _get(desk, p.folio).vence_en == date(2026, 12, 2)  # L14: notify within 2 days
    with pytest.raises(PermissionDenied, match="director"), write_session(desk.engine) as s:
        answers.sign(session=s, actor=desk.oficial, folio=p.folio, checklist=ALL_CHECKED)
    with pytest.raises(InvalidInput, match="fundamentada"), write_session(desk.engine) as s:
        answers.sign(session=s, actor=desk.director, folio=p.folio,
                     checklist=Checklist(lenguaje_claro=True, congruente=True, datos_firmante=True))
    with write_session(desk.engine) as s:
        answers.sign(session=s, actor=desk.director, folio=p.folio, checklist=ALL_CHECKED, now=mx(2026, 11, 30, 12))
    with pytest.raises(InvalidInput, match="notificación"), write_session(desk.engine) as s:
        delivery.to_resguardo(session=s, actor=desk.oficial, folio=p.folio, now=mx(2026, 12, 1, 9))
    with write_session(desk.engine) as s:
        delivery.notify(session=s, actor=desk.oficial, folio=p.folio, medio=MedioNotificacion.TELEFONO,
                        resultado=ResultadoNotificacion.NOTIFICADO, satisfaccion=4, now=mx(2026, 12, 1, 10))
    with write_session(desk.engine) as s:
        delivery.conclude(session=s, actor=desk.oficial, folio=p.folio, now=mx(2026, 12, 1, 11))
    final = _get(desk, p.folio)
    assert (final.estado, final.vence_en, final.satisfaccion) == (Estado.CONCLUIDA, None, 4)
    assert [e[0] for e in _events(desk, p.id)] == [
        "registrar", "canalizar", "recordatorio_1", "recordatorio_2", "oficio_superior", "respuesta", "firmar",
        "notificar", "concluir",
    ]
    assert [e[2] for e in _events(desk, p.id)][-1] == "concluida"


def test_illegal_transition_names_the_state(desk):
    p = register_full(desk)
    with pytest.raises(IllegalTransition, match="Registrada"), write_session(desk.engine) as s:
        answers.record_answer(session=s, actor=desk.oficial, folio=p.folio, texto="x")
    with pytest.raises(IllegalTransition), write_session(desk.engine) as s:
        delivery.conclude(session=s, actor=desk.oficial, folio=p.folio)
    assert _get(desk, p.folio).estado == Estado.REGISTRADA
    assert len(_events(desk, p.id)) == 1


def test_supervisor_cannot_register(desk):
    with pytest.raises(PermissionDenied, match="oficial de módulo o director"), write_session(desk.engine) as s:
        register(session=s, actor=desk.supervisor, unidad=desk.unidad, data=FULL)


def test_non_competence_reroutes_with_declination_kept(desk):
    p = register_full(desk)
    with write_session(desk.engine) as s:
        routing.route(session=s, actor=desk.oficial, folio=p.folio, area_id=desk.areas[0].id, now=mx(2026, 11, 13, 11))
    with write_session(desk.engine) as s:
        routing.decline(session=s, actor=desk.oficial, folio=p.folio, motivo="Corresponde a consulta externa",
                        now=mx(2026, 11, 18, 9))
    assert _get(desk, p.folio).estado == Estado.NO_COMPETENTE
    with write_session(desk.engine) as s:
        routing.route(session=s, actor=desk.oficial, folio=p.folio, area_id=desk.areas[1].id, now=mx(2026, 11, 18, 10))
    again = _get(desk, p.folio)
    assert again.estado == Estado.CANALIZADA and again.area_id == desk.areas[1].id
    with read_session(desk.engine) as s:
        detail = s.execute(select(Evento.detalle).where(Evento.accion == "declinar")).scalar_one()
    assert '"en_plazo_L9": true' in detail


def test_prorroga_sets_agreed_due_date(desk):
    p = register_full(desk)
    with write_session(desk.engine) as s:
        routing.route(session=s, actor=desk.oficial, folio=p.folio, area_id=desk.areas[0].id, now=mx(2026, 11, 13, 11))
    with pytest.raises(InvalidInput, match="día hábil"), write_session(desk.engine) as s:
        routing.extend(session=s, actor=desk.oficial, folio=p.folio, motivo="Requiere dictamen", nueva_fecha=date(2026, 11, 28),
                       sad_informada_en=mx(2026, 11, 17), peticionario_contactado_en=mx(2026, 11, 17), now=mx(2026, 11, 17, 12))
    # L10's limit (services.terms): 9 business days from Tuesday 17 November end on Monday 30 November.
    with pytest.raises(InvalidInput, match="a lo más al 30/11/2026"), write_session(desk.engine) as s:
        routing.extend(session=s, actor=desk.oficial, folio=p.folio, motivo="Requiere dictamen", nueva_fecha=date(2026, 12, 4),
                       sad_informada_en=mx(2026, 11, 17), peticionario_contactado_en=mx(2026, 11, 17), now=mx(2026, 11, 17, 12))
    with write_session(desk.engine) as s:
        routing.extend(session=s, actor=desk.oficial, folio=p.folio, motivo="Requiere dictamen", nueva_fecha=date(2026, 11, 30),
                       sad_informada_en=mx(2026, 11, 17), peticionario_contactado_en=mx(2026, 11, 17), now=mx(2026, 11, 17, 12))
    got = _get(desk, p.folio)
    assert (got.estado, got.vence_en, got.reloj) == (Estado.PRORROGA, date(2026, 11, 30), "prorroga")


def _to_signed(desk, canal="modulo", **changes):
    p = register_full(desk, canal=canal, **changes)
    with write_session(desk.engine) as s:
        routing.route(session=s, actor=desk.oficial, folio=p.folio, area_id=desk.areas[0].id, now=mx(2026, 11, 13, 11))
        answers.record_answer(session=s, actor=desk.oficial, folio=p.folio, texto="Respuesta", firmante_nombre="A",
                              firmante_cargo="B", firmante_telefono="5550003333", now=mx(2026, 11, 17, 9))
        answers.sign(session=s, actor=desk.director, folio=p.folio, checklist=ALL_CHECKED, now=mx(2026, 11, 17, 10))
    return p


def test_unlocated_petitioner_goes_to_resguardo_ten_days_after_emission_and_concludes_with_the_constancia(desk, tmp_path):
    p = _to_signed(desk)
    with write_session(desk.engine) as s:
        delivery.notify(session=s, actor=desk.oficial, folio=p.folio, medio="telefono", resultado="no_localizado",
                        now=mx(2026, 11, 18, 9))
    got = _get(desk, p.folio)
    assert (got.reloj, got.vence_en) == ("notificacion", date(2026, 11, 19))  # L14's 2 days run on after a failure
    with pytest.raises(InvalidInput, match="a partir del 02/12/2026"), write_session(desk.engine) as s:
        delivery.to_resguardo(session=s, actor=desk.oficial, folio=p.folio, now=mx(2026, 12, 1, 9))
    with write_session(desk.engine) as s:
        delivery.to_resguardo(session=s, actor=desk.oficial, folio=p.folio, now=mx(2026, 12, 2, 9))
    with pytest.raises(InvalidInput, match="falta generar la constancia"), write_session(desk.engine) as s:
        delivery.conclude(session=s, actor=desk.oficial, folio=p.folio, now=mx(2026, 12, 2, 10))
    with write_session(desk.engine) as s:
        paperwork.constancia(session=s, actor=desk.oficial, folio=p.folio, data_dir=tmp_path)
        delivery.conclude(session=s, actor=desk.oficial, folio=p.folio, now=mx(2026, 12, 2, 10))
    assert _get(desk, p.folio).estado == Estado.CONCLUIDA


def test_delivery_needs_id_and_carta_poder_for_third_party(desk):
    p = _to_signed(desk)
    with pytest.raises(InvalidInput, match="carta poder"), write_session(desk.engine) as s:
        delivery.deliver(session=s, actor=desk.oficial, folio=p.folio, recibe_nombre="Hermano Generado",
                         identificacion_tipo="ine", identificacion_numero="IDMEX123", tercero=True)
    with pytest.raises(InvalidInput, match="identificación oficial"), write_session(desk.engine) as s:
        delivery.deliver(session=s, actor=desk.oficial, folio=p.folio, recibe_nombre="X",
                         identificacion_tipo="credencial del gimnasio", identificacion_numero="1")
    with write_session(desk.engine) as s:
        delivery.deliver(session=s, actor=desk.oficial, folio=p.folio, recibe_nombre="Hermano Generado",
                         identificacion_tipo="ine", identificacion_numero="IDMEX123", tercero=True, carta_poder=True,
                         copia_identificacion_peticionario=True)
    assert _get(desk, p.folio).estado == Estado.NOTIFICADA


def test_presidencia_needs_the_petitioners_receipt(desk):
    p = _to_signed(desk, canal="presidencia", id_externo="SIDAC-1")
    with write_session(desk.engine) as s:
        delivery.notify(session=s, actor=desk.oficial, folio=p.folio, medio="correo", resultado="notificado")
    with pytest.raises(InvalidInput, match="SIDAC"), write_session(desk.engine) as s:
        delivery.conclude(session=s, actor=desk.oficial, folio=p.folio)
    with write_session(desk.engine) as s:
        delivery.notify(session=s, actor=desk.oficial, folio=p.folio, medio="correo", resultado="notificado", acuse_firmado=True)
    with write_session(desk.engine) as s:
        delivery.conclude(session=s, actor=desk.oficial, folio=p.folio)
    assert _get(desk, p.folio).estado == Estado.CONCLUIDA


def test_orientation_concludes_at_the_desk_only_for_orientacion(desk):
    p = register_full(desk, tipo="orientacion", descripcion="Pregunta por el horario de farmacia.")
    with pytest.raises(InvalidInput, match="orientación"), write_session(desk.engine) as s:
        delivery.conclude_orientation(session=s, actor=desk.oficial, folio=p.folio, nota=" ")
    with write_session(desk.engine) as s:
        delivery.conclude_orientation(session=s, actor=desk.oficial, folio=p.folio, nota="Horario de 8 a 20 h.")
    assert _get(desk, p.folio).estado == Estado.CONCLUIDA
    other = register_full(desk)
    with pytest.raises(IllegalTransition, match="orientación"), write_session(desk.engine) as s:
        delivery.conclude_orientation(session=s, actor=desk.oficial, folio=other.folio, nota="x")


def test_urgent_decisions_are_events(desk):
    text = "A mi papá le aprieta el pecho y está sudando frío en la sala de espera"
    with pytest.raises(InvalidInput, match="a quién se alertó"), write_session(desk.engine) as s:
        register(session=s, actor=desk.oficial, unidad=desk.unidad, data={**FULL, "descripcion": text},
                 urgencia=UrgencyDecision(confirmar=True))
    with write_session(desk.engine) as s:
        p = register(session=s, actor=desk.oficial, unidad=desk.unidad, data={**FULL, "descripcion": text},
                     urgencia=UrgencyDecision(confirmar=True, alertado_a="Jefe de urgencias",
                                              alertado_en=mx(2026, 11, 13, 10, 2)))
    assert p.urgente and p.triage_categoria == "codigo_infarto"
    with write_session(desk.engine) as s:
        urgency.clear(session=s, actor=desk.oficial, folio=p.folio, motivo="Ya fue atendido en urgencias")
    assert [e[0] for e in _events(desk, p.id)] == ["registrar", "urgencia_confirmada", "urgencia_descartada"]
    assert _get(desk, p.folio).urgente is False


def test_nothing_is_deleted_on_a_refused_step(desk):
    p = register_full(desk)
    with read_session(desk.engine) as s:
        before = s.execute(select(func.count()).select_from(Evento)).scalar()
    with pytest.raises(IllegalTransition), write_session(desk.engine) as s:
        routing.escalate(session=s, actor=desk.oficial, folio=p.folio, step="recordatorio_2")
    with read_session(desk.engine) as s:
        assert s.execute(select(func.count()).select_from(Evento)).scalar() == before
        assert s.execute(select(func.count()).select_from(Recordatorio)).scalar() == 0
