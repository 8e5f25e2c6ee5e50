"""Retention (L16): petitions concluded long ago lose their personal data but keep their statistics."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session
from sqlmodel import col, select

from models import Peticion
from models.enums import Estado
from models.search_index import purge
from services import audit
from services.actor import Actor, require
from services.calendar import now_utc
from services.errors import InvalidInput
from services.forgetting import forget_petitioner

_BATCH = 1_000


@dataclass(frozen=True, slots=True)
class Candidate:
    """A concluded petition old enough to be anonymised."""

    folio: str
    concluida_en: datetime


def cutoff(now: datetime, years: int) -> datetime:
    """The moment before which concluded petitions are anonymised."""
    if not 1 <= years <= 100:
        raise InvalidInput("Los años de retención deben estar entre 1 y 100.")
    return now - timedelta(days=round(365.25 * years))


def candidates(*, session: Session, years: int, now: datetime | None = None, limit: int | None = None) -> list[Candidate]:
    """Concluded petitions older than the retention period that still hold personal data."""
    statement = (
        select(col(Peticion.folio), col(Peticion.concluida_en))
        .where(col(Peticion.estado) == Estado.CONCLUIDA.value, col(Peticion.concluida_en) < cutoff(now or now_utc(), years),
               col(Peticion.anonimizada_en).is_(None))
        .order_by(col(Peticion.concluida_en))
    )
    if limit:
        statement = statement.limit(limit)
    return [Candidate(folio, concluida_en) for folio, concluida_en in session.execute(statement) if concluida_en]


@dataclass(frozen=True, slots=True)
class StaleOpen:
    """A petition still open after the whole retention period: someone must decide what to do with it."""

    folio: str
    recibida_en: datetime
    estado: str


def stale_open(*, session: Session, years: int, now: datetime | None = None) -> list[StaleOpen]:
    """Open petitions received before the retention cut-off, oldest first; retention never erases them by itself."""
    statement = (
        select(Peticion.folio, col(Peticion.recibida_en), col(Peticion.estado))
        .where(Peticion.estado != Estado.CONCLUIDA.value, Peticion.recibida_en < cutoff(now or now_utc(), years))
        .order_by(col(Peticion.recibida_en))
    )
    return [StaleOpen(*row) for row in session.execute(statement)]


def anonymise(*, session: Session, actor: Actor, years: int, now: datetime | None = None) -> int:
    """Blank the personal data of every candidate (statistics stay); returns how many were anonymised."""
    require(actor, "catalogos")
    now = now or now_utc()
    done = 0
    while True:
        batch = session.execute(
            select(Peticion).where(Peticion.estado == Estado.CONCLUIDA.value,
                                   col(Peticion.concluida_en) < cutoff(now, years), col(Peticion.anonimizada_en).is_(None))
            .limit(_BATCH)
        ).scalars().all()
        if not batch:
            if done:
                # The triggers already unlisted their words; merging the index drops them from its pages as well.
                purge(session.connection())
            return done
        for peticion in batch:
            files = forget_petitioner(session, peticion)
            peticion.anonimizada_en = now
            audit.record(session, actor=actor, accion="anonimizar", unidad_id=peticion.unidad_id,
                         peticion_id=peticion.id, detalle={"retencion_anos": years, "archivos_borrados": files}, when=now)
        done += len(batch)
        session.flush()
