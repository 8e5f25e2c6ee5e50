"""Walking the event chains to find the first altered or missing event."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import CadenaEventos, Evento
from models.audit import chain_key
from services.audit import digest_of, vars_of

_BATCH = 20_000


@dataclass(frozen=True, slots=True)
class ChainProblem:
    """The first break found in one chain."""

    cadena: int
    evento_id: int | None
    motivo: str


@dataclass
class _Walk:
    last_id: int = 0
    last_hash: str = ""
    count: int = 0
    problem: ChainProblem | None = None


def verify(session: Session) -> tuple[int, list[ChainProblem]]:
    """Check every chain in id order; returns how many events were checked and the first problem of each chain."""
    walks: dict[int, _Walk] = {}
    after = 0
    while True:
        batch = session.execute(select(Evento).where(Evento.id > after).order_by(Evento.id).limit(_BATCH)).scalars().all()
        if not batch:
            break
        for evento in batch:
            _check(walks.setdefault(chain_key(evento.unidad_id), _Walk()), evento)
        after = batch[-1].id
        session.expunge_all()
    heads = {h.cadena: h for h in session.execute(select(CadenaEventos)).scalars()}
    problems = []
    for key in sorted(set(walks) | set(heads)):
        walk, head = walks.get(key, _Walk()), heads.get(key)
        if walk.problem is not None:
            problems.append(walk.problem)
        elif head is not None and (head.ultimo_hash != walk.last_hash or head.ultimo_id != walk.last_id):
            problems.append(ChainProblem(key, head.ultimo_id or None,
                                         f"faltan eventos al final de la cadena: el último registrado es el {head.ultimo_id} "
                                         f"y el último presente es el {walk.last_id or 'ninguno'}"))
    return sum(w.count for w in walks.values()), problems


def _check(walk: _Walk, evento: Evento) -> None:
    walk.count += 1
    if walk.problem is not None:
        return
    if evento.hash_anterior != walk.last_hash:
        walk.problem = ChainProblem(chain_key(evento.unidad_id), evento.id,
                                    f"falta o fue alterado el evento anterior al {evento.id} (después del {walk.last_id or 'inicio'})")
    elif digest_of(evento.hash_anterior, vars_of(evento)) != evento.hash:
        walk.problem = ChainProblem(chain_key(evento.unidad_id), evento.id, f"el evento {evento.id} fue alterado")
    walk.last_id, walk.last_hash = evento.id, evento.hash
