"""Keys on the intake form that cannot destroy what was typed: Ctrl+U edits the field, F8 is urgency, the date is
not entered selected, and «Borrar todo» is never the default."""

from textual.widgets import Input

from tests.factories import pilot_unit
from tests.tui.conftest import settle, sign_in, type_text


async def _form(pilot):
    await sign_in(pilot)
    await pilot.press("f2")
    await settle(pilot)
    assert type(pilot.app.screen).__name__ == "IntakeScreen"


async def test_ctrl_u_in_a_field_edits_it_and_f8_is_urgency(app_factory):
    app = app_factory(pilot_unit)
    async with app.run_test(size=(120, 36)) as pilot:
        await _form(pilot)
        app.screen.query_one("#nombre").focus()
        await settle(pilot)
        await type_text(pilot, "Ana")
        await pilot.press("ctrl+u")
        await settle(pilot)
        assert type(app.screen).__name__ == "IntakeScreen", "Ctrl+U inside a field opens nothing"
        assert app.screen.query_one("#nombre", Input).value == "", "Ctrl+U borra hasta el inicio, como en toda terminal"
        await pilot.press("f8")
        await settle(pilot)
        assert type(app.screen).__name__ == "CategoryDialog"


async def test_a_medio_other_than_modulo_lands_on_the_date_without_selecting_it(app_factory):
    app = app_factory(pilot_unit)
    async with app.run_test(size=(120, 36)) as pilot:
        await _form(pilot)
        before = app.screen.query_one("#recibida", Input).value
        await pilot.press("1", "3")
        await settle(pilot)
        assert app.focused.id == "recibida"
        await type_text(pilot, "B")
        await settle(pilot)
        assert app.screen.query_one("#recibida", Input).value == before + "B", "lo tecleado no reemplaza la fecha"


async def test_clearing_the_form_asks_with_keep_as_the_default(app_factory):
    app = app_factory(pilot_unit)
    async with app.run_test(size=(120, 36)) as pilot:
        await _form(pilot)
        app.screen.query_one("#nombre").focus()
        await settle(pilot)
        await type_text(pilot, "Beatriz")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmDialog" and app.focused.id == "no"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one("#nombre", Input).value == "Beatriz", "a stray Enter keeps what was typed"
