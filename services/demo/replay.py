"""Replaying each petition's stored history against the state machine and the rules of L12–L15: what the demo (or
any import) wrote that the desk itself would have refused."""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import cast

from sqlalchemy.orm import Session
from sqlmodel import col, select

from models import Evento, Notificacion, Peticion, Respuesta, Usuario
from models.enums import Estado, ResultadoNotificacion, Rol, Tipo
from services.actor import SYSTEM, Actor, may
from services.answers import issuer_missing
from services.calendar import local_date, now_utc
from services.dates import as_aware
from services.delivery import conclusion_refusal
from services.demo.catalog import demo_texts
from services.errors import DomainError
from services.expediente import event_detail
from services.inhabiles import load_calendar
from services.lifecycle import STEPS, check
from services.notification_plan import plan, usable_medios
from services.terms import load_terms

RULES = ("registro", "orden", "paso", "estado", "agradecimiento", "emisor", "firma", "medio", "resguardo", "conclusion",
         "reloj")
# Who replays a step's state check: a role that every step allows, so that only the state is judged there.
_ANY_ROLE = Actor(id=None, nombre="repetición", rol=Rol.DIRECTOR)
_PRAISE_THANKS = re.compile(r"\b(agradec\w*|gracias)\b.*\b(reconocimiento|felicitaci\w*|felicita\w*|elogio)", re.I)
_THANKS = re.compile(r"\b(agradec\w*|gracias)\b", re.I)


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule in one petition's history."""

    regla: str
    folio: str
    detalle: str


@dataclass
class _History:
    peticion: Peticion
    eventos: list[Evento]
    respuestas: list[Respuesta]
    intentos: list[Notificacion]


def check_histories(session: Session, *, now: datetime | None = None, unidad_id: int | None = None) -> dict[str, list[Violation]]:
    """Every petition's events replayed in order; the violations found, by rule name (every rule present)."""
    now = as_aware(now or now_utc())
    found: dict[str, list[Violation]] = {rule: [] for rule in RULES}
    context = _Context(session, now)
    for history in _histories(session, unidad_id):
        for violation in context.replay(history):
            found[violation.regla].append(violation)
    return found


def counts(found: dict[str, list[Violation]]) -> dict[str, int]:
    """How many violations each rule has, only the rules broken."""
    return {rule: len(items) for rule, items in found.items() if items}


def _histories(session: Session, unidad_id: int | None) -> Iterable[_History]:
    statement = select(Peticion).order_by(col(Peticion.id))
    if unidad_id is not None:
        statement = statement.where(col(Peticion.unidad_id) == unidad_id)
    peticiones = list(session.execute(statement).scalars())
    eventos: dict[int | None, list[Evento]] = defaultdict(list)
    for evento in session.execute(select(Evento).where(col(Evento.peticion_id).is_not(None)).order_by(col(Evento.id))).scalars():
        eventos[evento.peticion_id].append(evento)
    respuestas: dict[int, list[Respuesta]] = defaultdict(list)
    for respuesta in session.execute(select(Respuesta).order_by(col(Respuesta.id))).scalars():
        respuestas[respuesta.peticion_id].append(respuesta)
    intentos: dict[int, list[Notificacion]] = defaultdict(list)
    for intento in session.execute(select(Notificacion).order_by(col(Notificacion.id))).scalars():
        intentos[intento.peticion_id].append(intento)
    for peticion in peticiones:
        yield _History(peticion, eventos[peticion.id], respuestas[peticion.id], intentos[peticion.id])


class _Context:
    """What every replay needs once: the users' roles, the calendar, the terms, now and the demo's answer texts."""

    def __init__(self, session: Session, now: datetime):
        self.now = now
        self.actors = {u.id: Actor(id=u.id, nombre=u.nombre, rol=Rol(u.rol))
                       for u in session.execute(select(Usuario)).scalars()}
        self.calendar, self.terms = load_calendar(session), load_terms(session)
        self.text_tipos: dict[str, set[str]] = defaultdict(set)
        for tipo, texts in demo_texts()["textos"]["respuestas"].items():
            for text in texts:
                self.text_tipos[text].add(tipo)

    def replay(self, h: _History) -> list[Violation]:
        """The violations of one petition's history."""
        out: list[Violation] = []
        folio = h.peticion.folio

        def fail(rule: str, detail: str) -> None:
            out.append(Violation(rule, folio, detail))

        estado = self._walk(h, fail)
        if estado is not None and estado.value != h.peticion.estado:
            fail("estado", f"la historia termina en «{estado.value}» y la petición dice «{h.peticion.estado}»")
        self._answers(h, fail)
        self._attempts(h, fail)
        self._moments(h, fail)
        return out

    def _walk(self, h: _History, fail) -> Estado | None:
        """Each event in id order through the state machine; the state reached, or None without a registration."""
        if not h.eventos or h.eventos[0].accion != "registrar":
            fail("registro", "el primer evento no es el registro" if h.eventos else "no tiene eventos")
            return None
        # What check() reads of a petition, in the state the replay reached (the stored row stays as it is).
        probe = SimpleNamespace(folio=h.peticion.folio, tipo=h.peticion.tipo, estado=Estado.REGISTRADA.value)
        estado = Estado.REGISTRADA
        previous = h.eventos[0]
        for index, evento in enumerate(h.eventos[1:], start=1):
            if as_aware(evento.ocurrido_en) < as_aware(previous.ocurrido_en):
                fail("orden", f"«{evento.accion}» ocurre antes que «{previous.accion}», que lo precede")
            previous = evento
            if evento.accion == "registrar":
                fail("registro", "la petición se registra dos veces")
                continue
            step = STEPS.get(evento.accion)
            if step is None:
                if evento.estado_nuevo not in (None, estado.value):
                    fail("paso", f"«{evento.accion}» no es un paso y cambia el estado a «{evento.estado_nuevo}»")
                continue
            actor = self.actors.get(evento.usuario_id, SYSTEM) if evento.usuario_id is not None else SYSTEM
            if not may(actor, step.permiso):
                fail("firma" if step.permiso == "firmar" else "paso",
                     f"«{evento.accion}» lo hizo {actor.nombre}, cuyo rol ({actor.rol}) no lo permite")
            probe.estado = estado.value
            try:
                check(evento.accion, cast(Peticion, probe), _ANY_ROLE)
            except DomainError as refusal:
                fail("paso", str(refusal))
            target = Estado(evento.estado_nuevo) if evento.estado_nuevo else estado
            if evento.estado_anterior != estado.value or target not in step.destinos(estado):
                fail("paso", f"«{evento.accion}» anota {evento.estado_anterior} → {evento.estado_nuevo} desde «{estado.value}»")
            if evento.accion == "resguardo":
                self._resguardo(h, evento, fail)
            elif evento.accion == "concluir":
                missing = conclusion_refusal(estado=estado.value, canal=h.peticion.canal,
                                           answer=_latest_signed(h.respuestas, evento.ocurrido_en),
                                           attempts=_until(h.intentos, evento.ocurrido_en), events=h.eventos[:index])
                if missing:
                    fail("conclusion", missing)
            estado = target
        return estado

    def _resguardo(self, h: _History, evento: Evento, fail) -> None:
        """L14 as the desk applies it on the day of the resguardo, with the attempts made until then."""
        answer = _latest_signed(h.respuestas, evento.ocurrido_en)
        state = plan(peticion=h.peticion, attempts=_until(h.intentos, evento.ocurrido_en),
                     emitida_en=answer.firmada_en if answer else None, today=local_date(as_aware(evento.ocurrido_en)),
                     calendar=self.calendar, terms=self.terms)
        if state.resguardo_negado:
            fail("resguardo", state.resguardo_negado)
        elif event_detail(evento).get("motivo") != ("sin datos para la entrega" if state.sin_datos else "no localizado"):
            fail("resguardo", f"el motivo «{event_detail(evento).get('motivo')}» no corresponde a los datos del peticionario")

    def _answers(self, h: _History, fail) -> None:
        tipo = h.peticion.tipo
        signed_at = {as_aware(e.ocurrido_en) for e in h.eventos if e.accion == "firmar"}
        for answer in h.respuestas:
            missing = issuer_missing(answer.firmante_nombre, answer.firmante_cargo, answer.firmante_telefono)
            if missing:
                fail("emisor", missing)
            if answer.firmada_en is not None:
                signer = self.actors.get(answer.firmada_por) if answer.firmada_por is not None else None
                if signer is None or not may(signer, "firmar"):
                    fail("firma", f"la respuesta la firmó {signer.nombre if signer else 'nadie'}, que no puede firmar")
                if as_aware(answer.firmada_en) not in signed_at:
                    fail("firma", "la respuesta tiene fecha de firma sin el evento de firma de ese momento")
            if tipo == Tipo.RECONOCIMIENTO:
                if not _THANKS.search(answer.texto):
                    fail("agradecimiento", "la respuesta a un reconocimiento no agradece")
            elif _PRAISE_THANKS.search(answer.texto):
                fail("agradecimiento", f"una petición de tipo {tipo} recibe un agradecimiento por reconocimiento")
            elif answer.texto in self.text_tipos and tipo not in self.text_tipos[answer.texto]:
                fail("agradecimiento", f"una petición de tipo {tipo} recibe un texto de respuesta de "
                                       f"{', '.join(sorted(self.text_tipos[answer.texto]))}")

    def _attempts(self, h: _History, fail) -> None:
        medios = usable_medios(h.peticion)
        for attempt in h.intentos:
            if attempt.resultado == ResultadoNotificacion.DATOS_INSUFICIENTES:
                continue
            if h.peticion.anonima:
                fail("medio", f"una petición anónima se notifica por {attempt.medio}")
            elif not attempt.identificacion_tipo and attempt.medio not in medios:
                fail("medio", f"se intenta por {attempt.medio} sin ese dato del peticionario")

    def _moments(self, h: _History, fail) -> None:
        """Nothing after now, nothing before the petition was received (the área's answer day by day)."""
        received = as_aware(h.peticion.recibida_en)
        moments = [(f"el evento «{e.accion}»", e.ocurrido_en) for e in h.eventos]
        moments += [("la firma", a.firmada_en) for a in h.respuestas if a.firmada_en is not None]
        moments += [("un intento de notificación", n.intentada_en) for n in h.intentos]
        if h.peticion.concluida_en is not None:
            moments.append(("la conclusión", h.peticion.concluida_en))
        for what, moment in moments:
            if as_aware(moment) > self.now:
                fail("reloj", f"{what} ocurre después de ahora")
            elif as_aware(moment) < received:
                fail("reloj", f"{what} ocurre antes de recibir la petición")
        for answer in h.respuestas:
            if local_date(as_aware(answer.recibida_en)) < local_date(received):
                fail("reloj", "el área responde antes de recibir la petición")
            elif as_aware(answer.recibida_en) > self.now:
                fail("reloj", "el área responde después de ahora")


def _until(rows: list[Notificacion], moment: datetime) -> list[Notificacion]:
    return [row for row in rows if as_aware(row.intentada_en) <= as_aware(moment)]


def _latest_signed(answers: list[Respuesta], moment: datetime) -> Respuesta | None:
    signed = [a for a in answers if a.firmada_en is not None and as_aware(a.firmada_en) <= as_aware(moment)]
    return signed[-1] if signed else None
