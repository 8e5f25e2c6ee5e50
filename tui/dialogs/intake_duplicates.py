"""Warns at intake that the same person or a very similar text came in during the last 30 days."""

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from services.dates import moment_text
from services.duplicates import WINDOW_DAYS, PossibleDuplicate

SAVE = "guardar"
"""The dialog's answer to register the petition anyway; None goes back to the form, a folio opens that expediente."""


def duplicate_line(item: PossibleDuplicate) -> Text:
    """One earlier petition: folio, when it came in and why it looks the same."""
    line = Text()
    line.append(f"{item.folio:<24}", style="bold")
    line.append(f"{moment_text(item.recibida_en)}   ")
    line.append(item.motivo)
    return line


class DuplicatesDialog(ModalScreen[str | None]):
    """Lists possible duplicates: «guardar» saves anyway, a folio opens that expediente, None goes back to the form."""

    DEFAULT_CSS = """
    DuplicatesDialog { align: center middle; }
    DuplicatesDialog > Vertical { width: 80; max-width: 100%; height: auto; max-height: 100%;
                                  border: thick $warning; background: $surface; padding: 1 2; }
    DuplicatesDialog #duplicates-list { margin: 1 0; height: auto; max-height: 12; background: $panel; }
    DuplicatesDialog Horizontal { height: auto; }
    DuplicatesDialog Button { margin-right: 2; }
    """
    BINDINGS = [Binding("escape", "back", "Volver"), Binding("g", "save", "Guardar de todos modos"),
                Binding("a", "open", "Abrir expediente")]

    def __init__(self, found: list[PossibleDuplicate]):
        super().__init__()
        self.found = found

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"Posibles duplicados (últimos {WINDOW_DAYS} días)", classes="dialog-title")
            yield Static("Estas peticiones se parecen a la que va a guardar. Revise si es la misma persona o el "
                         "mismo asunto; usted decide si la registra. A (o Enter en la lista) abre el expediente "
                         "elegido; lo escrito en el formulario se conserva.")
            yield OptionList(*(Option(duplicate_line(item), id=item.folio) for item in self.found), id="duplicates-list")
            with Horizontal():
                yield Button("Guardar de todos modos (G)", id="duplicates-save", variant="warning", compact=True)
                yield Button("Abrir expediente (A)", id="duplicates-open", compact=True)
                yield Button("Volver (Esc)", id="duplicates-back", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#duplicates-list", OptionList).highlighted = 0
        self.query_one("#duplicates-back", Button).focus()

    @on(Button.Pressed, "#duplicates-save")
    def action_save(self) -> None:
        """Register the petition even though it looks like an earlier one."""
        self.dismiss(SAVE)

    @on(Button.Pressed, "#duplicates-open")
    def action_open(self) -> None:
        """Open the highlighted earlier petition's expediente; the form keeps what was typed."""
        listed = self.query_one("#duplicates-list", OptionList)
        if listed.highlighted is not None:
            self.dismiss(self.found[listed.highlighted].folio)

    @on(OptionList.OptionSelected, "#duplicates-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.found[event.option_index].folio)

    @on(Button.Pressed, "#duplicates-back")
    def action_back(self) -> None:
        """Back to the form without saving."""
        self.dismiss(None)
