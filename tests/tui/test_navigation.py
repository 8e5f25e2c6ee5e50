"""F-keys switch between the desk's screens, one instance each, found as they were left; Esc goes back one level."""

from textual.widgets import Input

from services.demo import populate
from tests.conftest import DEFAULT_NOW
from tests.tui.conftest import settle, sign_in, type_text
from tui.widgets.rows_view import RowsView


def _demo(engine):
    populate(engine, n=60, today=DEFAULT_NOW.date())


async def _press(pilot, *keys):
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def _screen(app) -> str:
    return type(app.screen).__name__


async def test_f_keys_switch_to_screens_kept_as_they_were_left(app_factory):
    app = app_factory(_demo)
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot)
        await _press(pilot, "f3")
        queue = app.screen
        await _press(pilot, "down", "down", "down")
        row = queue.query_one("#queue-table", RowsView).cursor_row
        assert row == 3

        await _press(pilot, "f5")
        buzones = app.screen
        await _press(pilot, "1", "tab", "tab")
        await type_text(pilot, "4")
        await settle(pilot)
        assert buzones.query_one("#bz-hojas", Input).value == "4"

        await _press(pilot, "f2")
        await type_text(pilot, "1")
        await _press(pilot, "1")
        assert _screen(app) == "IntakeScreen"
        await _press(pilot, "f3")
        assert app.screen is queue and queue.query_one("#queue-table", RowsView).cursor_row == row
        await _press(pilot, "f5")
        assert app.screen is buzones and buzones.query_one("#bz-hojas", Input).value == "4"
        await _press(pilot, "f4", "f6", "f3", "f5", "f3")
        assert app.screen is queue
        assert len(app.screen_stack) == 3, "home and one screen over it, whatever the keys pressed"

        await _press(pilot, "enter")
        assert _screen(app) == "ExpedienteScreen"
        await _press(pilot, "escape")
        assert app.screen is queue, "Esc from an expediente goes back to the list it came from"
        await _press(pilot, "escape")
        assert _screen(app) == "HomeScreen"


async def test_a_new_session_starts_with_fresh_screens(app_factory):
    app = app_factory(_demo)
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot)
        await _press(pilot, "f3")
        first = app.screen
        await _press(pilot, "ctrl+l", "tab", "enter")
        assert _screen(app) == "SignInScreen"
        await sign_in(pilot, "director")
        await _press(pilot, "f3")
        assert _screen(app) == "QueueScreen" and app.screen is not first


async def test_an_empty_form_met_again_takes_the_time_of_now(app_factory):
    from datetime import timedelta

    from services.calendar import freeze
    from services.dates import moment_text

    app = app_factory(_demo)
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot)
        await _press(pilot, "f2")
        intake = app.screen
        assert intake.query_one("#recibida", Input).value == moment_text(DEFAULT_NOW)
        await _press(pilot, "f3")
        freeze(DEFAULT_NOW + timedelta(hours=2))
        await _press(pilot, "f2")
        assert app.screen is intake
        assert intake.query_one("#recibida", Input).value == moment_text(DEFAULT_NOW + timedelta(hours=2))
