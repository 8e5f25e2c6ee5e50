"""The SAD's measures in the expediente (L11): record one agreed with the área, and record one fulfilled."""

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from models import MedidaSad
from services import sad_measures
from services.calendar import today_local
from services.dates import day_text, parse_day
from tui.dialogs.expediente_common import ActionDialog, labelled


class MeasureDialog(ActionDialog):
    """A measure agreed by the SAD with the área: what, who answers for it, when it was agreed, due when (optional)."""

    HEADING = "Medida acordada con la SAD (L11)"
    CONFIRM = "Registrar medida"

    def __init__(self, folio: str, prorroga_hasta: date | None):
        super().__init__(folio)
        self.prorroga_hasta = prorroga_hasta

    def fields(self) -> ComposeResult:
        until = f" (el {day_text(self.prorroga_hasta)})" if self.prorroga_hasta else ""
        yield Static(Text("La SAD acuerda con el área medidas para resolver pronto el asunto (L11). Sin fecha de "
                          f"cumplimiento, la medida se sigue hasta la fecha de la prórroga{until}; queda en Pendientes "
                          "(F4) hasta que se registra cumplida."), classes="action-note")
        yield from labelled("¿Qué medida se acordó?", Input(id="medida-descripcion"))
        yield from labelled("Responsable de cumplirla (nombre o cargo)", Input(id="medida-responsable"))
        yield from labelled("Acordada el (dd/mm/aaaa)", Input(day_text(today_local()), id="medida-acordada"))
        yield from labelled("Cumplir a más tardar el (dd/mm/aaaa, opcional)",
                            Input(id="medida-vence", placeholder="dd/mm/aaaa", classes="submits"))

    def request(self):
        descripcion, responsable = self.text("medida-descripcion"), self.text("medida-responsable")
        if not descripcion:
            raise ValueError("Escriba la medida que acordó la SAD con el área (L11).")
        if not responsable:
            raise ValueError("Escriba quién es responsable de cumplir la medida.")
        due = self.text("medida-vence")
        return sad_measures.record, {
            "descripcion": descripcion, "responsable": responsable,
            "acordada_en": parse_day(self.text("medida-acordada"), "Acordada el"),
            "vence_en": parse_day(due, "Cumplir a más tardar") if due else None,
        }


class FulfilDialog(ActionDialog):
    """Which pending measure was fulfilled, and how."""

    HEADING = "Medida de la SAD cumplida (L11)"
    CONFIRM = "Registrar cumplimiento"

    def __init__(self, folio: str, pending: list[MedidaSad]):
        super().__init__(folio)
        self.pending = pending

    def fields(self) -> ComposeResult:
        yield Static(Text("Elija la medida (flechas) y escriba cómo se cumplió."), classes="action-note")
        options = [Option(Text(f"{m.descripcion} — {m.responsable}, acordada el {day_text(m.acordada_en)}"),
                          id=str(m.id)) for m in self.pending]
        yield OptionList(*options, id="medida-lista")
        yield from labelled("¿Cómo se cumplió?", Input(id="medida-nota", classes="submits"))

    def on_mount(self) -> None:
        super().on_mount()
        listing = self.query_one("#medida-lista", OptionList)
        if listing.option_count:
            listing.highlighted = 0
        self.query_one("#medida-nota", Input).focus()

    def request(self):
        listing = self.query_one("#medida-lista", OptionList)
        if listing.highlighted is None:
            raise ValueError("Elija la medida que se cumplió.")
        nota = self.text("medida-nota")
        if not nota:
            raise ValueError("Escriba cómo se cumplió la medida.")
        return sad_measures.fulfil, {"medida_id": int(listing.get_option_at_index(listing.highlighted).id or 0),
                                     "nota": nota}
