"""The idle lock: covers personal data until the signed-in officer types their PIN again."""

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from services.auth import sign_in
from tui.work import call


class LockScreen(ModalScreen[bool]):
    """Opaque screen shown after inactivity or Ctrl+L; only the same user's PIN opens it."""

    BINDINGS = [("escape", "noop", "")]
    AUTO_FOCUS = "#lock-pin"

    def compose(self) -> ComposeResult:
        ctx = self.app.ctx
        with Vertical(classes="dialog"):
            yield Static("Pantalla bloqueada", classes="dialog-title")
            yield Static(f"Sesión de {ctx.actor.nombre}. Escriba su PIN para continuar.")
            yield Input(id="lock-pin", password=True, placeholder="PIN")
            yield Static("", id="lock-error", classes="error")

    def action_noop(self) -> None:
        """Escape does not unlock."""

    @on(Input.Submitted, "#lock-pin")
    def _submit(self, event: Input.Submitted) -> None:
        call(self, sign_in, write=True, on_done=lambda _: self.dismiss(True), on_error=self._error,
             usuario=self.app.ctx.usuario, pin=event.value)

    def _error(self, message: str) -> None:
        self.query_one("#lock-error", Static).update(message)
        self.query_one("#lock-pin", Input).value = ""
