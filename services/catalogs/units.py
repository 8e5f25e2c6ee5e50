"""The unit whose desk this is: creating it, changing its data and finding it."""

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from models import Unidad
from services import audit
from services.actor import Actor, require
from services.catalogs.fields import apply_changes, clean_fields
from services.catalogs.rows import editable
from services.errors import InvalidInput, NotFound

UNIT_CLAVE = re.compile(r"[A-Z0-9](?:[A-Z0-9-]{0,18}[A-Z0-9])?")
UNIT_FIELDS = {
    "nombre": "nombre de la unidad",
    "tipo": "tipo de unidad",
    "domicilio": "domicilio",
    "lugar": "lugar",
    "director_nombre": "nombre del director",
    "director_cargo": "cargo del director",
    "director_telefono": "teléfono del director",
}


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


def update_unit(*, session: Session, actor: Actor, unidad_id: int, **fields) -> Unidad:
    """Change the unit's data (director, cargo, phone, domicilio…); the event names the fields changed."""
    unit = editable(session, actor, Unidad, unidad_id, "No existe esa unidad.")
    changes = clean_fields(fields, UNIT_FIELDS)
    if "nombre" in changes and not changes["nombre"]:
        raise InvalidInput("La unidad necesita un nombre.")
    changed = apply_changes(unit, changes)
    if changed:
        audit.record(session, actor=actor, accion="unidad_modificada", unidad_id=unit.id,
                     detalle={"campos": [UNIT_FIELDS[name] for name in changed]})
    return unit


def get_unit(*, session: Session, clave: str | None = None, unidad_id: int | None = None) -> Unidad:
    """The unit with this clave or id; with neither (a user of no unit), the database's only unit."""
    if clave:
        unit = session.execute(select(Unidad).where(col(Unidad.clave) == clave)).scalar_one_or_none()
        if unit is None:
            raise NotFound(f"No existe la unidad con clave {clave}.")
        return unit
    if unidad_id is not None:
        unit = session.get(Unidad, unidad_id)
        if unit is None:
            raise NotFound("No existe esa unidad.")
        return unit
    units = session.execute(select(Unidad).order_by(col(Unidad.id)).limit(2)).scalars().all()
    if not units:
        raise NotFound("La base de datos no tiene ninguna unidad; cree una (por ejemplo con «moad demo»).")
    if len(units) > 1:
        raise InvalidInput("Hay varias unidades en la base de datos; indique cuál con --unidad CLAVE.")
    return units[0]
