"""Which actions the expediente offers a person now: the lifecycle steps its state and their role allow, the usual
next one first, then what can be done beside the lifecycle (urgency, the petitioner's data, files and papers)."""

from datetime import date
from functools import partial

from models import Area, Canalizacion
from models.enums import Estado
from services import area_routings, corrections, extensions, privacy, routing
from services.actor import Actor, may, require
from services.errors import PermissionDenied
from services.expediente import Expediente
from services.l3 import MAX_CONTACT_ATTEMPTS
from services.labels import ESCALATION_LETTERS
from services.lifecycle import STEPS, allowed_steps

# The usual next step first, so that the first action offered is most often what the officer wants.
STEP_ORDER = ("respuesta", "canalizar", "firmar", "corregir_respuesta", "devolver_area", "notificar", "entregar",
              "concluir", "concluir_orientacion", "recordatorio_1", "recordatorio_2", "oficio_superior", "prorroga",
              "resguardo", "declinar", "corregir_area", "reabrir")
# The permission each action beside the lifecycle needs (a step needs its Step.permiso).
SIDE_PERMISSIONS = {
    "confirmar_urgencia": "urgencia", "marcar_urgente": "urgencia", "descartar_urgencia": "urgencia",
    "completar_datos": "datos", "intento_contacto": "datos", "adjuntar": "registrar", "imprimir_acuse": "registrar",
    "imprimir_constancia": "notificar", "imprimir_documento": "leer", "mostrar_datos": "leer",
    "sistemas_externos": "sistemas_externos",
    "corregir_datos": "corregir_registro",
    "enviar_correo": "notificar",
    "medida_sad": "prorroga", "cumplir_medida": "prorroga",
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


def _routings(expediente: Expediente, fits) -> list[Canalizacion]:
    return [r for r in expediente.canalizaciones if r.activa and fits(r)]


def _area(expediente: Expediente, area_id: int) -> Area | None:
    area = expediente.areas.get(area_id)
    if area is None and expediente.area is not None and expediente.area.id == area_id:
        return expediente.area
    return area


def _at_stage(stage: str, routing_row: Canalizacion) -> bool:
    return routing_row.etapa == stage


# Which routings each step done for one área may go to (L4): the áreas still owing their answer, or those that
# answered, or those standing at the stage an escalation follows.
_FOR_AREA = {
    "respuesta": lambda r: r.etapa != area_routings.ANSWERED,
    "declinar": lambda r: r.etapa != area_routings.ANSWERED,
    "corregir_respuesta": lambda r: r.etapa == area_routings.ANSWERED,
    "devolver_area": lambda r: r.etapa == area_routings.ANSWERED,
    **{step: partial(_at_stage, stage) for step, stage in area_routings.PREVIOUS.items()},
}


def area_choices(name: str, expediente: Expediente, today: date) -> list[tuple[int, str]]:
    """The áreas (id, name) a step done for one área may be taken for today, in routing order; empty for the other
    steps. The expediente asks which when there are several."""
    if name not in _FOR_AREA:
        return []
    routings = _routings(expediente, _FOR_AREA[name])
    if name in ESCALATION_LETTERS:
        routings = [r for r in routings
                    if routing.escalation_refusal(name, r, _area(expediente, r.area_id), today) is None]
    return [(r.area_id, area.nombre if (area := _area(expediente, r.area_id)) else "—") for r in routings]


def step_refusal(name: str, expediente: Expediente, today: date) -> str | None:
    """Why the service would refuse a step its state and role allow, on this day (the terms, the oficio's addressee,
    the resguardo's wait), in the service's own words; None when it would take it."""
    if name in ESCALATION_LETTERS:
        reasons = [routing.escalation_refusal(name, r, _area(expediente, r.area_id), today)
                   for r in _routings(expediente, _FOR_AREA[name])]
        return None if None in reasons else next(iter(reasons), None)
    if name == "prorroga":
        return extensions.count_refusal(expediente.prorrogas, expediente.canalizaciones)
    if name == "resguardo" and expediente.plan is not None:
        # The notification plan (services.notification_plan) is the one reading of L14 the service also uses.
        return expediente.plan.resguardo_negado
    return None


def _steps(expediente: Expediente, actor: Actor) -> list[str]:
    names = allowed_steps(expediente.peticion, actor)
    # An escalation goes to an área standing at the stage before it; with none there the step does not apply.
    names = [name for name in names if name not in ESCALATION_LETTERS or _routings(expediente, _FOR_AREA[name])]
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


def _sad_measures(expediente: Expediente) -> list[str]:
    """L11: the SAD agrees measures once a prórroga was agreed (L10); each stays to be fulfilled until recorded so."""
    names = []
    if expediente.prorrogas and expediente.peticion.estado != Estado.CONCLUIDA:
        names.append("medida_sad")
    if any(measure.cumplida_en is None for measure in expediente.medidas):
        names.append("cumplir_medida")
    return names


def _beside(expediente: Expediente, revealed: bool) -> list[str]:
    """The actions beside the lifecycle that the petition's state allows, whatever the role."""
    p = expediente.peticion
    names = [*_urgency(expediente), "completar_datos"]
    if p.datos_incompletos and p.estado != Estado.CONCLUIDA and expediente.intentos_contacto < MAX_CONTACT_ATTEMPTS:
        names.append("intento_contacto")
    names += _sad_measures(expediente)
    names += ["adjuntar", "imprimir_acuse", "sistemas_externos", "corregir_datos"]
    if _mail_answer(expediente):
        names.append("enviar_correo")
    if expediente.notificaciones and any(answer.firmada_en for answer in expediente.respuestas):
        names.append("imprimir_constancia")
    if expediente.documentos:
        names.append("imprimir_documento")
    if not revealed and any(getattr(p, name) for name in privacy.PERSONAL_FIELDS):
        names.append("mostrar_datos")
    return names


def _mail_answer(expediente: Expediente) -> bool:
    """The signed oficio de respuesta can go by e-mail: the unit sends e-mail, the petitioner gave an address, the state
    still asks to notify, and the letter exists."""
    p = expediente.peticion
    return (expediente.envia_correo and bool(p.correo) and "notificar" in expediente.acciones
            and any(d.tipo == "respuesta" for d in expediente.documentos))


def available_actions(expediente: Expediente, actor: Actor, *, revealed: bool, today: date) -> list[str]:
    """Every action this actor can take on the petition today, lifecycle steps first: what the services would accept
    (they check again)."""
    steps = [name for name in _steps(expediente, actor) if step_refusal(name, expediente, today) is None]
    return steps + [name for name in _beside(expediente, revealed) if may(actor, SIDE_PERMISSIONS[name])
                    and (name != "corregir_datos" or corrections.owner_refusal(actor, expediente.peticion) is None)]
