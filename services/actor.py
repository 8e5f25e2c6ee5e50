"""Who is acting (the signed-in user or the command line) and which roles each action needs."""

from dataclasses import dataclass

from models.enums import ROL_LABELS, Rol
from services.errors import PermissionDenied

_DESK = frozenset({Rol.OFICIAL, Rol.DIRECTOR, Rol.SISTEMA})
_READ = frozenset(Rol)
# Those who answer for the unit's records: they correct a petition's classification and reopen a concluded one.
_IN_CHARGE = frozenset({Rol.DIRECTOR, Rol.SUPERVISOR})

ACTION_ROLES: dict[str, frozenset[Rol]] = {
    "registrar": _DESK,
    "canalizar": _DESK,
    "declinar": _DESK,
    "recordatorio": _DESK,
    "oficio": _DESK,
    "prorroga": _DESK,
    "respuesta": _DESK,
    "devolver": _DESK,
    "corregir": _DESK,
    "notificar": _DESK,
    "resguardo": _DESK,
    "entregar": _DESK,
    "concluir": _DESK,
    "urgencia": _DESK,
    "datos": _DESK,
    "buzon": _DESK,
    "sistemas_externos": _DESK,
    "firmar": frozenset({Rol.DIRECTOR}),
    # Medio, recepción, descripción and the petitioner's data: an officer only on what they registered
    # (services.corrections.owner_refusal); tipo and área, and reopening, only those in charge.
    "corregir_registro": frozenset({Rol.OFICIAL}) | _IN_CHARGE,
    "corregir_clasificacion": _IN_CHARGE,
    "reabrir": _IN_CHARGE,
    "leer": _READ,
    "reportes": frozenset({Rol.SUPERVISOR, Rol.DIRECTOR, Rol.ADMINISTRADOR, Rol.SISTEMA}),
    "catalogos": frozenset({Rol.ADMINISTRADOR, Rol.SISTEMA}),
}


@dataclass(frozen=True, slots=True)
class Actor:
    """The person (or the command line) on whose behalf a service acts."""

    id: int | None
    nombre: str
    rol: Rol


SYSTEM = Actor(id=None, nombre="sistema (línea de comandos)", rol=Rol.SISTEMA)


def may(actor: Actor, action: str) -> bool:
    """Whether the actor's role allows the action; screens ask this to offer it, services `require` it."""
    return actor.rol in ACTION_ROLES[action]


def require(actor: Actor, action: str) -> None:
    """Refuse the action unless the actor's role allows it, naming the roles that would."""
    if may(actor, action):
        return
    allowed = ACTION_ROLES[action]
    needed = " o ".join(ROL_LABELS[r] for r in sorted(allowed - {Rol.SISTEMA}, key=list(Rol).index))
    raise PermissionDenied(f"Esta acción requiere el rol de {needed}; su rol es {ROL_LABELS[actor.rol]}.")
