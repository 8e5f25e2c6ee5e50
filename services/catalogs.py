"""Creating the catalogs an administrator keeps: the unit, its áreas, buzones and users."""

import re
from datetime import datetime

from sqlalchemy.orm import Session

from models import Area, Buzon, Unidad, Usuario
from models.enums import Rol
from services import audit
from services.actor import Actor, require
from services.auth import hash_pin
from services.errors import InvalidInput

UNIT_CLAVE = re.compile(r"[A-Z0-9](?:[A-Z0-9-]{0,18}[A-Z0-9])?")


def create_unit(*, session: Session, actor: Actor, clave: str, nombre: str, when: datetime | None = None,
                **fields) -> Unidad:
    """Create the unit whose desk this is (`when` dates a unit set up before its data was loaded, as the demo's)."""
    require(actor, "catalogos")
    clave, nombre = clave.strip().upper(), nombre.strip()
    if not clave or not nombre:
        raise InvalidInput("La unidad necesita clave y nombre.")
    if not UNIT_CLAVE.fullmatch(clave):
        # The clave begins every folio, and folios name the expediente folders on disk.
        raise InvalidInput(f"La clave de la unidad «{clave}» solo puede llevar letras, dígitos y guiones "
                           "(p. ej. UMF-042), de 1 a 20 caracteres.")
    unit = Unidad(clave=clave, nombre=nombre, **fields)
    session.add(unit)
    session.flush()
    audit.record(session, actor=actor, accion="unidad_creada", unidad_id=unit.id, detalle={"clave": clave}, when=when)
    return unit


def create_area(*, session: Session, actor: Actor, unidad_id: int, nombre: str, **fields) -> Area:
    """Create an área with its enlace and superior jerárquico."""
    require(actor, "catalogos")
    if not nombre.strip():
        raise InvalidInput("El área necesita un nombre.")
    area = Area(unidad_id=unidad_id, nombre=nombre.strip(), **fields)
    session.add(area)
    session.flush()
    audit.record(session, actor=actor, accion="area_creada", unidad_id=unidad_id, detalle={"area": area.nombre})
    return area


def create_buzon(*, session: Session, actor: Actor, unidad_id: int, clave: str, ubicacion: str) -> Buzon:
    """Create a buzón de opinión."""
    require(actor, "catalogos")
    buzon = Buzon(unidad_id=unidad_id, clave=clave.strip(), ubicacion=ubicacion.strip())
    session.add(buzon)
    session.flush()
    audit.record(session, actor=actor, accion="buzon_creado", unidad_id=unidad_id, detalle={"buzon": buzon.clave})
    return buzon


def create_user(*, session: Session, actor: Actor, unidad_id: int | None, usuario: str, nombre: str,
                rol: Rol, pin: str, pin_hash: str | None = None) -> Usuario:
    """Create a user with a hashed PIN (pin_hash lets bulk set-up reuse one hash)."""
    require(actor, "catalogos")
    if not usuario.strip() or not nombre.strip():
        raise InvalidInput("El usuario necesita nombre de usuario y nombre completo.")
    user = Usuario(unidad_id=unidad_id, usuario=usuario.strip().lower(), nombre=nombre.strip(), rol=Rol(rol).value,
                   pin_hash=pin_hash or hash_pin(pin))
    session.add(user)
    session.flush()
    audit.record(session, actor=actor, accion="usuario_creado", unidad_id=unidad_id,
                 detalle={"usuario": user.usuario, "rol": user.rol})
    return user
