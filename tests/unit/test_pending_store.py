"""The stored escalation list equals a recomputation from scratch, and F4 reads it as the old history walk did."""

from datetime import date

import pytest
from sqlalchemy import select

from models import AccionPendiente
from services import pending_store
from services.database import open_database, read_session
from services.demo.fill import populate
from services.inhabiles import load_calendar
from services.pending import pending_actions

COLUMNS = ("peticion_id", "accion", "desde", "hasta", "vence_en", "urgente", "folio", "area_id", "de_area", "intentos",
           "sinapp_folio")


def _key(row) -> tuple:
    return tuple(row[name] if isinstance(row, dict) else getattr(row, name) for name in COLUMNS)


# A month-end, a year-end (31/12, then 1/1 after the winter holidays) and a holiday (16/11, Revolución).
@pytest.mark.parametrize("today", [date(2026, 11, 30), date(2026, 12, 31), date(2027, 1, 4), date(2026, 11, 16)])
def test_every_stored_action_equals_a_recomputation_from_the_rows(sqlite_url, today):
    engine = open_database(sqlite_url)
    populate(engine, n=300, today=today, seed=18)
    with read_session(engine) as session:
        stored = sorted(_key(row) for row in session.execute(select(AccionPendiente)).scalars())
        fresh = sorted(_key(row) for row in pending_store.recompute(session, pending_store.candidates(session)))
        listed = pending_actions(session, unidad_id=1, today=today, calendar=load_calendar(session))
    assert stored == fresh
    # The demo leaves open petitions in every state: each kind the petitions owe shows up.
    assert {"contactar_datos", "cerrar_sinapp", "recordatorio_1"} <= {row[1] for row in stored}
    assert any(action.folio for action in listed)
