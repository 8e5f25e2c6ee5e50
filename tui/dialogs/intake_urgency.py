"""The urgent-petition dialogs of the intake form (L2): who was alerted and when, and raising the flag by hand."""

from datetime import datetime

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from services.calendar import now_utc
from services.dates import clock_text, parse_clock
from services.intake import UrgencyDecision
from services.triage import CATEGORY_LABELS, TriageCategory

# In the order L2 lists them: a) código infarto, b) urgencia médica, c) traslado de paciente grave.
CATEGORIES = tuple(TriageCategory)

URGENT_STYLE = "bold white on red"


class UrgencyDialog(ModalScreen[UrgencyDecision | None]):
    """Asks who in the unit was alerted of an urgent petition and at what time; both are required."""

    DEFAULT_CSS = """
    UrgencyDialog { align: center middle; }
    UrgencyDialog > Vertical { width: 84; max-width: 100%; height: auto; max-height: 100%; overflow-y: auto;
                               border: thick $error; background: $surface; padding: 1 2; }
    UrgencyDialog #urgency-banner { background: red; color: white; text-style: bold; padding: 0 1; margin-bottom: 1; }
    UrgencyDialog Label { margin-top: 1; }
    UrgencyDialog #urgency-error { color: $error; text-style: bold; height: auto; }
    UrgencyDialog Horizontal { height: auto; margin-top: 1; }
    UrgencyDialog Button { margin-right: 2; }
    UrgencyDialog #urgency-when { width: 14; }
    """
    BINDINGS = [Binding("escape", "cancel", "Volver al formulario"),
                # Decided as the key arrives, so a quick Enter, Enter goes from «who» to «when» and then saves.
                Binding("enter", "enter_key", show=False, priority=True)]

    def __init__(self, banner: Text, categoria: str | None, *, alertado_a: str = "", alertado_en: datetime | None = None):
        super().__init__()
        self.banner, self.categoria = banner, categoria
        self.alertado_a, self.alertado_en = alertado_a, alertado_en

    def compose(self) -> ComposeResult:
        when = clock_text(self.alertado_en or now_utc())
        with Vertical():
            yield Static(self.banner, id="urgency-banner")
            yield Static("Esta petición requiere atención inmediata (L2). Avise ya al personal de la unidad y "
                         "anote a quién alertó y a qué hora; queda en el expediente.")
            yield Label("¿A quién alertó en la unidad? (nombre y cargo)")
            yield Input(self.alertado_a, id="urgency-who", placeholder="p. ej. Dra. Ruiz, jefa de urgencias")
            yield Label("¿A qué hora? (HH:MM)")
            yield Input(when, id="urgency-when", placeholder="HH:MM")
            yield Static("", id="urgency-error")
            with Horizontal():
                yield Button("Registrar urgente (Enter)", id="urgency-ok", variant="error", compact=True)
                yield Button("Volver (Esc)", id="urgency-back", compact=True)

    def on_mount(self) -> None:
        self.query_one("#urgency-who", Input).focus()

    def action_enter_key(self) -> None:
        """Enter in «who» goes on to «when»; Enter in «when» registers; on a button it presses it."""
        focused = self.focused
        if not isinstance(focused, Input):
            raise SkipAction()
        # The field may not have taken the letters typed just before Enter yet: read it once it has.
        if focused.id == "urgency-who":
            self.set_focus(self.query_one("#urgency-when", Input))
            focused.call_later(self._who)
        else:
            focused.call_later(self._submit)

    @on(Button.Pressed, "#urgency-ok")
    def _submit(self) -> None:
        if not self.is_current:
            return
        who = self._who()
        if not who:
            return
        when_field = self.query_one("#urgency-when", Input)
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
        self.dismiss(UrgencyDecision(confirmar=True, alertado_a=who, alertado_en=when, categoria=self.categoria))

    def _who(self) -> str:
        field = self.query_one("#urgency-who", Input)
        who = field.value.strip()
        if not who:
            self._error("Escriba a quién alertó en la unidad: es obligatorio.")
            field.focus()
            return ""
        self._error("")
        return who

    def _error(self, message: str) -> None:
        self.query_one("#urgency-error", Static).update(Text(message))

    @on(Button.Pressed, "#urgency-back")
    def action_cancel(self) -> None:
        """Back to the form; nothing is saved."""
        self.dismiss(None)


class CategoryDialog(ModalScreen[str | None]):
    """Lets the officer raise the urgent flag by hand on a text the engine missed, choosing its category."""

    DEFAULT_CSS = """
    CategoryDialog { align: center middle; }
    CategoryDialog > Vertical { width: 70; max-width: 100%; height: auto; border: thick $error;
                                background: $surface; padding: 1 2; }
    CategoryDialog OptionList { height: auto; margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancelar"),
                *(Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, len(CATEGORIES) + 1))]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Marcar como urgente (L2)", classes="dialog-title")
            yield Static("El sistema no detectó urgencia en la descripción. Si usted la ve, elija qué tipo de caso "
                         "es (1–3, o flechas y Enter). Al guardar se le pedirá a quién alertó y a qué hora.")
            yield OptionList(*(Option(f"{n} {CATEGORY_LABELS[c].capitalize()}", id=c.value)
                               for n, c in enumerate(CATEGORIES, 1)), id="category-list")
            yield Static("Esc: cancelar", classes="muted")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_pick(self, index: int) -> None:
        """Choose the category at this position."""
        self.dismiss(CATEGORIES[index].value)

    def action_cancel(self) -> None:
        """Close without raising the flag."""
        self.dismiss(None)
