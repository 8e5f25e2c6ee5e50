"""PIN hashing with argon2, signing in, and the lock screen's PIN check."""

import secrets
from datetime import datetime, timedelta

from sqlalchemy.orm import Session
from sqlmodel import select

from models import Usuario
from models.enums import Rol
from services.actor import Actor
from services.errors import InvalidInput, PermissionDenied

SYSTEM_SIGNIN = Actor(id=None, nombre="inicio de sesión", rol=Rol.SISTEMA)
MIN_PIN_DIGITS, MAX_PIN_DIGITS = 6, 12
MAX_FAILED = 5
LOCK_MINUTES = 15
MAX_LOCK_MINUTES = 24 * 60
# One answer for an unknown user, an inactive one, a wrong PIN and a locked account: none of them says which it was.
REFUSED = ("Usuario o PIN incorrectos. Tras varios intentos fallidos el usuario se bloquea un tiempo; "
           "el administrador puede desbloquearlo.")
LOCK_SCREEN_WRONG = "PIN incorrecto."
LOCK_SCREEN_GONE = "Su usuario ya no está activo: elija «Cerrar sesión» para que entre otra persona."

_dummy_hash: str | None = None


def hash_pin(pin: str) -> str:
    """An argon2 hash of a new PIN of 6 to 12 digits."""
    if not pin.isdigit() or not MIN_PIN_DIGITS <= len(pin) <= MAX_PIN_DIGITS:
        raise InvalidInput(f"El PIN debe tener de {MIN_PIN_DIGITS} a {MAX_PIN_DIGITS} dígitos.")
    from argon2 import PasswordHasher

    return PasswordHasher().hash(pin)


def verify_pin(pin_hash: str, pin: str) -> bool:
    """True when pin matches the stored hash (a PIN set before the 6-digit rule still matches)."""
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return PasswordHasher().verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return False


def _verify_or_pretend(user: Usuario | None, pin: str) -> bool:
    """One argon2 verification whatever the user: an unknown name costs as much time as a wrong PIN."""
    global _dummy_hash
    if user is not None:
        return verify_pin(user.pin_hash, pin)
    if _dummy_hash is None:
        from argon2 import PasswordHasher

        _dummy_hash = PasswordHasher().hash(secrets.token_hex(16))
    verify_pin(_dummy_hash, pin)
    return False


def actor_for(user: Usuario) -> Actor:
    """The actor that services record for this user."""
    return Actor(id=user.id, nombre=user.nombre, rol=Rol(user.rol))


def find_user(session: Session, usuario: str) -> Usuario | None:
    """The user with this login name."""
    return session.execute(select(Usuario).where(Usuario.usuario == usuario)).scalar_one_or_none()


def lock_minutes(failures: int) -> int:
    """How long the lockout started by this many consecutive failures lasts: 15 minutes, then 30, 60… up to a day."""
    level = max(1, failures // MAX_FAILED)
    return min(LOCK_MINUTES * 2 ** (level - 1), MAX_LOCK_MINUTES)


def is_locked(user, now: datetime) -> bool:
    """Whether the user is locked out by failed sign-ins at this moment."""
    return user.bloqueado_hasta is not None and user.bloqueado_hasta > now


def sign_in(*, session: Session, usuario: str, pin: str, now: datetime | None = None) -> Usuario:
    """The user if the PIN matches; every 5th failure in a row locks the user, longer each time. Every outcome is an event."""
    from services import audit
    from services.calendar import now_utc

    now = now or now_utc()
    login = usuario.strip().lower()
    user = find_user(session, login)
    if user is not None and not user.activo:
        user = None
    matches = _verify_or_pretend(user, pin)

    def refuse() -> PermissionDenied:
        # The caller's transaction is rolled back when this raises: the count, the lock and their events are committed
        # first, or no failure would ever be counted and no user ever locked.
        session.commit()
        return PermissionDenied(REFUSED)

    if user is None:
        audit.record(session, actor=SYSTEM_SIGNIN, accion="acceso_fallido", unidad_id=None,
                     detalle={"usuario": login[:40], "motivo": "usuario desconocido o inactivo"})
        raise refuse()
    if is_locked(user, now):
        audit.record(session, actor=actor_for(user), accion="acceso_fallido", unidad_id=user.unidad_id,
                     detalle={"usuario": user.usuario, "motivo": "usuario bloqueado"})
        raise refuse()
    if not matches:
        # The count is kept across lockouts (until a good PIN or the administrator clears it), so each lockout is longer.
        user.intentos_fallidos += 1
        detail = {"usuario": user.usuario, "intentos": user.intentos_fallidos}
        if user.intentos_fallidos % MAX_FAILED == 0:
            minutes = lock_minutes(user.intentos_fallidos)
            user.bloqueado_hasta = now + timedelta(minutes=minutes)
            audit.record(session, actor=actor_for(user), accion="usuario_bloqueado", unidad_id=user.unidad_id,
                         detalle={**detail, "minutos": minutes})
        else:
            audit.record(session, actor=actor_for(user), accion="acceso_fallido", unidad_id=user.unidad_id,
                         detalle=detail)
        raise refuse()
    user.intentos_fallidos, user.bloqueado_hasta = 0, None
    audit.record(session, actor=actor_for(user), accion="acceso", unidad_id=user.unidad_id)
    return user


def confirm_pin(*, session: Session, usuario: str, pin: str) -> Usuario:
    """The signed-in user's PIN typed on the lock screen; a wrong one never counts towards a lockout (the screen waits)."""
    from services import audit

    user = find_user(session, usuario)
    if user is not None and not user.activo:
        user = None
    matches = _verify_or_pretend(user, pin)
    if user is None:
        raise PermissionDenied(LOCK_SCREEN_GONE)
    if not matches:
        audit.record(session, actor=actor_for(user), accion="acceso_fallido", unidad_id=user.unidad_id,
                     detalle={"usuario": user.usuario, "motivo": "PIN incorrecto en la pantalla bloqueada"})
        session.commit()
        raise PermissionDenied(LOCK_SCREEN_WRONG)
    audit.record(session, actor=actor_for(user), accion="desbloqueo_pantalla", unidad_id=user.unidad_id)
    return user


def record_sign_out(*, session: Session, actor: Actor, unidad_id: int | None) -> None:
    """Record that a locked session was closed from the lock screen so that someone else could sign in."""
    from services import audit

    audit.record(session, actor=actor, accion="sesion_cerrada", unidad_id=unidad_id,
                 detalle={"desde": "pantalla bloqueada"})


THEMES = ("", "alto-contraste")


def set_theme(*, session: Session, actor: Actor, tema: str) -> None:
    """Remember the signed-in user's colour theme ("" is the default one)."""
    if tema not in THEMES:
        raise InvalidInput("Tema desconocido.")
    user = session.get(Usuario, actor.id)
    if user is None:
        raise InvalidInput("El usuario no existe.")
    user.tema = tema
