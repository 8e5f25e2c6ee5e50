"""Suggestion boxes (L1): collections with the sheets declared and typed, weekly compliance and acknowledgements."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from models import Buzon, Peticion, Recoleccion
from services import audit
from services.actor import Actor, require
from services.calendar import MEXICO_CITY, now_utc
from services.dates import ensure_not_future
from services.errors import InvalidInput, NotFound
from services.lifecycle import get_petition
from services.terms import BUZON_COLLECTIONS_PER_WEEK

# A box holds a few dozen sheets; a larger figure is a typing slip, not a collection.
MAX_SHEETS = 500


def collect(*, session: Session, actor: Actor, buzon_id: int, hojas: int, when: datetime | None = None) -> Recoleccion:
    """Record a collection of a buzón and how many sheets were in it; a collection cannot be later than now."""
    require(actor, "buzon")
    buzon = session.get(Buzon, buzon_id)
    if buzon is None:
        raise NotFound("No existe ese buzón.")
    if not 0 <= hojas <= MAX_SHEETS:
        raise InvalidInput(f"El número de hojas debe estar entre 0 y {MAX_SHEETS}.")
    now = now_utc()
    ensure_not_future(when, now, "La fecha y hora de la recolección")
    when = when or now
    collection = Recoleccion(buzon_id=buzon.id, recolectada_en=when, hojas_declaradas=hojas, usuario_id=actor.id)
    session.add(collection)
    session.flush()
    audit.record(session, actor=actor, accion="recoleccion_buzon", unidad_id=buzon.unidad_id,
                 detalle={"buzon": buzon.clave, "hojas": hojas, "recoleccion_id": collection.id}, when=when)
    return collection


def acknowledge(*, session: Session, actor: Actor, folio: str, medio: str, now: datetime | None = None) -> Peticion:
    """Record that a buzón petitioner was told their sheet was received (L1)."""
    require(actor, "buzon")
    peticion = get_petition(session, folio, for_update=True)
    now = now or now_utc()
    peticion.acuse_buzon_en, peticion.acuse_vence_en = now, None
    audit.record(session, actor=actor, accion="acuse_buzon", unidad_id=peticion.unidad_id, peticion_id=peticion.id,
                 detalle={"medio": medio}, when=now)
    return peticion


@dataclass(frozen=True, slots=True)
class WeekCompliance:
    """Collections of one buzón in one calendar week against the L1 minimum."""

    buzon_id: int
    clave: str
    ubicacion: str
    recolecciones: int

    @property
    def cumple(self) -> bool:
        """True when the buzón was collected at least twice this week."""
        return self.recolecciones >= BUZON_COLLECTIONS_PER_WEEK


def week_bounds(day: date) -> tuple[datetime, datetime]:
    """Monday 00:00 and next Monday 00:00 (Mexico City) of the week containing day."""
    monday = day - timedelta(days=day.weekday())
    start = datetime.combine(monday, time(), MEXICO_CITY)
    return start, start + timedelta(days=7)


def week_compliance(session: Session, *, unidad_id: int, day: date) -> list[WeekCompliance]:
    """Every active buzón of the unit with its number of collections in day's week."""
    start, end = week_bounds(day)
    rows = session.connection().execute(_WEEK_COLLECTIONS, {"unidad": unidad_id, "desde": start, "hasta": end}).all()
    return [WeekCompliance(*row) for row in rows]


def _week_collections():
    counts = (
        select(col(Recoleccion.buzon_id), func.count().label("n"))
        .where(col(Recoleccion.recolectada_en) >= bindparam("desde"), col(Recoleccion.recolectada_en) < bindparam("hasta"))
        .group_by(col(Recoleccion.buzon_id)).subquery()
    )
    return (select(col(Buzon.id), col(Buzon.clave), col(Buzon.ubicacion), func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.buzon_id == col(Buzon.id))
            .where(col(Buzon.unidad_id) == bindparam("unidad"), col(Buzon.activo)).order_by(col(Buzon.clave)))


# Built once, like every statement F4 and the header run each time they open: building one costs more than running it.
_WEEK_COLLECTIONS = _week_collections()


@dataclass(frozen=True, slots=True)
class UntypedSheets:
    """A collection whose declared sheets are not all typed yet."""

    recoleccion_id: int
    buzon_id: int
    clave: str
    recolectada_en: datetime
    declaradas: int
    capturadas: int

    @property
    def faltan(self) -> int:
        """Sheets declared and not yet typed."""
        return self.declaradas - self.capturadas


def _typed(recoleccion_id):
    return (select(func.count()).select_from(Peticion).where(col(Peticion.recoleccion_id) == recoleccion_id)
            .scalar_subquery())


def untyped_sheets(session: Session, *, unidad_id: int) -> list[UntypedSheets]:
    """Every collection of the unit with fewer sheets typed than declared, oldest first."""
    return [UntypedSheets(*row) for row in session.connection().execute(_UNTYPED, {"unidad": unidad_id})]


def _untyped():
    typed = _typed(col(Recoleccion.id))
    return (select(col(Recoleccion.id), col(Recoleccion.buzon_id), col(Buzon.clave), col(Recoleccion.recolectada_en),
                   col(Recoleccion.hojas_declaradas), typed)
            .join(Buzon, col(Buzon.id) == col(Recoleccion.buzon_id))
            .where(col(Buzon.unidad_id) == bindparam("unidad"), col(Recoleccion.hojas_declaradas) > typed)
            .order_by(col(Recoleccion.recolectada_en), col(Recoleccion.id)))


_UNTYPED = _untyped()


def resume(*, session: Session, recoleccion_id: int) -> tuple[Recoleccion, int]:
    """A collection to go on typing its sheets, and how many are typed already."""
    collection = session.get(Recoleccion, recoleccion_id)
    if collection is None:
        raise NotFound("No existe esa recolección.")
    return collection, session.execute(select(_typed(recoleccion_id))).scalar_one()


def check_sheet_collection(session: Session, *, recoleccion_id: int, buzon_id: int | None) -> None:
    """Refuse a sheet said to come from a collection of another buzón, or from none on record."""
    collection = session.get(Recoleccion, recoleccion_id)
    if collection is None or collection.buzon_id != buzon_id:
        raise InvalidInput("La hoja no corresponde a una recolección registrada de ese buzón.")
