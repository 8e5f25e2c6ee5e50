"""The Bandeja's rows (F3): a page or a search read as ready-to-show cells, the column widths, and the count line."""

from dataclasses import dataclass
from datetime import date

from rich.text import Text

from models import Area
from models.enums import CANAL_LABELS, ESTADO_LABELS, TIPO_LABELS, Canal, Estado, Tipo
from services.calendar import BusinessCalendar
from services.catalogs.areas import list_areas
from services.dates import moment_text
from services.folios import format_folio
from services.inhabiles import load_calendar
from services.queue import Cursor, QueueFilter, QueueItem, page
from services.search import SEARCH_LIMIT, search
from tui.widgets.due import due_label

URGENT_STYLE = "bold white on red"
INCOMPLETE_STYLE = "bold magenta"
# What the officer acts on comes first (state, due date, missing data), so an 80-column terminal still shows it.
COLUMNS = (("urgente", "Urgente"), ("folio", "Folio"), ("estado", "Estado"), ("plazo", "Plazo (d.h.)"), ("datos", "◐"),
           ("recibida", "Recibida"), ("tipo", "Tipo"), ("canal", "Canal"), ("area", "Área"))
# Short labels so the nine columns fit 120 cells; the expediente shows the full ones.
TIPO_SHORT = {**TIPO_LABELS, Tipo.SOLICITUD_SERVICIO: "Solicitud"}
CANAL_SHORT = {**CANAL_LABELS, Canal.TELEFONO: "Teléfono", Canal.CORREO: "Correo", Canal.PRESIDENCIA: "SIDAC"}
# «Recordat. 1» keeps the six columns an officer acts on, the scrollbar included, within 80 cells.
ESTADO_SHORT = {**ESTADO_LABELS, Estado.RECORDATORIO_1: "Recordat. 1", Estado.RECORDATORIO_2: "Recordat. 2",
                Estado.OFICIO_SUPERIOR: "Oficio sup."}
AREA_WIDTH = 13


@dataclass
class QueueBatch:
    """A page of ready-to-show rows, the cursor for the next page, and what the first load also brings."""

    rows: list[tuple[str, tuple[Text, ...]]]
    next_cursor: Cursor | None
    calendar: BusinessCalendar
    areas: list[Area] | None
    # A search's total count of petitions found (it may be more than the rows shown); None for the plain queue.
    total: int | None = None
    total_exacto: bool = True


def row_cells(item: QueueItem, today: date, calendar: BusinessCalendar, due_cache: dict) -> tuple[Text, ...]:
    """The cells of one queue row; the área's name is the only text a person typed, so every cell is a Text."""
    area = item.area or "—"
    if len(area) > AREA_WIDTH:
        area = area[:AREA_WIDTH - 1] + "…"
    vence = item.vence_en
    if vence not in due_cache:
        due_cache[vence] = due_label(vence, today, calendar)
    cells = (
        Text("▲ URGENTE", style=URGENT_STYLE) if item.urgente else Text(""),
        Text(item.folio, style="bold" if item.urgente else ""),
        Text(ESTADO_SHORT.get(item.estado, item.estado)),
        due_cache[vence],
        Text("◐", style=INCOMPLETE_STYLE) if item.datos_incompletos else Text(""),
        Text(moment_text(item.recibida_en)),
        Text(TIPO_SHORT.get(item.tipo, item.tipo)),
        Text(CANAL_SHORT.get(item.canal, item.canal)),
        Text(area),
    )
    return tuple(gap(cell) for cell in cells)


def column_widths(clave: str) -> dict[str, int]:
    """Each column as wide as the longest thing it can hold (plus the gap), so columns never shift as pages load."""
    # Plazo keeps «⏰ vencida N» whole up to three digits of business days overdue.
    widest = {
        "urgente": ["▲ URGENTE"], "folio": [format_folio(clave, 2026, 0)], "estado": ESTADO_SHORT.values(),
        "plazo": ["⏰ vencida 999"], "datos": ["◐"], "recibida": ["00/00/0000 00:00"], "tipo": TIPO_SHORT.values(),
        "canal": CANAL_SHORT.values(), "area": ["x" * AREA_WIDTH],
    }
    return {key: 1 + max(Text(value).cell_len for value in [label, *widest[key]]) for key, label in COLUMNS}


def gap(cell: Text) -> Text:
    """The cell with one space before it: one blank between columns instead of DataTable's two fits 120 cells."""
    return Text(" ").append_text(cell)


def load_queue(*, session, unidad_id: int, today: date, filtro: QueueFilter, after: Cursor | None, size: int,
               calendar: BusinessCalendar | None = None, with_areas: bool = False) -> QueueBatch:
    """One page of the queue as rows to show; the first call also reads the calendar and the unit's áreas."""
    calendar = calendar or load_calendar(session)
    areas = list_areas(session=session, unidad_id=unidad_id, incluir_inactivas=True) if with_areas else None
    result = page(session, unidad_id=unidad_id, today=today, filtro=filtro, after=after, size=size)
    due_cache: dict = {}
    rows = [(item.folio, row_cells(item, today, calendar, due_cache)) for item in result.items]
    return QueueBatch(rows, result.next_cursor, calendar, areas)


def load_search(*, session, actor, unidad_id: int, today: date, filtro: QueueFilter, texto: str,
                calendar: BusinessCalendar | None = None, with_areas: bool = False) -> QueueBatch:
    """The best rows a search finds under the queue's filters, ranked, and how many it finds in all."""
    calendar = calendar or load_calendar(session)
    areas = list_areas(session=session, unidad_id=unidad_id, incluir_inactivas=True) if with_areas else None
    results = search(session, actor=actor, unidad_id=unidad_id, texto=texto, today=today, filtro=filtro,
                     limit=SEARCH_LIMIT)
    due_cache: dict = {}
    rows = [(hit.item.folio, row_cells(hit.item, today, calendar, due_cache)) for hit in results.hits]
    return QueueBatch(rows, None, calendar, areas, results.total, results.total_exacto)


def results_text(total: int, shown: int, exact: bool = True) -> str:
    """«N resultados» as the count line says it, and when only the best are shown."""
    line = "1 resultado" if total == 1 else f"{thousands(total)} resultados"
    if not exact:
        line = f"más de {line}"
    if total > shown or not exact:
        line += f"; se muestran los {thousands(shown)} primeros: precise la búsqueda para ver el resto"
    return line


def thousands(number: int) -> str:
    """1,234 as numbers are written in Mexico."""
    return f"{number:,}"
