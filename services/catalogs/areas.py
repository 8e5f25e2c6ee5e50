"""The unit's áreas: listing them, adding one with its enlace and superior, changing and deactivating it."""

from typing import Any, cast

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from models import Area, Peticion
from models.enums import Estado
from services import audit
from services.actor import Actor, require
from services.catalogs.fields import apply_changes, clean_fields
from services.catalogs.rows import editable
from services.errors import InvalidInput

AREA_FIELDS = {
    "nombre": "nombre del área",
    "enlace_nombre": "nombre del enlace",
    "enlace_correo": "correo del enlace",
    "enlace_telefono": "teléfono del enlace",
    "superior_nombre": "nombre del superior jerárquico",
    "superior_cargo": "cargo del superior jerárquico",
    "superior_correo": "correo del superior jerárquico",
}
_OPEN = tuple(e.value for e in Estado if e not in (Estado.CONCLUIDA,))


def list_areas(*, session: Session, unidad_id: int, incluir_inactivas: bool = False) -> list[Area]:
    """The unit's áreas by name; only active ones unless asked (a petition is routed to an active área only)."""
    statement = _ALL_AREAS if incluir_inactivas else _ACTIVE_AREAS
    return list(session.execute(statement, {"unidad": unidad_id}).scalars())


# Built once: F4, the queue and the routing dialog list the áreas each time they open.
_ALL_AREAS = select(Area).where(col(Area.unidad_id) == bindparam("unidad")).order_by(col(Area.nombre), col(Area.id))
_ACTIVE_AREAS = _ALL_AREAS.where(col(Area.activa).is_(True))


def _same_name_area(session: Session, unidad_id: int, nombre: str, other_than: int | None = None) -> bool:
    statement = select(col(Area.id)).where(col(Area.unidad_id) == unidad_id, func.lower(col(Area.nombre)) == nombre.lower(),
                                           col(Area.activa))
    if other_than is not None:
        statement = statement.where(col(Area.id) != other_than)
    return session.execute(statement).first() is not None


def add_area(*, session: Session, actor: Actor, unidad_id: int, nombre: str, **fields) -> Area:
    """Create an área with its enlace and superior, validating e-mails and phones."""
    require(actor, "catalogos")
    changes = clean_fields({"nombre": nombre, **fields}, AREA_FIELDS)
    if not changes["nombre"]:
        raise InvalidInput("El área necesita un nombre.")
    if _same_name_area(session, unidad_id, changes["nombre"]):
        raise InvalidInput(f"Ya existe un área activa llamada «{changes['nombre']}».")
    area = Area(unidad_id=unidad_id, **cast(dict[str, Any], changes))
    session.add(area)
    session.flush()
    audit.record(session, actor=actor, accion="area_creada", unidad_id=unidad_id, detalle={"area": area.nombre})
    return area


def update_area(*, session: Session, actor: Actor, area_id: int, **fields) -> Area:
    """Change an área's name, enlace or superior; the event names the fields changed."""
    area = editable(session, actor, Area, area_id, "No existe esa área.")
    changes = clean_fields(fields, AREA_FIELDS)
    if "nombre" in changes:
        if not changes["nombre"]:
            raise InvalidInput("El área necesita un nombre.")
        if _same_name_area(session, area.unidad_id, changes["nombre"], other_than=area.id):
            raise InvalidInput(f"Ya existe un área activa llamada «{changes['nombre']}».")
    changed = apply_changes(area, changes)
    if changed:
        audit.record(session, actor=actor, accion="area_modificada", unidad_id=area.unidad_id,
                     detalle={"area": area.nombre, "campos": [AREA_FIELDS[name] for name in changed]})
    return area


def set_area_active(*, session: Session, actor: Actor, area_id: int, activa: bool) -> int:
    """Deactivate (or reactivate) an área; returns how many open petitions are still routed to it."""
    area = editable(session, actor, Area, area_id, "No existe esa área.")
    if activa and _same_name_area(session, area.unidad_id, area.nombre, other_than=area.id):
        raise InvalidInput(f"Ya existe otra área activa llamada «{area.nombre}».")
    open_count = session.execute(
        select(func.count()).select_from(Peticion).where(col(Peticion.area_id) == area.id, col(Peticion.estado).in_(_OPEN))
    ).scalar_one()
    if area.activa != activa:
        area.activa = activa
        audit.record(session, actor=actor, accion="area_reactivada" if activa else "area_desactivada",
                     unidad_id=area.unidad_id, detalle={"area": area.nombre, "peticiones_abiertas": open_count})
    return open_count
