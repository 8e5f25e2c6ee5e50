"""Marking petitions whose escalation list must be recomputed before their transaction commits (services.pending_store)."""

from collections.abc import Iterable

from sqlalchemy.orm import Session

TOUCHED = "pendientes_por_recalcular"


def touch(session: Session, peticion_id: int | None) -> None:
    """Note that a petition changed, so its actions are recomputed before the transaction commits."""
    if peticion_id is not None:
        session.info.setdefault(TOUCHED, set()).add(peticion_id)


def touch_many(session: Session, peticion_ids: Iterable[int]) -> None:
    """touch() for several petitions (a bulk registration)."""
    session.info.setdefault(TOUCHED, set()).update(peticion_ids)
