"""Keys on the intake form that cannot destroy what was typed: Ctrl+U edits the field, F8 is urgency, the date is
not entered selected, and «Borrar todo» is never the default."""

from textual.widgets import Input, TextArea

from tests.factories import pilot_unit
from tests.tui.conftest import burst_into, settle, sign_in, type_text


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


async def test_keys_that_arrive_together_edit_the_field_in_the_order_typed(app_factory):
    # Textual ran a field's Backspace, arrows and Ctrl+U only after the key reached the app, so a character queued
    # behind them landed first: «Anx⌫a» became «Anx» (tui/key_order.py, upstream Textualize/textual#6605).
    app = app_factory(pilot_unit)
    async with app.run_test(size=(120, 36)) as pilot:
        await _form(pilot)
        await burst_into(pilot, "#nombre", ["A", "n", "x", "backspace", "a", "home", "ctrl+k", "A", "n", "a", "tab", *"Lopez"])
        assert app.screen.query_one("#nombre", Input).value == "Ana"
        assert app.screen.query_one("#primer_apellido", Input).value == "Lopez", "the form's Tab is decided on arrival"
        await burst_into(pilot, "#descripcion", ["N", "o", " ", "h", "a", "y", "y", "backspace", " ", "c", "i", "t", "a",
                                                 "left", "left", "left", "left", "delete", "C"])
        assert app.screen.query_one("#descripcion", TextArea).text == "No hay Cita"


async def test_ctrl_s_right_after_typing_saves_what_was_typed(app_factory):
    from sqlalchemy import select

    from models import Peticion
    from services.database import read_session

    app = app_factory(pilot_unit)
    async with app.run_test(size=(120, 36)) as pilot:
        await _form(pilot)
        await burst_into(pilot, "#descripcion", [*"No me dieron cita", "ctrl+s"])
        await settle(pilot)
    with read_session(app.ctx.engine) as session:
        assert session.execute(select(Peticion.descripcion)).scalars().all() == ["No me dieron cita"]


async def test_tipo_and_medio_by_number_then_the_name_in_one_burst(app_factory):
    # A digit chooses and the form moves on as the digit arrives, so the name typed right after lands in the name.
    app = app_factory(pilot_unit)
    async with app.run_test(size=(120, 36)) as pilot:
        await _form(pilot)
        assert app.focused.id == "tipo"
        await burst_into(pilot, "#tipo", ["2", "1", *"Ana", "tab", *"Lopez"])
        screen = app.screen
        assert (screen.query_one("#tipo").value, screen.query_one("#canal").value) == ("reconocimiento", "modulo")
        assert (screen.query_one("#nombre", Input).value, screen.query_one("#primer_apellido", Input).value) == (
            "Ana", "Lopez")
