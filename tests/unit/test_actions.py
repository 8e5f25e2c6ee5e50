"""What the expediente offers each role in each state (services.actions), read without a screen or a database."""

from datetime import date

import pytest

from models import Canalizacion, Notificacion, Peticion, Respuesta
from models.enums import ROL_LABELS, Estado, Rol, Tipo
from services.actions import ACTIONS, STEP_ORDER, available_actions, permission, refusal
from services.actor import ACTION_ROLES, Actor
from services.area_routings import WAITING
from services.calendar import BusinessCalendar
from services.expediente import Expediente
from services.labels import ACTION_LABELS
from services.lifecycle import STEPS
from services.notification_plan import plan
from services.terms import Terms
from tests.conftest import mx

OFICIAL = Actor(id=1, nombre="Oficial", rol=Rol.OFICIAL)
DIRECTOR = Actor(id=2, nombre="Directora", rol=Rol.DIRECTOR)
SUPERVISOR = Actor(id=3, nombre="Supervisor", rol=Rol.SUPERVISOR)
SIDE = ["completar_datos", "adjuntar", "imprimir_acuse", "sistemas_externos"]
TODAY = date(2026, 11, 20)


def _expediente(estado: Estado, *, tipo: Tipo = Tipo.INCONFORMIDAD, signed: bool = False, notified: bool = False,
                **fields) -> Expediente:
    peticion = Peticion(folio="UMF-T-2026-000001", unidad_id=1, tipo=tipo.value, canal="modulo",
                        estado=estado.value, **fields)
    answers = [Respuesta(texto="Se atendió.", firmada_en=mx(2026, 11, 20, 10) if signed else None)]
    notices = [Notificacion(medio="telefono", resultado="notificado")] if notified else []
    # A petition waiting for its área has one routing in force, standing where the petition does (L4).
    routed = ([Canalizacion(id=1, area_id=1, activa=True, etapa=estado.value, reloj="seguimiento",
                            canalizada_en=mx(2026, 11, 10, 10),
                            vence_en=date(2026, 11, 13))] if estado in WAITING else [])
    return Expediente(peticion=peticion, area=None, canalizaciones=routed, recordatorios=[], declinaciones=[],
                      prorrogas=[], respuestas=answers if signed else [], notificaciones=notices, documentos=[],
                      eventos=[], acciones=[])


def test_every_action_has_a_place_a_label_and_a_known_permission():
    assert set(STEP_ORDER) == set(STEPS)
    assert set(ACTIONS) <= set(ACTION_LABELS)
    assert {permission(name) for name in ACTIONS} <= set(ACTION_ROLES)


@pytest.mark.parametrize("estado, tipo, signed, actor, expected", [
    (Estado.REGISTRADA, Tipo.INCONFORMIDAD, False, OFICIAL, ["canalizar", "marcar_urgente", *SIDE]),
    (Estado.REGISTRADA, Tipo.ORIENTACION, False, OFICIAL, ["canalizar", "concluir_orientacion", "marcar_urgente", *SIDE]),
    # One more área may be added to a petition already routed (L4).
    (Estado.CANALIZADA, Tipo.INCONFORMIDAD, False, OFICIAL,
     ["respuesta", "canalizar", "recordatorio_1", "prorroga", "declinar", "marcar_urgente", *SIDE]),
    (Estado.RESPONDIDA, Tipo.INCONFORMIDAD, False, OFICIAL,
     ["corregir_respuesta", "devolver_area", "marcar_urgente", *SIDE]),
    (Estado.RESPONDIDA, Tipo.INCONFORMIDAD, False, DIRECTOR,
     ["firmar", "corregir_respuesta", "devolver_area", "marcar_urgente", *SIDE, "corregir_datos"]),
    (Estado.FIRMADA, Tipo.INCONFORMIDAD, True, OFICIAL, ["notificar", "entregar", "resguardo", "marcar_urgente", *SIDE]),
    (Estado.EN_RESGUARDO, Tipo.INCONFORMIDAD, True, OFICIAL,
     ["notificar", "entregar", "concluir", "marcar_urgente", *SIDE]),
    # L14 keeps the copy for when the petitioner comes: a concluded petition still records the hand-over.
    (Estado.CONCLUIDA, Tipo.INCONFORMIDAD, True, OFICIAL, ["entregar", *SIDE]),
    # An orientación concluded at the desk has no answer to hand over.
    (Estado.CONCLUIDA, Tipo.ORIENTACION, False, OFICIAL, SIDE),
    # Those in charge correct the record and the área, and reopen a concluded petition (issue 17, point 5).
    (Estado.CANALIZADA, Tipo.INCONFORMIDAD, False, SUPERVISOR, ["corregir_area", "corregir_datos"]),
    (Estado.CONCLUIDA, Tipo.INCONFORMIDAD, True, DIRECTOR, ["entregar", "reabrir", *SIDE, "corregir_datos"]),
    (Estado.CONCLUIDA, Tipo.ORIENTACION, False, SUPERVISOR, ["reabrir", "corregir_datos"]),
])
def test_the_usual_next_step_comes_first_and_each_role_sees_only_its_own(estado, tipo, signed, actor, expected):
    assert available_actions(_expediente(estado, tipo=tipo, signed=signed), actor, revealed=False, today=TODAY) == expected


@pytest.mark.parametrize("telefono, attempts, today, offered", [
    # Signed on Friday 20/11/2026: the tenth business day after it is Friday 4/12, resguardo from Monday 7/12.
    ("5512345678", ["no_localizado"], date(2026, 12, 4), False),
    ("5512345678", ["no_localizado"], date(2026, 12, 7), True),
    ("5512345678", [], date(2026, 12, 7), False),
    # Without any data to deliver the answer, at once (L14).
    ("", [], date(2026, 11, 20), True),
])
def test_resguardo_is_offered_only_when_l14_allows_it(telefono, attempts, today, offered):
    expediente = _expediente(Estado.FIRMADA, signed=True, telefono=telefono)
    tried = [Notificacion(medio="telefono", resultado=result) for result in attempts]
    expediente.plan = plan(peticion=expediente.peticion, attempts=tried, emitida_en=mx(2026, 11, 20, 10), today=today,
                           calendar=BusinessCalendar(), terms=Terms())
    assert ("resguardo" in available_actions(expediente, OFICIAL, revealed=False, today=today)) is offered


@pytest.mark.parametrize("fields, expected", [
    ({}, ["marcar_urgente"]),
    ({"urgente": True}, ["confirmar_urgencia", "descartar_urgencia"]),
    ({"urgente": True, "urgencia_alertado_a": "Jefa de urgencias"}, ["descartar_urgencia"]),
])
def test_urgency_is_confirmable_only_until_someone_was_alerted(fields, expected):
    offered = available_actions(_expediente(Estado.CANALIZADA, **fields), OFICIAL, revealed=False, today=TODAY)
    assert [name for name in offered if "urgen" in name] == expected


def test_a_concluded_petition_offers_no_urgency_even_when_flagged():
    offered = available_actions(_expediente(Estado.CONCLUIDA, urgente=True), OFICIAL, revealed=False, today=TODAY)
    assert not [name for name in offered if "urgen" in name]


def test_an_officer_is_offered_the_correction_only_of_what_they_registered():
    theirs = _expediente(Estado.CANALIZADA, creada_por=OFICIAL.id)
    assert available_actions(theirs, OFICIAL, revealed=False, today=TODAY)[-1] == "corregir_datos"
    others = _expediente(Estado.CANALIZADA, creada_por=OFICIAL.id + 10)
    assert "corregir_datos" not in available_actions(others, OFICIAL, revealed=False, today=TODAY)
    assert "corregir_datos" in available_actions(others, DIRECTOR, revealed=False, today=TODAY)


def test_contact_attempts_only_while_data_is_missing():
    assert "intento_contacto" not in available_actions(_expediente(Estado.REGISTRADA), OFICIAL, revealed=False, today=TODAY)
    offered = available_actions(_expediente(Estado.REGISTRADA, datos_incompletos=True), OFICIAL, revealed=False, today=TODAY)
    assert offered.index("intento_contacto") == offered.index("completar_datos") + 1


def test_the_notification_record_needs_a_signed_answer_and_an_attempt():
    def offered(**kwargs):
        return "imprimir_constancia" in available_actions(_expediente(Estado.NOTIFICADA, **kwargs), OFICIAL,
                                                            revealed=False, today=TODAY)

    assert not offered(signed=True)
    assert not offered(notified=True)
    assert offered(signed=True, notified=True)


def test_showing_the_data_is_offered_to_every_role_until_shown_and_only_when_there_is_some():
    assert available_actions(_expediente(Estado.CANALIZADA, nombre="Ximena"), SUPERVISOR, revealed=False, today=TODAY) == [
        "corregir_area", "corregir_datos", "mostrar_datos"]
    assert available_actions(_expediente(Estado.CANALIZADA, nombre="Ximena"), SUPERVISOR, revealed=True,
                             today=TODAY) == ["corregir_area", "corregir_datos"]
    assert "mostrar_datos" not in available_actions(_expediente(Estado.CANALIZADA), OFICIAL, revealed=False, today=TODAY)


def test_a_refusal_names_the_role_needed():
    assert refusal(OFICIAL, "canalizar") is None
    assert refusal(OFICIAL, "firmar") == (f"Esta acción requiere el rol de {ROL_LABELS[Rol.DIRECTOR]}; "
                                          f"su rol es {ROL_LABELS[Rol.OFICIAL]}.")
    assert "su rol es" in refusal(SUPERVISOR, "marcar_urgente")
    assert refusal(SUPERVISOR, "mostrar_datos") is None
