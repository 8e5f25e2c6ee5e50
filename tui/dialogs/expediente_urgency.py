"""Raising the urgent flag by hand after registration (L2); confirming it asks who was alerted (tui/dialogs/alert.py)."""

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Static

from services import urgency
from services.triage import CATEGORY_LABELS
from tui.dialogs.expediente_common import ActionDialog, labelled
from tui.widgets.choice import Choice

CATEGORIES = [(category, CATEGORY_LABELS.get(category, category).capitalize()) for category in urgency.CATEGORIES]


class RaiseUrgencyDialog(ActionDialog):
    """Marcar urgente: the category of the case and why, for a text the triage did not flag."""

    HEADING = "▲ Marcar como urgente (L2)"
    CONFIRM = "Marcar urgente"

    def fields(self) -> ComposeResult:
        yield from labelled("Tipo de caso (←/→ o el número)", Choice(CATEGORIES, id="raise-categoria"))
        yield from labelled("¿Por qué es urgente?", Input(id="raise-motivo", classes="submits",
                                                          placeholder="p. ej. el familiar dice que está inconsciente"))
        yield Static(Text("Después se le pedirá a quién alertó y a qué hora."), classes="action-note")

    def request(self):
        motivo = self.text("raise-motivo")
        if not motivo:
            raise ValueError("Escriba por qué es urgente: queda en el expediente.")
        return urgency.raise_flag, {"categoria": self.query_one("#raise-categoria", Choice).value, "motivo": motivo}
