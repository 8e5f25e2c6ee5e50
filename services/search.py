"""Search that finds people: folio (whole or in part), CURP, phone, names and description words, ranked and masked.

One service behind the queue's search box, Ctrl+P and `moad buscar`. Exact identifiers come first (folio, SINAPP or
SIDAC folio, CURP, phone), then a folio typed in part, then names, then words of the description; newest first
within each. Names and words go through the database's text index (models/search_index.py), never a LIKE scan.
"""

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import ColumnElement, TextClause, bindparam, column, func, literal, literal_column, or_, select, table, text
from sqlalchemy.orm import Session
from sqlmodel import col

from models import Area, Peticion
from models.search_index import ACCENTED, FTS_TABLE, NAME_COLUMNS, PG_NAME_VECTOR, PG_TEXT_VECTOR, PLAIN
from models.validators import clean_text, normalize_phone
from services import audit
from services.actor import Actor, require
from services.errors import InvalidInput
from services.privacy import mask_name
from services.queue import QueueFilter, QueueItem, conditions_of, filter_bound, row_columns

SEARCH_LIMIT = 200
# Words are counted up to here: past it the officer narrows the search, and counting a common surname or word
# exactly at a million petitions would cost a lookup per match (a quarter of a second for «garcía»).
COUNT_CAP = 1_000
# The whole unit: the queue's filters narrow a search only when the queue passes them.
NO_FILTER = QueueFilter()
EMPTY = "Escriba qué buscar: un folio, un nombre, una CURP, un teléfono o palabras de la descripción."
# How each tier is named to the officer, best first.
FOUND_BY = {"folio": "folio", "curp": "CURP", "telefono": "teléfono", "folio_parcial": "folio", "nombre": "nombre",
            "descripcion": "descripción"}
_CURP = re.compile(r"^[A-Z]{4}\d{6}[HMX][A-Z]{5}[A-Z0-9]\d$")
_PHONE = re.compile(r"^\+?[\d\s().-]+$")
# A folio's year is 19xx or 20xx, so «55-1234-5678» reads as a phone, not as year 1234.
_YEAR = r"(?:19|20)\d{2}"
# «2982», «002982» or «2026-002982», optionally at the end of a whole folio's clave.
_FOLIO_TAIL = re.compile(rf"^(?:(?:.*-)?({_YEAR})-)?(\d{{1,6}})$")
_FOLIO_WITH_YEAR = re.compile(rf"^(?:.*-)?{_YEAR}-\d{{1,6}}$")
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
    # False when the words matched more than COUNT_CAP petitions: then total is «more than» that.
    total_exacto: bool = True


def _match(words: tuple[str, ...], sqlite: bool, columns: str) -> str:
    if sqlite:
        terms = " AND ".join(f'"{w}"*' for w in words)
        return f"{{{columns}}} : ({terms})"
    return " & ".join(f"{w}:*" for w in words)


def _any_match(query: Query, sqlite: bool) -> str:
    if sqlite:
        names = _match(query.palabras, True, " ".join(NAME_COLUMNS))
        return f"({names}) OR ({_match(query.palabras, True, 'descripcion')})"
    return _match(query.palabras, False, "")


_TSQUERY = "to_tsquery('simple'::regconfig, :{})"


def _condition(tier: str, sqlite: bool) -> Condition:
    """The condition of a tier (or of «any word tier» for the count) on named parameters."""
    # One equality per statement: with an OR of the three folios SQLite read the whole unit instead of three indexes.
    if tier in ("folio", "sinapp_folio", "sidac_folio", "curp", "telefono"):
        return getattr(Peticion, tier) == bindparam("s_folio" if "folio" in tier else f"s_{tier}")
    if tier == "folio_parcial":
        return col(Peticion.consecutivo) == bindparam("s_numero")
    if tier == "folio_anio":
        return (col(Peticion.consecutivo) == bindparam("s_numero")) & (col(Peticion.anio) == bindparam("s_anio"))
    if sqlite:
        if tier == "ids_con_palabras":
            return col(Peticion.id).in_(text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :s_any"))
        return text(f"{FTS_TABLE} MATCH :{'s_any' if tier == 'palabras' else 's_match'}")
    if tier in ("palabras", "ids_con_palabras"):
        return or_(text(f"{PG_NAME_VECTOR} @@ {_TSQUERY.format('s_any')}"),
                   text(f"{PG_TEXT_VECTOR} @@ {_TSQUERY.format('s_any')}"))
    vector = PG_NAME_VECTOR if tier == "nombre" else PG_TEXT_VECTOR
    return text(f"{vector} @@ {_TSQUERY.format('s_match')}")


@lru_cache(maxsize=256)
def _statement(tier: str, filters: tuple[str, ...], sqlite: bool, kind: str):
    """A tier's rows (kind «filas», newest first, at most :s_limite for the word tiers), its count («cuenta») or the
    exact ids that a word tier also finds («ids»); built once per shape, as the queue's statements are."""
    words = tier in ("nombre", "descripcion", "palabras")
    fts = sqlite and words
    where = [col(Peticion.unidad_id) == bindparam("s_unidad"), *conditions_of(filters), _condition(tier, sqlite)]
    if kind == "ids":
        return select(col(Peticion.id)).where(col(Peticion.id).in_(bindparam("s_ids", expanding=True)),
                                              _condition("ids_con_palabras", sqlite))
    source = _FTS_JOIN if fts else Peticion
    if kind == "cuenta":
        capped = select(literal(1)).select_from(source).where(*where).limit(bindparam("s_tope")).subquery()
        return select(func.count()).select_from(capped)
    order = _FTS.c.rowid if fts else col(Peticion.id)
    statement = (select(*row_columns(), *(getattr(Peticion, name) for name in NAME_COLUMNS)).select_from(source)
                 .outerjoin(Area, col(Area.id) == col(Peticion.area_id)).where(*where).order_by(order.desc()))
    return statement.limit(bindparam("s_limite")) if words else statement


def _exact_tiers(query: Query) -> list[tuple[str, str, dict[str, object]]]:
    """The identifier tiers a query has: the name shown, the statement's tier and its values."""
    tiers: list[tuple[str, str, dict[str, object]]] = []
    if query.folio:
        tiers += [("folio", column, {"s_folio": query.folio}) for column in ("folio", "sinapp_folio", "sidac_folio")]
    if query.curp:
        tiers.append(("curp", "curp", {"s_curp": query.curp}))
    if query.telefono:
        tiers.append(("telefono", "telefono", {"s_telefono": query.telefono}))
    if query.consecutivo is not None:
        values: dict[str, object] = {"s_numero": query.consecutivo}
        if query.anio is not None:
            tiers.append(("folio_parcial", "folio_anio", {**values, "s_anio": query.anio}))
        else:
            tiers.append(("folio_parcial", "folio_parcial", values))
    return tiers


def find(session: Session, *, unidad_id: int, query: Query, today: date, filtro: QueueFilter = NO_FILTER,
         limit: int = SEARCH_LIMIT) -> Results:
    """The petitions of the unit the query finds under the queue's other filters, ranked; nothing is logged here."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    filters, values = filter_bound(filtro, today)
    values = {**values, "s_unidad": unidad_id, "s_limite": limit}
    connection = session.connection()
    found: dict[int, Hit] = {}

    def take(rows, por: str) -> None:
        for row in rows:
            if row[0] not in found and len(found) < limit:
                found[row[0]] = Hit(QueueItem(row), por, mask_name(" ".join(p for p in row[10:] if p)) or "Anónimo")

    # Exact and partial folios, CURP and phone go through B-tree indexes and find few rows: all are read.
    exact_ids: set[int] = set()
    for por, tier, own in _exact_tiers(query):
        rows = connection.execute(_statement(tier, filters, sqlite, "filas"), {**values, **own}).all()
        exact_ids.update(row[0] for row in rows)
        take(rows, por)
    total = len(exact_ids)
    if query.palabras:
        for tier, columns in (("nombre", " ".join(NAME_COLUMNS)), ("descripcion", "descripcion")):
            if len(found) < limit:
                match = _match(query.palabras, sqlite, columns)
                take(connection.execute(_statement(tier, filters, sqlite, "filas"), {**values, "s_match": match}), tier)
        words = {**values, "s_any": _any_match(query, sqlite), "s_tope": COUNT_CAP + 1}
        counted = connection.execute(_statement("palabras", filters, sqlite, "cuenta"), words).scalar_one()
        if counted > COUNT_CAP:
            return Results(query, list(found.values()), COUNT_CAP, total_exacto=False)
        total += counted
        if exact_ids:
            # A petition found by its folio and by a word is counted once.
            also = connection.execute(_statement("palabras", (), sqlite, "ids"), {**words, "s_ids": sorted(exact_ids)})
            total -= len(also.all())
    return Results(query, list(found.values()), total)


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
    sqlite = session.get_bind().dialect.name == "sqlite"
    result: list[str] = []
    for _, tier, own in _exact_tiers(query):
        if tier != "curp" and tier != "telefono":
            rows = session.connection().execute(_statement(tier, (), sqlite, "filas"), {"s_unidad": unidad_id, **own})
            result += [row[1] for row in rows if row[1] not in result]
    return result[:limit]
