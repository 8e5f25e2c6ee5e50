"""The idle lock: covers personal data until the signed-in officer types their PIN again, or closes the session."""

from time import monotonic

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from tui.context import desk, desk_app
from tui.work import call

# Seconds to wait after the n-th wrong PIN in a row: 1, 2, 4… up to five minutes. The account itself is never locked
# from here, so a curious member of the public cannot lock the officer out of their own session.
MAX_WAIT_SECONDS = 300
SIGN_OUT_NOTE = ("¿Es otra persona? «Cerrar sesión» cierra esta sesión para que entre con su usuario; "
                 "lo que no se haya guardado se pierde (la petición en captura queda como borrador).")


def _confirm_pin(*, session, usuario: str, pin: str):
    # Imported in the worker: the lock screen module stays light enough for the desk's start-up.
    from services.auth import confirm_pin

    return confirm_pin(session=session, usuario=usuario, pin=pin)


def wait_after(failures: int) -> int:
    """Seconds before the next attempt after this many wrong PINs in a row."""
    return min(2 ** (failures - 1), MAX_WAIT_SECONDS) if failures else 0


def wait_text(seconds: float) -> str:
    """«Espere 4 s para intentar de nuevo.», in minutes past a minute."""
    whole = max(1, round(seconds))
    amount = f"{whole} s" if whole < 60 else f"{-(-whole // 60)} min"
    return f"Espere {amount} para intentar de nuevo."


class LockScreen(ModalScreen[bool]):
    """Opaque screen shown after inactivity or Ctrl+L; only the same user's PIN opens it."""

    BINDINGS = [("escape", "noop", "")]
    AUTO_FOCUS = "#lock-pin"

    def __init__(self) -> None:
        super().__init__()
        self.failures = 0
        self.next_try_at = 0.0
        self.checking = False

    def compose(self) -> ComposeResult:
        ctx = desk(self)
        with Vertical(classes="dialog"):
            yield Static("Pantalla bloqueada", classes="dialog-title")
            yield Static(Text(f"Sesión de {ctx.signed_in.nombre}. Escriba su PIN para continuar."))
            yield Input(id="lock-pin", password=True, placeholder="PIN")
            yield Static("", id="lock-error", classes="error")
            yield Static(SIGN_OUT_NOTE, classes="muted")
            yield Button("Cerrar sesión", id="lock-sign-out")

    def action_noop(self) -> None:
        """Escape does not unlock."""

    @on(Input.Submitted, "#lock-pin")
    def _submit(self, event: Input.Submitted) -> None:
        if self.checking or not event.value:
            return
        remaining = self.next_try_at - monotonic()
        if remaining > 0:
            self._show(wait_text(remaining))
            return
        self.checking = True
        call(self, _confirm_pin, write=True, on_done=self._unlocked, on_error=self._error,
             usuario=desk(self).usuario, pin=event.value)

    def _unlocked(self, _user) -> None:
        self.checking = False
        self.dismiss(True)

    def _error(self, message: str) -> None:
        self.checking = False
        self.failures += 1
        wait = wait_after(self.failures)
        self.next_try_at = monotonic() + wait
        self._show(f"{message} {wait_text(wait)}")

    def _show(self, message: str) -> None:
        self.query_one("#lock-error", Static).update(Text(message))
        pin = self.query_one("#lock-pin", Input)
        pin.value = ""
        pin.focus()

    @on(Button.Pressed, "#lock-sign-out")
    def _sign_out(self) -> None:
        desk_app(self).sign_out()
