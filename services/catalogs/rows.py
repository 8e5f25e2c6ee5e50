"""Fetching one catalog row for an administrator's change: the role checked first, a missing row named in Spanish."""

from typing import TypeVar

from sqlalchemy.orm import Session

from services.actor import Actor, require
from services.errors import NotFound

Row = TypeVar("Row")


def editable(session: Session, actor: Actor, model: type[Row], row_id: int, missing: str) -> Row:
    """The row an administrator is about to change, or PermissionDenied / NotFound(missing)."""
    require(actor, "catalogos")
    row = session.get(model, row_id)
    if row is None:
        raise NotFound(missing)
    return row
