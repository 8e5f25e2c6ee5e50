"""Dialogs for printing: which document of the expediente to print, and which printer this machine prints on."""

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from services.dates import moment_text
from services.errors import DomainError
from services.labels import DOCUMENT_NAMES
from services.printing import PrinterChoice, choose_printer, chosen_printer, list_printers
from tui.work import listening

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{ width: 84; max-width: 100%; height: auto; max-height: 100%; border: thick $primary;
                     background: $surface; padding: 1 2; }}
{name} OptionList {{ height: auto; max-height: 14; margin: 1 0; }}
{name} .error {{ color: $error; }}
"""
NONE = "__ninguna__"


def printer_text(choice: PrinterChoice) -> Text:
    """«Impresora: «X» (elegida en administración)», or that none is chosen and where to choose it."""
    if choice.nombre is None:
        return Text("Sin impresora elegida para este equipo (Administración, F7, pestaña Impresora): el PDF solo se guarda.")
    return Text(f"Impresora de este equipo: «{choice.nombre}» (por {choice.origen}).")


def chosen_message(choice: PrinterChoice) -> str:
    """What the administrator is told once the choice is kept."""
    if choice.nombre is None:
        return "Este equipo queda sin impresora: los documentos solo se guardan en PDF."
    return f"Impresora de este equipo: «{choice.nombre}»" + (" (MOAD_IMPRESORA)." if choice.origen != "administración" else ".")


class DocumentChoiceDialog(ModalScreen[object]):
    """The expediente's PDFs, newest first; Enter returns the one to print, Esc nothing."""

    DEFAULT_CSS = DIALOG_CSS.format(name="DocumentChoiceDialog")
    BINDINGS = [Binding("escape", "cancel", "Cancelar")]

    def __init__(self, folio: str, documents: list, data_dir: Path):
        super().__init__()
        self.folio, self.data_dir = folio, data_dir
        self.documents = [d for d in reversed(documents) if d.nombre.lower().endswith(".pdf")]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"Imprimir un documento del expediente {self.folio}", style="bold"))
            yield Static(printer_text(chosen_printer(self.data_dir)), id="print-printer")
            options = []
            for index, document in enumerate(self.documents):
                label = Text(f"{moment_text(document.creado_en)} · ")
                label.append(DOCUMENT_NAMES.get(document.tipo, document.tipo), style="bold")
                label.append(f" · {document.nombre}")
                options.append(Option(label, id=str(index)))
            if not options:
                options.append(Option(Text("El expediente no tiene documentos PDF."), disabled=True))
            yield OptionList(*options, id="print-documents")
            yield Static(Text("Enter: imprimir · Esc: volver"), classes="hint")

    @on(OptionList.OptionSelected, "#print-documents")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(self.documents[int(event.option.id)])

    def action_cancel(self) -> None:
        """Close without printing."""
        self.dismiss(None)


class PrinterDialog(ModalScreen[PrinterChoice | None]):
    """This machine's printer: one of the CUPS queues `lpstat` lists, one typed by name, or none."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PrinterDialog")
    BINDINGS = [Binding("escape", "cancel", "Cancelar")]

    def __init__(self, data_dir: Path):
        super().__init__()
        self.data_dir = data_dir

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Impresora de este equipo", style="bold"))
            yield Static(Text("Es de esta computadora, no de la unidad: cada mostrador elige la suya."), classes="hint")
            yield Static(printer_text(chosen_printer(self.data_dir)), id="printer-now")
            yield OptionList(Option(Text("Buscando impresoras (lpstat)…"), disabled=True), id="printer-list")
            yield Input(id="printer-name", placeholder="o escriba el nombre de la cola de CUPS y pulse Enter")
            yield Static("", id="printer-error", classes="error")

    def on_mount(self) -> None:
        self.query_one("#printer-list", OptionList).focus()
        self._load()

    @work(thread=True, exclusive=True, group="printers")
    def _load(self) -> None:
        try:
            names, default = list_printers()
        except DomainError as error:
            self.app.call_from_thread(self._show, [], None, str(error))
            return
        self.app.call_from_thread(self._show, names, default, "")

    def _show(self, names: list[str], default: str | None, problem: str) -> None:
        if not listening(self):
            # Closed (Esc) while CUPS was still answering: the list has nowhere to go.
            return
        listing = self.query_one("#printer-list", OptionList)
        listing.clear_options()
        for name in names:
            listing.add_option(Option(Text(name + ("  (predeterminada de CUPS)" if name == default else "")), id=name))
        if not names and not problem:
            problem = "CUPS no tiene impresoras en este equipo; agréguela en CUPS o escriba su nombre."
        listing.add_option(Option(Text("Ninguna: solo guardar el PDF"), id=NONE))
        self.query_one("#printer-error", Static).update(Text(problem))

    @on(OptionList.OptionSelected, "#printer-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self._keep(None if event.option.id == NONE else event.option.id)

    @on(Input.Submitted, "#printer-name")
    def _typed(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self._keep(event.value)

    def _keep(self, name: str | None) -> None:
        try:
            choice = choose_printer(self.data_dir, name)
        except (DomainError, OSError) as error:
            self.query_one("#printer-error", Static).update(Text(str(error) if isinstance(error, DomainError) else
                                                                 "No se pudo guardar la elección en la carpeta de datos."))
            return
        self.dismiss(choice)

    def action_cancel(self) -> None:
        """Close, keeping the printer as it was."""
        self.dismiss(None)
