"""The queue (bandeja): petitions paged by keyset from SQL, urgent first, never loaded whole."""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, bindparam, func, or_, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType
from sqlmodel import col

from models import Area, Peticion
from models.enums import Estado
from services.calendar import MEXICO_CITY
from services.dates import as_date
from services.inhabiles import load_calendar
from services.pending_view import overdue_count

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


class QueueItem:
    """One row of the queue, without personal data; values are converted when read, not when fetched."""

    __slots__ = ("_row",)

    def __init__(self, row):
        self._row = row

    def __repr__(self) -> str:
        return f"QueueItem({self.folio}, {self.estado}, urgente={self.urgente})"

    id = property(lambda self: self._row[0], doc="Primary key of the petition.")
    folio = property(lambda self: self._row[1], doc="The petition's folio.")
    tipo = property(lambda self: self._row[3], doc="Tipo value.")
    canal = property(lambda self: self._row[4], doc="Canal value.")
    area = property(lambda self: self._row[5], doc="Name of the área it is routed to, if any.")
    estado = property(lambda self: self._row[6], doc="Estado value.")
    urgente = property(lambda self: bool(self._row[8]), doc="Flagged urgent (L2).")
    datos_incompletos = property(lambda self: bool(self._row[9]), doc="L3 data missing.")

    @property
    def recibida_en(self) -> datetime:
        """When it was received, aware (UTC)."""
        value = self._row[2]
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return value if value.tzinfo else value.replace(tzinfo=UTC)

    @property
    def vence_en(self) -> date | None:
        """Due date of the open clock, if any."""
        return as_date(self._row[7])


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


def _external_folios() -> tuple[ColumnElement[bool], ...]:
    # SINAPP and SIDAC folios are stored in upper case (services.external_systems), as q_folio is.
    return col(Peticion.sinapp_folio).like(bindparam("q_folio")), col(Peticion.sidac_folio).like(bindparam("q_folio"))


# Each filter is a condition on named parameters, so a queue statement is built once per combination of
# filters and reused: rebuilding it per page cost more than the query itself on a million rows.
_CONDITIONS: dict[str, Callable[[], ColumnElement[bool]]] = {
    "estado": lambda: col(Peticion.estado) == bindparam("q_estado"),
    "abiertas": lambda: col(Peticion.estado).in_(_OPEN),
    "tipo": lambda: col(Peticion.tipo) == bindparam("q_tipo"),
    "canal": lambda: col(Peticion.canal) == bindparam("q_canal"),
    "area": lambda: col(Peticion.area_id) == bindparam("q_area"),
    "urgentes": lambda: col(Peticion.urgente).is_(True),
    "vencidas": lambda: col(Peticion.vence_en) < bindparam("q_hoy"),
    "desde": lambda: col(Peticion.recibida_en) >= bindparam("q_desde"),
    "hasta": lambda: col(Peticion.recibida_en) < bindparam("q_hasta"),
    "folio": lambda: or_(col(Peticion.folio).like(bindparam("q_folio")), *_external_folios()),
    "texto": lambda: or_(
        col(Peticion.folio).like(bindparam("q_folio")), *_external_folios(),
        func.lower(col(Peticion.nombre) + " " + col(Peticion.primer_apellido) + " " + col(Peticion.segundo_apellido)).like(
            bindparam("q_nombre")),
        col(Peticion.descripcion).like(bindparam("q_texto")),
    ),
    # Rows strictly after the cursor in (urgente desc, id desc) order.
    "tras_urgente": lambda: or_(col(Peticion.urgente).is_(False),
                                and_(col(Peticion.urgente).is_(True), col(Peticion.id) < bindparam("q_id"))),
    "tras_normal": lambda: and_(col(Peticion.urgente).is_(False), col(Peticion.id) < bindparam("q_id")),
}


def _bound(f: QueueFilter, today: date, after: Cursor | None) -> tuple[tuple[str, ...], dict]:
    """The names of the conditions a filter needs and the values of their parameters."""
    names, values = [], {}

    def use(name: str, **params) -> None:
        names.append(name)
        values.update(params)

    if f.estado:
        use("estado", q_estado=f.estado)
    elif f.solo_abiertas:
        use("abiertas")
    if f.tipo:
        use("tipo", q_tipo=f.tipo)
    if f.canal:
        use("canal", q_canal=f.canal)
    if f.area_id:
        use("area", q_area=f.area_id)
    if f.solo_urgentes:
        use("urgentes")
    if f.solo_vencidas:
        use("vencidas", q_hoy=today)
    if f.desde:
        use("desde", q_desde=datetime.combine(f.desde, time(), MEXICO_CITY))
    if f.hasta:
        use("hasta", q_hasta=datetime.combine(f.hasta + timedelta(days=1), time(), MEXICO_CITY))
    text = f.buscar.strip()
    if text and "-" in text and any(ch.isdigit() for ch in text):
        use("folio", q_folio=f"%{text.upper()}%")
    elif text:
        use("texto", q_folio=f"%{text.upper()}%", q_nombre=f"%{text.lower()}%", q_texto=f"%{text}%")
    if after is not None:
        use("tras_urgente" if after.urgente else "tras_normal", q_id=after.id)
    return tuple(names), values


def row_columns() -> tuple[Any, ...]:
    """The columns a QueueItem reads, in its order; the área's name needs the outer join on Area."""
    # Dates and flags come back as the driver gives them; QueueItem converts them only when a row is drawn.
    return (col(Peticion.id), col(Peticion.folio), type_coerce(col(Peticion.recibida_en), NullType()), col(Peticion.tipo),
            col(Peticion.canal), col(Area.nombre), col(Peticion.estado), type_coerce(col(Peticion.vence_en), NullType()),
            type_coerce(col(Peticion.urgente), NullType()), type_coerce(col(Peticion.datos_incompletos), NullType()))


def filter_bound(filtro: QueueFilter, today: date) -> tuple[tuple[str, ...], dict]:
    """The names of the queue's filters other than its search text, and the values of their parameters."""
    return _bound(replace(filtro, buscar=""), today, None)


def conditions_of(names: tuple[str, ...]) -> list[ColumnElement[bool]]:
    """The conditions of named filters, on named parameters (see filter_bound)."""
    return [_CONDITIONS[name]() for name in names]


@lru_cache(maxsize=64)
def _statement(names: tuple[str, ...], size: int):
    return (
        select(*row_columns())
        .outerjoin(Area, col(Area.id) == col(Peticion.area_id))
        .where(col(Peticion.unidad_id) == bindparam("q_unidad"), *(_CONDITIONS[name]() for name in names))
        .order_by(col(Peticion.urgente).desc(), col(Peticion.id).desc())
        .limit(size + 1)
    )


def page_statement(*, unidad_id: int, today: date, filtro: QueueFilter = QueueFilter(), after: Cursor | None = None,
                   size: int = PAGE_SIZE) -> tuple[Select, dict]:
    """The keyset query of one page (one row more than asked, to know whether another page follows) and its values."""
    names, values = _bound(filtro, today, after)
    return _statement(names, size), {"q_unidad": unidad_id, **values}


def page(session: Session, *, unidad_id: int, today: date, filtro: QueueFilter = QueueFilter(),
         after: Cursor | None = None, size: int = PAGE_SIZE) -> Page:
    """One page of the queue ordered urgent first, newest first; `after` continues from a cursor."""
    statement, values = page_statement(unidad_id=unidad_id, today=today, filtro=filtro, after=after, size=size)
    # Plain column rows through the Core connection: the ORM layer would add work to every row and nothing else.
    rows = [QueueItem(row) for row in session.connection().execute(statement, values).all()]
    more = len(rows) > size
    rows = rows[:size]
    cursor = Cursor(rows[-1].urgente, rows[-1].id) if more else None
    return Page(rows, cursor)


# Each open state by name, not «≠ concluida»: one short range of the queue's (unit, state, urgency) index per state
# instead of a walk over every petition the unit ever had. Built once: the header asks after every change.
_URGENT_OPEN = select(func.count()).select_from(Peticion).where(
    col(Peticion.unidad_id) == bindparam("unidad"), col(Peticion.urgente).is_(True), col(Peticion.estado).in_(_OPEN))


def header_counts(session: Session, *, unidad_id: int, today: date) -> tuple[int, int]:
    """How many open urgent petitions the unit has and how many of its pending actions are overdue."""
    urgent = session.connection().execute(_URGENT_OPEN, {"unidad": unidad_id}).scalar_one()
    return urgent, overdue_count(session, unidad_id=unidad_id, today=today, calendar=load_calendar(session))
