"""PIN hashing with argon2 and signing in."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Usuario
from models.enums import Rol
from services.actor import Actor
from services.errors import InvalidInput

SYSTEM_SIGNIN = Actor(id=None, nombre="inicio de sesión", rol=Rol.SISTEMA)


def hash_pin(pin: str) -> str:
    """An argon2 hash of a PIN of 4 to 12 digits."""
    if not pin.isdigit() or not 4 <= len(pin) <= 12:
        raise InvalidInput("El PIN debe tener de 4 a 12 dígitos.")
    from argon2 import PasswordHasher

    return PasswordHasher().hash(pin)


def verify_pin(pin_hash: str, pin: str) -> bool:
    """True when pin matches the stored hash."""
    from argon2 import PasswordHasher
    from argon2.exceptions import VerificationError, InvalidHashError

    try:
        return PasswordHasher().verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return False


def actor_for(user: Usuario) -> Actor:
    """The actor that services record for this user."""
    return Actor(id=user.id, nombre=user.nombre, rol=Rol(user.rol))


def find_user(session: Session, usuario: str) -> Usuario | None:
    """The user with this login name."""
    return session.execute(select(Usuario).where(Usuario.usuario == usuario)).scalar_one_or_none()


MAX_FAILED = 5
LOCK_MINUTES = 15


def sign_in(*, session: Session, usuario: str, pin: str, now=None):
    """The user if the PIN matches; after 5 failures the user is locked for 15 minutes. Every outcome is an event."""
    from datetime import timedelta

    from services import audit
    from services.calendar import now_utc
    from services.errors import PermissionDenied

    now = now or now_utc()
    user = find_user(session, usuario.strip().lower())
    def refuse(message: str):
        # The caller's transaction is rolled back when this raises: the count, the lock and their events are committed
        # first, or no failure would ever be counted and no user ever locked.
        session.commit()
        return PermissionDenied(message)

    if user is None or not user.activo:
        audit.record(session, actor=SYSTEM_SIGNIN, accion="acceso_fallido", unidad_id=None,
                     detalle={"usuario": usuario.strip().lower()[:40], "motivo": "usuario desconocido o inactivo"})
        raise refuse("Usuario o PIN incorrectos.")
    if user.bloqueado_hasta and user.bloqueado_hasta > now:
        minutes = max(1, int((user.bloqueado_hasta - now).total_seconds() // 60) + 1)
        audit.record(session, actor=actor_for(user), accion="acceso_fallido", unidad_id=user.unidad_id,
                     detalle={"usuario": user.usuario, "motivo": "usuario bloqueado"})
        raise refuse(f"Usuario bloqueado por intentos fallidos; intente en {minutes} minutos o pida ayuda al administrador.")
    if not verify_pin(user.pin_hash, pin):
        user.intentos_fallidos += 1
        detail = {"usuario": user.usuario, "intentos": user.intentos_fallidos}
        if user.intentos_fallidos >= MAX_FAILED:
            user.bloqueado_hasta, user.intentos_fallidos = now + timedelta(minutes=LOCK_MINUTES), 0
            audit.record(session, actor=actor_for(user), accion="usuario_bloqueado", unidad_id=user.unidad_id, detalle=detail)
            raise refuse(f"Demasiados intentos fallidos: el usuario queda bloqueado {LOCK_MINUTES} minutos.")
        audit.record(session, actor=actor_for(user), accion="acceso_fallido", unidad_id=user.unidad_id, detalle=detail)
        raise refuse("Usuario o PIN incorrectos.")
    user.intentos_fallidos, user.bloqueado_hasta = 0, None
    audit.record(session, actor=actor_for(user), accion="acceso", unidad_id=user.unidad_id)
    return user


THEMES = ("", "alto-contraste")


def set_theme(*, session: Session, actor: Actor, tema: str) -> None:
    """Remember the signed-in user's colour theme ("" is the default one)."""
    if tema not in THEMES:
        raise InvalidInput("Tema desconocido.")
    user = session.get(Usuario, actor.id)
    if user is None:
        raise InvalidInput("El usuario no existe.")
    user.tema = tema
