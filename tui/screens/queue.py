"""Bandeja (F3): the unit's petitions, urgent first, read from SQL one page at a time as the cursor moves."""

from dataclasses import replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Checkbox, Footer, Input, Label, Select, Static

from models import Area
from models.enums import CANAL_LABELS, ESTADO_LABELS, TIPO_LABELS
from services.calendar import BusinessCalendar, today_local
from services.dates import parse_optional_day
from services.queue import PAGE_SIZE, Cursor, QueueFilter
from tui.context import desk, desk_app
from tui.queue_rows import COLUMNS, QueueBatch, column_widths, gap, load_queue, load_search, results_text, thousands
from tui.widgets.check import ClearCheckbox
from tui.widgets.desk_header import DeskHeader
from tui.widgets.rows_view import Column, RowsView
from tui.work import call

# Keyset pages only go forward (services.queue has no «before» cursor), so rows dropped from the top could not be
# brought back when the officer scrolls up; instead the list stops growing at MAX_ROWS and asks for a narrower
# filter. Nobody reads 5,000 rows by hand and their cells stay a few megabytes; RowsView draws only those on screen.
MAX_ROWS = 5_000
PREFETCH_ROWS = 20
# Reading the list again (Ctrl+R, or back from an expediente) re-reads down to the cursor plus a page, at most this
# many rows, so that coming back from an expediente stays as quick as the first page.
RELOAD_MAX_ROWS = 1_000
# What each symbol means, on the same screen as the rows; the short form fits 80 columns on a line of its own.
LEGEND = "▲ urgente · ⏰ vencida · ⚠ vence hoy o mañana · ◐ datos incompletos · Enter: expediente"
LEGEND_SHORT = "▲ urgente · ⏰ vencida · ⚠ vence hoy/mañana · ◐ datos incompletos · ⏎ abrir"


class QueueScreen(Screen):
    """The queue: filters on top, the paged table, and how many rows are shown."""

    CSS_PATH = "queue.tcss"
    BINDINGS = [
        Binding("slash", "search", "Buscar", key_display="/"),
        Binding("ctrl+r", "reload", "Actualizar"),
        Binding("escape", "back", "Volver"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.today = today_local()
        # An officer's working list is what is still open; concluded petitions are one tick away.
        self.filtro = QueueFilter(solo_abiertas=True)
        self.page_size = PAGE_SIZE
        self._calendar: BusinessCalendar | None = None
        self._areas: list[Area] | None = None
        self._next: Cursor | None = None
        self._generation = 0
        self._loading = False
        self._loaded = False
        self._count_loading = False
        # The text being searched for (Enter in the search box); empty shows the queue page by page.
        self._busqueda = ""
        self._total: int | None = None
        self._total_exacto = True

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Vertical(id="queue-filters"):
            with Horizontal(classes="queue-row"):
                yield Label("Buscar (/)", classes="queue-label")
                yield Input(id="queue-search", placeholder="folio, nombre, CURP, teléfono o texto — Enter busca", compact=True)
                yield Label("Desde", classes="queue-label")
                yield Input(id="queue-desde", placeholder="dd/mm/aaaa", compact=True, max_length=10,
                            classes="queue-date")
                yield Label("Hasta", classes="queue-label")
                yield Input(id="queue-hasta", placeholder="dd/mm/aaaa", compact=True, max_length=10,
                            classes="queue-date")
            with Horizontal(classes="queue-row"):
                yield Select([(label, value.value) for value, label in ESTADO_LABELS.items()],
                             prompt="Estado: todos", id="queue-estado", compact=True)
                yield Select([(label, value.value) for value, label in TIPO_LABELS.items()],
                             prompt="Tipo: todos", id="queue-tipo", compact=True)
                yield Select([(label, value.value) for value, label in CANAL_LABELS.items()],
                             prompt="Canal: todos", id="queue-canal", compact=True)
                yield Select([], prompt="Área: todas", id="queue-area", compact=True)
            with Horizontal(classes="queue-row"):
                yield ClearCheckbox("Solo urgentes", id="queue-urgentes", compact=True)
                yield ClearCheckbox("Solo vencidas", id="queue-vencidas", compact=True)
                yield ClearCheckbox("Solo abiertas", value=True, id="queue-abiertas", compact=True)
                yield Static("", id="queue-error")
        yield RowsView(id="queue-table")
        yield Static("Cargando la bandeja…", id="queue-count")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#queue-table", RowsView)
        widths = column_widths(unit.clave if (unit := desk(self).unidad) else "")
        table.set_columns(Column(key, gap(Text(label)), widths[key]) for key, label in COLUMNS)
        table.focus()

    def on_screen_resume(self) -> None:
        # Coming back from an expediente: its state may have changed, so the rows are read again in place.
        self.action_reload()

    def action_reload(self) -> None:
        """Read the rows again down to the cursor, keeping it on the same folio."""
        table = self.query_one("#queue-table", RowsView)
        keep, index = None, 0
        if self._loaded and table.row_count:
            keep = table.key_at(table.cursor_row)
            index = table.cursor_row
        self.today = today_local()
        self._load_first(keep=keep, size=min(max(self.page_size, index + self.page_size), RELOAD_MAX_ROWS))

    def _load_first(self, *, keep: str | None = None, size: int | None = None) -> None:
        self._generation += 1
        generation = self._generation
        self._loading = True
        self._count_line(loading=True)
        done, failed = (lambda batch: self._first_loaded(generation, batch, keep),
                        lambda message: self._failed(generation, message))
        if self._busqueda:
            # A search that can name a person is recorded as an access to personal data: it runs in a write.
            call(self, load_search, group="queue", write=True, on_done=done, on_error=failed,
                 actor=desk(self).signed_in, unidad_id=desk(self).unidad_id, today=self.today, filtro=self.filtro,
                 texto=self._busqueda, calendar=self._calendar, with_areas=self._areas is None)
            return
        call(self, load_queue, group="queue", on_done=done, on_error=failed,
             unidad_id=desk(self).unidad_id, today=self.today, filtro=self.filtro, after=None,
             size=size or self.page_size, calendar=self._calendar, with_areas=self._areas is None)

    def _first_loaded(self, generation: int, batch: QueueBatch, keep: str | None) -> None:
        if generation != self._generation:
            return
        self._take_extras(batch)
        table = self.query_one("#queue-table", RowsView)
        index, scroll = table.cursor_row, table.scroll_y
        table.clear()
        self._total, self._total_exacto = batch.total, batch.total_exacto
        self._add(table, batch)
        if keep is not None and table.row_count:
            # A petition that left this view (its state changed under the filter) leaves the cursor at the same height.
            found = table.index_of(keep)
            table.scroll_to(y=scroll, animate=False, immediate=True)
            table.move_cursor(index if found is None else found)
        self._loaded = True

    def _take_extras(self, batch: QueueBatch) -> None:
        self._calendar = batch.calendar
        if batch.areas is not None and self._areas is None:
            self._areas = batch.areas
            options = [(Text(a.nombre + ("" if a.activa else " (inactiva)")), a.id) for a in batch.areas]
            self.query_one("#queue-area", Select).set_options(options)

    def _add(self, table: RowsView, batch: QueueBatch) -> None:
        table.add_rows(batch.rows)
        self._next = batch.next_cursor
        self._loading = False
        self._count_line()

    def _load_more(self) -> None:
        table = self.query_one("#queue-table", RowsView)
        if self._loading or self._next is None or table.row_count >= MAX_ROWS:
            return
        self._loading = True
        generation = self._generation
        self._count_line(loading=True)
        call(self, load_queue, group="queue-more",
             on_done=lambda batch: self._more_loaded(generation, batch),
             on_error=lambda message: self._failed(generation, message),
             unidad_id=desk(self).unidad_id, today=self.today, filtro=self.filtro, after=self._next,
             size=min(self.page_size, MAX_ROWS - table.row_count), calendar=self._calendar)

    def _more_loaded(self, generation: int, batch: QueueBatch) -> None:
        if generation != self._generation:
            return
        table = self.query_one("#queue-table", RowsView)
        self._add(table, batch)
        if table.cursor_row >= table.row_count - PREFETCH_ROWS:
            self._load_more()

    def _failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self.query_one("#queue-count", Static).update(Text("✗ " + message, style="bold"))
        self.app.notify(message, title="No se pudo leer la bandeja", severity="error", timeout=8)

    def on_resize(self) -> None:
        if self.is_mounted:
            self._count_line(loading=self._count_loading)

    def _count_line(self, *, loading: bool = False) -> None:
        self._count_loading = loading
        table = self.query_one("#queue-table", RowsView)
        shown = table.row_count
        line = Text(no_wrap=True, overflow="ellipsis")
        if not self._loaded and loading:
            line.append("Cargando la bandeja…")
        elif loading and self._busqueda:
            line.append("Buscando…")
        elif self._total is not None:
            line.append(results_text(self._total, shown, self._total_exacto), style="bold")
            if self._total == 0 and self.filtro != QueueFilter():
                line.append(" con estos filtros (quite «Solo abiertas» u otro para buscar en todas)")
        elif shown == 0 and not loading:
            line.append("Ninguna petición coincide con los filtros.", style="bold")
        else:
            line.append(f"Mostrando {thousands(shown)}", style="bold")
            if loading:
                line.append(" (cargando más…)")
            elif self._next is not None and shown >= MAX_ROWS:
                line.append(" — es el máximo de la lista: refine los filtros para ver el resto", style="bold")
            elif self._next is not None:
                line.append(" (hay más…)")
        width = self.size.width - 2
        if line.cell_len + 3 + len(LEGEND) <= width:
            line.append("   " + LEGEND, style="dim")
        else:
            line.append("\n" + (LEGEND if len(LEGEND) <= width else LEGEND_SHORT), style="dim")
        self.query_one("#queue-count", Static).update(line)

    @on(RowsView.Highlighted, "#queue-table")
    def _highlighted(self, event: RowsView.Highlighted) -> None:
        if event.row >= event.view.row_count - PREFETCH_ROWS:
            self._load_more()

    @on(RowsView.Selected, "#queue-table")
    def _selected(self, event: RowsView.Selected) -> None:
        desk_app(self).open_expediente(event.key)

    def action_search(self) -> None:
        """Put the cursor in the search box."""
        self.query_one("#queue-search", Input).focus()

    def action_back(self) -> None:
        """From the search box: clear it and back to the list; from a filter back to the list; from the list, leave."""
        table = self.query_one("#queue-table", RowsView)
        box = self.query_one("#queue-search", Input)
        if self.focused is box:
            box.value = ""
            self._search_for("")
            table.focus()
            return
        if self.focused is not table:
            table.focus()
            return
        self.app.pop_screen()

    @on(Input.Submitted, "#queue-search")
    def _search(self, event: Input.Submitted) -> None:
        self._search_for(event.value.strip())
        self.query_one("#queue-table", RowsView).focus()

    def _search_for(self, texto: str) -> None:
        """Show what the text finds (ranked, counted) or, for an empty text, the queue again."""
        if texto == self._busqueda:
            return
        self._busqueda = texto
        self._total = None
        self._next = None
        self._load_first()

    @on(Input.Submitted, ".queue-date")
    @on(Input.Blurred, ".queue-date")
    def _dates(self) -> None:
        error = self.query_one("#queue-error", Static)
        days = {}
        for name, label in (("desde", "Desde"), ("hasta", "Hasta")):
            value = self.query_one(f"#queue-{name}", Input).value
            try:
                days[name] = parse_optional_day(value, label)
            except ValueError as problem:
                error.update(Text(f"✗ {problem}"))
                return
        if days["desde"] and days["hasta"] and days["desde"] > days["hasta"]:
            error.update(Text("✗ «Desde» es posterior a «Hasta»."))
            return
        error.update("")
        self._apply(replace(self.filtro, desde=days["desde"], hasta=days["hasta"]))

    @on(Select.Changed)
    def _selects(self, event: Select.Changed) -> None:
        value = None if event.value is Select.NULL else event.value
        field = {"queue-estado": "estado", "queue-tipo": "tipo", "queue-canal": "canal",
                 "queue-area": "area_id"}.get(event.select.id or "")
        if field:
            self._apply(replace(self.filtro, **{field: value}))  # type: ignore[arg-type]  # the field names the select

    @on(Checkbox.Changed)
    def _checks(self, event: Checkbox.Changed) -> None:
        field = {"queue-urgentes": "solo_urgentes", "queue-vencidas": "solo_vencidas",
                 "queue-abiertas": "solo_abiertas"}.get(event.checkbox.id or "")
        if field:
            self._apply(replace(self.filtro, **{field: event.value}))  # type: ignore[arg-type]  # the field names the box

    def _apply(self, filtro: QueueFilter) -> None:
        if filtro == self.filtro:
            return
        self.filtro = filtro
        self._next = None
        self._load_first()
