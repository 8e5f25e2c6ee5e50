"""Keys queued together reach a text field in the order typed: its bound keys (Backspace, arrows, Ctrl+U, Enter) no
longer wait for the bubble while the characters behind them land first (tui/key_order.py, Textualize/textual#6605)."""

from textual.app import App
from textual.widgets import Input, TextArea

from tests.tui.conftest import burst_into
from tui import key_order


class _Form(App):
    submitted: list[str] = []

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.submitted.append(event.value)

    def compose(self):
        yield Input(id="nombre")
        yield Input(id="apellido")
        yield TextArea(id="texto")


async def test_a_burst_edits_each_field_in_order():
    key_order.install()
    key_order.install_after_first_screen()
    app = _Form()
    app.submitted = []
    async with app.run_test() as pilot:
        await burst_into(pilot, "#nombre", ["A", "n", "x", "backspace", "a", "enter", "home", "delete", "a", "ctrl+e", "!"])
        assert app.query_one("#nombre", Input).value == "ana!"
        assert app.submitted == ["Ana"], "Enter submits what was typed before it, not what came after"
        await burst_into(pilot, "#texto", ["u", "n", "o", "enter", "d", "s", "left", "o", "up", "end", "s"])
        assert app.query_one("#texto", TextArea).text == "unos\ndos"
