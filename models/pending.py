"""The escalation list kept ready: each petition's next actions with the day they are listed from and their due date."""

from datetime import date

from sqlalchemy import Index
from sqlmodel import Field, SQLModel


class AccionPendiente(SQLModel, table=True):
    """One action a petition (or one of its áreas) waits for, listed in F4 from `desde` until the day before `hasta`.

    Kept by services.pending_store whenever a petition, its routings, answers or attempts change, so F4, the header's
    count and `moad pendientes` read a range of one index instead of walking the history.
    """

    # F4 counts each kind and urgency by one range of the first index (listed rows only, nothing fetched from the
    # table); the second gives each kind's rows in F4's order (urgent ones, then the rest), so a page is a short range.
    __table_args__ = (Index("ix_accionpendiente_cuenta", "unidad_id", "accion", "urgente", "desde", "hasta", "vence_en"),
                      Index("ix_accionpendiente_tipo", "unidad_id", "accion", "urgente", "vence_en", "folio", "id"))

    id: int = Field(default=None, primary_key=True)
    unidad_id: int = Field(foreign_key="unidad.id")
    peticion_id: int = Field(foreign_key="peticion.id", index=True)
    accion: str = Field(max_length=40)
    orden: int
    desde: date
    hasta: date | None = None
    vence_en: date | None = None
    """The last day to act; None for the L3 contact follow-up, which is due every day."""
    urgente: bool = False
    folio: str = Field(max_length=40)
    area_id: int | None = Field(default=None, foreign_key="area.id")
    de_area: bool = False
    """True for a step owed by one routed área (L6–L8), whose detalle names it."""
    intentos: int | None = None
    sinapp_folio: str | None = Field(default=None, max_length=40)
