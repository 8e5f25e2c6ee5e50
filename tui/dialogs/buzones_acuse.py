"""Asks how a buzón petitioner was told their sheet was received (L1): by phone or in writing."""

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

MEDIOS = {"telefono": "por teléfono", "escrito": "por escrito"}


class AcuseMedioDialog(ModalScreen[str | None]):
    """Returns "telefono" or "escrito", or None when cancelled; T and E choose at once."""

    DEFAULT_CSS = """
    AcuseMedioDialog { align: center middle; }
    AcuseMedioDialog > Vertical { width: 70; height: auto; border: thick $primary; background: $surface; padding: 1 2; }
    AcuseMedioDialog Horizontal { height: auto; margin-top: 1; }
    AcuseMedioDialog Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("t", "choose('telefono')", "Por teléfono"),
        Binding("e", "choose('escrito')", "Por escrito"),
        Binding("escape", "cancel", "Cancelar"),
    ]

    def __init__(self, folio: str):
        super().__init__()
        self.folio = folio

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Aviso al peticionario de buzón (L1)", classes="dialog-title")
            yield Static(Text(f"¿Cómo se avisó al peticionario del folio {self.folio} que su hoja fue recibida?"))
            with Horizontal():
                yield Button("Por teléfono (T)", id="telefono", variant="primary")
                yield Button("Por escrito (E)", id="escrito")
                yield Button("Cancelar", id="cancelar")

    @on(Button.Pressed, "#telefono")
    @on(Button.Pressed, "#escrito")
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    @on(Button.Pressed, "#cancelar")
    def action_cancel(self) -> None:
        """Close without recording anything."""
        self.dismiss(None)

    def action_choose(self, medio: str) -> None:
        """Pick the medio with one key."""
        self.dismiss(medio)
