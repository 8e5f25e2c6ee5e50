"""First run, sign-in, lockout message, idle lock and the home screen, driven by Pilot."""

import re

from models.enums import Reloj, Rol
from services.actor import SYSTEM
from services.catalogs.term_settings import set_term
from services.catalogs.units import create_unit
from services.catalogs.users import add_user
from services.database import write_session
from tests.tui.conftest import screen_text, settle, sign_in, type_text


def _unit_with_officer(engine):
    with write_session(engine) as session:
        unit = create_unit(session=session, actor=SYSTEM, clave="UMF-P", nombre="Unidad Pilot")
        add_user(session=session, actor=SYSTEM, unidad_id=unit.id, usuario="ana", nombre="Ana Generada",
                 rol=Rol.OFICIAL, pin="135791")


async def _sign_in(pilot, usuario="ana", pin="135791"):
    await sign_in(pilot, usuario, pin)


async def test_first_run_then_sign_in(app_factory):
    app = app_factory()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "FirstRunScreen"
        for value in ("UMF-X", "Unidad Nueva", "Dra. Generada", "Directora", "5550001234", "admin", "Admin Generado", "1357",
                      "1357"):
            await type_text(pilot, value)
            await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "FirstRunScreen"
        assert "El PIN debe tener de 6 a 12 dígitos." in str(app.screen.query_one("#first-run-error").render())
        app.screen.query_one("#admin_pin").value = app.screen.query_one("#admin_pin_2").value = ""
        app.screen.query_one("#admin_pin").focus()
        await type_text(pilot, "135790")
        await pilot.press("enter")
        await type_text(pilot, "135791")
        await pilot.press("enter")
        await settle(pilot)
        assert "Los dos PIN no coinciden" in str(app.screen.query_one("#first-run-error").render())
        assert app.focused.id == "admin_pin"
        await type_text(pilot, "135790")
        await pilot.press("enter")
        await type_text(pilot, "135790")
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "SignInScreen"
        await _sign_in(pilot, "admin", "135790")
        assert type(app.screen).__name__ == "HomeScreen"
        assert app.ctx.unidad.clave == "UMF-X"


async def test_wrong_pin_says_so_in_spanish(app_factory):
    app = app_factory(_unit_with_officer)
    async with app.run_test(size=(120, 36)) as pilot:
        await _sign_in(pilot, "ana", "000000")
        assert type(app.screen).__name__ == "SignInScreen"
        assert "incorrectos" in str(app.screen.query_one("#sign-in-error").render())


async def test_idle_lock_covers_the_screen_and_pin_opens_it(app_factory):
    app = app_factory(_unit_with_officer, idle_lock_seconds=0)
    async with app.run_test(size=(120, 36)) as pilot:
        await _sign_in(pilot)
        app._check_idle()
        await settle(pilot)
        assert type(app.screen).__name__ == "LockScreen"
        await pilot.press("f3")
        assert type(app.screen).__name__ == "LockScreen"
        await type_text(pilot, "135791")
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "HomeScreen"


def _unit_with_an_adjusted_term(engine):
    _unit_with_officer(engine)
    with write_session(engine) as session:
        set_term(session=session, actor=SYSTEM, reloj=Reloj.RECORDATORIO_1, tipo="", dias=5, confirmado=True)


async def test_f1_shows_help_with_deadlines_and_lineamientos(app_factory):
    app = app_factory(_unit_with_an_adjusted_term)
    async with app.run_test(size=(120, 36)) as pilot:
        await _sign_in(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"
        text = screen_text(app)
        assert "L6 — primer recordatorio" in text and "L7 — segundo recordatorio" in text
        assert "nueva petición" in text and "Plazos" in text
        # The unit's term beside the guide's: 5 days for the first reminder, adjusted for every tipo.
        row = next(line for line in text.splitlines() if "L6 — primer recordatorio" in line)
        assert re.search(r"│\s*2\s*│\s*5 d\.h\.", row), row
        await pilot.press("escape")
        assert type(app.screen).__name__ == "HomeScreen"


async def test_high_contrast_is_remembered_per_user(app_factory):
    app = app_factory(_unit_with_officer)
    async with app.run_test(size=(120, 36)) as pilot:
        await _sign_in(pilot)
        assert app.theme == "textual-dark"
        app.action_toggle_contrast()
        await settle(pilot)
        assert app.theme == "alto-contraste"
    again = app_factory()
    async with again.run_test(size=(120, 36)) as pilot:
        await _sign_in(pilot)
        assert again.theme == "alto-contraste"


async def test_f1_names_keys_as_the_keyboard_does(app_factory):
    app = app_factory(_unit_with_officer)
    async with app.run_test(size=(120, 36)) as pilot:
        await _sign_in(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        text = screen_text(app)
        assert "Esc" in text and "Ctrl+S" in text
        assert "ESCAPE" not in text and "CTRL" not in text


async def test_first_run_typed_fast_lands_each_value_in_its_field(app_factory):
    from textual import events

    app = app_factory()
    values = ("UMF-R", "Unidad Rápida", "Dra. Veloz", "Directora", "5550001234", "admin", "Admin Veloz", "135790",
              "135790")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        # Every key queued at once, as a typist ahead of the screen: none waits for the previous one to be handled.
        for value in values:
            for char in value:
                app.post_message(events.Key(char if char != " " else "space", char))
            app.post_message(events.Key("enter", "\r"))
        await settle(pilot)
        assert type(app.screen).__name__ == "SignInScreen"
        assert app.ctx.unidad is None
    from sqlalchemy import select

    from models import Unidad, Usuario
    from services.database import read_session

    with read_session(app.ctx.engine) as s:
        unit = s.execute(select(Unidad)).scalar_one()
        admin = s.execute(select(Usuario)).scalar_one()
    assert (unit.clave, unit.nombre, unit.director_nombre, admin.usuario) == ("UMF-R", "Unidad Rápida", "Dra. Veloz", "admin")


async def test_a_browser_tab_that_gets_focus_types_into_the_user_field(app_factory):
    # `moad servir`: the web driver starts the app blurred, so the sign-in screen was composed with nothing focused.
    from textual.widgets import Input

    app = app_factory(_unit_with_officer)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.screen.set_focus(None)
        app.app_focus = False
        await pilot.pause()
        await type_text(pilot, "ana")
        await settle(pilot)
        assert app.screen.query_one("#usuario", Input).value == "ana"
