"""Sign-in by user and PIN."""

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static

from tui.context import desk
from tui.key_order import FOCUS_BINDINGS, FocusOnArrival
from tui.work import call


def _sign_in_and_unit(*, session, usuario: str, pin: str):
    # Imported in the worker (the app has usually loaded them while the PIN was typed): the screen is drawn first.
    from services.auth import sign_in
    from services.catalogs.units import get_unit

    user = sign_in(session=session, usuario=usuario, pin=pin)
    return user, get_unit(session=session, unidad_id=user.unidad_id)


class SignInScreen(FocusOnArrival, Screen[bool]):
    """Asks for user and PIN; dismisses with True once signed in."""

    AUTO_FOCUS = "#usuario"
    # Officers sign in many times a day without looking up: «usuario⇥PIN⏎» typed at once must land field by field.
    BINDINGS = [Binding("enter", "enter_key", show=False, priority=True), *FOCUS_BINDINGS]

    def compose(self) -> ComposeResult:
        with Vertical(id="sign-in-box", classes="dialog"):
            yield Static("MOAD Desk", classes="dialog-title")
            yield Static("Módulo de Orientación y Atención al Derechohabiente", classes="muted")
            yield Label("Usuario")
            yield Input(id="usuario", placeholder="su usuario")
            yield Label("PIN")
            yield Input(id="pin", password=True, placeholder="su PIN")
            yield Static("", id="sign-in-error", classes="error")
            yield Button("Entrar", id="entrar", variant="primary")

    def action_enter_key(self) -> None:
        """Enter in «Usuario» moves to the PIN as it arrives; in the PIN it signs in once the field has every digit."""
        self.enter_on_arrival({"pin": self._submit})

    @on(Button.Pressed, "#entrar")
    def _submit(self) -> None:
        usuario = self.query_one("#usuario", Input).value
        pin = self.query_one("#pin", Input).value
        if not usuario.strip() or not pin:
            self._error("Escriba su usuario y su PIN.")
            return
        call(self, _sign_in_and_unit, write=True, on_done=self._done, on_error=self._error, usuario=usuario, pin=pin)

    def _error(self, message: str) -> None:
        self.query_one("#sign-in-error", Static).update(Text(message))
        pin = self.query_one("#pin", Input)
        pin.value = ""
        pin.focus()

    def _done(self, result) -> None:
        from services.auth import actor_for

        user, unit = result
        ctx = desk(self)
        ctx.actor, ctx.usuario, ctx.unidad, ctx.tema = actor_for(user), user.usuario, unit, user.tema
        self.dismiss(True)
