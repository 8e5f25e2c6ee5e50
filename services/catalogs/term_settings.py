"""The administrator's overrides of the terms in business days, per clock and tipo."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from models import Termino
from models.enums import TIPO_LABELS, Reloj, Tipo
from services import audit
from services.actor import Actor, require
from services.errors import InvalidInput
from services.terms import DEFAULT_TERMS, TERM_SOURCES, beyond_guide

MAX_TERM_DAYS = 60


@dataclass(frozen=True, slots=True)
class TermRow:
    """One clock: its default term, where the guide sets it, and the overrides by tipo ("" = every tipo)."""

    reloj: str
    fuente: str
    por_omision: int
    ajustes: dict[str, int]


def list_terms(session: Session) -> list[TermRow]:
    """Every clock with a term: default days, its lineamiento and the overrides in force."""
    overrides: dict[str, dict[str, int]] = {}
    for tipo, reloj, dias in session.execute(select(col(Termino.tipo), col(Termino.reloj), col(Termino.dias))):
        overrides.setdefault(reloj, {})[tipo] = dias
    return [TermRow(reloj.value, TERM_SOURCES[reloj], dias, overrides.get(reloj.value, {}))
            for reloj, dias in DEFAULT_TERMS.items()]


class NeedsConfirmation(InvalidInput):
    """The term asked for is longer than the guide's: it is saved only when set again with confirmado=True."""


def set_term(*, session: Session, actor: Actor, reloj: Reloj | str, tipo: Tipo | str, dias: int | None,
             confirmado: bool = False) -> TermRow:
    """Set the business days of a clock for one tipo ("" = every tipo); None goes back to the default.

    A term longer than the guide's is refused unless `confirmado`, and the event says which lineamiento it exceeds.
    """
    require(actor, "catalogos")
    try:
        clock = Reloj(reloj)
    except ValueError:
        clock = None
    if clock not in DEFAULT_TERMS:
        raise InvalidInput("Ese plazo no se puede ajustar.")
    tipo = Tipo(tipo).value if tipo else ""
    if dias is not None and not 1 <= dias <= MAX_TERM_DAYS:
        raise InvalidInput(f"El plazo debe ser de 1 a {MAX_TERM_DAYS} días hábiles.")
    excess = beyond_guide(clock, dias)
    if excess and not confirmado:
        raise NeedsConfirmation(f"{excess}. Confirme para guardarlo.")
    row = session.execute(
        select(Termino).where(col(Termino.reloj) == clock.value, col(Termino.tipo) == tipo)).scalar_one_or_none()
    before = row.dias if row is not None else None
    if before != dias:
        if dias is None:
            session.delete(row)
        elif row is None:
            session.add(Termino(tipo=tipo, reloj=clock.value, dias=dias))
        else:
            row.dias = dias
        session.flush()
        audit.record(session, actor=actor, accion="plazo_modificado", unidad_id=None,
                     detalle={"plazo": TERM_SOURCES[clock], "tipo": TIPO_LABELS[Tipo(tipo)] if tipo else "todos los tipos",
                              "antes": before if before is not None else "sin ajuste",
                              "despues": dias if dias is not None else "sin ajuste",
                              **({"excede_la_guia": excess, "confirmado": True} if excess else {})})
    return next(term for term in list_terms(session) if term.reloj == clock.value)
