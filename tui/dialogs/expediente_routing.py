"""Routing dialogs of the expediente: choose the área (L4) and agree a prórroga (L10, L11)."""

import unicodedata
from datetime import date

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from models import Area
from services import routing
from services.calendar import now_utc
from services.dates import day_text, moment_text, parse_day, parse_moment
from services.terms import PRORROGA_MAX_BUSINESS_DAYS, days_text
from tui.dialogs.expediente_common import ActionDialog, labelled


class RouteDialog(ActionDialog):
    """Canalizar: the unit's active áreas with their enlace; Enter on one routes the petition there."""

    HEADING = "Canalizar a un área (L4)"
    CONFIRM = "Canalizar"

    def __init__(self, folio: str, areas: list[Area], declined: set[int], terms: tuple[int, int]):
        super().__init__(folio)
        self.areas, self.declined = areas, declined
        self.seguimiento, self.declinacion = terms

    def fields(self) -> ComposeResult:
        yield Static(Text(f"Elija el área (flechas, o la inicial de su nombre) y pulse Enter. El área tendrá "
                          f"{days_text(self.seguimiento)} para dar seguimiento (L5) y {days_text(self.declinacion)} "
                          "para declarar que no es competente (L9)."), classes="action-note")
        options = []
        for area in self.areas:
            label = Text(area.nombre, style="bold")
            if area.enlace_nombre:
                label.append(f" — enlace: {area.enlace_nombre}", style="")
            if area.id in self.declined:
                label.append("  (ya declinó esta petición)", style="italic")
            options.append(Option(label, id=str(area.id)))
        if not options:
            yield Static(Text("La unidad no tiene áreas activas: el administrador debe darlas de alta (F7)."),
                         classes="action-note")
        yield OptionList(*options, id="route-areas")

    def on_mount(self) -> None:
        listing = self.query_one("#route-areas", OptionList)
        listing.focus()
        if listing.option_count:
            listing.highlighted = 0

    def on_key(self, event: events.Key) -> None:
        # Typing an initial jumps to the next área whose name starts with it, as file lists do.
        letter = _plain(event.character or "")
        if len(letter) != 1 or not letter.isalpha():
            return
        listing = self.query_one("#route-areas", OptionList)
        count = listing.option_count
        start = listing.highlighted if listing.highlighted is not None else -1
        for step in range(1, count + 1):
            index = (start + step) % count
            if _plain(self.areas[index].nombre).startswith(letter):
                listing.highlighted = index
                event.stop()
                return

    @on(OptionList.OptionSelected, "#route-areas")
    def _chosen(self) -> None:
        self.action_submit()

    def request(self):
        listing = self.query_one("#route-areas", OptionList)
        if listing.highlighted is None:
            raise ValueError("Elija el área a la que se canaliza la petición.")
        return routing.route, {"area_id": int(listing.get_option_at_index(listing.highlighted).id)}


def _plain(text: str) -> str:
    """Lower case without accents, so «a» finds «Área» too."""
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))


class ProrrogaDialog(ActionDialog):
    """Prórroga: why, the new due date, when SAD was informed and when the petitioner was told of the progress."""

    HEADING = "Prórroga (L10, L11)"
    CONFIRM = "Registrar prórroga"

    def __init__(self, folio: str, vence_en: date | None, latest: date | None = None):
        super().__init__(folio)
        self.vence_en, self.latest = vence_en, latest

    def fields(self) -> ComposeResult:
        now_due = f"El plazo actual vence el {day_text(self.vence_en)}. " if self.vence_en else ""
        limit = (f", a lo más el {day_text(self.latest)} ({days_text(PRORROGA_MAX_BUSINESS_DAYS)}; una prórroga por "
                 "canalización, L10)") if self.latest else ""
        yield Static(Text(f"{now_due}La nueva fecha debe ser un día hábil posterior a hoy{limit}. Si vence sin "
                          "respuesta, siguen los recordatorios (L6–L8)."), classes="action-note")
        yield from labelled("¿Por qué el asunto requiere más tiempo?", Input(id="prorroga-motivo"))
        yield from labelled("Nueva fecha de respuesta (dd/mm/aaaa)",
                            Input(id="prorroga-fecha", placeholder="dd/mm/aaaa"))
        now = moment_text(now_utc())
        yield from labelled("Se informó a la SAD el (dd/mm/aaaa hh:mm)", Input(now, id="prorroga-sad"))
        yield from labelled("Se informó del avance al peticionario el (dd/mm/aaaa hh:mm)",
                            Input(now, id="prorroga-peticionario"))

    def request(self):
        motivo = self.text("prorroga-motivo")
        if not motivo:
            raise ValueError("Escriba por qué el asunto requiere más tiempo (L10).")
        now = now_utc()
        return routing.extend, {
            "motivo": motivo,
            "nueva_fecha": parse_day(self.text("prorroga-fecha"), "Nueva fecha"),
            "sad_informada_en": parse_moment(self.text("prorroga-sad"), "SAD informada", now=now),
            "peticionario_contactado_en": parse_moment(self.text("prorroga-peticionario"), "Peticionario informado",
                                                       now=now),
        }
