"""Correcting a petition's record with a reason (one field at a time, its value shown whole to the person correcting),
correcting the área it was routed to without a declination, and reopening a concluded petition."""

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from models import Area, Peticion
from models.enums import CANAL_LABELS, TIPO_LABELS
from models.petition_io import FIELD_LABELS
from services import corrections, reopening
from services.calendar import now_utc
from services.dates import MOMENT_EXAMPLE, moment_text, parse_moment
from tui.dialogs.expediente_common import ActionDialog, ReasonActionDialog
from tui.dialogs.expediente_routing import RouteDialog
from tui.widgets.choice import Choice

CHOICES = {"tipo": [(t.value, label) for t, label in TIPO_LABELS.items()],
           "canal": [(c.value, label) for c, label in CANAL_LABELS.items()]}
REASON_PROMPT = "Motivo de la corrección (queda en el expediente)"


def field_value(peticion: Peticion, campo: str) -> str:
    """The field's current value as typed in the form: the label of a code, the reception as dd/mm/aaaa hh:mm."""
    if campo == "recibida_en":
        return moment_text(peticion.recibida_en)
    value = getattr(peticion, campo) or ""
    return dict(CHOICES[campo]).get(value, value) if campo in CHOICES else value


class CorrectionDialog(ActionDialog):
    """Corregir el registro: choose the field (its value shown whole), write the right value and why."""

    DEFAULT_CSS = """
    CorrectionDialog #corr-fields { height: auto; max-height: 10; }
    """
    HEADING = "Corregir el registro de la petición"
    CONFIRM = "Guardar corrección"

    def __init__(self, folio: str, peticion: Peticion, campos: list[str], revealed: bool):
        super().__init__(folio)
        self.peticion, self.campos, self.revealed = peticion, campos, revealed

    def fields(self) -> ComposeResult:
        note = "Elija el campo (↑/↓, Enter), escriba el valor correcto y el motivo."
        if self.revealed:
            note += " Los datos se muestran completos: la consulta quedó registrada con su nombre (L16)."
        yield Static(Text(note), classes="action-note")
        options = []
        for campo in self.campos:
            label = Text(f"{FIELD_LABELS[campo].capitalize()}: ", style="bold")
            label.append(field_value(self.peticion, campo) or "(vacío)")
            options.append(Option(label, id=campo))
        yield OptionList(*options, id="corr-fields")
        yield Label("Valor correcto", id="corr-value-label")
        for campo, options_of in CHOICES.items():
            yield Choice(options_of, value=getattr(self.peticion, campo), id=f"corr-{campo}")
        yield Input(id="corr-value")
        yield Label(REASON_PROMPT)
        yield Input(id="corr-motivo", classes="submits")

    def on_mount(self) -> None:
        super().on_mount()
        listing = self.query_one("#corr-fields", OptionList)
        listing.focus()
        if listing.option_count:
            listing.highlighted = 0
        self._show_field(self.campos[0] if self.campos else "")

    @property
    def campo(self) -> str:
        """The field being corrected: the highlighted one."""
        listing = self.query_one("#corr-fields", OptionList)
        index = listing.highlighted
        return str(listing.get_option_at_index(index).id) if index is not None else ""

    @on(OptionList.OptionHighlighted, "#corr-fields")
    def _highlighted(self) -> None:
        self._show_field(self.campo)

    @on(OptionList.OptionSelected, "#corr-fields")
    def _chosen(self) -> None:
        self.query_one(f"#corr-{self.campo}" if self.campo in CHOICES else "#corr-value").focus()

    def _show_field(self, campo: str) -> None:
        for name in CHOICES:
            self.query_one(f"#corr-{name}", Choice).display = name == campo
        value = self.query_one("#corr-value", Input)
        value.display = campo not in CHOICES
        value.value = field_value(self.peticion, campo) if campo else ""
        value.placeholder = MOMENT_EXAMPLE if campo == "recibida_en" else "vacío para borrarlo"
        hint = f" ({MOMENT_EXAMPLE})" if campo == "recibida_en" else ""
        self.query_one("#corr-value-label", Label).update(f"Valor correcto de {FIELD_LABELS.get(campo, campo)}{hint}")

    def request(self):
        campo = self.campo
        if not campo:
            raise ValueError("Elija el campo que corrige.")
        if campo in CHOICES:
            valor: object = self.query_one(f"#corr-{campo}", Choice).value
        elif campo == "recibida_en":
            valor = parse_moment(self.text("corr-value"), "Fecha de recepción", now=now_utc())
        else:
            valor = self.text("corr-value")
        motivo = self.text("corr-motivo")
        if not motivo:
            raise ValueError(corrections.REASON_MISSING)
        return corrections.correct, {"campo": campo, "valor": valor, "motivo": motivo}


class AreaCorrectionDialog(RouteDialog):
    """Corregir el área: the right área and why; the wrong routing ends without a declination."""

    HEADING = "Corregir el área (sin declinación)"
    CONFIRM = "Corregir el área"

    def __init__(self, folio: str, areas: list[Area], current: Area | None, terms: tuple[int, int]):
        super().__init__(folio, [a for a in areas if current is None or a.id != current.id], set(), terms)
        self.current = current

    def fields(self) -> ComposeResult:
        yield Static(Text(f"Canalizada por error a {self.current.nombre if self.current else '—'}: esa canalización "
                          "termina sin declinación y los recordatorios enviados a esa área dejan de contar."),
                     classes="action-note")
        yield from super().fields()
        yield Label(REASON_PROMPT)
        yield Input(id="corr-motivo", classes="submits")

    def on_key(self, event: events.Key) -> None:
        # The initial jumps in the list of áreas, not while the reason is typed.
        if self.focused is self.query_one("#route-areas", OptionList):
            super().on_key(event)

    def action_submit(self) -> None:
        """Enter on an área (the routing dialog saves there) asks for the reason first when it is not written yet."""
        if self.focused is self.query_one("#route-areas", OptionList) and not self.text("corr-motivo"):
            self.query_one("#corr-motivo", Input).focus()
            return
        super().action_submit()

    def request(self):
        _, arguments = super().request()
        motivo = self.text("corr-motivo")
        if not motivo:
            raise ValueError(corrections.REASON_MISSING)
        return corrections.correct_area, {**arguments, "motivo": motivo}


def reopen_dialog(folio: str) -> ReasonActionDialog:
    """Reabrir: why a concluded petition is reopened; it goes back to the state it was concluded from."""
    return ReasonActionDialog(
        folio, title="Reabrir la petición concluida", service=reopening.reopen, field="motivo",
        prompt="¿Por qué se reabre?", confirm="Reabrir",
        note="La petición vuelve al estado en que se concluyó (notificada, en resguardo o registrada) para "
             "completar lo que faltó y concluirla de nuevo. El motivo queda en el expediente.")
