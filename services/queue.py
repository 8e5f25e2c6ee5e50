"""The queue (bandeja): petitions paged by keyset from SQL, urgent first, never loaded whole."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from models import Area, Peticion
from models.enums import Estado
from services.calendar import MEXICO_CITY

PAGE_SIZE = 200
_OPEN = [s.value for s in Estado if s != Estado.CONCLUIDA]


@dataclass(frozen=True)
class QueueFilter:
    """What the officer narrowed the queue to."""

    estado: str | None = None
    tipo: str | None = None
    canal: str | None = None
    area_id: int | None = None
    solo_urgentes: bool = False
    solo_vencidas: bool = False
    solo_abiertas: bool = False
    desde: date | None = None
    hasta: date | None = None
    buscar: str = ""


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One row of the queue, without personal data."""

    id: int
    folio: str
    recibida_en: datetime
    tipo: str
    canal: str
    area: str | None
    estado: str
    vence_en: date | None
    urgente: bool
    datos_incompletos: bool


@dataclass(frozen=True)
class Cursor:
    """Where the next page starts: the (urgente, id) of the last row shown."""

    urgente: bool
    id: int


@dataclass
class Page:
    """A page of the queue and the cursor for the next one (None at the end)."""

    items: list[QueueItem] = field(default_factory=list)
    next_cursor: Cursor | None = None


def _conditions(f: QueueFilter, today: date) -> list:
    conditions = []
    if f.estado:
        conditions.append(Peticion.estado == f.estado)
    elif f.solo_abiertas:
        conditions.append(Peticion.estado.in_(_OPEN))
    if f.tipo:
        conditions.append(Peticion.tipo == f.tipo)
    if f.canal:
        conditions.append(Peticion.canal == f.canal)
    if f.area_id:
        conditions.append(Peticion.area_id == f.area_id)
    if f.solo_urgentes:
        conditions.append(Peticion.urgente.is_(True))
    if f.solo_vencidas:
        conditions.append(Peticion.vence_en < today)
    if f.desde:
        conditions.append(Peticion.recibida_en >= datetime.combine(f.desde, time(), MEXICO_CITY))
    if f.hasta:
        conditions.append(Peticion.recibida_en < datetime.combine(f.hasta + timedelta(days=1), time(), MEXICO_CITY))
    text = f.buscar.strip()
    if text:
        conditions.append(_search(text))
    return conditions


def _search(text: str):
    if "-" in text and any(ch.isdigit() for ch in text):
        return Peticion.folio.like(f"%{text.upper()}%")
    pattern = f"%{text}%"
    name = func.lower(Peticion.nombre + " " + Peticion.primer_apellido + " " + Peticion.segundo_apellido)
    return or_(Peticion.folio.like(f"%{text.upper()}%"), name.like(pattern.lower()), Peticion.descripcion.like(pattern))


def page(session: Session, *, unidad_id: int, today: date, filtro: QueueFilter = QueueFilter(),
         after: Cursor | None = None, size: int = PAGE_SIZE) -> Page:
    """One page of the queue ordered urgent first, newest first; `after` continues from a cursor."""
    statement = (
        select(Peticion.id, Peticion.folio, Peticion.recibida_en, Peticion.tipo, Peticion.canal, Area.nombre,
               Peticion.estado, Peticion.vence_en, Peticion.urgente, Peticion.datos_incompletos)
        .outerjoin(Area, Area.id == Peticion.area_id)
        .where(Peticion.unidad_id == unidad_id, *_conditions(filtro, today))
        .order_by(Peticion.urgente.desc(), Peticion.id.desc())
        .limit(size + 1)
    )
    if after is not None:
        statement = statement.where(or_(
            Peticion.urgente < after.urgente, and_(Peticion.urgente == after.urgente, Peticion.id < after.id)))
    rows = [QueueItem(*row) for row in session.execute(statement)]
    more = len(rows) > size
    rows = rows[:size]
    cursor = Cursor(rows[-1].urgente, rows[-1].id) if more else None
    return Page(rows, cursor)


def header_counts(session: Session, *, unidad_id: int, today: date) -> tuple[int, int]:
    """How many open urgent petitions and how many overdue clocks the unit has."""
    urgent = session.execute(
        select(func.count()).select_from(Peticion)
        .where(Peticion.unidad_id == unidad_id, Peticion.urgente.is_(True), Peticion.estado != Estado.CONCLUIDA.value)
    ).scalar()
    overdue = session.execute(
        select(func.count()).select_from(Peticion).where(Peticion.unidad_id == unidad_id, Peticion.vence_en < today)
    ).scalar()
    return urgent, overdue
