"""The expediente's action dialogs take keys that arrive together in the order typed: Tab and Enter are decided as
each arrives, so a fast «nombre⇥hora⏎» fills both fields and saves what was typed (tui/key_order.py)."""

from textual.app import ComposeResult
from textual.widgets import Checkbox, Input

from tests.factories import pilot_unit
from tests.tui.conftest import burst_into, settle, sign_in
from tui.dialogs.expediente_common import ActionDialog


def _record(*, session, actor, folio, uno, dos, marcada):
    return (folio, uno, dos, marcada)


class _TwoFields(ActionDialog):
    HEADING = "Prueba"

    def fields(self) -> ComposeResult:
        yield Input(id="uno")
        yield Checkbox("Marcada", id="marca")
        yield Input(id="dos", classes="submits")

    def request(self):
        return _record, {"uno": self.text("uno"), "dos": self.text("dos"), "marcada": self.ticked("marca")}


async def test_a_burst_fills_each_field_in_turn_and_saves_what_was_typed(app_factory):
    app = app_factory(pilot_unit)
    saved = []
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot)
        app.push_screen(_TwoFields("UMF-T1-2026-000001"), saved.append)
        await settle(pilot)
        await burst_into(pilot, "#uno", [*"Ana", "tab", "enter", "tab", *"09:30", "shift+tab", "shift+tab", "end",
                                         *"í", "tab", "tab", "enter"])
        await settle(pilot)
    assert saved == [("UMF-T1-2026-000001", "Anaí", "09:30", True)], "Enter on the checkbox ticks it; in «dos» it saves"


async def test_enter_in_a_field_that_does_not_save_moves_on(app_factory):
    app = app_factory(pilot_unit)
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot)
        app.push_screen(_TwoFields("UMF-T1-2026-000001"))
        await settle(pilot)
        await burst_into(pilot, "#uno", [*"Ana", "enter", "space"])
        assert app.screen.query_one("#marca", Checkbox).value
        assert app.screen.query_one("#uno", Input).value == "Ana"


async def test_ctrl_s_at_the_end_of_a_burst_saves_what_was_typed(app_factory):
    app = app_factory(pilot_unit)
    saved = []
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot)
        app.push_screen(_TwoFields("UMF-T1-2026-000001"), saved.append)
        await settle(pilot)
        await burst_into(pilot, "#uno", [*"Ana", "tab", "tab", *"09:30", "ctrl+s"])
        await settle(pilot)
    assert saved == [("UMF-T1-2026-000001", "Ana", "09:30", False)], "Ctrl+S reads the form once «dos» has its keys"
