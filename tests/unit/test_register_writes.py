"""Registering writes with Core statements: the returned objects, the rules read and the chain stay as the ORM left them."""

from datetime import date

from sqlalchemy import inspect, select

from models import Evento, Peticion
from models.enums import Reloj
from services import audit
from services.audit_check import verify
from services.catalogs import term_settings
from services.database import read_session, write_session
from services.inhabiles import add_day, load_calendar, load_rules
from services.intake import register, register_many, validate
from services.terms import load_terms
from tests.conftest import mx
from tests.factories import FULL

FRIDAY = mx(2026, 11, 27, 9)


def _columns(instance) -> dict:
    return {column.key: getattr(instance, column.key) for column in inspect(type(instance)).columns}


def test_returned_petition_and_event_equal_their_rows(desk):
    with write_session(desk.engine) as s:
        p = register(session=s, actor=desk.oficial, unidad=desk.unidad, data=FULL, now=FRIDAY)
        evento = audit.record(s, actor=desk.oficial, accion="expediente_consultado", unidad_id=p.unidad_id,
                              peticion_id=p.id, detalle={"motivo": "prueba"})
        assert inspect(p).persistent and inspect(evento).persistent and not s.dirty
    ours = _columns(p), _columns(evento)  # read after commit and close, as the intake screen does
    with read_session(desk.engine) as s:
        stored = _columns(s.get(Peticion, ours[0]["id"])), _columns(s.get(Evento, ours[1]["id"]))
    assert ours == stored
    assert ours[0]["folio"].endswith("-2026-000001") and ours[0]["vence_en"] == date(2026, 11, 30)


def test_changes_to_the_returned_petition_in_the_same_transaction_are_saved(desk):
    with write_session(desk.engine) as s:
        p = register(session=s, actor=desk.oficial, unidad=desk.unidad, data=FULL, now=FRIDAY)
        p.servidor_publico = "Servidor Generado"
    with read_session(desk.engine) as s:
        assert s.execute(select(Peticion.servidor_publico)).scalar_one() == "Servidor Generado"


def test_register_sees_days_and_terms_another_desk_just_saved(desk):
    def due_of_new_petition():
        with write_session(desk.engine) as s:
            return register(session=s, actor=desk.oficial, unidad=desk.unidad, data=FULL, now=FRIDAY).vence_en

    assert due_of_new_petition() == date(2026, 11, 30)
    with write_session(desk.engine) as s:
        add_day(s, actor=desk.admin, fecha=date(2026, 11, 30), motivo="Día inhábil de prueba", fundamento="DOF")
    assert due_of_new_petition() == date(2026, 12, 1)
    with write_session(desk.engine) as s:
        term_settings.set_term(session=s, actor=desk.admin, reloj=Reloj.CANALIZACION, tipo="inconformidad", dias=2)
    assert due_of_new_petition() == date(2026, 12, 2)
    with read_session(desk.engine) as s:
        calendar, terms = load_rules(s)
        assert (calendar, terms) == (load_calendar(s), load_terms(s))
    assert date(2026, 11, 30) in calendar.inhabiles and terms.days("inconformidad", Reloj.CANALIZACION) == 2


def test_chain_stays_whole_when_single_and_bulk_registration_share_a_transaction(desk):
    items = [validate({**FULL, "descripcion": f"Petición generada número {n}"}) for n in range(3)]
    with write_session(desk.engine) as s:
        first = register(session=s, actor=desk.oficial, unidad=desk.unidad, data=FULL, now=FRIDAY)
        folios = register_many(session=s, actor=desk.oficial, unidad=desk.unidad, items=items, now=FRIDAY)
        last = register(session=s, actor=desk.oficial, unidad=desk.unidad, data=FULL, now=FRIDAY)
        add_day(s, actor=desk.admin, fecha=date(2026, 12, 24), motivo="Día inhábil de prueba")
    with read_session(desk.engine) as s:
        checked, problems = verify(s)
    assert problems == [] and checked >= 6
    numbers = [int(folio.rsplit("-", 1)[1]) for folio in (first.folio, *folios, last.folio)]
    assert numbers == [1, 2, 3, 4, 5]


def test_a_registration_remembers_its_draft_token_for_its_own_officer_only(desk):
    from services.intake import registered_from_draft

    with write_session(desk.engine) as s:
        folio = register(session=s, actor=desk.oficial, unidad=desk.unidad,
                         data=dict(tipo="sugerencia", descripcion="Más bancas."), borrador="ficha-1").folio
        register(session=s, actor=desk.oficial, unidad=desk.unidad, data=dict(tipo="sugerencia", descripcion="Otra."))
    with read_session(desk.engine) as s:
        assert registered_from_draft(session=s, actor=desk.oficial, borrador="ficha-1") == folio
        assert registered_from_draft(session=s, actor=desk.oficial, borrador="ficha-2") is None
        assert registered_from_draft(session=s, actor=desk.director, borrador="ficha-1") is None


def test_the_draft_token_and_folio_stay_out_of_the_history_line():
    from tui.expediente_timeline import detail_summary

    assert detail_summary({"folio": "UMF-T1-2026-000001", "borrador": "3f2a", "tipo": "sugerencia"}) == "tipo: Sugerencia"
