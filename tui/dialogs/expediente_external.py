"""SINAPP and SIDAC (L1, L15): the petition's folio in each system and whether it was closed in SINAPP."""

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Static

from models import Peticion
from models.enums import Canal, Estado
from services import external_systems
from services.dates import day_text
from tui.dialogs.expediente_common import ActionDialog, labelled
from tui.widgets.check import ClearCheckbox


class ExternalSystemsDialog(ActionDialog):
    """The SINAPP folio and closing of any petition and the SIDAC folio of one from Presidencia."""

    HEADING = "SINAPP y SIDAC (L1, L15)"
    CONFIRM = "Guardar folios"

    def __init__(self, folio: str, peticion: Peticion):
        super().__init__(folio)
        self.peticion = peticion

    def fields(self) -> ComposeResult:
        p = self.peticion
        presidencia = p.canal == Canal.PRESIDENCIA
        yield from labelled("Folio SINAPP", Input(p.sinapp_folio or "", id="ext-sinapp", max_length=external_systems.MAX_FOLIO,
                                                  classes="" if presidencia else "submits"))
        if presidencia:
            # An imported SIDAC list brings the folio as id_externo: offered until one is recorded.
            yield from labelled("Folio SIDAC (Presidencia)", Input(p.sidac_folio or p.id_externo or "", id="ext-sidac",
                                                                   max_length=external_systems.MAX_FOLIO, classes="submits"))
        closed = p.sinapp_cerrada_en is not None
        note = (f"Cerrada en el SINAPP el {day_text(p.sinapp_cerrada_en)}." if closed
                else "Se cierra en el SINAPP una vez concluida aquí, con la respuesta y el comprobante de notificación "
                     "(L15).")
        yield ClearCheckbox("Cerrada en el SINAPP", closed, id="ext-cerrada", classes="spaced",
                            disabled=p.estado != Estado.CONCLUIDA and not closed)
        yield Static(Text(note), classes="action-note")

    def request(self):
        sidac = self.text("ext-sidac") if self.peticion.canal == Canal.PRESIDENCIA else None
        return external_systems.record, {"sinapp_folio": self.text("ext-sinapp"), "sidac_folio": sidac,
                                         "cerrada_en_sinapp": self.ticked("ext-cerrada")}
