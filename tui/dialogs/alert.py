"""Who in the unit was alerted of an urgent petition (L2) and at what time: one dialog for intake, buzón and expediente."""

from datetime import datetime
from typing import NamedTuple

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from services.calendar import now_utc
from services.dates import clock_text, parse_clock
from tui.key_order import FocusOnArrival


class Alert(NamedTuple):
    """Whom the officer alerted and when."""

    who: str
    when: datetime


class AlertDialog(FocusOnArrival, ModalScreen[Alert | None]):
    """Asks who was alerted and at what time; both are required, Escape goes back without saving."""

    DEFAULT_CSS = """
    AlertDialog { align: center middle; }
    AlertDialog > Vertical { width: 84; max-width: 100%; height: auto; max-height: 100%; overflow-y: auto;
                             border: thick $error; background: $surface; padding: 1 2; }
    AlertDialog #alert-banner { background: red; color: white; text-style: bold; padding: 0 1; margin-bottom: 1; }
    AlertDialog Label { margin-top: 1; }
    AlertDialog #alert-error { color: $error; text-style: bold; height: auto; }
    AlertDialog Horizontal { height: auto; margin-top: 1; }
    AlertDialog Button { margin-right: 2; }
    AlertDialog #alert-when { width: 14; }
    """
    BINDINGS = [Binding("escape", "cancel", "Volver"),
                # Decided as the key arrives, so a quick Enter, Enter goes from «who» to «when» and then saves.
                Binding("enter", "enter_key", show=False, priority=True)]

    def __init__(self, banner: Text, *, confirm: str, back: str, alertado_a: str = "",
                 alertado_en: datetime | None = None):
        super().__init__()
        self.banner, self.confirm, self.back = banner, confirm, back
        self.alertado_a, self.alertado_en = alertado_a, alertado_en

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.banner, id="alert-banner")
            yield Static("Esta petición requiere atención inmediata (L2). Avise ya al personal de la unidad y "
                         "anote a quién alertó y a qué hora; queda en el expediente.")
            yield Label("¿A quién alertó en la unidad? (nombre y cargo)")
            yield Input(self.alertado_a, id="alert-who", placeholder="p. ej. Dra. Ruiz, jefa de urgencias")
            yield Label("¿A qué hora? (HH:MM, hoy)")
            yield Input(clock_text(self.alertado_en or now_utc()), id="alert-when", placeholder="HH:MM")
            yield Static("", id="alert-error")
            with Horizontal():
                yield Button(f"{self.confirm} (Enter)", id="alert-ok", variant="error", compact=True)
                yield Button(f"{self.back} (Esc)", id="alert-back", compact=True)

    def on_mount(self) -> None:
        self.query_one("#alert-who", Input).focus()

    def action_enter_key(self) -> None:
        """Enter in «who» goes on to «when»; Enter in «when» saves; on a button it presses it."""
        # The field may not have taken the letters typed just before Enter yet: it is read once it has.
        self.enter_on_arrival({"alert-who": self._who, "alert-when": self._submit}, moving=("alert-who",))

    @on(Button.Pressed, "#alert-ok")
    def _submit(self) -> None:
        if not self.is_current:
            return
        who = self._who()
        if not who:
            return
        when_field = self.query_one("#alert-when", Input)
        if not when_field.value.strip():
            self._error("Escriba la hora en que alertó (HH:MM): es obligatoria.")
            when_field.focus()
            return
        try:
            when = parse_clock(when_field.value, now_utc(), "Hora")
        except ValueError as problem:
            self._error(str(problem))
            when_field.focus()
            return
        self.dismiss(Alert(who, when))

    def _who(self) -> str:
        field = self.query_one("#alert-who", Input)
        who = field.value.strip()
        if not who:
            self._error("Escriba a quién alertó en la unidad: es obligatorio.")
            field.focus()
            return ""
        self._error("")
        return who

    def _error(self, message: str) -> None:
        self.query_one("#alert-error", Static).update(Text(message))

    @on(Button.Pressed, "#alert-back")
    def action_cancel(self) -> None:
        """Back to where the officer was; nothing is saved."""
        self.dismiss(None)
