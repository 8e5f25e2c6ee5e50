"""First run: creating the unit and its first administrator on an empty database."""

from sqlalchemy import func
from sqlalchemy.orm import Session
from sqlmodel import col, select

from models import Unidad, Usuario
from models.enums import Rol
from services.actor import SYSTEM
from services.catalogs.units import create_unit
from services.catalogs.users import add_user
from services.errors import InvalidInput


def needs_setup(*, session: Session) -> bool:
    """True while the database has no unit or no user."""
    units = session.execute(select(func.count()).select_from(Unidad)).scalar()
    users = session.execute(select(func.count()).select_from(Usuario)).scalar()
    return not units or not users


def first_run(*, session: Session, clave: str, nombre: str, director_nombre: str, director_cargo: str,
              director_telefono: str, admin_usuario: str, admin_nombre: str, admin_pin: str) -> Unidad:
    """Create the unit and its first administrator; refused once the database has been set up."""
    if not needs_setup(session=session):
        raise InvalidInput("La unidad ya está configurada.")
    unit = session.execute(select(Unidad).order_by(col(Unidad.id))).scalars().first()
    if unit is None:
        unit = create_unit(session=session, actor=SYSTEM, clave=clave, nombre=nombre, director_nombre=director_nombre.strip(),
                           director_cargo=director_cargo.strip(), director_telefono=director_telefono.strip())
    add_user(session=session, actor=SYSTEM, unidad_id=unit.id, usuario=admin_usuario, nombre=admin_nombre,
             rol=Rol.ADMINISTRADOR, pin=admin_pin)
    return unit

