"""Which actions the expediente offers a person now: the lifecycle steps its state and their role allow, the usual
next one first, then what can be done beside the lifecycle (urgency, the petitioner's data, files and papers)."""

from datetime import date

from models.enums import Estado
from services import privacy, routing
from services.actor import Actor, may, require
from services.errors import PermissionDenied
from services.expediente import Expediente
from services.labels import ESCALATION_LETTERS
from services.lifecycle import STEPS, allowed_steps

# The usual next step first, so that the first action offered is most often what the officer wants.
STEP_ORDER = ("canalizar", "respuesta", "firmar", "corregir_respuesta", "devolver_area", "notificar", "entregar",
              "concluir", "concluir_orientacion", "recordatorio_1", "recordatorio_2", "oficio_superior", "prorroga",
              "resguardo", "declinar")
# The permission each action beside the lifecycle needs (a step needs its Step.permiso).
SIDE_PERMISSIONS = {
    "confirmar_urgencia": "urgencia", "marcar_urgente": "urgencia", "descartar_urgencia": "urgencia",
    "completar_datos": "datos", "intento_contacto": "datos", "adjuntar": "registrar", "imprimir_acuse": "registrar",
    "imprimir_constancia": "notificar", "imprimir_documento": "leer",
    "mostrar_datos": "leer", "sistemas_externos": "sistemas_externos",
}
ACTIONS = (*STEP_ORDER, *SIDE_PERMISSIONS)
"""Every action the expediente may offer, in the order it offers them."""


def permission(action: str) -> str:
    """The permission (services.actor.ACTION_ROLES) an action of the expediente needs."""
    return STEPS[action].permiso if action in STEPS else SIDE_PERMISSIONS[action]


def refusal(actor: Actor, action: str) -> str | None:
    """Why the actor's role may not take the action, naming the roles that may; None when it may."""
    try:
        require(actor, permission(action))
    except PermissionDenied as refused:
        return str(refused)
    return None


def step_refusal(name: str, expediente: Expediente, today: date) -> str | None:
    """Why the service would refuse a step its state and role allow, on this day (the terms, the oficio's addressee,
    the resguardo's wait), in the service's own words; None when it would take it."""
    p = expediente.peticion
    if name in ESCALATION_LETTERS:
        return routing.escalation_refusal(name, p, expediente.area, today)
    if name == "resguardo" and expediente.plan is not None:
        # The notification plan (services.notification_plan) is the one reading of L14 the service also uses.
        return expediente.plan.resguardo_negado
    return None


def _steps(expediente: Expediente, actor: Actor) -> list[str]:
    names = allowed_steps(expediente.peticion, actor)
    # The state allows a hand-over; L14 also asks for a signed answer to hand over.
    if not any(answer.firmada_en for answer in expediente.respuestas):
        names = [name for name in names if name != "entregar"]
    return sorted(names, key=STEP_ORDER.index)


def waiting_steps(expediente: Expediente, actor: Actor, *, today: date) -> list[tuple[str, str]]:
    """The steps state and role allow but the service would refuse today, each with the reason: the expediente says
    why instead of offering them."""
    return [(name, reason) for name in _steps(expediente, actor)
            if (reason := step_refusal(name, expediente, today)) is not None]


def _urgency(expediente: Expediente) -> list[str]:
    p = expediente.peticion
    if p.estado == Estado.CONCLUIDA:
        return []
    if not p.urgente:
        return ["marcar_urgente"]
    # Once someone was alerted the confirmation is on record; only clearing the flag remains.
    return ["descartar_urgencia"] if p.urgencia_alertado_a else ["confirmar_urgencia", "descartar_urgencia"]


def _beside(expediente: Expediente, revealed: bool) -> list[str]:
    """The actions beside the lifecycle that the petition's state allows, whatever the role."""
    p = expediente.peticion
    names = [*_urgency(expediente), "completar_datos"]
    if p.datos_incompletos:
        names.append("intento_contacto")
    names += ["adjuntar", "imprimir_acuse", "sistemas_externos"]
    if expediente.notificaciones and any(answer.firmada_en for answer in expediente.respuestas):
        names.append("imprimir_constancia")
    if expediente.documentos:
        names.append("imprimir_documento")
    if not revealed and any(getattr(p, name) for name in privacy.PERSONAL_FIELDS):
        names.append("mostrar_datos")
    return names


def available_actions(expediente: Expediente, actor: Actor, *, revealed: bool, today: date) -> list[str]:
    """Every action this actor can take on the petition today, lifecycle steps first: what the services would accept
    (they check again)."""
    steps = [name for name in _steps(expediente, actor) if step_refusal(name, expediente, today) is None]
    return steps + [name for name in _beside(expediente, revealed) if may(actor, SIDE_PERMISSIONS[name])]
