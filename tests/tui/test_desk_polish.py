"""An officer's day at the desk: Spanish key names, dialogs a stray key cannot answer, and the small flows around them."""

from datetime import date

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


def test_f4_rows_fit_80_columns_with_the_area_named_whole_or_visibly_cut():
    from datetime import date

    from rich.text import Text

    from services.pending import PendingAction
    from tui.escalation_rows import EscalationData, area_width, row_text

    today, data = date(2026, 11, 20), EscalationData([], {}, {})
    width = area_width(80)
    rows = [
        PendingAction("recordatorio_1", "", date(2026, 10, 1), 34, True, "CMF-DEMO-2026-000284", 1, "Consulta externa"),
        PendingAction("informe_mensual", "", date(2026, 12, 14), 0, detalle={"mes": 11, "anio": 2026}),
        PendingAction("notificar", "", today, 0, folio="CMF-DEMO-2026-000282", area="Prestaciones económicas"),
    ]
    lines = [row_text(action, data, today, width) for action in rows]
    assert all(line.cell_len <= 80 - 3 for line in lines), [line.plain for line in lines]
    assert "Consulta externa " in lines[0].plain and "⏰ vencido 34 d.h." in lines[0].plain
    assert "Prestaciones ec… " in lines[2].plain and isinstance(lines[1], Text) and "14/12/2026" in lines[1].plain


async def test_f4_list_leaves_the_rows_their_width_at_80_columns(app_factory):
    from services.demo import populate

    app = app_factory(lambda engine: populate(engine, n=120, today=date(2026, 11, 20)))
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await pilot.press("f4")
        await settle(pilot)
        options = app.screen.query_one("#esc-list")
        assert options.scrollable_content_region.width >= 80 - 3
        prompts = [options.get_option_at_index(i).prompt for i in range(options.option_count)]
        assert all(prompt.cell_len <= options.scrollable_content_region.width for prompt in prompts)


async def test_statutory_holidays_are_listed_beside_declared_days_and_cannot_be_removed(app_factory):
    from services.demo import populate

    app = app_factory(lambda engine: populate(engine, n=10, today=date(2026, 11, 20)))
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot, "admin")
        await pilot.press("f7", "right", "right", "right", "right")
        await settle(pilot)
        days = app.screen.query_one("#admin-inhabiles")
        rows = [[str(cell) for cell in days.get_row_at(i)] for i in range(days.row_count)]
        assert ["16/11/2026", "lunes", "Día de la Revolución", "Ley Federal del Trabajo, art. 74", "Feriado de ley"] in rows
        assert ["01/01/2027", "viernes", "Año Nuevo", "Ley Federal del Trabajo, art. 74", "Feriado de ley"] in rows
        days.move_cursor(row=next(i for i, row in enumerate(rows) if row[0] == "16/11/2026"))
        await pilot.press("q")
        await settle(pilot)
        assert type(app.screen).__name__ == "AdminScreen"
        assert "es feriado de ley (Día de la Revolución); no se puede quitar" in str(
            app.screen.query_one("#admin-status").render())


async def test_esc_in_administracion_goes_back_to_the_tabs_before_leaving(app_factory):
    from services.demo import populate

    app = app_factory(lambda engine: populate(engine, n=10, today=date(2026, 11, 20)))
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot, "admin")
        home = app.screen
        await pilot.press("f7")
        await settle(pilot)
        name = app.screen.query_one("#u-nombre")
        name.focus()
        await type_text(pilot, " Norte")
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "AdminScreen" and type(app.screen.focused).__name__ == "ContentTabs"
        assert name.value.endswith(" Norte")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is home
