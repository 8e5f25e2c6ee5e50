"""Roles at the desk: a screen or an action a role may not use is refused at once, naming the role it needs."""

from datetime import date

import pytest
from sqlalchemy import func, select

from models import Evento, Peticion, Recoleccion
from services.database import read_session
from tests.conftest import mx
from tests.tui.conftest import demo_with_petition, settle, sign_in, type_text

TODAY = date(2026, 11, 20)
DESK_ROLES = "oficial de módulo o director / encargado de la unidad"




def _desk(engine):
    """A small demo unit (a user per role, PIN 1234) and one petition registered this morning."""
    demo_with_petition(engine, n=5, registered=mx(2026, 11, 20, 9, 30))


def _folio(engine) -> str:
    with read_session(engine) as s:
        return s.execute(select(Peticion.folio).where(Peticion.recibida_en == mx(2026, 11, 20, 9, 30))).scalar_one()


def _petition_events(engine, folio: str) -> int:
    with read_session(engine) as s:
        return s.execute(select(func.count()).select_from(Evento).join(Peticion, Evento.peticion_id == Peticion.id)
                         .where(Peticion.folio == folio, Evento.accion != "expediente_consultado")).scalar()


async def _sign_in(pilot, usuario: str) -> None:
    await sign_in(pilot, usuario)
    assert type(pilot.app.screen).__name__ == "HomeScreen"


def _messages(app) -> list[str]:
    return [notification.message for notification in app._notifications]


@pytest.mark.parametrize(("usuario", "key", "screen", "refusal"), [
    ("supervisor", "f2", "HomeScreen", f"Nueva petición: Esta acción requiere el rol de {DESK_ROLES}; su rol es supervisor."),
    ("admin", "f2", "HomeScreen", f"Nueva petición: Esta acción requiere el rol de {DESK_ROLES}; su rol es administrador."),
    ("oficial", "f6", "HomeScreen", "Reportes: Esta acción requiere el rol de director / encargado de la unidad o supervisor "
                                    "o administrador; su rol es oficial de módulo."),
    ("oficial", "f7", "AdminScreen", "Esta pantalla requiere el rol de administrador; su rol es oficial de módulo."),
])
async def test_a_screen_the_role_cannot_use_is_refused_with_the_role_it_needs(app_factory, usuario, key, screen, refusal):
    app = app_factory(_desk)
    async with app.run_test(size=(120, 36)) as pilot:
        await _sign_in(pilot, usuario)
        await pilot.press(key)
        await settle(pilot)
        assert type(app.screen).__name__ == screen, "no form opens that the role could not save"
        if screen == "AdminScreen":
            assert str(app.screen.query_one("#admin-refusal").render()) == refusal
            assert not app.screen.query("Input"), "the refusal shows no field to type in"
        else:
            assert refusal in _messages(app)


@pytest.mark.parametrize(("usuario", "key", "refusal"), [
    ("oficial", "f", "Firmar: Esta acción requiere el rol de director / encargado de la unidad; "
                     "su rol es oficial de módulo."),
    ("supervisor", "a", f"Canalizar: Esta acción requiere el rol de {DESK_ROLES}; su rol es supervisor."),
])
async def test_an_action_key_in_the_expediente_names_the_role_it_needs(app_factory, usuario, key, refusal):
    app = app_factory(_desk)
    folio = _folio(app.ctx.engine)
    before = _petition_events(app.ctx.engine, folio)
    async with app.run_test(size=(120, 36)) as pilot:
        await _sign_in(pilot, usuario)
        app.open_expediente(folio)
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert type(app.screen).__name__ == "ExpedienteScreen", "no dialog opens for an action the role may not take"
        assert str(app.screen.query_one("#exp-status").render()) == f"✗ {refusal}"
    assert _petition_events(app.ctx.engine, folio) == before


async def test_a_supervisor_sees_the_buzones_but_recording_a_collection_names_the_role(app_factory):
    app = app_factory(_desk)
    async with app.run_test(size=(120, 36)) as pilot:
        await _sign_in(pilot, "supervisor")
        await pilot.press("f5")
        await settle(pilot)
        assert "recolecciones esta semana" in str(app.screen.query_one("#bz-week").render())
        await pilot.press("1", "tab", "tab")
        await type_text(pilot, "3")
        await pilot.press("enter")
        await settle(pilot)
        status = str(app.screen.query_one("#bz-collect-status").render())
        assert status == f"Esta acción requiere el rol de {DESK_ROLES}; su rol es supervisor."
        assert app.screen.query_one("#bz-hojas").value == "3", "what was typed stays"
    with read_session(app.ctx.engine) as s:
        assert s.execute(select(func.count()).select_from(Recoleccion)
                         .where(Recoleccion.recolectada_en >= mx(2026, 11, 20, 0))).scalar() == 0
