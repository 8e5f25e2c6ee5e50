"""Printing from any screen: a stored PDF goes to this desk's printer, or the officer is told where it lies.

A path is shown broken only after a «/», the file name on its own line, so a toast never cuts a name in two;
the whole path is also copied to the clipboard."""

import textwrap
from pathlib import Path

from textual.dom import DOMNode

from services.labels import DOCUMENT_NAMES
from services.printing import Printed, chosen_printer, print_stored, record_printed
from tui.context import desk, desk_app
from tui.work import call

# A toast is 60 cells wide but at most half of its rack (the screen less the rack's scrollbar), less its left
# border and padding: 36 cells of text on an 80-column terminal.
TOAST_WIDTH = 60
RACK_MARGIN = 2
TOAST_FRAME = 3


def home_short(folder: Path) -> str:
    """The folder with the home directory written «~», ending in «/»."""
    text = str(folder)
    home = str(Path.home())
    if home not in ("", "/") and (text == home or text.startswith(home + "/")):
        text = "~" + text[len(home):]
    return text.rstrip("/") + "/"


def folder_lines(folder: Path, width: int) -> list[str]:
    """The folder in lines of at most width cells, each broken right after a «/» (a part longer stays whole)."""
    lines: list[str] = []
    current = ""
    for part in home_short(folder).split("/")[:-1]:
        piece = part + "/"
        if current and len(current) + len(piece) > width:
            lines.append(current)
            current = ""
        current += piece
    if current:
        lines.append(current)
    return lines


def where_text(path: Path | str, width: int) -> str:
    """The folder (home as «~», broken after «/») and, on its own line, the file name."""
    path = Path(path)
    return "\n".join([*folder_lines(path.parent, width), path.name])


def toast_width(node: DOMNode) -> int:
    """How many cells a toast's text has on this screen."""
    return max(20, min(TOAST_WIDTH, (desk_app(node).size.width - RACK_MARGIN) // 2) - TOAST_FRAME)


def toast_text(text: str, width: int) -> str:
    """Each line wrapped at spaces to width, never inside a word, so the toast neither crops nor cuts a name."""
    return "\n".join(textwrap.fill(line, width, break_long_words=False, break_on_hyphens=False) or line
                     for line in text.splitlines())


def show_saved(node: DOMNode, label: str, path: Path | str, *, note: str = "") -> None:
    """A toast saying the PDF is saved and where, with the path copied to the clipboard."""
    app = desk_app(node)
    app.copy_to_clipboard(str(path))
    width = toast_width(node)
    message = f"{label} en PDF:\n{where_text(path, width)}\n(ruta copiada al portapapeles)" + (f"\n{note}" if note else "")
    app.notify(toast_text(message, width), title="PDF guardado", timeout=12)


def print_document(node: DOMNode, label: str, path: Path | str, *, documento_id: int | None = None,
                   report: tuple[int, int, int] | None = None) -> None:
    """Send a stored document (or the Anexo 1 as (unidad_id, year, month)) to this desk's printer, then record it."""
    app, ctx = desk_app(node), desk(node)

    def failed(message: str) -> None:
        app.copy_to_clipboard(str(path))
        width = toast_width(node)
        app.notify(toast_text(f"{message}\n{label} en PDF:\n{where_text(path, width)}\n(ruta copiada al portapapeles)",
                              width), title="No se imprimió", severity="error", timeout=15)

    def printed(done: Printed) -> None:
        request = f" (solicitud {done.solicitud})" if done.solicitud else ""
        # lp already took the paper; a failure to record it must not read as «not printed».
        call(node, record_printed, write=True, actor=ctx.actor, printed=done,
             on_done=lambda _: app.notify(f"{label} enviado a la impresora «{done.impresora}»{request}.",
                                          title="Imprimir", timeout=8),
             on_error=lambda message: app.notify(f"{label} enviado a la impresora «{done.impresora}», pero no quedó "
                                                 f"registrado: {message}", severity="warning", timeout=12))

    # Only reads: lp never runs while the database is locked for writing.
    call(node, print_stored, on_done=printed, on_error=failed, group="printing", actor=ctx.actor,
         data_dir=ctx.data_dir, documento_id=documento_id, report=report)


def produced(node: DOMNode, document) -> None:
    """After a document is made: print it when this desk has a printer, else say where its PDF is and how to print."""
    label = DOCUMENT_NAMES.get(document.tipo, document.tipo)
    if chosen_printer(desk(node).data_dir).nombre:
        print_document(node, label, document.ruta, documento_id=document.id)
    else:
        show_saved(node, label, document.ruta,
                   note="Para imprimir al generar, elija la impresora en Administración (F7), pestaña Impresora.")


class AcusePrinter:
    """Produce a folio's acuse de recibo once, keep it in the expediente, and print it as often as asked."""

    def __init__(self, node: DOMNode) -> None:
        self.node = node
        self.made: dict[str, object] = {}

    def __call__(self, folio: str) -> None:
        """Print the acuse of this folio, producing it first if this screen has not yet."""
        from services.paperwork import acuse

        if folio in self.made:
            self._print(folio, self.made[folio])
            return

        def stored(document) -> None:
            self.made[folio] = document
            self._print(folio, document)

        ctx = desk(self.node)
        call(self.node, acuse, write=True, on_done=stored, actor=ctx.actor, folio=folio, data_dir=ctx.data_dir)

    def _print(self, folio: str, document) -> None:
        print_document(self.node, f"Acuse del folio {folio}", document.ruta, documento_id=document.id)
