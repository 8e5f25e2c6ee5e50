"""Telling the petitioner the answer (L14): one notification attempt, or the delivery in person against ID."""

from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Static

from models.enums import Canal, ResultadoNotificacion
from services import delivery
from services.calendar import now_utc
from services.dates import MOMENT_EXAMPLE, moment_text, parse_moment
from services.labels import IDENTIFICACION_LABELS, MEDIO_LABELS, RESULTADO_LABELS
from tui.dialogs.expediente_common import ActionDialog, labelled, parse_rating
from tui.widgets.check import ClearCheckbox
from tui.widgets.choice import Choice

MEDIOS = list(MEDIO_LABELS.items())
RESULTADOS = list(RESULTADO_LABELS.items())
IDENTIFICACIONES = list(IDENTIFICACION_LABELS.items())
RATING_HINT = "1 muy insatisfecho … 5 muy satisfecho; opcional"


class NotifyDialog(ActionDialog):
    """One attempt to tell the petitioner: how, with what result, and the rating when they were reached."""

    HEADING = "Notificar la respuesta al peticionario (L14)"
    CONFIRM = "Registrar"

    def __init__(self, folio: str, canal: str, advice: str = ""):
        super().__init__(folio)
        self.canal = canal
        self.advice = advice

    def fields(self) -> ComposeResult:
        if self.advice:
            yield Static(Text(self.advice), classes="action-note")
        yield from labelled("Medio (←/→ o el número)", Choice(MEDIOS, id="notify-medio"))
        yield from labelled("Resultado (←/→ o el número)", Choice(RESULTADOS, id="notify-resultado"))
        yield from labelled("Detalle", Input(id="notify-detalle", placeholder="p. ej. habló con la peticionaria; "
                                                                               "o: el número no existe"))
        note = " — indispensable para concluir una petición de Presidencia (SIDAC)" if self.canal == Canal.PRESIDENCIA else ""
        yield ClearCheckbox(f"El peticionario firmó el acuse de recibo{note}", id="notify-acuse", classes="spaced")
        yield from labelled(f"Satisfacción ({RATING_HINT})", Input(id="notify-satisfaccion", max_length=1))
        yield from labelled(f"Fecha y hora del intento ({MOMENT_EXAMPLE}; «ahora» o vacío: este momento)",
                            Input(moment_text(now_utc()), id="notify-cuando", classes="submits"))

    @on(Choice.Changed, "#notify-resultado")
    def _result(self, event: Choice.Changed) -> None:
        # The rating is asked only of someone who was reached.
        reached = event.value == ResultadoNotificacion.NOTIFICADO
        rating = self.query_one("#notify-satisfaccion", Input)
        rating.disabled = not reached
        if not reached:
            rating.value = ""

    def request(self):
        resultado = self.query_one("#notify-resultado", Choice).value
        rating = parse_rating(self.text("notify-satisfaccion")) if resultado == ResultadoNotificacion.NOTIFICADO else None
        return delivery.notify, {
            "medio": self.query_one("#notify-medio", Choice).value, "resultado": resultado,
            "detalle": self.text("notify-detalle"), "acuse_firmado": self.ticked("notify-acuse"),
            "satisfaccion": rating, "intentada_en": attempt_moment(self.text("notify-cuando")),
        }


def attempt_moment(typed: str) -> datetime | None:
    """The moment typed for an attempt; None (this moment, as the service takes it) when blank or «ahora»."""
    if typed.strip().lower() in ("", "ahora"):
        return None
    return parse_moment(typed, "Fecha y hora del intento", now=now_utc())


class DeliverDialog(ActionDialog):
    """Entrega en persona: who receives, their official ID, and for a third party the carta poder and ID copy."""

    HEADING = "Entregar la respuesta en persona (L14)"
    CONFIRM = "Registrar entrega"

    def fields(self) -> ComposeResult:
        yield from labelled("Nombre de quien recibe", Input(id="deliver-nombre"))
        yield from labelled("Identificación oficial (←/→ o el número)", Choice(IDENTIFICACIONES, id="deliver-id"))
        yield from labelled("Número o folio de la identificación", Input(id="deliver-numero"))
        yield ClearCheckbox("Recibe un tercero (no el peticionario)", id="deliver-tercero", classes="spaced")
        yield ClearCheckbox("Trae carta poder simple firmada por el peticionario", id="deliver-carta", disabled=True)
        yield ClearCheckbox("Trae copia de la identificación del peticionario", id="deliver-copia", disabled=True)
        yield from labelled(f"Satisfacción ({RATING_HINT})", Input(id="deliver-satisfaccion", max_length=1, classes="submits"))
        yield Static(Text("Se registra como notificada (una petición concluida sigue concluida); el acuse queda firmado "
                          "por quien recibe y se genera la constancia de entrega."), classes="action-note")

    @on(Checkbox.Changed, "#deliver-tercero")
    def _third_party(self, event: Checkbox.Changed) -> None:
        for name in ("carta", "copia"):
            box = self.query_one(f"#deliver-{name}", Checkbox)
            box.disabled = not event.value
            if not event.value:
                box.value = False

    def request(self):
        tercero = self.ticked("deliver-tercero")
        return delivery.deliver, {
            "recibe_nombre": self.text("deliver-nombre"),
            "identificacion_tipo": self.query_one("#deliver-id", Choice).value,
            "identificacion_numero": self.text("deliver-numero"), "tercero": tercero,
            "carta_poder": tercero and self.ticked("deliver-carta"),
            "copia_identificacion_peticionario": tercero and self.ticked("deliver-copia"),
            "satisfaccion": parse_rating(self.text("deliver-satisfaccion")),
        }
