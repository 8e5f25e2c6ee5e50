"""PIN hashing with argon2 and signing in."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Usuario
from models.enums import Rol
from services.actor import Actor
from services.errors import InvalidInput


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
