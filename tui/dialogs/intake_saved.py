"""Shows the folio of the petition just registered, big enough to read to the petitioner across the desk."""

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Digits, Static

from models.enums import CANAL_LABELS, TIPO_LABELS, Canal, Tipo
from services import l3
from services.dates import clock_text, moment_text
from services.triage import CATEGORY_LABELS
from tui.dialogs.intake_urgency import URGENT_STYLE


def split_folio(folio: str) -> tuple[str, str]:
    """«CMF-DEMO-2026-000123» → («CMF-DEMO», «2026-000123»): the unit's clave and the part Digits can draw."""
    head, _, number = folio.rpartition("-")
    clave, _, year = head.rpartition("-")
    if not (year.isdigit() and number.isdigit()):
        return "", folio
    return clave, f"{year}-{number}"


def saved_details(peticion) -> Text:
    """What was registered, under the folio: tipo, medio, reception, petitioner, urgency and missing data."""
    text = Text(f"{TIPO_LABELS[Tipo(peticion.tipo)]} · {CANAL_LABELS[Canal(peticion.canal)]} · "
                f"recibida {moment_text(peticion.recibida_en)}")
    name = " ".join(part for part in (peticion.nombre, peticion.primer_apellido, peticion.segundo_apellido) if part)
    text.append("\nPeticionario: ")
    text.append(name or ("anónimo" if peticion.anonima else "sin nombre"))
    if peticion.urgente:
        text.append("\n")
        text.append("▲ URGENTE", style=URGENT_STYLE)
        category = CATEGORY_LABELS.get(peticion.triage_categoria, "")
        text.append(f" — {category} — se alertó a ")
        text.append(peticion.urgencia_alertado_a)
        if peticion.urgencia_alertado_en:
            text.append(f" a las {clock_text(peticion.urgencia_alertado_en)}")
    if peticion.datos_incompletos:
        verdict = l3.assess_record(peticion)
        text.append(f"\n◐ Datos incompletos (faltan {', '.join(verdict.faltan)}): complételos cuando el peticionario "
                    "los dé" + ("; F4 recuerda contactarlo (L3)." if l3.reachable(l3.values_of(peticion)) else " (L3)."))
    return text


class SavedDialog(ModalScreen[str]):
    """The new folio in large figures; returns «nueva» for the next petitioner or «cerrar» to leave the form."""

    DEFAULT_CSS = """
    SavedDialog { align: center middle; }
    SavedDialog > Vertical { width: 76; max-width: 100%; height: auto; max-height: 100%;
                             border: thick $success; background: $surface; padding: 1 2; }
    SavedDialog #saved-title { text-style: bold; color: $success; }
    SavedDialog #saved-clave { text-style: bold; margin-top: 1; }
    SavedDialog #saved-digits { width: auto; text-style: bold; color: $text; }
    SavedDialog #saved-folio { text-style: bold; margin-bottom: 1; }
    SavedDialog Horizontal { height: auto; margin-top: 1; }
    SavedDialog Button { margin-right: 1; }
    """
    BINDINGS = [
        Binding("a", "print", "Imprimir acuse"),
        Binding("enter", "new", "Nueva petición"),
        Binding("escape", "close", "Cerrar"),
    ]

    def __init__(self, folio: str, details: Text, *, on_print: Callable[[str], None]):
        super().__init__()
        self.folio, self.details, self.on_print = folio, details, on_print

    def compose(self) -> ComposeResult:
        clave, number = split_folio(self.folio)
        with Vertical():
            yield Static("✓ Petición registrada. Entregue este folio al peticionario:", id="saved-title")
            yield Static(Text(clave), id="saved-clave")
            yield Digits(number, id="saved-digits")
            yield Static(Text(f"Folio {self.folio}"), id="saved-folio")
            yield Static(self.details, id="saved-details")
            with Horizontal():
                yield Button("Imprimir acuse (A)", id="saved-print")
                yield Button("Nueva petición (Enter)", id="saved-new", variant="primary")
                yield Button("Cerrar (Esc)", id="saved-close")

    def on_mount(self) -> None:
        self.query_one("#saved-new", Button).focus()

    @on(Button.Pressed, "#saved-print")
    def action_print(self) -> None:
        """Produce the acuse de recibo for this folio."""
        self.on_print(self.folio)

    @on(Button.Pressed, "#saved-new")
    def action_new(self) -> None:
        """Back to an empty form for the next petitioner."""
        self.dismiss("nueva")

    @on(Button.Pressed, "#saved-close")
    def action_close(self) -> None:
        """Leave the intake form."""
        self.dismiss("cerrar")
