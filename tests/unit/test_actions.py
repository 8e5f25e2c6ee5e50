"""What the expediente offers each role in each state (services.actions), read without a screen or a database."""

import pytest

from models import Notificacion, Peticion, Respuesta
from models.enums import ROL_LABELS, Estado, Rol, Tipo
from services.actions import ACTIONS, STEP_ORDER, available_actions, permission, refusal
from services.actor import ACTION_ROLES, Actor
from services.expediente import Expediente
from services.labels import ACTION_LABELS
from services.lifecycle import STEPS
from tests.conftest import mx

OFICIAL = Actor(id=1, nombre="Oficial", rol=Rol.OFICIAL)
DIRECTOR = Actor(id=2, nombre="Directora", rol=Rol.DIRECTOR)
SUPERVISOR = Actor(id=3, nombre="Supervisor", rol=Rol.SUPERVISOR)
SIDE = ["completar_datos", "adjuntar", "imprimir_acuse", "sistemas_externos"]


def _expediente(estado: Estado, *, tipo: Tipo = Tipo.INCONFORMIDAD, signed: bool = False, notified: bool = False,
                **fields) -> Expediente:
    peticion = Peticion(folio="UMF-T-2026-000001", unidad_id=1, tipo=tipo.value, canal="modulo",
                        estado=estado.value, **fields)
    answers = [Respuesta(texto="Se atendió.", firmada_en=mx(2026, 11, 20, 10) if signed else None)]
    notices = [Notificacion(medio="telefono", resultado="notificado")] if notified else []
    return Expediente(peticion=peticion, area=None, canalizaciones=[], recordatorios=[], declinaciones=[],
                      prorrogas=[], respuestas=answers if signed else [], notificaciones=notices, documentos=[],
                      eventos=[], acciones=[])


def test_every_action_has_a_place_a_label_and_a_known_permission():
    assert set(STEP_ORDER) == set(STEPS)
    assert set(ACTIONS) <= set(ACTION_LABELS)
    assert {permission(name) for name in ACTIONS} <= set(ACTION_ROLES)


@pytest.mark.parametrize("estado, tipo, actor, expected", [
    (Estado.REGISTRADA, Tipo.INCONFORMIDAD, OFICIAL, ["canalizar", "marcar_urgente", *SIDE]),
    (Estado.REGISTRADA, Tipo.ORIENTACION, OFICIAL, ["canalizar", "concluir_orientacion", "marcar_urgente", *SIDE]),
    (Estado.CANALIZADA, Tipo.INCONFORMIDAD, OFICIAL,
     ["respuesta", "recordatorio_1", "prorroga", "declinar", "marcar_urgente", *SIDE]),
    (Estado.RESPONDIDA, Tipo.INCONFORMIDAD, OFICIAL, ["marcar_urgente", *SIDE]),
    (Estado.RESPONDIDA, Tipo.INCONFORMIDAD, DIRECTOR, ["firmar", "marcar_urgente", *SIDE]),
    (Estado.FIRMADA, Tipo.INCONFORMIDAD, OFICIAL, ["notificar", "entregar", "resguardo", "marcar_urgente", *SIDE]),
    (Estado.CONCLUIDA, Tipo.INCONFORMIDAD, OFICIAL, SIDE),
    (Estado.CANALIZADA, Tipo.INCONFORMIDAD, SUPERVISOR, []),
])
def test_the_usual_next_step_comes_first_and_each_role_sees_only_its_own(estado, tipo, actor, expected):
    assert available_actions(_expediente(estado, tipo=tipo), actor, revealed=False) == expected


@pytest.mark.parametrize("fields, expected", [
    ({}, ["marcar_urgente"]),
    ({"urgente": True}, ["confirmar_urgencia", "descartar_urgencia"]),
    ({"urgente": True, "urgencia_alertado_a": "Jefa de urgencias"}, ["descartar_urgencia"]),
])
def test_urgency_is_confirmable_only_until_someone_was_alerted(fields, expected):
    offered = available_actions(_expediente(Estado.CANALIZADA, **fields), OFICIAL, revealed=False)
    assert [name for name in offered if "urgen" in name] == expected


def test_a_concluded_petition_offers_no_urgency_even_when_flagged():
    offered = available_actions(_expediente(Estado.CONCLUIDA, urgente=True), OFICIAL, revealed=False)
    assert not [name for name in offered if "urgen" in name]


def test_contact_attempts_only_while_data_is_missing():
    assert "intento_contacto" not in available_actions(_expediente(Estado.REGISTRADA), OFICIAL, revealed=False)
    offered = available_actions(_expediente(Estado.REGISTRADA, datos_incompletos=True), OFICIAL, revealed=False)
    assert offered.index("intento_contacto") == offered.index("completar_datos") + 1


def test_the_notification_record_needs_a_signed_answer_and_an_attempt():
    def offered(**kwargs):
        return "imprimir_constancia" in available_actions(_expediente(Estado.NOTIFICADA, **kwargs), OFICIAL,
                                                            revealed=False)

    assert not offered(signed=True)
    assert not offered(notified=True)
    assert offered(signed=True, notified=True)


def test_showing_the_data_is_offered_to_every_role_until_shown_and_only_when_there_is_some():
    assert available_actions(_expediente(Estado.CANALIZADA, nombre="Ximena"), SUPERVISOR, revealed=False) == [
        "mostrar_datos"]
    assert available_actions(_expediente(Estado.CANALIZADA, nombre="Ximena"), SUPERVISOR, revealed=True) == []
    assert "mostrar_datos" not in available_actions(_expediente(Estado.CANALIZADA), OFICIAL, revealed=False)


def test_a_refusal_names_the_role_needed():
    assert refusal(OFICIAL, "canalizar") is None
    assert refusal(OFICIAL, "firmar") == (f"Esta acción requiere el rol de {ROL_LABELS[Rol.DIRECTOR]}; "
                                          f"su rol es {ROL_LABELS[Rol.OFICIAL]}.")
    assert "su rol es" in refusal(SUPERVISOR, "marcar_urgente")
    assert refusal(SUPERVISOR, "mostrar_datos") is None
