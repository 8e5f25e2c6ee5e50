"""Read-only look-ups of a unit's catalogs that screens need for their choices: áreas and buzones."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Area, Buzon


def list_areas(*, session: Session, unidad_id: int, incluir_inactivas: bool = False) -> list[Area]:
    """The unit's áreas by name; only active ones unless asked (a petition is routed to an active área only)."""
    statement = select(Area).where(Area.unidad_id == unidad_id).order_by(Area.nombre, Area.id)
    if not incluir_inactivas:
        statement = statement.where(Area.activa.is_(True))
    return list(session.execute(statement).scalars())


def list_buzones(*, session: Session, unidad_id: int, incluir_inactivos: bool = False) -> list[Buzon]:
    """The unit's buzones by clave; only active ones unless asked."""
    statement = select(Buzon).where(Buzon.unidad_id == unidad_id).order_by(Buzon.clave, Buzon.id)
    if not incluir_inactivos:
        statement = statement.where(Buzon.activo.is_(True))
    return list(session.execute(statement).scalars())
