"""Adjuntar archivo: a file the desk received (an área's written answer, a signed acuse) kept in the expediente."""

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Static

from services.attachments import attach
from tui.context import desk
from tui.dialogs.expediente_common import ActionDialog, labelled


class AttachDialog(ActionDialog):
    """The path of the file to copy into the expediente with its SHA-256."""

    HEADING = "Adjuntar un archivo al expediente (L15)"
    CONFIRM = "Adjuntar"

    def fields(self) -> ComposeResult:
        yield Static(Text("Se guarda una copia en la carpeta del expediente con su huella SHA-256; el original no se "
                          "modifica. Máximo 20 MB por archivo."), classes="action-note")
        yield from labelled("Ruta del archivo", Input(id="attach-path", classes="submits",
                                                      placeholder="p. ej. ~/Descargas/respuesta-farmacia.pdf"))

    def request(self):
        return attach, {"path": self.text("attach-path"), "data_dir": desk(self).data_dir}
