"""A desk the public cannot get past: nothing on the first-run, sign-in or lock screen leaves the app, no error reaches
the terminal, text from the data is never read as markup, and Ctrl+L covers everything, dialogs included."""

import logging

import pytest
from sqlalchemy import select

from models import Evento, Peticion, Unidad, Usuario
from services.actor import SYSTEM
from services.auth import actor_for
from services.catalogs.users import add_user
from services.database import read_session, write_session
from services.demo import populate
from services.intake import register
from tests.conftest import DEFAULT_NOW, mx
from tests.factories import FULL
from tests.tui.conftest import burst_into, screen_text, settle, sign_in, type_text
from tui.widgets.palette import NO_MATCHES

HOSTILE_NAME = "[/b] [link=x]Ana[/link] [bold red]Generada"


def _demo(engine):
    populate(engine, n=5, today=DEFAULT_NOW.date())


def _demo_with_hostile_user(engine):
    _demo(engine)
    with write_session(engine) as s:
        unit = s.execute(select(Unidad)).scalars().first()
        add_user(session=s, actor=SYSTEM, unidad_id=unit.id, usuario="hostil", nombre=HOSTILE_NAME, rol="oficial",
                 pin="135790")


def _demo_with_petition(engine):
    _demo(engine)
    with write_session(engine) as s:
        unit = s.execute(select(Unidad)).scalars().first()
        officer = s.execute(select(Usuario).where(Usuario.usuario == "oficial")).scalar_one()
        register(session=s, actor=actor_for(officer), unidad=unit, data=FULL, now=mx(2026, 11, 20, 9, 30))


def _folio(engine) -> str:
    with read_session(engine) as s:
        return s.execute(select(Peticion.folio).where(Peticion.recibida_en == mx(2026, 11, 20, 9, 30))).scalar_one()


def _screen(app) -> str:
    return type(app.screen).__name__


def _messages(app) -> list[str]:
    return [notification.message for notification in app._notifications]


async def _press(pilot, *keys):
    for key in keys:
        await pilot.press(key)
    await settle(pilot)


async def test_nothing_on_the_first_run_screen_leaves_the_app(app_factory):
    app = app_factory()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert _screen(app) == "FirstRunScreen"
        await _press(pilot, "ctrl+q", "ctrl+c", "ctrl+p")
        assert app.is_running and _screen(app) == "FirstRunScreen"


async def test_nothing_on_the_sign_in_screen_leaves_the_app(app_factory):
    app = app_factory(_demo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert _screen(app) == "SignInScreen"
        await _press(pilot, "ctrl+q", "ctrl+c")
        assert app.is_running and _screen(app) == "SignInScreen"
        await _press(pilot, "ctrl+p")
        assert _screen(app) == "SignInScreen", "no command palette (and so no «Salir») before signing in"
        assert not list(app.get_system_commands(app.screen))
        await app.action_quit()
        await settle(pilot)
        assert app.is_running, "the quit action itself refuses without a signed-in user"
        await _press(pilot, "tab")
        await _press(pilot, "ctrl+q")
        assert app.is_running and _screen(app) == "SignInScreen"


async def test_nothing_on_the_lock_screen_leaves_the_app(app_factory):
    app = app_factory(_demo)
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot)
        await _press(pilot, "ctrl+l")
        assert _screen(app) == "LockScreen"
        await _press(pilot, "ctrl+q", "ctrl+c", "escape")
        assert app.is_running and _screen(app) == "LockScreen"
        await _press(pilot, "ctrl+p")
        assert _screen(app) == "LockScreen", "no command palette on the lock screen"
        assert not list(app.get_system_commands(app.screen))
        await type_text(pilot, "246810")
        await _press(pilot, "enter")
        assert _screen(app) == "HomeScreen"


async def test_a_signed_in_user_quits_with_ctrl_q(app_factory):
    app = app_factory(_demo)
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot)
        await _press(pilot, "ctrl+p")
        assert _screen(app) == "DeskPalette"
        assert "Salir" in [command.title for command in app.get_system_commands(app.screen)]
        await _press(pilot, "escape", "ctrl+q")
        assert not app.is_running


async def test_markup_typed_into_the_palette_is_searched_as_text(app_factory):
    # The palette offers only folios that exist: markup around a number is no folio, and is neither drawn nor a crash.
    app = app_factory(_demo)
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot)
        await _press(pilot, "ctrl+p")
        await type_text(pilot, "[/x]1")
        await pilot.pause(0.8)
        await settle(pilot)
        assert app.is_running and _screen(app) == "DeskPalette"
        assert "[/x]1" in screen_text(app) and "Ir al folio" not in screen_text(app)
        assert NO_MATCHES in screen_text(app)
        await type_text(pilot, " [link=x]")
        await pilot.pause(0.8)
        await settle(pilot)
        assert app.is_running and "[/x]1 [link=x]" in screen_text(app) and "Ir al folio" not in screen_text(app)


async def test_markup_in_a_display_name_shows_as_written_on_the_lock_screen(app_factory):
    app = app_factory(_demo_with_hostile_user)
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot, "hostil", "135790")
        assert _screen(app) == "HomeScreen"
        assert f"· {HOSTILE_NAME}" in screen_text(app), "the header shows the name as written"
        assert app.sub_title.endswith(HOSTILE_NAME) and app.format_title(app.title, app.sub_title).plain.endswith(
            HOSTILE_NAME)
        await _press(pilot, "ctrl+l")
        assert app.is_running and _screen(app) == "LockScreen"
        assert f"Sesión de {HOSTILE_NAME}" in screen_text(app)


async def test_markup_in_a_notification_shows_as_written(app_factory):
    app = app_factory(_demo)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await sign_in(pilot)
        app.notify("Archivo [/x] [link=x]guardado[/link]", title="[/b]")
        await settle(pilot)
        assert app.is_running and "Archivo [/x] [link=x]guardado[/link]" in screen_text(app)


async def test_an_error_in_a_worker_callback_is_logged_without_its_message_and_the_desk_goes_on(
        app_factory, monkeypatch, caplog):
    from tui.widgets.desk_header import DeskHeader

    def broken(self, counts):
        raise RuntimeError("CURP BADD110313HCMLNS06")

    monkeypatch.setattr(DeskHeader, "_got_counts", broken)
    app = app_factory(_demo)
    caplog.set_level(logging.ERROR, logger="moad")
    with pytest.raises(RuntimeError):  # Pilot hands the test what the desk survived, so no error goes unseen
        async with app.run_test(size=(120, 36)) as pilot:
            await sign_in(pilot)
            assert app.is_running and _screen(app) == "HomeScreen"
            assert any(message.startswith("Ocurrió un error inesperado; no se perdió lo escrito")
                       for message in _messages(app))
            await _press(pilot, "f3")
            assert _screen(app) == "QueueScreen", "the desk still answers its keys"
    logged = caplog.text
    assert "builtins.RuntimeError" in logged and "work.py:" in logged and "test_kiosk.py:" in logged and ":broken" in logged
    assert "BADD110313HCMLNS06" not in logged and "CURP" not in logged


async def test_an_error_in_a_key_handler_leaves_the_desk_running(app_factory, monkeypatch, caplog):
    from tui.screens.home import HomeScreen

    def broken(self):
        raise ValueError("Ximena Prueba Generada")

    app = app_factory(_demo)
    monkeypatch.setattr(type(app), "action_help", broken)
    caplog.set_level(logging.ERROR, logger="moad")
    with pytest.raises(ValueError):
        async with app.run_test(size=(120, 36)) as pilot:
            await sign_in(pilot)
            await _press(pilot, "f1")
            assert app.is_running and isinstance(app.screen, HomeScreen)
            assert any(message.startswith("Ocurrió un error inesperado") for message in _messages(app))
            await _press(pilot, "f3")
            assert _screen(app) == "QueueScreen", "the app's own message loop survived the error"
    assert "ValueError" in caplog.text and "Ximena" not in caplog.text


async def test_ctrl_l_covers_a_dialog_showing_unmasked_data(app_factory):
    app = app_factory(_demo_with_petition)
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot)
        app.open_expediente(_folio(app.ctx.engine))
        await settle(pilot)
        assert _screen(app) == "ExpedienteScreen"
        await _press(pilot, "m", "enter")
        await _press(pilot, "e")
        assert _screen(app) == "PersonDataDialog"
        assert "5512345678" in screen_text(app)
        await _press(pilot, "ctrl+l")
        assert _screen(app) == "LockScreen"
        shown = screen_text(app)
        assert "5512345678" not in shown and "Ximena" not in shown and "Calle Falsa" not in shown
        await type_text(pilot, "246810")
        await _press(pilot, "enter")
        assert _screen(app) == "PersonDataDialog", "unlocking goes back to the work in progress"


async def test_wrong_pins_on_the_lock_screen_wait_longer_each_time_and_never_lock_the_account(app_factory, monkeypatch):
    from tui.screens import lock

    clock = [1000.0]
    monkeypatch.setattr(lock, "monotonic", lambda: clock[0])
    app = app_factory(_demo)
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot)
        await _press(pilot, "ctrl+l")
        for failure in range(1, 7):
            await type_text(pilot, "000000")
            await _press(pilot, "enter")
            wait = 2 ** (failure - 1)
            assert f"PIN incorrecto. Espere {wait} s para intentar de nuevo." in screen_text(app)
            await type_text(pilot, "246810")
            await _press(pilot, "enter")
            assert _screen(app) == "LockScreen", "the right PIN too waits out the pause"
            assert "Espere" in screen_text(app)
            clock[0] += wait
        with read_session(app.ctx.engine) as s:
            officer = s.execute(select(Usuario).where(Usuario.usuario == "oficial")).scalar_one()
            assert officer.bloqueado_hasta is None and officer.intentos_fallidos == 0
        await type_text(pilot, "246810")
        await _press(pilot, "enter")
        assert _screen(app) == "HomeScreen"


async def test_someone_else_closes_the_locked_session_and_signs_in(app_factory):
    app = app_factory(_demo)
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot)
        await _press(pilot, "f3")
        await _press(pilot, "ctrl+l")
        await _press(pilot, "tab", "enter")
        assert _screen(app) == "SignInScreen" and app.ctx.actor is None and len(app.screen_stack) == 2
        await _press(pilot, "ctrl+q")
        assert app.is_running
        await sign_in(pilot, "director")
        assert _screen(app) == "HomeScreen" and app.ctx.usuario == "director"
        assert "Dra. Directora Demo" in screen_text(app)
    with read_session(app.ctx.engine) as s:
        closed = s.execute(select(Usuario.usuario).join(Evento, Evento.usuario_id == Usuario.id)
                           .where(Evento.accion == "sesion_cerrada")).scalars().all()
    assert closed == ["oficial"]


async def test_work_that_finishes_behind_the_lock_waits_for_the_unlock(app_factory):
    from tui.dialogs.common import ConfirmDialog

    app = app_factory(_demo)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await sign_in(pilot)
        await _press(pilot, "ctrl+l")
        app.push_screen(ConfirmDialog("¿Enviar el oficio del folio 42?"))
        app.notify("Acuse del folio 42 en PDF")
        await settle(pilot)
        assert _screen(app) == "LockScreen"
        assert "folio 42" not in screen_text(app)
        await type_text(pilot, "246810")
        await _press(pilot, "enter")
        assert _screen(app) == "ConfirmDialog"
        assert "¿Enviar el oficio del folio 42?" in screen_text(app) and "Acuse del folio 42 en PDF" in screen_text(app)


@pytest.mark.parametrize("between", ["tab", "enter"])
async def test_user_and_pin_typed_in_one_burst_sign_in(app_factory, between):
    # Officers sign in many times a day (the screen locks after five idle minutes), typing without looking up.
    app = app_factory(_demo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await burst_into(pilot, "#usuario", [*"oficial", between, *"246810", "enter"])
        assert _screen(app) == "HomeScreen", app.screen.query_one("#usuario").value
