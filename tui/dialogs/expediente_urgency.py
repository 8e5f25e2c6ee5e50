"""The urgent flag after registration (L2): confirm it with who was alerted and when, or raise it by hand."""

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Static

from services import urgency
from services.calendar import now_utc
from services.dates import clock_text, parse_clock
from services.triage import CATEGORY_LABELS
from tui.dialogs.expediente_common import ActionDialog, labelled
from tui.widgets.choice import Choice

CATEGORIES = [(category, CATEGORY_LABELS.get(category, category).capitalize()) for category in urgency.CATEGORIES]


class ConfirmUrgencyDialog(ActionDialog):
    """Confirmar urgencia: who in the unit was alerted and at what time; both are required."""

    HEADING = "▲ Confirmar la urgencia (L2)"
    CONFIRM = "Confirmar urgencia"

    def __init__(self, folio: str, categoria: str | None, alertado_a: str = ""):
        super().__init__(folio)
        self.categoria, self.alertado_a = categoria, alertado_a

    def fields(self) -> ComposeResult:
        category = CATEGORY_LABELS.get(self.categoria, "urgente") if self.categoria else "urgente"
        yield Static(Text(f"Caso de {category}: avise ya al personal de la unidad y anote a quién alertó y a qué "
                          "hora; queda en el expediente."), classes="action-note")
        yield from labelled("¿A quién alertó en la unidad? (nombre y cargo)",
                            Input(self.alertado_a, id="urgency-who", placeholder="p. ej. Dra. Ruiz, jefa de urgencias"))
        yield from labelled("¿A qué hora? (hh:mm, hoy)", Input(clock_text(now_utc()), id="urgency-when",
                                                               classes="submits"))

    def request(self):
        who = self.text("urgency-who")
        if not who:
            raise ValueError("Escriba a quién alertó en la unidad: es obligatorio.")
        return urgency.confirm, {"alertado_a": who,
                                 "alertado_en": parse_clock(self.text("urgency-when"), now_utc(), "La hora")}


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
