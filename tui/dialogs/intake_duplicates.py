"""Warns at intake that the same person or a very similar text came in during the last 30 days."""

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from services.dates import moment_text
from services.duplicates import WINDOW_DAYS, PossibleDuplicate


def duplicates_table(found: list[PossibleDuplicate]) -> Text:
    """One line per earlier petition: folio, when it came in and why it looks the same."""
    lines = Text()
    for index, item in enumerate(found):
        if index:
            lines.append("\n")
        lines.append(f"{item.folio:<24}", style="bold")
        lines.append(f"{moment_text(item.recibida_en)}   ")
        lines.append(item.motivo)
    return lines


class DuplicatesDialog(ModalScreen[bool]):
    """Lists possible duplicates; True saves anyway, False goes back to the form."""

    DEFAULT_CSS = """
    DuplicatesDialog { align: center middle; }
    DuplicatesDialog > Vertical { width: 80; max-width: 100%; height: auto; max-height: 100%;
                                  border: thick $warning; background: $surface; padding: 1 2; }
    DuplicatesDialog #duplicates-list { margin: 1 0; padding: 0 1; background: $panel; }
    DuplicatesDialog Horizontal { height: auto; }
    DuplicatesDialog Button { margin-right: 2; }
    """
    BINDINGS = [Binding("escape", "back", "Volver"), Binding("g", "save", "Guardar de todos modos")]

    def __init__(self, found: list[PossibleDuplicate]):
        super().__init__()
        self.found = found

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"Posibles duplicados (últimos {WINDOW_DAYS} días)", classes="dialog-title")
            yield Static("Estas peticiones se parecen a la que va a guardar. Revise si es la misma persona o el "
                         "mismo asunto; usted decide si la registra.")
            yield Static(duplicates_table(self.found), id="duplicates-list")
            with Horizontal():
                yield Button("Guardar de todos modos (G)", id="duplicates-save", variant="warning", compact=True)
                yield Button("Volver (Esc)", id="duplicates-back", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#duplicates-back", Button).focus()

    @on(Button.Pressed, "#duplicates-save")
    def action_save(self) -> None:
        """Register the petition even though it looks like an earlier one."""
        self.dismiss(True)

    @on(Button.Pressed, "#duplicates-back")
    def action_back(self) -> None:
        """Back to the form without saving."""
        self.dismiss(False)
