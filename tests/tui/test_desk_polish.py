"""An officer's day at the desk: Spanish key names, dialogs a stray key cannot answer, and the small flows around them."""

from textual import events

from tests.factories import pilot_unit
from tests.tui.conftest import screen_text, settle, sign_in, type_text
from tui.dialogs.common import ConfirmDialog


async def test_footer_names_keys_as_the_keyboard_does(app_factory):
    app = app_factory(pilot_unit)
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot)
        await pilot.press("f3")
        await settle(pilot)
        footer = next(line for line in reversed(screen_text(app).splitlines()) if "Ayuda" in line)
        assert "Esc Volver" in footer and "Ctrl+Q Salir" in footer and "F1 Ayuda" in footer
        assert "Ctrl+R Actualizar" in footer and "Ctrl+P Comandos" in footer
        assert "^" not in footer and "esc " not in footer and "f1 " not in footer


async def test_a_key_pressed_before_a_confirmation_appeared_does_not_answer_it(app_factory):
    app = app_factory(pilot_unit)
    answers: list = []
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot)
        stray = events.Key("enter", "\r")
        app.push_screen(ConfirmDialog("¿Enviar el recordatorio?"), answers.append)
        await settle(pilot)
        app.post_message(stray)
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog) and answers == []
        await pilot.press("enter")
        await settle(pilot)
        assert answers == [True] and not isinstance(app.screen, ConfirmDialog)


async def test_a_valid_phone_is_shown_normalised_as_the_field_is_left_and_an_invalid_one_is_kept(app_factory):
    app = app_factory(pilot_unit)
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot)
        await pilot.press("f2")
        await settle(pilot)
        phone = app.screen.query_one("#telefono")
        phone.focus()
        await type_text(pilot, "+52 (55)1234-5678")
        await pilot.press("tab")
        await settle(pilot)
        assert phone.value == "55 1234 5678"
        assert "✗" not in str(app.screen.query_one("#telefono-msg").render())
        phone.value = ""
        phone.focus()
        await type_text(pilot, "55 12")
        await pilot.press("tab")
        await settle(pilot)
        assert phone.value == "55 12"
        assert "✗ Teléfono: el teléfono debe tener 10 dígitos" in str(app.screen.query_one("#telefono-msg").render())


async def test_queue_date_filters_ask_for_dd_mm_aaaa_and_take_both_forms(app_factory):
    app = app_factory(pilot_unit)
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot)
        await pilot.press("f3")
        await settle(pilot)
        desde, hasta = app.screen.query_one("#queue-desde"), app.screen.query_one("#queue-hasta")
        assert desde.placeholder == hasta.placeholder == "dd/mm/aaaa"
        desde.focus()
        await type_text(pilot, "01/11/2026")
        await pilot.press("enter")
        hasta.focus()
        await type_text(pilot, "2026-11-30")
        await pilot.press("enter")
        await settle(pilot)
        assert (app.screen.filtro.desde.isoformat(), app.screen.filtro.hasta.isoformat()) == ("2026-11-01", "2026-11-30")
        assert str(app.screen.query_one("#queue-error").render()).strip() == ""
