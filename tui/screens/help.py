"""F1 help: what the current screen is for, the keys that work there, and every deadline with its lineamiento."""

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from models.enums import Reloj
from services.terms import (
    DEFAULT_TERMS,
    MONTHLY_REPORT_BUSINESS_DAYS,
    MONTHLY_REPORT_SOURCE,
    TERM_SOURCES,
    Terms,
    load_terms,
)
from tui.help_texts import GENERAL_KEYS, SCREEN_HELP
from tui.keys import key_label
from tui.work import call

DEADLINE_ORDER = (
    Reloj.SEGUIMIENTO, Reloj.DECLINACION, Reloj.RECORDATORIO_1, Reloj.RECORDATORIO_2, Reloj.OFICIO_SUPERIOR,
    Reloj.NOTIFICACION, Reloj.RESGUARDO, Reloj.ACUSE_BUZON, Reloj.CANALIZACION,
)


def screen_keys(screen: Screen) -> list[tuple[str, str]]:
    """The visible bindings of a screen and its focused widget, as (key, description)."""
    keys = []
    for binding in screen._bindings.key_to_bindings.values():
        for item in binding:
            if item.show and item.description:
                keys.append((item.key_display or key_label(item.key), item.description))
    return keys


def deadlines_table(terms: Terms | None) -> Table:
    """Every clock's term in business days: the guide's, the unit's in force (once read), and the lineamiento."""
    table = Table(show_header=True, header_style="bold", expand=True)
    table.add_column("Plazo")
    table.add_column("Guía (d.h.)", justify="right")
    table.add_column("En esta unidad", justify="right")
    for clock in DEADLINE_ORDER:
        unit = "…" if terms is None else terms.span_text(clock)
        table.add_row(TERM_SOURCES[clock], str(DEFAULT_TERMS[clock]), unit)
    monthly = f"el {MONTHLY_REPORT_BUSINESS_DAYS}.º del mes siguiente"
    table.add_row(MONTHLY_REPORT_SOURCE, monthly, monthly)
    return table


def _read_terms(*, session) -> Terms:
    return load_terms(session)


class HelpScreen(ModalScreen[None]):
    """Help for the screen underneath; Esc or F1 closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 96; max-width: 100%; height: 90%; border: thick $accent; background: $surface; padding: 0 1;
    }
    """
    BINDINGS = [Binding("escape", "dismiss", "Cerrar"), Binding("f1", "dismiss", "Cerrar")]

    def __init__(self, underneath: Screen):
        super().__init__()
        self.underneath = underneath

    def compose(self) -> ComposeResult:
        name = type(self.underneath).__name__
        with VerticalScroll():
            yield Static(Text("Ayuda", style="bold"), classes="dialog-title")
            yield Static(Text(SCREEN_HELP.get(name, "Pantalla de MOAD Desk.")))
            keys = Table.grid(padding=(0, 2))
            keys.add_column(style="bold")
            keys.add_column()
            for key, text in screen_keys(self.underneath):
                keys.add_row(key, text)
            yield Static(Text("\nTeclas de esta pantalla", style="bold"))
            yield Static(keys)
            general = Table.grid(padding=(0, 2))
            general.add_column(style="bold")
            general.add_column()
            for key, text in GENERAL_KEYS:
                general.add_row(key, text)
            yield Static(Text("\nEn todas las pantallas", style="bold"))
            yield Static(general)
            yield Static(Text("\nPlazos (en días hábiles: lunes a viernes, sin feriados ni días inhábiles declarados)",
                              style="bold"))
            yield Static(deadlines_table(None), id="help-deadlines")

    def on_mount(self) -> None:
        # The unit may have adjusted terms (Administración, Plazos): F1 shows the ones in force next to the guide's.
        call(self, _read_terms, on_done=lambda terms: self.query_one("#help-deadlines", Static).update(
            deadlines_table(terms)))
