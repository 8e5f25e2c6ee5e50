"""The start screen after sign-in: what to do today at a glance, and where each F-key goes."""

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from services.calendar import today_local
from services.inhabiles import load_calendar
from services.pending_labels import GROUP_TITLES
from services.pending_view import PendingView, pending_view
from tui.context import desk
from tui.widgets.desk_header import DeskHeader
from tui.work import call

MENU = (
    ("F2", "Nueva petición", "registrar en el módulo, por teléfono o de otro medio"),
    ("F3", "Bandeja", "todas las peticiones, con filtros y búsqueda"),
    ("F4", "Pendientes", "recordatorios, oficios, notificaciones y resguardos que vencen"),
    ("F5", "Buzones", "recolecciones y captura de hojas de buzón"),
    ("F6", "Reportes", "informe mensual (Anexo 1)"),
    ("F7", "Administración", "unidad, áreas, usuarios, días inhábiles, plazos"),
    ("Ctrl+P", "Buscar", "ir a una pantalla o a un folio"),
    ("Ctrl+L", "Bloquear", "cubrir la pantalla mientras se ausenta"),
)


def _pending_summary(*, session, unidad_id, today) -> PendingView:
    # Five rows of each kind are enough for the five most urgent; the counts cover every row.
    return pending_view(session, unidad_id=unidad_id, today=today, calendar=load_calendar(session), per_kind=5)


class HomeScreen(Screen):
    """Today's summary: the most pressing pending actions and the menu of screens."""

    # Under 110 columns the menu keeps only its keys and titles, so «Hoy» keeps room to be read.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Horizontal(id="home"):
            with Vertical(id="home-menu"):
                yield Static("¿Qué desea hacer?", classes="section-title")
                for key, title, text in MENU:
                    line = Text()
                    line.append(f"{key:>7}  ", style="bold")
                    line.append(title, style="bold")
                    with Vertical(classes="menu-item"):
                        yield Static(line)
                        yield Static(Text(text), classes="menu-text")
            with VerticalScroll(id="home-today", can_focus=False):
                yield Static("Hoy", classes="section-title")
                yield Static("Cargando pendientes…", id="home-pending")
        yield Footer()

    def on_screen_resume(self) -> None:
        self._load()

    def _load(self) -> None:
        ctx = desk(self)
        call(self, _pending_summary, on_done=self._show, group="home", exclusive=True,
             unidad_id=ctx.unidad_id, today=today_local())
        self.query_one(DeskHeader).refresh_counts()

    def _show(self, view: PendingView) -> None:
        text = Text()
        whole = view.total()
        if not whole.total:
            text.append("Nada vence hoy. ✓")
        if whole.urgent:
            # Actions, said so: the header's «▲ N urgentes» above counts the open urgent petitions, due or not.
            heading = "ACCIÓN URGENTE" if whole.urgent == 1 else "ACCIONES URGENTES"
            text.append(f"▲ {whole.urgent:,} {heading}\n", style="bold reverse")
            for action in [a for a in view.actions if a.urgente][:5]:
                text.append(f"  {action.folio}  {action.descripcion}\n")
            text.append("\n")
        for accion, count in view.counts.items():
            text.append(f"{count.total:>6,}  {GROUP_TITLES[accion]}\n")
        if whole.total:
            text.append("\nF4 abre la lista completa con la acción de cada una.", style="italic")
        self.query_one("#home-pending", Static).update(text)
