"""The state machine of DESIGN.md: which step is allowed from which state, and the move itself."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session
from sqlmodel import select

from models import Peticion
from models.enums import ESTADO_LABELS, Estado, Tipo
from services import audit
from services.actor import ACTION_ROLES, Actor, require
from services.errors import IllegalTransition, NotFound

E = Estado
_ROUTED = frozenset({E.CANALIZADA, E.RECORDATORIO_1, E.RECORDATORIO_2, E.OFICIO_SUPERIOR})


@dataclass(frozen=True, slots=True)
class Step:
    """One step of the lifecycle: the permission it needs, the states it starts from, where it leads."""

    permiso: str
    desde: frozenset[Estado]
    hacia: Estado | None
    verbo: str
    etiqueta: str
    alterno: Estado | None = None
    """Where the step leads on its other outcome (a notification that reached the petitioner); hacia None stays."""
    queda: frozenset[Estado] = frozenset()
    """States the step is recorded in without moving the petition (a hand-over after conclusion, a reminder to one
    área while another is further escalated)."""
    segun_areas: frozenset[Estado] = frozenset()
    """Where the step may leave a petition routed to several áreas (L4), as the others stand: still waiting for
    one, or answered by all (services.area_routings.settle)."""
    vuelve: frozenset[Estado] = frozenset()
    """The states a step that goes back may lead to; the petition's own history picks one (reopening)."""

    def destinos(self, estado: Estado) -> frozenset[Estado]:
        """Every state the step may leave a petition in, taken from `estado`."""
        if self.vuelve:
            return self.vuelve
        if estado in self.queda:
            return frozenset({estado})
        return frozenset({self.hacia or estado} | ({self.alterno} if self.alterno else set()) | self.segun_areas)


# An área may be added while others are followed up (L4); each escalation goes to one área, whose stage it needs
# (services.area_routings.PREVIOUS), while the petition shows the most escalated área.
STEPS: dict[str, Step] = {
    "canalizar": Step("canalizar", frozenset({E.REGISTRADA, E.NO_COMPETENTE}) | _ROUTED | {E.PRORROGA}, E.CANALIZADA,
                      "canalizar", "Canalizar a un área", queda=_ROUTED | {E.PRORROGA}),
    "declinar": Step("declinar", _ROUTED, E.NO_COMPETENTE, "registrar la no competencia de", "Declinación (no competencia)",
                     segun_areas=_ROUTED | {E.RESPONDIDA}),
    # A prórroga whose agreed date passed without an answer (L10) is escalated again from the first reminder (L6).
    "recordatorio_1": Step("recordatorio", _ROUTED | {E.PRORROGA}, E.RECORDATORIO_1, "enviar el primer recordatorio de",
                           "Primer recordatorio", queda=frozenset({E.RECORDATORIO_2, E.OFICIO_SUPERIOR})),
    "recordatorio_2": Step("recordatorio", frozenset({E.RECORDATORIO_1, E.RECORDATORIO_2, E.OFICIO_SUPERIOR}),
                           E.RECORDATORIO_2, "enviar el segundo recordatorio de", "Segundo recordatorio",
                           queda=frozenset({E.OFICIO_SUPERIOR})),
    "oficio_superior": Step("oficio", frozenset({E.RECORDATORIO_2, E.OFICIO_SUPERIOR}), E.OFICIO_SUPERIOR,
                            "enviar el oficio al superior de", "Oficio al superior jerárquico"),
    "prorroga": Step("prorroga", _ROUTED | {E.PRORROGA}, E.PRORROGA, "acordar una prórroga de", "Prórroga"),
    "respuesta": Step("respuesta", _ROUTED | {E.PRORROGA}, E.RESPONDIDA, "registrar la respuesta de", "Registrar respuesta",
                      segun_areas=_ROUTED | {E.PRORROGA}),
    "firmar": Step("firmar", frozenset({E.RESPONDIDA}), E.FIRMADA, "firmar la respuesta de", "Firmar respuesta"),
    # An answer that fails review (L12) is not a dead end: it goes back to the área or is replaced by a corrected one.
    "devolver_area": Step("devolver", frozenset({E.RESPONDIDA}), E.CANALIZADA, "devolver al área la respuesta de",
                          "Devolver la respuesta al área"),
    "corregir_respuesta": Step("corregir", frozenset({E.RESPONDIDA}), E.RESPONDIDA,
                               "registrar la respuesta corregida de", "Registrar respuesta corregida"),
    "notificar": Step("notificar", frozenset({E.FIRMADA, E.EN_RESGUARDO, E.NOTIFICADA}), None, "notificar",
                      "Intento de notificación o acuse", alterno=E.NOTIFICADA),
    "resguardo": Step("resguardo", frozenset({E.FIRMADA}), E.EN_RESGUARDO, "poner en resguardo", "Poner en resguardo"),
    # After conclusion the hand-over is still recorded (the copy is kept for when the petitioner comes, L14); the
    # petition stays concluded (services.delivery.deliver).
    "entregar": Step("entregar", frozenset({E.FIRMADA, E.EN_RESGUARDO, E.CONCLUIDA}), E.NOTIFICADA, "entregar la respuesta de",
                     "Entrega en persona", queda=frozenset({E.CONCLUIDA})),
    "concluir": Step("concluir", frozenset({E.NOTIFICADA, E.EN_RESGUARDO}), E.CONCLUIDA, "concluir", "Concluir"),
    "concluir_orientacion": Step("concluir", frozenset({E.REGISTRADA}), E.CONCLUIDA, "concluir en el módulo",
                                 "Concluir orientación"),
    # A routing to the wrong área is corrected, not declined: the right área gets a routing of its own from the day
    # of the correction, and reminders sent to the wrong one no longer count (services.corrections.correct_area).
    "corregir_area": Step("corregir_clasificacion", _ROUTED | {E.PRORROGA}, E.CANALIZADA, "corregir el área de",
                          "Corregir el área"),
    # A concluded petition goes back to the state it was concluded from (services.reopening.reopen).
    "reabrir": Step("reabrir", frozenset({E.CONCLUIDA}), None, "reabrir", "Reabrir la petición",
                    vuelve=frozenset({E.REGISTRADA, E.NOTIFICADA, E.EN_RESGUARDO})),
}


def get_petition(session: Session, ref: str | int, *, for_update: bool = False) -> Peticion:
    """The petition with this folio or id, locked for update on PostgreSQL when asked."""
    column = Peticion.id if isinstance(ref, int) else Peticion.folio
    statement = select(Peticion).where(column == ref)
    if for_update:
        statement = statement.with_for_update()
    peticion = session.execute(statement).scalar_one_or_none()
    if peticion is None:
        raise NotFound(f"No existe la petición {ref}.")
    return peticion


def check(step_name: str, peticion: Peticion, actor: Actor) -> Step:
    """The step if the actor's role and the petition's state allow it; a Spanish refusal otherwise."""
    step = STEPS[step_name]
    require(actor, step.permiso)
    if Estado(peticion.estado) not in step.desde:
        allowed = ", ".join(f"«{ESTADO_LABELS[s]}»" for s in sorted(step.desde, key=list(Estado).index))
        raise IllegalTransition(
            f"No se puede {step.verbo} la petición {peticion.folio}: está «{ESTADO_LABELS[Estado(peticion.estado)]}»; "
            f"se permite en {allowed}."
        )
    if step_name == "concluir_orientacion" and peticion.tipo != Tipo.ORIENTACION:
        raise IllegalTransition("Solo una orientación puede concluirse en el módulo; las demás peticiones se canalizan.")
    return step


def move(
    session: Session, *, actor: Actor, peticion: Peticion, step_name: str, when: datetime,
    detalle: dict | None = None, to: Estado | None = None, personal: dict | None = None,
) -> None:
    """Change the petition's state for a step and append its event (free text apart, as personal data)."""
    step = STEPS[step_name]
    antes = peticion.estado
    target = to or step.hacia or Estado(antes)
    # STEPS is the one authority on where a step may lead; a service asking for another state is a bug, not input.
    if target not in step.destinos(Estado(antes)):
        raise ValueError(f"step {step_name} cannot lead from {antes} to {target}")
    peticion.estado = target.value
    audit.record(session, actor=actor, accion=step_name, unidad_id=peticion.unidad_id, peticion_id=peticion.id,
                 antes=antes, despues=peticion.estado, detalle=detalle, when=when, personal=personal)


def allowed_steps(peticion: Peticion, actor: Actor) -> list[str]:
    """The steps the actor could take now on this petition (state and role, not yet the terms)."""
    names = []
    for name, step in STEPS.items():
        if Estado(peticion.estado) in step.desde and actor.rol in ACTION_ROLES[step.permiso]:
            if name == "concluir_orientacion" and peticion.tipo != Tipo.ORIENTACION:
                continue
            names.append(name)
    return names
