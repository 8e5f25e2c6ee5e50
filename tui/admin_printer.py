"""Administración's «Impresora» tab: the printer of this machine (a CUPS queue belongs to the computer, not to
the unit; services.printing keeps the choice beside this desk's data)."""

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Button, Static, TabPane

from services.printing import chosen_printer
from tui.context import desk
from tui.dialogs.printing import PrinterDialog, chosen_message, printer_text

PRINTER_HELP = "Impresora de este equipo, no de la unidad: cada mostrador elige la suya. I o Enter: elegirla."


class PrinterTab(Screen):
    """The tab and its one action, for AdminScreen."""

    def printer_pane(self) -> ComposeResult:
        """The tab: the printer in force and the button that opens the choice."""
        with TabPane("Impresora", id="tab-impresora"):
            yield Static(printer_text(chosen_printer(desk(self).data_dir)), id="admin-printer")
            yield Button("Elegir impresora (Enter)", id="admin-printer-choose", action="screen.printer", compact=True)

    def _status(self, message: str, *, error: bool = False) -> None:
        raise NotImplementedError

    def action_printer(self) -> None:
        """Choose the printer of this machine among the CUPS queues, or none."""
        self.app.push_screen(PrinterDialog(desk(self).data_dir), self._printer_chosen)

    def _printer_chosen(self, choice) -> None:
        if choice is not None:
            self.query_one("#admin-printer", Static).update(printer_text(choice))
            self._status(chosen_message(choice))
