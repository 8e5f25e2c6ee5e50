"""Routing dialogs of the expediente: choose the áreas (L4), which área a step is for, and agree a prórroga (L10, L11)."""

import unicodedata
from datetime import date

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from models import Area
from services import routing
from services.calendar import now_utc
from services.dates import day_text, moment_text, parse_day, parse_moment
from services.terms import PRORROGA_MAX_BUSINESS_DAYS, days_text
from tui.dialogs.expediente_common import ActionDialog, labelled


class RouteDialog(ActionDialog):
    """Canalizar: the unit's active áreas with their enlace; Space marks several (L4, «las áreas involucradas»), Enter
    routes the petition to those marked, or to the one under the cursor when none is."""

    HEADING = "Canalizar a un área (L4)"
    CONFIRM = "Canalizar"

    def __init__(self, folio: str, areas: list[Area], declined: set[int], terms: tuple[int, int], *,
                 routed: set[int] | None = None):
        super().__init__(folio)
        self.routed = routed or set()
        # An área already following the petition up is not offered again; one more may be added beside it.
        self.areas = [area for area in areas if area.id not in self.routed]
        self.declined = declined
        self.seguimiento, self.declinacion = terms
        self.marked: set[int] = set()

    def fields(self) -> ComposeResult:
        more = " otra" if self.routed else ""
        yield Static(Text(f"Elija{more} área (flechas, o la inicial de su nombre) y pulse Enter; para canalizar a "
                          f"varias, márquelas con la barra espaciadora. Cada área tendrá {days_text(self.seguimiento)} "
                          f"para dar seguimiento (L5) y {days_text(self.declinacion)} para declarar que no es "
                          "competente (L9)."), classes="action-note")
        options = [Option(self._label(area), id=str(area.id)) for area in self.areas]
        if not options:
            yield Static(Text("La unidad no tiene áreas activas: el administrador debe darlas de alta (F7)."),
                         classes="action-note")
        yield OptionList(*options, id="route-areas")

    def on_mount(self) -> None:
        listing = self.query_one("#route-areas", OptionList)
        listing.focus()
        if listing.option_count:
            listing.highlighted = 0

    def _label(self, area: Area) -> Text:
        label = Text("[x] " if area.id in self.marked else "[ ] ")
        label.append(area.nombre, style="bold")
        if area.enlace_nombre:
            label.append(f" — enlace: {area.enlace_nombre}", style="")
        if area.id in self.declined:
            label.append("  (ya declinó esta petición)", style="italic")
        return label

    def on_key(self, event: events.Key) -> None:
        listing = self.query_one("#route-areas", OptionList)
        if event.key == "space" and listing.highlighted is not None:
            area = self.areas[listing.highlighted]
            self.marked ^= {area.id}
            listing.replace_option_prompt_at_index(listing.highlighted, self._label(area))
            event.stop()
            return
        # Typing an initial jumps to the next área whose name starts with it, as file lists do.
        letter = _plain(event.character or "")
        if len(letter) != 1 or not letter.isalpha():
            return
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
        if self.marked:
            return routing.route, {"area_ids": [area.id for area in self.areas if area.id in self.marked]}
        listing = self.query_one("#route-areas", OptionList)
        if listing.highlighted is None:
            raise ValueError("Elija el área a la que se canaliza la petición.")
        return routing.route, {"area_id": int(listing.get_option_at_index(listing.highlighted).id)}


# The question asked before a step done for one of several áreas (L4).
AREA_QUESTIONS = {
    "respuesta": "¿Qué área responde?", "corregir_respuesta": "¿De qué área es la respuesta corregida?",
    "devolver_area": "¿A qué área se devuelve su respuesta?", "declinar": "¿Qué área declara no ser competente?",
    "recordatorio_1": "¿A qué área se envía el primer recordatorio?",
    "recordatorio_2": "¿A qué área se envía el segundo recordatorio?",
    "oficio_superior": "¿Al superior de qué área se envía el oficio?",
}


class AreaChoiceDialog(ModalScreen[int | None]):
    """Which of the petition's áreas a step is for (L4): Enter on one returns its id, Esc returns None."""

    DEFAULT_CSS = """
    AreaChoiceDialog { align: center middle; }
    AreaChoiceDialog > Vertical { width: 70; max-width: 100%; height: auto; border: thick $primary;
                                  background: $surface; padding: 0 2; }
    AreaChoiceDialog .dialog-title { margin: 1 0; }
    AreaChoiceDialog OptionList { height: auto; max-height: 12; margin-bottom: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancelar")]

    def __init__(self, folio: str, question: str, choices: list[tuple[int, str]]):
        super().__init__()
        self.folio, self.question, self.choices = folio, question, choices

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"{self.question} — folio {self.folio}"), classes="dialog-title")
            yield OptionList(*(Option(Text(name), id=str(area_id)) for area_id, name in self.choices),
                             id="area-choice")
            yield Static(Text("Enter elige · Esc cancela"), classes="action-note")

    def on_mount(self) -> None:
        listing = self.query_one("#area-choice", OptionList)
        listing.focus()
        listing.highlighted = 0

    @on(OptionList.OptionSelected, "#area-choice")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_cancel(self) -> None:
        self.dismiss(None)


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
                            Input(now, id="prorroga-peticionario", classes="submits"))

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
