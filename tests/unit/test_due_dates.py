"""Declaring or removing a día inhábil moves every stored due date in force, in every table, as a recount would."""

from datetime import date, datetime

import pytest
from sqlmodel import col, select

from models import Canalizacion, Declinacion, Peticion, Prorroga, Recordatorio, Respuesta
from models.enums import Reloj
from services import answers, delivery, routing
from services.calendar import BusinessCalendar, freeze, local_date
from services.catalogs.term_settings import set_term
from services.database import read_session, write_session
from services.due_dates import recount
from services.inhabiles import add_day, load_calendar, remove_day
from services.terms import load_terms
from tests.conftest import mx
from tests.factories import ALL_CHECKED, register_full

# Wednesday 2 December 2026: inside the terms of most of the clocks the scenario leaves open.
DAY = date(2026, 12, 2)
SIGNER = dict(firmante_nombre="Dr. Área Prueba", firmante_cargo="Jefe de Farmacia", firmante_telefono="5550002222")


def _route(desk, folio: str, when: datetime, area: int = 0) -> None:
    with write_session(desk.engine) as s:
        routing.route(session=s, actor=desk.oficial, folio=folio, area_id=desk.areas[area].id, now=when)


def _escalate(desk, folio: str, *steps: tuple[str, datetime]) -> None:
    for step, when in steps:
        with write_session(desk.engine) as s:
            routing.escalate(session=s, actor=desk.oficial, folio=folio, step=step, now=when)


def _answer(desk, folio: str, when: datetime) -> None:
    with write_session(desk.engine) as s:
        answers.record_answer(session=s, actor=desk.oficial, folio=folio, texto="Se surtió el medicamento.",
                              checklist=ALL_CHECKED, now=when, **SIGNER)


def varied_desk(desk) -> None:
    """Petitions with every kind of stored due date: each clock of the petition, routing, reminders, buzón notice."""
    freeze(mx(2026, 12, 1, 18))
    register_full(desk, now=mx(2026, 12, 1, 9))  # L4 internal term to route it
    register_full(desk, now=mx(2026, 12, 1, 9, 30), canal="buzon")  # L1 notice to the buzón petitioner
    routed = register_full(desk, now=mx(2026, 11, 30, 9))  # L5 and L9 terms running
    _route(desk, routed.folio, mx(2026, 11, 30, 10))
    first = register_full(desk, now=mx(2026, 11, 24, 9))  # L6 term running
    _route(desk, first.folio, mx(2026, 11, 24, 10))
    _escalate(desk, first.folio, ("recordatorio_1", mx(2026, 11, 30, 11)))
    superior = register_full(desk, now=mx(2026, 11, 17, 9))  # L8 term running; older reminders already spent
    _route(desk, superior.folio, mx(2026, 11, 17, 10))
    _escalate(desk, superior.folio, ("recordatorio_1", mx(2026, 11, 23, 10)), ("recordatorio_2", mx(2026, 11, 26, 10)),
              ("oficio_superior", mx(2026, 11, 30, 10)))
    answered = register_full(desk, now=mx(2026, 11, 24, 9))  # L14 term to notify running
    _route(desk, answered.folio, mx(2026, 11, 24, 10))
    _answer(desk, answered.folio, mx(2026, 12, 1, 10))
    kept = register_full(desk, now=mx(2026, 11, 20, 9))  # L14 resguardo term after a failed notice
    _route(desk, kept.folio, mx(2026, 11, 20, 10))
    _answer(desk, kept.folio, mx(2026, 11, 25, 10))
    with write_session(desk.engine) as s:
        answers.sign(session=s, actor=desk.director, folio=kept.folio, checklist=ALL_CHECKED, now=mx(2026, 11, 26, 10))
        delivery.notify(session=s, actor=desk.oficial, folio=kept.folio, medio="telefono", resultado="no_localizado",
                        now=mx(2026, 11, 27, 10))
    extended = register_full(desk, now=mx(2026, 11, 23, 9))  # L10 agreed date on the day itself
    _route(desk, extended.folio, mx(2026, 11, 23, 10))
    with write_session(desk.engine) as s:
        routing.extend(session=s, actor=desk.oficial, folio=extended.folio, motivo="Requiere dictamen médico",
                       nueva_fecha=DAY, sad_informada_en=mx(2026, 11, 25, 9), peticionario_contactado_en=mx(2026, 11, 25, 10),
                       now=mx(2026, 11, 25, 11))
    declined = register_full(desk, now=mx(2026, 11, 30, 8))  # declined routing: history; the petition waits again
    _route(desk, declined.folio, mx(2026, 11, 30, 9))
    with write_session(desk.engine) as s:
        routing.decline(session=s, actor=desk.oficial, folio=declined.folio, motivo="No es de su competencia",
                        now=mx(2026, 12, 1, 9))
    with write_session(desk.engine) as s:
        set_term(session=s, actor=desk.admin, reloj=Reloj.SEGUIMIENTO, tipo="sugerencia", dias=2)
    suggestion = register_full(desk, now=mx(2026, 11, 30, 9), tipo="sugerencia")  # a term adjusted per tipo
    _route(desk, suggestion.folio, mx(2026, 11, 30, 10))
    # Routed to two áreas (L4): the first one's L6 term and the second one's L5 term run side by side.
    both = register_full(desk, now=mx(2026, 11, 24, 9))
    with write_session(desk.engine) as s:
        routing.route(session=s, actor=desk.oficial, folio=both.folio, area_ids=[desk.areas[0].id, desk.areas[1].id],
                      now=mx(2026, 11, 24, 10))
    with write_session(desk.engine) as s:
        routing.escalate(session=s, actor=desk.oficial, folio=both.folio, step="recordatorio_1",
                         area_id=desk.areas[0].id, now=mx(2026, 11, 30, 11))


def stored_due_dates(s) -> dict[tuple[str, int, str], date | None]:
    """Every stored due date in force: the petition's clock and buzón notice, active routings and their reminders."""
    found: dict[tuple[str, int, str], date | None] = {}
    for p in s.execute(select(Peticion)).scalars():
        found[("peticion", p.id, "vence_en")] = p.vence_en
        found[("peticion", p.id, "acuse_vence_en")] = p.acuse_vence_en
    for r in s.execute(select(Canalizacion).where(col(Canalizacion.activa))).scalars():
        found[("canalizacion", r.id, "vence_seguimiento")] = r.vence_seguimiento
        found[("canalizacion", r.id, "vence_declinacion")] = r.vence_declinacion
        found[("canalizacion", r.id, "vence_en")] = r.vence_en
    for m in s.execute(select(Recordatorio).join(Canalizacion, col(Canalizacion.id) == col(Recordatorio.canalizacion_id))
                       .where(col(Canalizacion.activa))).scalars():
        found[("recordatorio", m.id, "vence_en")] = m.vence_en
    return found


def recounted_due_dates(s) -> dict[tuple[str, int, str], date | None]:
    """The same due dates counted from scratch: each clock's act, the terms and the calendar in force now."""
    calendar, terms = load_calendar(s), load_terms(s)

    def due(moment: datetime | date, tipo: str, reloj: Reloj) -> date:
        act = local_date(moment) if isinstance(moment, datetime) else moment
        return calendar.due_on(act, terms.days(tipo, reloj))

    def latest(model, peticion_id: int):
        return s.execute(select(model).where(col(model.peticion_id) == peticion_id).order_by(col(model.id).desc())
                         ).scalars().first()

    found: dict[tuple[str, int, str], date | None] = {}
    for p in s.execute(select(Peticion)).scalars():
        acts = {
            Reloj.CANALIZACION: lambda p=p: (d.declarada_en if (d := latest(Declinacion, p.id)) else p.recibida_en),
            Reloj.SEGUIMIENTO: lambda p=p: latest(Canalizacion, p.id).canalizada_en,
            Reloj.RECORDATORIO_1: lambda p=p: latest(Recordatorio, p.id).enviado_en,
            Reloj.RECORDATORIO_2: lambda p=p: latest(Recordatorio, p.id).enviado_en,
            Reloj.OFICIO_SUPERIOR: lambda p=p: latest(Recordatorio, p.id).enviado_en,
            Reloj.NOTIFICACION: lambda p=p: latest(Respuesta, p.id).recibida_en,
            Reloj.RESGUARDO: lambda p=p: latest(Respuesta, p.id).firmada_en,
        }
        if p.reloj == Reloj.PRORROGA:
            found[("peticion", p.id, "vence_en")] = calendar.effective_day(latest(Prorroga, p.id).nueva_fecha)
        else:
            found[("peticion", p.id, "vence_en")] = due(acts[Reloj(p.reloj)](), p.tipo, Reloj(p.reloj))
        found[("peticion", p.id, "acuse_vence_en")] = (due(p.recibida_en, p.tipo, Reloj.ACUSE_BUZON)
                                                       if p.canal == "buzon" else None)
    for r in s.execute(select(Canalizacion).where(col(Canalizacion.activa))).scalars():
        tipo = s.get(Peticion, r.peticion_id).tipo
        found[("canalizacion", r.id, "vence_seguimiento")] = due(r.canalizada_en, tipo, Reloj.SEGUIMIENTO)
        found[("canalizacion", r.id, "vence_declinacion")] = due(r.canalizada_en, tipo, Reloj.DECLINACION)
        # Each área's own clock (L4): from its routing, its own latest reminder, or the agreed prórroga.
        reminder = s.execute(select(Recordatorio).where(col(Recordatorio.canalizacion_id) == r.id)
                             .order_by(col(Recordatorio.id).desc())).scalars().first()
        area_acts = {Reloj.SEGUIMIENTO: r.canalizada_en, Reloj.RECORDATORIO_1: reminder and reminder.enviado_en,
                     Reloj.RECORDATORIO_2: reminder and reminder.enviado_en,
                     Reloj.OFICIO_SUPERIOR: reminder and reminder.enviado_en}
        if r.reloj is None:
            found[("canalizacion", r.id, "vence_en")] = None
        elif r.reloj == Reloj.PRORROGA:
            found[("canalizacion", r.id, "vence_en")] = calendar.effective_day(latest(Prorroga, r.peticion_id).nueva_fecha)
        else:
            found[("canalizacion", r.id, "vence_en")] = due(area_acts[Reloj(r.reloj)], tipo, Reloj(r.reloj))
    for m in s.execute(select(Recordatorio).join(Canalizacion, col(Canalizacion.id) == col(Recordatorio.canalizacion_id))
                       .where(col(Canalizacion.activa))).scalars():
        found[("recordatorio", m.id, "vence_en")] = due(m.enviado_en, s.get(Peticion, m.peticion_id).tipo, Reloj(m.tipo))
    return found


def _snapshot(desk) -> tuple[dict, dict]:
    with read_session(desk.engine) as s:
        return stored_due_dates(s), recounted_due_dates(s)


def _declined_routing(desk) -> tuple[date, date]:
    with read_session(desk.engine) as s:
        r = s.execute(select(Canalizacion).where(col(Canalizacion.activa).is_(False))).scalar_one()
        return r.vence_seguimiento, r.vence_declinacion


def test_declaring_and_removing_a_dia_inhabil_keeps_every_stored_due_date_equal_to_a_recount(desk):
    varied_desk(desk)
    original, recounted = _snapshot(desk)
    assert original == recounted
    declined = _declined_routing(desk)

    with write_session(desk.engine) as s:
        moved = add_day(s, actor=desk.admin, fecha=DAY, motivo="Día inhábil de prueba", fundamento="DOF")
    declared, recounted = _snapshot(desk)
    assert declared == recounted
    changed = {key for key in original if original[key] != declared[key]}
    assert moved == len(changed)
    # Every kind of stored due date moved at least once: the rule reaches every table that keeps one.
    assert {(table, field) for table, _, field in changed} == {
        ("peticion", "vence_en"), ("peticion", "acuse_vence_en"), ("canalizacion", "vence_seguimiento"),
        ("canalizacion", "vence_declinacion"), ("canalizacion", "vence_en"), ("recordatorio", "vence_en")}
    # Both áreas of the petition routed to two moved, each on its own clock.
    both_areas = {key for key in changed if key[0] == "canalizacion" and key[2] == "vence_en"}
    assert len(both_areas) >= 2
    assert all(declared[key] > original[key] for key in changed)
    assert _declined_routing(desk) == declined

    with write_session(desk.engine) as s:
        assert remove_day(s, actor=desk.admin, fecha=DAY) == moved
    removed, recounted = _snapshot(desk)
    assert removed == recounted == original
    assert _declined_routing(desk) == declined


def test_a_term_changed_after_a_clock_started_does_not_rewrite_it_when_a_day_is_declared(desk):
    freeze(mx(2026, 12, 1, 18))
    p = register_full(desk, now=mx(2026, 11, 30, 9))
    _route(desk, p.folio, mx(2026, 11, 30, 10))
    with write_session(desk.engine) as s:
        set_term(session=s, actor=desk.admin, reloj=Reloj.SEGUIMIENTO, tipo="", dias=2)
        add_day(s, actor=desk.admin, fecha=DAY, motivo="Día inhábil de prueba")
    with read_session(desk.engine) as s:
        routed = s.execute(select(Canalizacion)).scalar_one()
        peticion = s.get(Peticion, p.id)
        # Three business days from Monday 30 November, skipping Wednesday 2 December: Friday 4 December.
        assert routed.vence_seguimiento == peticion.vence_en == date(2026, 12, 4)


def test_removing_a_day_that_is_not_declared_says_why(desk):
    with write_session(desk.engine) as s, pytest.raises(Exception, match="no está registrado"):
        remove_day(s, actor=desk.admin, fecha=DAY)
    with write_session(desk.engine) as s, pytest.raises(Exception, match="feriado de ley"):
        remove_day(s, actor=desk.admin, fecha=date(2026, 11, 16))


@pytest.mark.parametrize("act, days, extra", [
    (date(2026, 11, 30), 3, date(2026, 12, 2)),  # the day falls inside the term
    (date(2026, 12, 2), 2, date(2026, 12, 2)),  # the act itself on the day: it counts from the next business day
    (date(2026, 11, 27), 1, date(2026, 12, 1)),  # the term ends on the day
    (date(2026, 11, 30), 1, date(2026, 12, 4)),  # the day lies after the term: nothing moves
    (date(2026, 11, 28), 10, date(2026, 12, 7)),  # an act on a Saturday, a long term
])
def test_recount_keeps_the_term_and_moves_the_end_both_ways(act, days, extra):
    plain = BusinessCalendar()
    declared = BusinessCalendar.with_days([extra])
    due = plain.due_on(act, days)
    assert plain.term_days(act, due) == days
    assert recount(plain, declared, act, due) == declared.due_on(act, days)
    assert recount(declared, plain, act, declared.due_on(act, days)) == due
