"""Walking the event chains to find the first altered or missing event, and checking a published anchor."""

import hmac
import json
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from models import CadenaEventos, Evento, Peticion, ReporteMensual
from models.audit import KEYED, UNKEYED, EventoDato, chain_digest, chain_key, personal_digest
from services.audit import PERSONAL_DIGEST, Head, digest_of, sealed_by, vars_of
from services.audit_key import existing_key
from services.errors import InvalidInput

_BATCH = 20_000
_UNKEYED_FIELDS = ("unidad_id", "peticion_id", "usuario_id", "actor", "ocurrido_en", "accion", "estado_anterior",
                   "estado_nuevo", "detalle")


@dataclass(frozen=True, slots=True)
class ChainProblem:
    """The first break found in one chain."""

    cadena: int
    evento_id: int | None
    motivo: str


@dataclass(frozen=True, slots=True)
class Anchor:
    """A chain head as printed on a report: how many events the chain held and the hash of the last one."""

    eventos: int
    huella: str


@dataclass
class AnchorCheck:
    """What a published anchor proves: whether its event is where it was, with the chain whole up to it."""

    anchor: Anchor
    cadena: int | None = None
    evento_id: int | None = None
    problema: str | None = None


@dataclass
class Verification:
    """The result of walking every chain: events checked, the first problem of each chain, what the key allowed."""

    checked: int
    problems: list[ChainProblem]
    sin_clave: int = 0
    anchor: AnchorCheck | None = None


@dataclass
class _Walk:
    cadena: int
    last_id: int = 0
    last_hash: str = ""
    count: int = 0
    keyed_seen: bool = False
    problem: ChainProblem | None = None
    # The anchors to check in this chain: position in the chain -> (hash expected, what published it).
    expected: dict[int, tuple[str, str]] = field(default_factory=dict)

    def fail(self, evento_id: int | None, motivo: str) -> None:
        if self.problem is None:
            self.problem = ChainProblem(self.cadena, evento_id, motivo)


def parse_anchor(text: str, eventos: int | None = None) -> Anchor:
    """An anchor from «N:HUELLA» (or a bare HUELLA with its count apart), spaces allowed, with a Spanish error."""
    count_text, _, digest = text.rpartition(":")
    digest = "".join(digest.split()).lower()
    try:
        count = int(count_text.replace(",", "").strip()) if count_text else eventos
    except ValueError:
        count = None
    if count is None or count < 1 or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise InvalidInput(f"«{text}» no es un ancla válida: escriba el número de eventos y la huella de 64 caracteres "
                           "tal como aparecen en el Anexo 1, por ejemplo «1234:3fa2…».")
    return Anchor(count, digest)


def verify(session: Session) -> tuple[int, list[ChainProblem]]:
    """Check every chain in id order; returns how many events were checked and the first problem of each chain."""
    result = verify_all(session)
    return result.checked, result.problems


def verify_all(session: Session, anchor: Anchor | None = None) -> Verification:
    """Walk every chain with the key (when this desk has it), the reports' anchors and an anchor given by a person."""
    key = existing_key()
    reports = session.execute(select(ReporteMensual).where(col(ReporteMensual.ancla_eventos) > 0)).scalars().all()
    walks: dict[int, _Walk] = {}

    def walk_of(cadena: int) -> _Walk:
        if cadena not in walks:
            walks[cadena] = _Walk(cadena)
        return walks[cadena]

    for report in reports:
        walk_of(report.unidad_id).expected[report.ancla_eventos] = (
            report.ancla_hash, f"el informe mensual de {report.mes:02d}/{report.anio}")
    unchecked = 0
    found: list[tuple[int, int, int, ChainProblem | None]] = []
    after = 0
    while True:
        batch = session.execute(
            select(Evento).where(col(Evento.id) > after).order_by(col(Evento.id)).limit(_BATCH)).scalars().all()
        if not batch:
            break
        for evento in batch:
            walk = walk_of(chain_key(evento.unidad_id))
            unchecked += _check(walk, evento, key)
            if anchor is not None and evento.hash == anchor.huella:
                found.append((walk.cadena, walk.count, evento.id, walk.problem))
        after = batch[-1].id
        session.expunge_all()
    _check_personal_data(session, walks)
    heads = {h.cadena: h for h in session.execute(select(CadenaEventos)).scalars()}
    for cadena in sorted(set(walks) | set(heads)):
        _check_head(walk_of(cadena), heads.get(cadena), key)
    units = session.execute(select(col(Peticion.unidad_id)).distinct()).scalars().all()
    for unidad_id in units:
        walk = walk_of(chain_key(unidad_id))
        if walk.count == 0:
            walk.fail(None, f"la unidad {unidad_id} tiene peticiones y su cadena no tiene eventos: la bitácora fue borrada")
    problems = [w.problem for _, w in sorted(walks.items()) if w.problem is not None]
    checked = sum(w.count for w in walks.values())
    return Verification(checked, problems, unchecked, _anchor_check(anchor, found) if anchor else None)


def _check(walk: _Walk, evento: Evento, key: bytes | None) -> int:
    """Check one event against its chain; returns 1 when its keyed hash could not be checked for want of the key."""
    walk.count += 1
    unchecked = 0
    if evento.hash_anterior != walk.last_hash:
        walk.fail(evento.id, f"falta o fue alterado el evento anterior al {evento.id} (después del {walk.last_id or 'inicio'})")
    elif evento.version == UNKEYED:
        if walk.keyed_seen:
            walk.fail(evento.id, f"el evento {evento.id} fue reescrito sin firma después de eventos firmados")
        elif chain_digest(evento.hash_anterior, **{n: getattr(evento, n) for n in _UNKEYED_FIELDS}) != evento.hash:
            walk.fail(evento.id, f"el evento {evento.id} fue alterado")
    elif evento.version == KEYED:
        walk.keyed_seen = True
        if key is None:
            unchecked = 1
        elif not hmac.compare_digest(digest_of(key, evento.hash_anterior, vars_of(evento)), evento.hash):
            walk.fail(evento.id, f"el evento {evento.id} fue alterado (su firma no corresponde a su contenido)")
    else:
        walk.fail(evento.id, f"el evento {evento.id} declara una versión de firma desconocida ({evento.version})")
    walk.last_id, walk.last_hash = evento.id, evento.hash
    expected = walk.expected.pop(walk.count, None)
    if expected is not None and expected[0] != evento.hash:
        walk.fail(evento.id, f"{expected[1]} publicó otra huella para el evento {walk.count:,} de la cadena: "
                             "la historia anterior a ese informe fue reescrita")
    return unchecked


def _check_personal_data(session: Session, walks: dict[int, _Walk]) -> None:
    rows = session.execute(
        select(col(Evento.id), col(Evento.unidad_id), col(Evento.detalle), col(EventoDato.sal), col(EventoDato.texto))
        .join(EventoDato, col(EventoDato.evento_id) == col(Evento.id))
        .where(col(EventoDato.texto) != "").order_by(col(Evento.id)))
    for evento_id, unidad_id, detalle, sal, texto in rows:
        try:
            digest = json.loads(detalle).get(PERSONAL_DIGEST)
        except (ValueError, AttributeError):
            digest = None
        if digest != personal_digest(sal, texto):
            walks[chain_key(unidad_id)].fail(evento_id, f"los datos personales del evento {evento_id} fueron alterados")


def _check_head(walk: _Walk, head: CadenaEventos | None, key: bytes | None) -> None:
    if head is None:
        if walk.count:
            walk.fail(None, "falta la cabeza de la cadena (su último evento y su sello)")
    elif head.ultimo_hash != walk.last_hash or head.ultimo_id != walk.last_id:
        walk.fail(head.ultimo_id or None, f"faltan eventos al final de la cadena: el último registrado es el "
                                          f"{head.ultimo_id} y el último presente es el {walk.last_id or 'ninguno'}")
    elif head.eventos != walk.count:
        walk.fail(head.ultimo_id or None, f"la cabeza registra {head.eventos:,} eventos y la cadena tiene {walk.count:,}")
    elif walk.count and not head.sello:
        walk.fail(head.ultimo_id, "la cabeza de la cadena perdió su sello: la cadena pudo ser rehecha")
    elif walk.count and key is not None and not sealed_by(key, walk.cadena, Head(head.ultimo_id, head.ultimo_hash,
                                                                                  head.eventos, head.sello)):
        walk.fail(head.ultimo_id, "el sello de la cabeza no corresponde: se cortó el final de la cadena o se firmó con "
                                  "otra clave")
    for count, (_, source) in sorted(walk.expected.items()):
        walk.fail(None, f"{source} registró {count:,} eventos y la cadena tiene {walk.count:,}: faltan eventos")


def _anchor_check(anchor: Anchor, found: list[tuple[int, int, int, ChainProblem | None]]) -> AnchorCheck:
    at_place = [f for f in found if f[1] == anchor.eventos]
    if at_place:
        cadena, _, evento_id, before = at_place[0]
        problem = f"la cadena está alterada antes del ancla: {before.motivo}" if before else None
        return AnchorCheck(anchor, cadena, evento_id, problem)
    if found:
        cadena, position, evento_id, _ = found[0]
        return AnchorCheck(anchor, cadena, evento_id,
                           f"el evento con esa huella es el {position:,} de la cadena y no el {anchor.eventos:,}: "
                           "se borraron o añadieron eventos antes de él")
    return AnchorCheck(anchor, problema="ningún evento lleva esa huella: la historia hasta ese informe fue reescrita "
                                        "o borrada")
