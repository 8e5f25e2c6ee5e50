"""Asks who in the unit was alerted of an urgent buzón sheet (L2) and at what time; both are required."""

from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from services.calendar import now_utc
from services.dates import clock_text, parse_clock


class UrgentAlertDialog(ModalScreen[tuple[str, datetime] | None]):
    """Returns (who was alerted, when), or None when the officer goes back to the sheet."""

    DEFAULT_CSS = """
    UrgentAlertDialog { align: center middle; }
    UrgentAlertDialog > Vertical { width: 80; max-width: 100%; height: auto; max-height: 100%; overflow-y: auto;
                                   border: thick $error; background: $surface; padding: 1 2; }
    UrgentAlertDialog #urgent-banner { background: $error; color: $text; text-style: bold; padding: 0 1; margin-bottom: 1; }
    UrgentAlertDialog .error { color: $error; }
    UrgentAlertDialog Label { margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Volver a la hoja")]

    def __init__(self, description: str):
        super().__init__()
        self.description = description

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("▲ URGENTE — " + self.description), id="urgent-banner")
            yield Static("Esta hoja requiere atención inmediata (L2). Antes de registrarla anote a quién alertó.")
            yield Label("¿A quién se alertó en la unidad? (nombre y cargo)")
            yield Input(id="urgent-who", placeholder="p. ej. Dr. Pérez, jefe de urgencias")
            yield Label("¿A qué hora? (hh:mm)")
            yield Input(clock_text(now_utc()), id="urgent-when")
            yield Static("", id="urgent-error", classes="error")
            yield Static("Enter: siguiente / registrar · Escape: volver a la hoja sin registrar", classes="muted")

    def on_mount(self) -> None:
        self.query_one("#urgent-who", Input).focus()

    @on(Input.Submitted, "#urgent-who")
    def _next(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.query_one("#urgent-error", Static).update("Escriba a quién se alertó: es obligatorio.")
            return
        self.query_one("#urgent-error", Static).update("")
        self.query_one("#urgent-when", Input).focus()

    @on(Input.Submitted, "#urgent-when")
    def _submit(self) -> None:
        who = self.query_one("#urgent-who", Input).value.strip()
        when_text = self.query_one("#urgent-when", Input).value
        error = self.query_one("#urgent-error", Static)
        if not who:
            error.update("Escriba a quién se alertó: es obligatorio.")
            self.query_one("#urgent-who", Input).focus()
            return
        try:
            when = parse_clock(when_text, now_utc(), "Hora")
        except ValueError as problem:
            error.update(str(problem))
            return
        self.dismiss((who, when))

    def action_cancel(self) -> None:
        """Back to the sheet; nothing is registered."""
        self.dismiss(None)
