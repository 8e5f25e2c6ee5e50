"""Writing one registration in few statements: the folio and the chain head in one, then the petition and its event."""

from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Connection, bindparam, exists, func, insert, literal_column, select, update
from sqlalchemy.orm import Session

from models import CadenaEventos, Consecutivo, Evento, Peticion
from models.audit import KEYED, chain_key
from models.types import table_of
from services import audit
from services.audit_key import chain_key_bytes
from services.inserts import attach, defaults_of, insert_or_ignore

_COUNTER, _HEAD = table_of(Consecutivo), table_of(CadenaEventos)
_PETITION, _EVENT = table_of(Peticion), table_of(Evento)
SERIE = "folio"
_NUMBER = _COUNTER.c.ultimo + 1
_THIS_COUNTER = ((_COUNTER.c.unidad_id == bindparam("k_unidad")) & (_COUNTER.c.anio == bindparam("k_anio"))
                 & (_COUNTER.c.serie == SERIE))
_THIS_HEAD = _HEAD.c.cadena == bindparam("k_cadena")
_HEAD_COLUMNS = (_HEAD.c.ultimo_id, _HEAD.c.ultimo_hash, _HEAD.c.eventos, _HEAD.c.sello)
# SQLite: the writer already holds the database's write lock, so the head is read in the counter's own statement.
_RESERVE_SQLITE = update(_COUNTER).where(_THIS_COUNTER).values(ultimo=_NUMBER).returning(
    _COUNTER.c.ultimo, *(select(column).where(_THIS_HEAD).scalar_subquery() for column in _HEAD_COLUMNS))


def _reserve_postgresql():
    # The head is locked only once the number is taken (counter first, then head, as every writer does, so two
    # desks never wait on each other in opposite orders); the new rows' ids come from their sequences at once, so
    # the event's hash can be computed before anything is inserted.
    number = update(_COUNTER).where(_THIS_COUNTER).values(ultimo=_NUMBER).returning(_COUNTER.c.ultimo).cte("numero")
    head = select(*_HEAD_COLUMNS).where(_THIS_HEAD, exists(select(number.c.ultimo))).with_for_update().cte("cabeza")
    ids = (func.nextval(func.pg_get_serial_sequence(table, "id")) for table in ("peticion", "evento"))
    return select(number.c.ultimo, *head.c, *ids).select_from(number.outerjoin(head, literal_column("true")))


_RESERVE_POSTGRESQL = _reserve_postgresql()


@dataclass(frozen=True, slots=True)
class Reservation:
    """A folio number taken, the chain head locked, and on PostgreSQL the ids the petition and its event will get."""

    number: int
    head: audit.Head
    cadena: int
    secret: bytes
    ids: tuple[int, int] | None


def reserve(session: Session, *, unidad_id: int, anio: int) -> Reservation:
    """Take the next folio number of the unit and year and lock the unit's chain head, in one statement when both exist."""
    # Pending ORM changes go first, as an autoflush would send them.
    session.flush()
    connection = session.connection()
    cadena, secret = chain_key(unidad_id), chain_key_bytes()
    postgresql = connection.dialect.name == "postgresql"
    parameters = {"k_unidad": unidad_id, "k_anio": anio, "k_cadena": cadena}
    row = connection.execute(_RESERVE_POSTGRESQL if postgresql else _RESERVE_SQLITE, parameters).first()
    if row is None:
        # The year's first folio: nothing was taken, so creating the counter and asking again leaves no gap.
        insert_or_ignore(connection, _COUNTER, {"unidad_id": unidad_id, "anio": anio, "serie": SERIE, "ultimo": 0})
        row = connection.execute(_RESERVE_POSTGRESQL if postgresql else _RESERVE_SQLITE, parameters).one()
    number, stored = row[0], tuple(row[1:5])
    if stored[0] is None:
        # The unit's first event: lock_head creates its head (the number above stays taken).
        head = audit.lock_head(session, cadena, secret)
    else:
        head = audit.checked_head(secret, cadena, audit.Head(*stored))
    return Reservation(number, head, cadena, secret, (row[5], row[6]) if postgresql else None)


def write(session: Session, reservation: Reservation, row: dict, event: dict) -> Peticion:
    """Insert the petition and its first event (chained after the reserved head) and move the head; returns the petition."""
    connection = session.connection()
    petition = {**defaults_of(Peticion), **row}
    petition.pop("id", None)
    event = {**event, "origen": audit.origin(), "version": KEYED, "hash_anterior": reservation.head.ultimo_hash}
    count = reservation.head.eventos + 1
    if reservation.ids is not None:
        petition["id"], event["id"] = reservation.ids
        event["peticion_id"] = petition["id"]
        _write_postgresql(connection, reservation, petition, event, count)
    else:
        petition["id"] = _new_id(connection.execute(_insert(_PETITION), petition).inserted_primary_key)
        event["peticion_id"] = petition["id"]
        event["hash"] = audit.digest_of(reservation.secret, reservation.head.ultimo_hash, event)
        event["id"] = _new_id(connection.execute(_insert(_EVENT), event).inserted_primary_key)
        connection.execute(audit.MOVE_HEAD, _head_values(reservation, event, count))
    return attach(session, Peticion, petition, fields_set=set(row) | {"id"})


def _new_id(key) -> int:
    assert key is not None, "an INSERT of one row always reports its key"
    return key[0]


def _write_postgresql(connection: Connection, reservation: Reservation, petition: dict, event: dict, count: int) -> None:
    event["hash"] = audit.digest_of(reservation.secret, reservation.head.ultimo_hash, event)
    statement = _together(tuple(sorted(petition)), tuple(sorted(event)))
    connection.execute(statement, {**{f"p_{k}": v for k, v in petition.items()}, **{f"e_{k}": v for k, v in event.items()},
                                   **_head_values(reservation, event, count)})


def _head_values(reservation: Reservation, event: dict, count: int) -> dict:
    return {"k_cadena": reservation.cadena, "k_id": event["id"], "k_hash": event["hash"], "k_count": count,
            "k_seal": audit.seal(reservation.secret, reservation.cadena, event["id"], event["hash"], count)}


@lru_cache(maxsize=2)
def _insert(table):
    # No explicit RETURNING: SQLite hands back the new id through lastrowid, which is cheaper to read.
    return insert(table)


@lru_cache(maxsize=8)
def _together(petition_columns: tuple[str, ...], event_columns: tuple[str, ...]):
    # PostgreSQL: petition, event and head in one statement, one round trip.
    petition = insert(_PETITION).values({name: bindparam(f"p_{name}", type_=_PETITION.c[name].type)
                                         for name in petition_columns}).cte("peticion_nueva")
    event = insert(_EVENT).values({name: bindparam(f"e_{name}", type_=_EVENT.c[name].type)
                                   for name in event_columns}).cte("evento_nuevo")
    return audit.MOVE_HEAD.add_cte(petition).add_cte(event)
