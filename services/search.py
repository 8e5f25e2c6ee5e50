"""Search that finds people: folio (whole or in part), CURP, phone, names and description words, ranked and masked.

One service behind the queue's search box, Ctrl+P and `moad buscar`. Exact identifiers come first (folio, SINAPP or
SIDAC folio, CURP, phone), then a folio typed in part, then names, then words of the description; newest first
within each. Names and words go through the database's text index (models/search_index.py), never a LIKE scan.
"""

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, TextClause, bindparam, column, func, literal_column, or_, select, table, text
from sqlalchemy.orm import Session
from sqlmodel import col

from models import Area, Peticion
from models.search_index import ACCENTED, FTS_TABLE, NAME_COLUMNS, PG_NAME_VECTOR, PG_TEXT_VECTOR, PLAIN
from models.validators import clean_text, normalize_phone
from services import audit
from services.actor import Actor, require
from services.errors import InvalidInput
from services.privacy import mask_name
from services.queue import QueueFilter, QueueItem, filter_conditions, row_columns

SEARCH_LIMIT = 200
# The whole unit: the queue's filters narrow a search only when the queue passes them.
NO_FILTER = QueueFilter()
EMPTY = "Escriba qué buscar: un folio, un nombre, una CURP, un teléfono o palabras de la descripción."
# How each tier is named to the officer, best first.
FOUND_BY = {"folio": "folio", "curp": "CURP", "telefono": "teléfono", "folio_parcial": "folio", "nombre": "nombre",
            "descripcion": "descripción"}
_CURP = re.compile(r"^[A-Z]{4}\d{6}[HMX][A-Z]{5}[A-Z0-9]\d$")
_PHONE = re.compile(r"^\+?[\d\s().-]+$")
# «2982», «002982» or «2026-002982», optionally at the end of a whole folio's clave.
_FOLIO_TAIL = re.compile(r"^(?:(?:.*-)?(\d{4})-)?(\d{1,6})$")
_FOLIO_WITH_YEAR = re.compile(r"^(?:.*-)?\d{4}-\d{1,6}$")
_FOLD = str.maketrans(ACCENTED + ACCENTED.upper(), PLAIN + PLAIN)
# A condition on peticion, or on the FTS table joined to it, written in SQL where SQLAlchemy has no operator.
Condition = ColumnElement[bool] | TextClause
_FTS = table(FTS_TABLE, column("rowid"))
# The unary plus keeps SQLite from probing the FTS table once per petition of the unit (it would read the unit's
# index and run the MATCH a million times); the match drives and each hit is one primary-key lookup.
_FTS_JOIN = _FTS.join(Peticion, col(Peticion.id) == literal_column(f"+{FTS_TABLE}.rowid"))


@dataclass(frozen=True, slots=True)
class Query:
    """What a typed text can be: each identifier it parses as, and its words folded (no accents, lower case)."""

    texto: str
    folio: str | None = None
    anio: int | None = None
    consecutivo: int | None = None
    curp: str | None = None
    telefono: str | None = None
    palabras: tuple[str, ...] = ()

    @property
    def personal(self) -> bool:
        """Whether the text can name a person (CURP, phone or words that are not a folio): such a search is logged."""
        folio_only = self.consecutivo is not None
        return bool(self.curp or self.telefono or (not folio_only and any(not w.isdigit() for w in self.palabras)))


def fold(value: str) -> str:
    """Lower case without Spanish accents, as the text index stores words."""
    return value.lower().translate(_FOLD)


def parse(texto: str) -> Query:
    """Read what was typed as folio, CURP, phone and words; InvalidInput when there is nothing to look for."""
    value = clean_text(texto)
    words = tuple(re.findall(r"[^\W_]+", fold(value)))
    if not words:
        raise InvalidInput(EMPTY)
    upper = value.upper()
    compact = re.sub(r"[\s-]", "", upper)
    curp = compact if _CURP.match(compact) else None
    telefono = _phone(value)
    tail = None if telefono or " " in value.strip() else _FOLIO_TAIL.match(upper)
    folio = upper if not curp and not telefono and " " not in value and any(c.isdigit() for c in value) else None
    return Query(
        texto=value, folio=folio, curp=curp, telefono=telefono,
        anio=int(tail.group(1)) if tail and tail.group(1) else None,
        consecutivo=int(tail.group(2)) if tail else None,
        # A phone's digit groups are not words to look for in descriptions.
        palabras=() if telefono else words,
    )


def _phone(value: str) -> str | None:
    digits = re.sub(r"\D", "", value)
    if not _PHONE.match(value.strip()) or len(digits) < 10 or _FOLIO_WITH_YEAR.match(value.strip()):
        return None
    try:
        return normalize_phone(value)
    except ValueError:
        # Stored phones are 10 national digits; a number the validator doubts is still looked up by its last ten.
        return digits[-10:] if len(digits) <= 13 else None


@dataclass(frozen=True, slots=True)
class Hit:
    """One petition found: its queue row, what it was found by, and the petitioner's name masked."""

    item: QueueItem
    por: str
    nombre: str


@dataclass(frozen=True, slots=True)
class Results:
    """The best `limit` petitions found and how many there are in all."""

    query: Query
    hits: list[Hit]
    total: int


def _match(words: tuple[str, ...], sqlite: bool, columns: str) -> str:
    if sqlite:
        terms = " AND ".join(f'"{w}"*' for w in words)
        return f"{{{columns}}} : ({terms})"
    return " & ".join(f"{w}:*" for w in words)


def _text_conditions(query: Query, sqlite: bool) -> list[tuple[str, Condition, str]]:
    """The name and description tiers: their condition and the text-search query they bind."""
    if not query.palabras:
        return []
    if sqlite:
        condition = text(f"{FTS_TABLE} MATCH :s_match")
        return [("nombre", condition, _match(query.palabras, True, " ".join(NAME_COLUMNS))),
                ("descripcion", condition, _match(query.palabras, True, "descripcion"))]
    tsquery = _match(query.palabras, False, "")
    return [(por, text(f"{vector} @@ to_tsquery('simple'::regconfig, :s_match)"), tsquery)
            for por, vector in (("nombre", PG_NAME_VECTOR), ("descripcion", PG_TEXT_VECTOR))]


def _exact_conditions(query: Query) -> list[tuple[str, ColumnElement[bool]]]:
    conditions: list[tuple[str, ColumnElement[bool]]] = []
    if query.folio:
        conditions.append(("folio", or_(col(Peticion.folio) == query.folio, col(Peticion.sinapp_folio) == query.folio,
                                        col(Peticion.sidac_folio) == query.folio)))
    if query.curp:
        conditions.append(("curp", col(Peticion.curp) == query.curp))
    if query.telefono:
        conditions.append(("telefono", col(Peticion.telefono) == query.telefono))
    if query.consecutivo is not None:
        partial = col(Peticion.consecutivo) == query.consecutivo
        if query.anio is not None:
            partial = partial & (col(Peticion.anio) == query.anio)
        conditions.append(("folio_parcial", partial))
    return conditions


def _rows(session: Session, where: list[Condition], values: dict, *, fts: bool, limit: int | None):
    order = _FTS.c.rowid if fts else col(Peticion.id)
    statement = select(*row_columns(), *(getattr(Peticion, name) for name in NAME_COLUMNS))
    statement = statement.select_from(_FTS_JOIN if fts else Peticion)
    statement = statement.outerjoin(Area, col(Area.id) == col(Peticion.area_id)).where(*where).order_by(order.desc())
    if limit is not None:
        statement = statement.limit(limit)
    return session.connection().execute(statement, values).all()


def _count(session: Session, where: list[Condition], values: dict, *, fts: bool) -> int:
    statement = select(func.count()).select_from(_FTS_JOIN if fts else Peticion).where(*where)
    return session.connection().execute(statement, values).scalar_one()


def find(session: Session, *, unidad_id: int, query: Query, today: date, filtro: QueueFilter = NO_FILTER,
         limit: int = SEARCH_LIMIT) -> Results:
    """The petitions of the unit the query finds under the queue's other filters, ranked; nothing is logged here."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    conditions, values = filter_conditions(filtro, today)
    base: list[Condition] = [col(Peticion.unidad_id) == bindparam("s_unidad"), *conditions]
    values = {**values, "s_unidad": unidad_id}
    found: dict[int, Hit] = {}

    def take(rows, por: str) -> None:
        for row in rows:
            if row[0] not in found and len(found) < limit:
                found[row[0]] = Hit(QueueItem(row), por, mask_name(" ".join(p for p in row[10:] if p)) or "Anónimo")

    # Exact and partial folios, CURP and phone go through B-tree indexes and find few rows: all are read.
    exact_ids: set[int] = set()
    for por, condition in _exact_conditions(query):
        rows = _rows(session, [*base, condition], values, fts=False, limit=None)
        exact_ids.update(row[0] for row in rows)
        take(rows, por)
    total = len(exact_ids)
    tiers = _text_conditions(query, sqlite)
    for por, matches, match in tiers:
        if len(found) < limit:
            take(_rows(session, [*base, matches], {**values, "s_match": match}, fts=sqlite, limit=limit), por)
    if tiers:
        either = _either(query, sqlite)
        total += _count(session, [*base, either], {**values, "s_any": _any_match(query, sqlite)}, fts=sqlite)
        if exact_ids:
            both = select(col(Peticion.id)).where(col(Peticion.id).in_(exact_ids), _either(query, sqlite, on_peticion=True))
            total -= len(session.connection().execute(both, {"s_any": _any_match(query, sqlite)}).all())
    return Results(query, list(found.values()), total)


def _any_match(query: Query, sqlite: bool) -> str:
    if sqlite:
        names = _match(query.palabras, True, " ".join(NAME_COLUMNS))
        return f"({names}) OR ({_match(query.palabras, True, 'descripcion')})"
    return _match(query.palabras, False, "")


def _either(query: Query, sqlite: bool, *, on_peticion: bool = False) -> Condition:
    """A name or a description matches: on the FTS join for SQLite (or on peticion's id), on peticion for PostgreSQL."""
    if sqlite:
        if on_peticion:
            return col(Peticion.id).in_(text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :s_any"))
        return text(f"{FTS_TABLE} MATCH :s_any")
    tsquery = "to_tsquery('simple'::regconfig, :s_any)"
    return or_(text(f"{PG_NAME_VECTOR} @@ {tsquery}"), text(f"{PG_TEXT_VECTOR} @@ {tsquery}"))


def search(session: Session, *, actor: Actor, unidad_id: int, texto: str, today: date,
           filtro: QueueFilter = NO_FILTER, limit: int = SEARCH_LIMIT) -> Results:
    """Search the unit's petitions; a search that can name a person is an access to personal data and is recorded."""
    require(actor, "leer")
    query = parse(texto)
    results = find(session, unidad_id=unidad_id, query=query, today=today, filtro=filtro, limit=limit)
    if query.personal:
        # What was typed is a person's name, CURP or phone: the event says by what and which folios were shown, never the text.
        criterio = "curp" if query.curp else "telefono" if query.telefono else "nombre"
        audit.record(session, actor=actor, accion="busqueda_datos_personales", unidad_id=unidad_id,
                     detalle={"criterio": criterio, "resultados": results.total,
                              "folios": [hit.item.folio for hit in results.hits]})
    return results


def folios(session: Session, *, unidad_id: int, texto: str, limit: int = 8) -> list[str]:
    """The folios a folio typed whole or in part («2982», «2026-002982», a SINAPP folio) names, best first."""
    try:
        query = parse(texto)
    except InvalidInput:
        return []
    conditions = [c for por, c in _exact_conditions(query) if por in ("folio", "folio_parcial")]
    result: list[str] = []
    for condition in conditions:
        statement = (select(col(Peticion.folio)).where(col(Peticion.unidad_id) == unidad_id, condition)
                     .order_by(col(Peticion.id).desc()).limit(limit))
        result += [f for f in session.execute(statement).scalars() if f not in result]
    return result[:limit]
