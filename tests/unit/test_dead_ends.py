"""No open state is a dead end (DESIGN.md, «Corrections»): walking every (state, action, role) the expediente offers
(services.actions over lifecycle.STEPS and the role table), some person can move each open petition to «Concluida»,
every state and every step is reachable from «Registrada», and the walk notices a step taken away."""

from collections import deque
from datetime import UTC, date, datetime

import pytest

from models import Area, Canalizacion, Peticion, Respuesta
from models.enums import Estado, Reloj, Rol, Tipo
from services.actions import available_actions
from services.actor import ACTION_ROLES, Actor
from services.area_routings import WAITING
from services.expediente import Expediente
from services.lifecycle import STEPS

TODAY = date(2026, 11, 20)
# People work the desk; the command line (sistema) is a way in for them, not a role of its own.
PEOPLE = [rol for rol in Rol if rol != Rol.SISTEMA]
OPEN = [estado for estado in Estado if estado != Estado.CONCLUIDA]
TIPOS = (Tipo.INCONFORMIDAD, Tipo.ORIENTACION)
SIGNED = {Estado.FIRMADA, Estado.NOTIFICADA, Estado.EN_RESGUARDO, Estado.CONCLUIDA}


def _expediente(estado: Estado, tipo: Tipo) -> Expediente:
    """A petition in the state whose term already ran out, routed to an área with its superior: time and catalogs
    do not stand in the way, so what is offered depends on the state machine and the roles alone."""
    peticion = Peticion(folio="UMF-T-2026-000001", unidad_id=1, tipo=tipo.value, canal="modulo", estado=estado.value,
                        area_id=1, reloj=Reloj.SEGUIMIENTO.value, vence_en=date(2026, 11, 13))
    area = Area(id=1, unidad_id=1, nombre="Farmacia", superior_nombre="Jefe de Farmacia")
    # A petition past «Firmada» got there with a signed answer, which a hand-over needs (L14).
    signed = [Respuesta(texto="Se atendió.", firmada_en=datetime(2026, 11, 19, 10, tzinfo=UTC))] if estado in SIGNED else []
    # The área stands where the petition does (L4: each routed área has its own stage and clock; here one área).
    routed = [Canalizacion(id=1, area_id=1, activa=True, reloj=Reloj.SEGUIMIENTO.value, vence_en=date(2026, 11, 13),
                           canalizada_en=datetime(2026, 11, 10, 10, tzinfo=UTC),
                           etapa=estado.value if estado in WAITING else Estado.RESPONDIDA.value)]
    return Expediente(peticion=peticion, area=area, canalizaciones=routed, recordatorios=[], declinaciones=[],
                      prorrogas=[], respuestas=signed, notificaciones=[], documentos=[], eventos=[], acciones=[])


def walk(tipo: Tipo) -> set[tuple[Estado, str, Rol, Estado]]:
    """Every move a person could make: (from, step, role, to), as the expediente offers the steps."""
    moves = set()
    for estado in Estado:
        expediente = _expediente(estado, tipo)
        for rol in PEOPLE:
            actor = Actor(id=1, nombre="Persona Generada", rol=rol)
            for name in available_actions(expediente, actor, revealed=True, today=TODAY):
                if name in STEPS:
                    moves |= {(estado, name, rol, target) for target in STEPS[name].destinos(estado)}
    return moves


def reachable(moves, start: Estado) -> set[Estado]:
    """The states some sequence of moves leads to from start (start included)."""
    seen, queue = {start}, deque([start])
    while queue:
        here = queue.popleft()
        for origin, _, _, target in moves:
            if origin == here and target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def dead_ends(tipo: Tipo) -> list[Estado]:
    """The open states from which no sequence of moves reaches «Concluida»."""
    moves = walk(tipo)
    return [estado for estado in OPEN if Estado.CONCLUIDA not in reachable(moves, estado)]


@pytest.mark.parametrize("tipo", TIPOS)
def test_no_open_state_is_a_dead_end(tipo):
    assert dead_ends(tipo) == []


@pytest.mark.parametrize("tipo", TIPOS)
def test_every_state_is_reachable_from_registration(tipo):
    assert reachable(walk(tipo), Estado.REGISTRADA) == set(Estado)


def test_every_step_is_offered_to_someone_in_a_reachable_state():
    offered = set()
    for tipo in TIPOS:
        moves = walk(tipo)
        states = reachable(moves, Estado.REGISTRADA)
        offered |= {name for origin, name, _, _ in moves if origin in states}
    assert offered == set(STEPS)


@pytest.mark.parametrize("take_away, stuck", [
    (lambda mp: mp.delitem(STEPS, "firmar"), Estado.RESPONDIDA),
    (lambda mp: mp.setitem(ACTION_ROLES, "firmar", frozenset({Rol.SISTEMA})), Estado.RESPONDIDA),
    (lambda mp: mp.delitem(STEPS, "concluir"), Estado.NOTIFICADA),
    (lambda mp: mp.delitem(STEPS, "canalizar"), Estado.NO_COMPETENTE),
])
def test_the_walk_notices_a_step_or_a_role_taken_away(monkeypatch, take_away, stuck):
    take_away(monkeypatch)
    assert stuck in dead_ends(Tipo.INCONFORMIDAD)


def test_a_concluded_petition_is_reopened_by_those_in_charge_to_where_it_was_concluded_from():
    moves = walk(Tipo.INCONFORMIDAD)
    reopened = {(rol, target) for origin, name, rol, target in moves if origin == Estado.CONCLUIDA and name == "reabrir"}
    assert reopened == {(rol, target) for rol in (Rol.DIRECTOR, Rol.SUPERVISOR)
                        for target in (Estado.REGISTRADA, Estado.NOTIFICADA, Estado.EN_RESGUARDO)}
    assert reachable(moves, Estado.CONCLUIDA) == {Estado.CONCLUIDA, Estado.NOTIFICADA, Estado.EN_RESGUARDO,
                                                  *reachable(moves, Estado.REGISTRADA)}


def test_without_reopening_a_concluded_petition_goes_nowhere(monkeypatch):
    monkeypatch.delitem(STEPS, "reabrir")
    assert reachable(walk(Tipo.INCONFORMIDAD), Estado.CONCLUIDA) == {Estado.CONCLUIDA}
