"""The escalation list kept ready: every petition's next actions recomputed from its rows whenever they change.

F4, the header's overdue count and `moad pendientes` read these rows by a range of one index (unit, listed from) in
place of walking clocks, routings, answers, notification attempts and contact attempts of every open petition.
Every action a petition waits for is listed from a day on and, for the notification that turns into a resguardo
(L14), until a day: both are known when the petition changes, so the list needs no recomputation as days pass.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from itertools import chain
from types import SimpleNamespace

from sqlalchemy import delete, event, func, insert, select
from sqlalchemy.orm import Session
from sqlmodel import col

from models import AccionPendiente, Canalizacion, DiaInhabil, Evento, Notificacion, Peticion, Respuesta, Termino
from models.enums import Estado, Reloj, ResultadoNotificacion
from services.area_routings import ANSWERED, AREA_CLOCKS, WAITING
from services.calendar import BusinessCalendar, local_date
from services.clocks import due_from
from services.dates import as_aware
from services.inserts import defaults_of
from services.l3 import CONTACT_ATTEMPT, MAX_CONTACT_ATTEMPTS
from services.notification_plan import usable_medios
from services.pending_labels import ACTION_FOR_CLOCK, ACTION_ORDER
from services.pending_touch import TOUCHED, touch
from services.terms import Terms, load_terms

# Listed every day, whatever day F4 is asked for: the L3 contact follow-up and the SINAPP closing (L15).
ALWAYS = date(1900, 1, 1)
_WAITING = frozenset(estado.value for estado in WAITING)
_ORDER = {name: index for index, name in enumerate(ACTION_ORDER)}
_CHUNK = 500
_PLANS = "pendientes_planes_por_recalcular"

PETITION_COLUMNS = (
    col(Peticion.id), col(Peticion.unidad_id), col(Peticion.folio), col(Peticion.urgente), col(Peticion.estado),
    col(Peticion.tipo), col(Peticion.reloj), col(Peticion.vence_en), col(Peticion.area_id),
    col(Peticion.acuse_vence_en), col(Peticion.datos_incompletos), col(Peticion.anonimizada_en),
    col(Peticion.telefono), col(Peticion.correo), col(Peticion.calle), col(Peticion.codigo_postal),
    col(Peticion.concluida_en), col(Peticion.sinapp_cerrada_en), col(Peticion.sinapp_folio),
)


def petition_actions(peticion, *, routings: Iterable = (), emitida_en=None, attempts: Sequence[str] = (),
                     contact_attempts: int = 0, calendar: BusinessCalendar, terms: Terms) -> list[dict]:
    """The stored rows of one petition's actions, from its row, its routings, the moment its answer was signed,
    the results of its notification attempts and how many L3 contact attempts it had; pure, no database."""
    rows = []

    def add(accion, desde, vence_en, *, hasta=None, area_id=None, de_area=False, intentos=None, sinapp_folio=None):
        # A concluded petition's SINAPP closing is paperwork: it is not urgent even when the petition was.
        urgent = bool(peticion.urgente) and accion != "cerrar_sinapp"
        rows.append(dict(unidad_id=peticion.unidad_id, peticion_id=peticion.id, accion=accion, orden=_ORDER[accion],
                         desde=desde, hasta=hasta, vence_en=vence_en, urgente=urgent,
                         folio=peticion.folio, area_id=area_id, de_area=de_area, intentos=intentos,
                         sinapp_folio=sinapp_folio))

    reloj, vence = peticion.reloj, peticion.vence_en
    if reloj in ACTION_FOR_CLOCK and reloj not in AREA_CLOCKS and vence is not None:
        if reloj == Reloj.NOTIFICACION:
            _notification(add, peticion, emitida_en, attempts, calendar, terms)
        else:
            add(ACTION_FOR_CLOCK[reloj][0], due_from(reloj, vence), vence, area_id=peticion.area_id)
    if peticion.estado in _WAITING:
        # Each área owes its answer on its own clock (L4): its reminders and oficio come due one by one (L6–L8).
        for routing in routings:
            if routing.activa and routing.etapa != ANSWERED and routing.reloj in AREA_CLOCKS and routing.vence_en:
                add(ACTION_FOR_CLOCK[routing.reloj][0], due_from(routing.reloj, routing.vence_en), routing.vence_en,
                    area_id=routing.area_id, de_area=True)
    if peticion.acuse_vence_en is not None:
        add("acuse_buzon", peticion.acuse_vence_en, peticion.acuse_vence_en)
    open_ = peticion.estado != Estado.CONCLUIDA.value
    if (open_ and peticion.datos_incompletos and peticion.anonimizada_en is None and usable_medios(peticion)
            and contact_attempts < MAX_CONTACT_ATTEMPTS):
        # L3 sets no term: the follow-up is due today, every day, and never counts as overdue.
        add("contactar_datos", ALWAYS, None, intentos=contact_attempts)
    if not open_ and peticion.sinapp_cerrada_en is None and peticion.concluida_en is not None:
        add("cerrar_sinapp", ALWAYS, local_date(as_aware(peticion.concluida_en)),
            sinapp_folio=peticion.sinapp_folio or "")
    return rows


def _notification(add, peticion, emitida_en, attempts, calendar: BusinessCalendar, terms: Terms) -> None:
    """L14: notify until the term's last day; once 10 business days after the signature pass with an attempt that
    did not reach the petitioner (or at once without data to reach them), the answer goes to resguardo."""
    vence, area = peticion.vence_en, peticion.area_id
    if emitida_en is None:
        add("notificar", vence, vence, area_id=area)
        return
    if not usable_medios(peticion):
        add("resguardo", ALWAYS, vence, area_id=area)
        return
    if not any(result != ResultadoNotificacion.NOTIFICADO for result in attempts):
        add("notificar", vence, vence, area_id=area)
        return
    resguardo_vence = calendar.due_on(local_date(emitida_en), terms.days(peticion.tipo, Reloj.RESGUARDO))
    ready = _first_day_counting_as(calendar, calendar.next_business_day(resguardo_vence))
    if vence < ready:
        add("notificar", vence, vence, hasta=ready, area_id=area)
    add("resguardo", ready, resguardo_vence, area_id=area)


def _first_day_counting_as(calendar: BusinessCalendar, business_day: date) -> date:
    """The first day whose effective business day is business_day or later: a weekend before it counts as it."""
    day = business_day
    while calendar.effective_day(day - timedelta(days=1)) >= business_day:
        day -= timedelta(days=1)
    return day


def recompute(session: Session, peticion_ids: Iterable[int], *, calendar: BusinessCalendar | None = None,
              terms: Terms | None = None) -> list[dict]:
    """The rows the petitions' actions should have, read from their current rows (a few queries per 500)."""
    from services.inhabiles import load_calendar

    calendar = calendar or load_calendar(session)
    terms = terms or load_terms(session)
    ids, rows = sorted(set(peticion_ids)), []
    for start in range(0, len(ids), _CHUNK):
        rows += _recompute_chunk(session, ids[start:start + _CHUNK], calendar, terms)
    return rows


def _recompute_chunk(session: Session, ids: list[int], calendar, terms) -> list[dict]:
    execute = session.connection().execute
    routings: dict[int, list] = {}
    for routing in execute(select(col(Canalizacion.peticion_id), col(Canalizacion.activa), col(Canalizacion.etapa),
                                  col(Canalizacion.reloj), col(Canalizacion.vence_en), col(Canalizacion.area_id))
                           .where(col(Canalizacion.peticion_id).in_(ids)).order_by(col(Canalizacion.id))):
        routings.setdefault(routing.peticion_id, []).append(routing)
    emitted = dict(execute(
        select(col(Respuesta.peticion_id), col(Respuesta.firmada_en))
        .where(col(Respuesta.peticion_id).in_(ids), col(Respuesta.firmada_en).is_not(None)).order_by(col(Respuesta.id))).all())
    attempts: dict[int, list[str]] = {}
    for pid, result in execute(select(col(Notificacion.peticion_id), col(Notificacion.resultado))
                               .where(col(Notificacion.peticion_id).in_(ids))):
        attempts.setdefault(pid, []).append(result)
    contacts = dict(execute(
        select(col(Evento.peticion_id), func.count())
        .where(col(Evento.peticion_id).in_(ids), col(Evento.accion) == CONTACT_ATTEMPT).group_by(col(Evento.peticion_id))).all())
    rows = []
    for peticion in execute(select(*PETITION_COLUMNS).where(col(Peticion.id).in_(ids))):
        rows += petition_actions(peticion, routings=routings.get(peticion.id, ()), emitida_en=emitted.get(peticion.id),
                                 attempts=attempts.get(peticion.id, ()), contact_attempts=contacts.get(peticion.id, 0),
                                 calendar=calendar, terms=terms)
    return rows


def refresh(session: Session, peticion_ids: Iterable[int], **rules) -> None:
    """Replace the stored actions of these petitions with the ones their rows call for now."""
    ids = sorted(set(peticion_ids))
    rows = recompute(session, ids, **rules)
    connection = session.connection()
    for start in range(0, len(ids), _CHUNK):
        connection.execute(delete(AccionPendiente).where(col(AccionPendiente.peticion_id).in_(ids[start:start + _CHUNK])))
    _store(session, rows)


def store_new(session: Session, peticion, *, calendar: BusinessCalendar, terms: Terms) -> None:
    """Store the actions of a petition inserted in this transaction: with no routing, answer or attempt yet, its row
    alone says them, so registration skips refresh()'s reads."""
    _store(session, petition_actions(peticion, calendar=calendar, terms=terms))


def store_new_rows(session: Session, rows: list[dict], *, calendar: BusinessCalendar, terms: Terms) -> None:
    """store_new for petitions written raw (an import's chunk), from the rows as they were inserted."""
    defaults = defaults_of(Peticion)
    _store(session, [action for row in rows for action in
                     petition_actions(SimpleNamespace(**{**defaults, **row}), calendar=calendar, terms=terms)])


def _store(session: Session, rows: list[dict]) -> None:
    if rows:
        session.connection().execute(insert(AccionPendiente), rows)


def candidates(session: Session, *, only_notification: bool = False) -> list[int]:
    """Petitions that may wait for something: open ones, concluded ones not closed in SINAPP, and those with rows."""
    if only_notification:
        where = col(Peticion.reloj) == Reloj.NOTIFICACION.value
    else:
        where = (col(Peticion.estado) != Estado.CONCLUIDA.value) | col(Peticion.sinapp_cerrada_en).is_(None)
    ids = set(session.connection().execute(select(col(Peticion.id)).where(where)).scalars())
    ids |= set(session.connection().execute(select(col(AccionPendiente.peticion_id)).distinct()).scalars())
    return sorted(ids)


def refresh_all(session: Session) -> None:
    """Recompute every petition that may wait for something: the migration's backfill and the demo's last step."""
    refresh(session, candidates(session))


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _context) -> None:
    # Still the pre-flush lists here, with new rows' ids already assigned.
    for row in chain(session.new, session.dirty, session.deleted):
        if isinstance(row, Peticion):
            touch(session, row.id)
        elif isinstance(row, Canalizacion | Respuesta | Notificacion):
            touch(session, row.peticion_id)
        elif isinstance(row, DiaInhabil | Termino):
            # A día inhábil or a term moves when an answer may go to resguardo (L14); the due dates it moves come
            # through the petitions and routings the recomputation of due dates rewrites.
            session.info[_PLANS] = True


@event.listens_for(Session, "before_commit")
def _recompute_touched(session: Session) -> None:
    session.flush()
    ids = session.info.pop(TOUCHED, set())
    if session.info.pop(_PLANS, False):
        ids |= set(candidates(session, only_notification=True))
    if ids:
        refresh(session, ids)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(TOUCHED, None)
    session.info.pop(_PLANS, None)


def drift(session: Session) -> list[tuple[str, tuple]]:
    """Stored actions that differ from a recomputation of every petition from scratch (empty when the index is right)."""
    fields = sorted(set(AccionPendiente.model_fields) - {"id"})
    stored = Counter(tuple(row) for row in session.connection().execute(
        select(*(getattr(AccionPendiente, name) for name in fields))))
    fresh = Counter(tuple(row[name] for name in fields) for row in recompute(session, candidates(session)))
    return [("falta", row) for row in (fresh - stored).elements()] + [("sobra", row) for row in (stored - fresh).elements()]
