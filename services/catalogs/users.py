"""The desk's users: listing them, adding one, resetting a PIN, lifting a lockout and deactivating."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from models import Usuario
from models.enums import ROL_LABELS, Rol
from models.validators import clean_text
from services import audit
from services.actor import Actor, require
from services.auth import hash_pin
from services.errors import InvalidInput, NotFound

ASSIGNABLE_ROLES = (Rol.OFICIAL, Rol.DIRECTOR, Rol.SUPERVISOR, Rol.ADMINISTRADOR)


@dataclass(frozen=True, slots=True)
class UserRow:
    """A user as the administrator's list shows it (never the PIN hash)."""

    id: int
    usuario: str
    nombre: str
    rol: str
    activo: bool
    bloqueado_hasta: datetime | None
    intentos_fallidos: int = 0

    @classmethod
    def of(cls, user: Usuario) -> "UserRow":
        """The listed view of a Usuario row."""
        return cls(user.id, user.usuario, user.nombre, user.rol, user.activo, user.bloqueado_hasta,
                   user.intentos_fallidos)


def list_users(session: Session, *, actor: Actor, unidad_id: int) -> list[UserRow]:
    """The unit's users (and those without a unit) with role and state; administrators only."""
    require(actor, "catalogos")
    rows = session.execute(
        select(Usuario).where((col(Usuario.unidad_id) == unidad_id) | col(Usuario.unidad_id).is_(None))
        .order_by(col(Usuario.activo).desc(), col(Usuario.usuario))
    ).scalars()
    return [UserRow.of(u) for u in rows]


def add_user(*, session: Session, actor: Actor, unidad_id: int | None, usuario: str, nombre: str, rol: Rol | str,
             pin: str, pin_hash: str | None = None) -> Usuario:
    """Create a user of one of the desk's roles with a PIN of 6 to 12 digits, stored hashed (bulk set-up may pass one hash)."""
    require(actor, "catalogos")
    login, nombre = clean_text(usuario).lower(), clean_text(nombre)
    if not login or not nombre:
        raise InvalidInput("El usuario necesita nombre de usuario y nombre completo.")
    if len(login) > 40 or not all(ch.isalnum() or ch in "._-" for ch in login):
        raise InvalidInput("El nombre de usuario admite hasta 40 letras, números, punto, guion y guion bajo.")
    try:
        role = Rol(rol)
    except ValueError:
        role = None
    if role not in ASSIGNABLE_ROLES:
        raise InvalidInput("Elija un rol: " + ", ".join(ROL_LABELS[r] for r in ASSIGNABLE_ROLES) + ".")
    if session.execute(select(col(Usuario.id)).where(col(Usuario.usuario) == login)).first():
        raise InvalidInput(f"Ya existe el usuario «{login}».")
    user = Usuario(unidad_id=unidad_id, usuario=login, nombre=nombre, rol=role.value, pin_hash=pin_hash or hash_pin(pin))
    session.add(user)
    session.flush()
    audit.record(session, actor=actor, accion="usuario_creado", unidad_id=unidad_id,
                 detalle={"usuario": user.usuario, "rol": user.rol})
    return user


def _user(session: Session, user_id: int) -> Usuario:
    user = session.get(Usuario, user_id)
    if user is None:
        raise NotFound("No existe ese usuario.")
    return user


def reset_pin(*, session: Session, actor: Actor, user_id: int, pin: str) -> UserRow:
    """Give a user a new PIN and lift a lockout; the event never carries the PIN."""
    require(actor, "catalogos")
    user = _user(session, user_id)
    user.pin_hash = hash_pin(pin)
    user.intentos_fallidos, user.bloqueado_hasta = 0, None
    audit.record(session, actor=actor, accion="pin_restablecido", unidad_id=user.unidad_id,
                 detalle={"usuario": user.usuario})
    return UserRow.of(user)


def unlock_user(*, session: Session, actor: Actor, user_id: int) -> UserRow:
    """Lift a lockout by failed sign-ins and forget the failures, so a later lockout starts again at 15 minutes."""
    require(actor, "catalogos")
    user = _user(session, user_id)
    if user.bloqueado_hasta is None and not user.intentos_fallidos:
        raise InvalidInput(f"El usuario «{user.usuario}» no está bloqueado.")
    user.intentos_fallidos, user.bloqueado_hasta = 0, None
    audit.record(session, actor=actor, accion="usuario_desbloqueado", unidad_id=user.unidad_id,
                 detalle={"usuario": user.usuario})
    return UserRow.of(user)


def set_user_active(*, session: Session, actor: Actor, user_id: int, activo: bool) -> UserRow:
    """Deactivate (or reactivate) a user; nobody deactivates themselves nor the last active administrator."""
    require(actor, "catalogos")
    user = _user(session, user_id)
    if not activo and user.id == actor.id:
        raise InvalidInput("No puede desactivar su propio usuario; pida a otro administrador que lo haga.")
    if not activo and user.activo and user.rol == Rol.ADMINISTRADOR:
        admins = session.execute(
            select(func.count()).select_from(Usuario).where(col(Usuario.rol) == Rol.ADMINISTRADOR.value, col(Usuario.activo))
        ).scalar_one()
        if admins <= 1:
            raise InvalidInput("Es el único administrador activo: cree otro antes de desactivarlo.")
    if user.activo != activo:
        user.activo = activo
        if activo:
            user.intentos_fallidos, user.bloqueado_hasta = 0, None
        audit.record(session, actor=actor, accion="usuario_reactivado" if activo else "usuario_desactivado",
                     unidad_id=user.unidad_id, detalle={"usuario": user.usuario})
    return UserRow.of(user)
