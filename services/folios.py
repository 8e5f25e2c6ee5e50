"""Consecutive numbers per unit, year and series, taken inside the caller's transaction."""

from sqlalchemy import bindparam, update
from sqlalchemy.orm import Session

from models import Consecutivo
from models.types import table_of
from services.inserts import insert_or_ignore

_COUNTER = table_of(Consecutivo)
# Built once and run on the session's connection: the ORM's bulk-update path costs more than the UPDATE itself.
_INCREMENT = (
    update(_COUNTER)
    .where(_COUNTER.c.unidad_id == bindparam("k_unidad"), _COUNTER.c.anio == bindparam("k_anio"),
           _COUNTER.c.serie == bindparam("k_serie"))
    .values(ultimo=_COUNTER.c.ultimo + bindparam("k_count"))
    .returning(_COUNTER.c.ultimo)
)


def take_numbers(session: Session, *, unidad_id: int, anio: int, serie: str, count: int = 1) -> int:
    """Reserve `count` consecutive numbers and return the last one; the first is last - count + 1."""
    last = _increment(session, unidad_id, anio, serie, count)
    if last is not None:
        return last
    _insert_counter(session, unidad_id, anio, serie)
    last = _increment(session, unidad_id, anio, serie, count)
    assert last is not None
    return last


def _increment(session: Session, unidad_id: int, anio: int, serie: str, count: int) -> int | None:
    parameters = {"k_unidad": unidad_id, "k_anio": anio, "k_serie": serie, "k_count": count}
    return session.connection().execute(_INCREMENT, parameters).scalar_one_or_none()


def _insert_counter(session: Session, unidad_id: int, anio: int, serie: str) -> None:
    insert_or_ignore(session.connection(), _COUNTER, {"unidad_id": unidad_id, "anio": anio, "serie": serie, "ultimo": 0})


def format_folio(clave: str, anio: int, number: int) -> str:
    """The readable folio of a petition, e.g. UMF-001-2026-000123."""
    return f"{clave}-{anio}-{number:06d}"


def format_oficio(clave: str, anio: int, number: int) -> str:
    """The number of an oficio or recordatorio, e.g. UAD/UMF-001/2026/0007."""
    return f"UAD/{clave}/{anio}/{number:04d}"
