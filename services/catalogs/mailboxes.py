"""The unit's buzones de opinión as a catalog: listing, installing and taking one out of service."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from models import BajaBuzon, Buzon
from models.validators import clean_text
from services import audit
from services.actor import Actor, require
from services.calendar import today_local
from services.catalogs.rows import editable
from services.errors import InvalidInput


def list_buzones(*, session: Session, unidad_id: int, incluir_inactivos: bool = False) -> list[Buzon]:
    """The unit's buzones, active ones first and by clave; only active ones unless asked."""
    statement = (select(Buzon).where(col(Buzon.unidad_id) == unidad_id)
                 .order_by(col(Buzon.activo).desc(), col(Buzon.clave), col(Buzon.id)))
    if not incluir_inactivos:
        statement = statement.where(col(Buzon.activo).is_(True))
    return list(session.execute(statement).scalars())


def add_buzon(*, session: Session, actor: Actor, unidad_id: int, clave: str, ubicacion: str) -> Buzon:
    """Install a buzón: a clave unique in the unit and where it is."""
    require(actor, "catalogos")
    clave, ubicacion = clean_text(clave).upper(), clean_text(ubicacion)
    if not clave or not ubicacion:
        raise InvalidInput("El buzón necesita clave y ubicación.")
    taken = session.execute(
        select(col(Buzon.id)).where(col(Buzon.unidad_id) == unidad_id, func.upper(col(Buzon.clave)) == clave)
    ).first()
    if taken:
        raise InvalidInput(f"Ya existe un buzón con la clave {clave}.")
    buzon = Buzon(unidad_id=unidad_id, clave=clave, ubicacion=ubicacion, instalado_en=today_local())
    session.add(buzon)
    session.flush()
    audit.record(session, actor=actor, accion="buzon_creado", unidad_id=unidad_id, detalle={"buzon": buzon.clave})
    return buzon


def set_buzon_active(*, session: Session, actor: Actor, buzon_id: int, activo: bool) -> Buzon:
    """Take a buzón out of service (or back); its weeks out of service owe no collections (L1)."""
    buzon = editable(session, actor, Buzon, buzon_id, "No existe ese buzón.")
    if buzon.activo != activo:
        buzon.activo = activo
        _record_span(session, buzon, activo)
        audit.record(session, actor=actor, accion="buzon_reactivado" if activo else "buzon_desactivado",
                     unidad_id=buzon.unidad_id, detalle={"buzon": buzon.clave})
    return buzon


def _record_span(session: Session, buzon: Buzon, activo: bool) -> None:
    """Open a span out of service when the buzón is taken out, close the open one when it is put back."""
    today = today_local()
    if not activo:
        session.add(BajaBuzon(buzon_id=buzon.id, desde=today))
        return
    span = session.execute(select(BajaBuzon).where(col(BajaBuzon.buzon_id) == buzon.id, col(BajaBuzon.hasta).is_(None))
                           .order_by(col(BajaBuzon.id).desc()).limit(1)).scalar_one_or_none()
    if span is not None:
        span.hasta = today
