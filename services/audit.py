"""The append-only event log: every change is written here in the same transaction, chained per unit by keyed hash."""

import getpass
import hmac
import json
import secrets
import socket
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam, update
from sqlalchemy.orm import Session
from sqlmodel import select

from models import CadenaEventos, Evento
from models.audit import KEYED, EventoDato, chain_key, head_seal, keyed_digest, personal_digest
from models.types import table_of
from services.actor import Actor
from services.audit_key import chain_key_bytes, key_file
from services.calendar import now_utc
from services.errors import DomainError
from services.inserts import insert_one, insert_or_ignore
from services.pending_touch import touch

_HEAD = table_of(CadenaEventos)
# Acts that read a petition and change nothing of it.
READINGS = frozenset({"consulta_publica", "datos_revelados", "expediente_consultado", "busqueda_datos_personales",
                      "arco_acceso"})
# Built once and run on the session's connection: every service writes events, so the ORM's overhead adds up.
_HEAD_AT = _HEAD.c.cadena == bindparam("k_cadena")
_LOCK_HEAD = select(_HEAD.c.ultimo_id, _HEAD.c.ultimo_hash, _HEAD.c.eventos, _HEAD.c.sello).where(_HEAD_AT).with_for_update()
MOVE_HEAD = update(_HEAD).where(_HEAD_AT).values(
    ultimo_id=bindparam("k_id"), ultimo_hash=bindparam("k_hash"), eventos=bindparam("k_count"), sello=bindparam("k_seal"))
_DATA = table_of(EventoDato)
# The key of the detail that holds the digest of an event's personal data (kept in EventoDato).
PERSONAL_DIGEST = "datos_personales"

_HASHED = ("unidad_id", "peticion_id", "usuario_id", "actor", "ocurrido_en", "accion", "estado_anterior",
           "estado_nuevo", "detalle", "origen")


class Head(NamedTuple):
    """A chain head as stored: its last event, that event's hash, how many events it holds and its seal."""

    ultimo_id: int
    ultimo_hash: str
    eventos: int
    sello: str


class ForeignChainKey(DomainError):
    """The chain head was sealed with another key (or altered): appending would fork the trust in the log."""


_origin: str | None = None


def set_origin(cuenta: str | None = None, host: str | None = None) -> str:
    """Set the OS account and host every event of this process records (each defaults to this machine's own)."""
    global _origin
    _origin = f"{cuenta or _os_account()}@{host or socket.gethostname()}"
    return _origin


def origin() -> str:
    """The «cuenta@host» this process's events record."""
    return _origin or set_origin()


def _os_account() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        # A container may run under a uid with no passwd entry and no LOGNAME; the event still says so.
        return "desconocida"


def record(
    session: Session, *, actor: Actor, accion: str, unidad_id: int | None,
    peticion_id: int | None = None, antes: str | None = None, despues: str | None = None,
    detalle: dict | None = None, when: datetime | None = None, personal: dict | None = None,
) -> Evento:
    """Append one event (personal data apart, only its digest hashed); the caller's transaction commits it."""
    # Every act on a petition is recorded here: its escalation list is recomputed before the commit, unless the act
    # only read it (the status page's role may not even write the list).
    if accion not in READINGS:
        touch(session, peticion_id)
    detalle = dict(detalle or {})
    stored = None
    if personal:
        stored = {"sal": secrets.token_hex(16), "texto": _dumps(personal)}
        detalle[PERSONAL_DIGEST] = personal_digest(stored["sal"], stored["texto"])
    fields = dict(
        unidad_id=unidad_id, peticion_id=peticion_id, usuario_id=actor.id, actor=actor.nombre,
        ocurrido_en=when or now_utc(), accion=accion, estado_anterior=antes, estado_nuevo=despues,
        detalle=_dumps(detalle), origen=origin(), version=KEYED,
    )
    session.flush()
    key, secret = chain_key(unidad_id), chain_key_bytes()
    head = lock_head(session, key, secret)
    fields.update(hash_anterior=head.ultimo_hash, hash=digest_of(secret, head.ultimo_hash, fields))
    evento = insert_one(session, Evento, fields)
    connection = session.connection()
    if stored is not None:
        connection.execute(_DATA.insert(), {"evento_id": evento.id, "peticion_id": peticion_id, **stored})
    count = head.eventos + 1
    connection.execute(MOVE_HEAD, {"k_cadena": key, "k_id": evento.id, "k_hash": evento.hash, "k_count": count,
                                    "k_seal": seal(secret, key, evento.id, evento.hash, count)})
    return evento


def _dumps(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


def vars_of(evento: Evento) -> dict:
    """The fields of an event that its hash covers."""
    return {name: getattr(evento, name) for name in _HASHED}


def digest_of(secret: bytes, previous: str, fields: dict) -> str:
    """The keyed chain hash of an event given as a dict of its hashed fields."""
    return keyed_digest(secret, previous, **{name: fields[name] for name in _HASHED})


def seal(secret: bytes, key: int, ultimo_id: int, ultimo_hash: str, eventos: int) -> str:
    """The seal of a chain head in the given state."""
    return head_seal(secret, cadena=key, ultimo_id=ultimo_id, ultimo_hash=ultimo_hash, eventos=eventos)


def sealed_by(secret: bytes, key: int, head: Head) -> bool:
    """Whether the head's seal was made with this key over exactly its stored state."""
    return hmac.compare_digest(head.sello, seal(secret, key, head.ultimo_id, head.ultimo_hash, head.eventos))


def lock_head(session: Session, key: int, secret: bytes) -> Head:
    """The chain head, its row locked until the transaction ends (created on first use), checked against the key."""
    connection = session.connection()
    row = connection.execute(_LOCK_HEAD, {"k_cadena": key}).first()
    if row is None:
        insert_or_ignore(connection, _HEAD, {"cadena": key, "ultimo_id": 0, "ultimo_hash": "", "eventos": 0, "sello": ""})
        row = connection.execute(_LOCK_HEAD, {"k_cadena": key}).one()
    return checked_head(secret, key, Head(*row))


def checked_head(secret: bytes, key: int, head: Head) -> Head:
    """The head as read, unless another key sealed it (or it was altered): then ForeignChainKey."""
    if head != Head(0, "", 0, "") and not sealed_by(secret, key, head):
        raise ForeignChainKey(
            f"La bitácora de la base de datos no está firmada con la clave de esta mesa ({key_file()}), o su cabeza "
            "fue alterada; no se registró nada. Copie la clave de la mesa que creó la base y ejecute "
            "«moad auditoria verificar».")
    return head


def chain_rows(session: Session, rows: list[dict]) -> None:
    """Fill version, origin and hashes of event rows about to be bulk-inserted in this order, and advance the heads."""
    secret, here = chain_key_bytes(), origin()
    last: dict[int, tuple[str, int]] = {}
    for row in rows:
        key = chain_key(row["unidad_id"])
        if key not in last:
            head = lock_head(session, key, secret)
            last[key] = (head.ultimo_hash, head.eventos)
        previous, count = last[key]
        row.update(version=KEYED, origen=here, hash_anterior=previous)
        row["hash"] = digest_of(secret, previous, row)
        last[key] = (row["hash"], count + 1)
    for key, (digest, count) in last.items():
        # The seal waits for close_chain_rows, which knows the last event's id.
        _move_head(session, key, ultimo_hash=digest, eventos=count)


def close_chain_rows(session: Session, rows: list[dict]) -> None:
    """After a bulk insert, record the id of each chain's last event in its head and seal it."""
    secret = chain_key_bytes()
    last: dict[int, dict] = {}
    for row in rows:
        last[chain_key(row["unidad_id"])] = row
    for key, row in last.items():
        count = session.connection().execute(select(_HEAD.c.eventos).where(_HEAD_AT), {"k_cadena": key}).scalar_one()
        _move_head(session, key, ultimo_id=row["id"], sello=seal(secret, key, row["id"], row["hash"], count))


def _move_head(session: Session, key: int, **values) -> None:
    session.connection().execute(update(_HEAD).where(_HEAD_AT).values(**values), {"k_cadena": key})


def anchor_of(session: Session, unidad_id: int | None) -> tuple[int, str]:
    """How many events the unit's chain holds and the hash of its last one (0 and "" before its first event)."""
    row = session.connection().execute(select(_HEAD.c.eventos, _HEAD.c.ultimo_hash).where(_HEAD_AT),
                                       {"k_cadena": chain_key(unidad_id)}).first()
    return (row.eventos, row.ultimo_hash) if row else (0, "")


def forget_personal_data(session: Session, peticion_id: int) -> int:
    """Blank the personal data the events of a petition named (the chain still verifies); returns the rows blanked."""
    result = session.connection().execute(
        update(_DATA).where(_DATA.c.peticion_id == peticion_id, (_DATA.c.texto != "") | (_DATA.c.sal != ""))
        .values(texto="", sal=""))
    return result.rowcount


def personal_of(session: Session, evento_ids: list[int]) -> dict[int, dict]:
    """The personal data kept for each of these events (absent once forgotten), for those allowed to read it."""
    rows = session.connection().execute(
        select(_DATA.c.evento_id, _DATA.c.texto).where(_DATA.c.evento_id.in_(evento_ids), _DATA.c.texto != ""))
    return {evento_id: json.loads(texto) for evento_id, texto in rows}
