"""Queue paging by keyset: urgent first, newest first, every petition exactly once, filters applied in SQL."""

from datetime import date

from services.calendar import local_date
from services.database import read_session
from services.demo import populate
from services.queue import QueueFilter, header_counts, page


def _all_pages(engine, unit_id, filtro, size):
    seen, cursor = [], None
    with read_session(engine) as session:
        while True:
            result = page(session, unidad_id=unit_id, today=date(2026, 11, 20), filtro=filtro, after=cursor, size=size)
            seen += result.items
            if result.next_cursor is None:
                return seen
            cursor = result.next_cursor


def test_pages_cover_everything_once_in_order(engine):
    populate(engine, n=700, today=date(2026, 11, 20))
    rows = _all_pages(engine, 1, QueueFilter(), size=64)
    assert len(rows) == 700 and len({r.id for r in rows}) == 700
    keys = [(not r.urgente, -r.id) for r in rows]
    assert keys == sorted(keys)
    assert any(r.urgente for r in rows)


def test_filters_and_search(engine):
    populate(engine, n=400, today=date(2026, 11, 20))
    concluded = _all_pages(engine, 1, QueueFilter(estado="concluida"), size=50)
    assert concluded and {r.estado for r in concluded} == {"concluida"}
    overdue = _all_pages(engine, 1, QueueFilter(solo_vencidas=True), size=50)
    assert all(r.vence_en < date(2026, 11, 20) for r in overdue)
    folio = concluded[3].folio
    assert [r.folio for r in _all_pages(engine, 1, QueueFilter(buscar=folio), size=50)] == [folio]


def test_header_counts_agree_with_the_queue_and_the_escalation_list(engine):
    from services.inhabiles import load_calendar
    from services.pending import pending_actions

    populate(engine, n=400, today=date(2026, 11, 20))
    later = date(2026, 12, 15)
    with read_session(engine) as session:
        urgent, late = header_counts(session, unidad_id=1, today=later)
        actions = pending_actions(session, unidad_id=1, today=later, calendar=load_calendar(session))
    overdue = [a for a in actions if a.vencido(later)]
    assert {a.accion for a in overdue} >= {"informe_mensual"} and len({a.accion for a in overdue}) >= 3
    assert late == len(overdue)
    assert urgent == len(_all_pages(engine, 1, QueueFilter(solo_abiertas=True, solo_urgentes=True), size=50))


# Each filter next to the same question asked of every petition in Python.
FILTERS = [
    (QueueFilter(estado="concluida"), lambda p: p.estado == "concluida"),
    (QueueFilter(solo_abiertas=True), lambda p: p.estado != "concluida"),
    (QueueFilter(tipo="sugerencia"), lambda p: p.tipo == "sugerencia"),
    (QueueFilter(canal="buzon"), lambda p: p.canal == "buzon"),
    (QueueFilter(solo_urgentes=True), lambda p: p.urgente),
    (QueueFilter(solo_vencidas=True), lambda p: p.vence_en is not None and p.vence_en < date(2026, 11, 20)),
    (QueueFilter(desde=date(2026, 10, 1), hasta=date(2026, 10, 31)),
     lambda p: date(2026, 10, 1) <= local_date(p.recibida_en) <= date(2026, 10, 31)),
    (QueueFilter(estado="concluida", solo_urgentes=True),
     lambda p: p.estado == "concluida" and p.urgente),
    (QueueFilter(buscar="medicamento"), lambda p: "medicamento" in p.descripcion.lower()),
    (QueueFilter(tipo="inconformidad", canal="modulo", estado="concluida"),
     lambda p: (p.tipo, p.canal, p.estado) == ("inconformidad", "modulo", "concluida")),
]


def test_each_filter_returns_exactly_the_matching_petitions(engine):
    from sqlmodel import select

    from models import Peticion

    populate(engine, n=500, today=date(2026, 11, 20))
    with read_session(engine) as session:
        petitions = session.execute(select(Peticion)).scalars().all()
    area = next(p.area_id for p in petitions if p.area_id)
    cases = [*FILTERS, (QueueFilter(area_id=area), lambda p: p.area_id == area)]
    for filtro, matches in cases:
        expected = {p.id for p in petitions if matches(p)}
        got = [r.id for r in _all_pages(engine, 1, filtro, size=37)]
        assert expected, filtro
        assert len(got) == len(set(got)) and set(got) == expected, filtro
