"""Where each área a petition is routed to stands (L4, «las áreas involucradas»), and the petition's state, área and
clock that follow from all of them: it waits while one área has not answered and is answered once every área in
force has answered (an área that declined, L9, is no longer in force)."""

from collections.abc import Callable
from datetime import date

from sqlalchemy.orm import Session
from sqlmodel import col, select

from models import Area, Canalizacion, Peticion, Respuesta
from models.enums import Estado, Reloj
from services import clocks
from services.calendar import BusinessCalendar, local_date
from services.dates import as_aware
from services.errors import InvalidInput
from services.terms import Terms

# The stages of an área that has not answered, in the order L6–L8 escalate them.
WAITING = (Estado.CANALIZADA, Estado.RECORDATORIO_1, Estado.RECORDATORIO_2, Estado.OFICIO_SUPERIOR)
ANSWERED = Estado.RESPONDIDA.value
# The stage an área must stand at for each escalation step to go to it.
PREVIOUS = {"recordatorio_1": Estado.CANALIZADA.value, "recordatorio_2": Estado.RECORDATORIO_1.value,
            "oficio_superior": Estado.RECORDATORIO_2.value}
# The clocks an área's own routing carries; the petition's clock mirrors the one due first.
AREA_CLOCKS = frozenset({Reloj.SEGUIMIENTO, Reloj.RECORDATORIO_1, Reloj.RECORDATORIO_2, Reloj.OFICIO_SUPERIOR})


def open_routings(session: Session, peticion_id: int) -> list[Canalizacion]:
    """The routings in force of a petition (not declined), oldest first."""
    return list(session.execute(
        select(Canalizacion).where(col(Canalizacion.peticion_id) == peticion_id, col(Canalizacion.activa))
        .order_by(col(Canalizacion.id))).scalars())


def waiting(routings: list[Canalizacion]) -> list[Canalizacion]:
    """The routings whose área has not answered yet."""
    return [routing for routing in routings if routing.etapa != ANSWERED]


def choose(session: Session, routings: list[Canalizacion], area_id: int | None, *, fits: Callable[[Canalizacion], bool],
           what: str) -> Canalizacion:
    """The routing of the área chosen (or the only one that fits), refused in Spanish when none or several fit."""
    candidates = [routing for routing in routings if fits(routing)]
    if area_id is not None:
        chosen = [routing for routing in candidates if routing.area_id == area_id]
        if not chosen:
            raise InvalidInput(f"El área elegida no puede {what} en esta petición.")
        return chosen[0]
    if not candidates:
        raise InvalidInput(f"Ninguna de las áreas de esta petición puede {what}.")
    if len(candidates) > 1:
        names = ", ".join(area_name(session, routing.area_id) for routing in candidates)
        raise InvalidInput(f"Varias áreas pueden {what} ({names}): elija cuál.")
    return candidates[0]


def area_name(session: Session, area_id: int) -> str:
    """The área's name, as the expediente shows it."""
    area = session.get(Area, area_id)
    return area.nombre if area else "—"


def current_answers(session: Session, peticion: Peticion, routings: list[Canalizacion] | None = None) -> list[Respuesta]:
    """The latest answer of each área in force that answered, in routing order (earlier ones stay in the expediente)."""
    routings = open_routings(session, peticion.id) if routings is None else routings
    result = []
    for routing in routings:
        if routing.etapa != ANSWERED:
            continue
        answer = session.execute(
            select(Respuesta).where(col(Respuesta.peticion_id) == peticion.id, col(Respuesta.area_id) == routing.area_id)
            .order_by(col(Respuesta.id).desc())).scalars().first()
        if answer is not None:
            result.append(answer)
    if not result:
        # A petition answered before answers named their área: its latest answer is the one in force.
        legacy = session.execute(select(Respuesta).where(col(Respuesta.peticion_id) == peticion.id)
                                 .order_by(col(Respuesta.id).desc())).scalars().first()
        result = [legacy] if legacy is not None else []
    return result


def settle(session: Session, peticion: Peticion, routings: list[Canalizacion], *, calendar: BusinessCalendar,
           terms: Terms, keep_prorroga: bool = True) -> Estado:
    """The petition's state once its áreas stand as `routings` say, setting its área and clock to match: the most
    escalated stage and the clock due first while one área waits (a prórroga keeps its own date), or answered, with
    L14's clock from the day the last área answered, once every área did. Needs at least one routing in force.
    An escalation after an expired prórroga passes keep_prorroga=False: the petition follows its áreas again (L10)."""
    peticion.area_id = routings[0].area_id
    pending = waiting(routings)
    if pending:
        if keep_prorroga and peticion.estado == Estado.PRORROGA:
            return Estado.PRORROGA
        first = min(pending, key=lambda routing: (routing.vence_en or date.max, routing.id))
        clocks.apply(peticion, {"reloj": first.reloj, "reloj_desde": first.reloj_desde, "reloj_dias": first.reloj_dias,
                                "vence_en": first.vence_en})
        return max((Estado(routing.etapa) for routing in pending), key=WAITING.index)
    last = max(local_date(as_aware(answer.recibida_en)) for answer in current_answers(session, peticion, routings))
    clocks.apply(peticion, clocks.open_clock(Reloj.NOTIFICACION, last, peticion.tipo, calendar, terms))
    return Estado.RESPONDIDA


def open_area_clock(routing: Canalizacion, reloj: Reloj, desde: date, tipo: str, calendar: BusinessCalendar,
                    terms: Terms) -> dict:
    """Open the área's own clock on its routing; returns its column values."""
    clock = clocks.open_clock(reloj, desde, tipo, calendar, terms)
    clocks.apply(routing, clock)
    return clock
