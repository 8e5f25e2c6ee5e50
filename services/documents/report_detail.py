"""The last part of the monthly report: every petition of the month on landscape pages, texts cut to three lines."""

from collections.abc import Sequence

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Spacer

from services.dates import day_text
from services.documents.model import DetailRow
from services.documents.page import LANDSCAPE, content_width
from services.documents.report_counts import number
from services.documents.styles import markup
from services.documents.tables import PlainTable
from services.documents.text import wrap_cell

DETAIL_CHUNK = 250
DETAIL_FONT = 6.5
DETAIL_LEADING = 7.6
DETAIL_PAD = 2.0
# Column widths of the landscape detail table; problemática, respuesta and solución share the rest.
DETAIL_FIXED = (90, 80, 78, 58)
DETAIL_TEXT_SHARES = (0.38, 0.33, 0.29)
DETAIL_TEXT_LINES = 3
DETAIL_HEADER = ("Folio\nFecha", "Tipo\nMedio de captación", "Área", "Estado", "Problemática", "Respuesta",
                 "Solución")


def _detail_widths() -> list[float]:
    free = content_width(LANDSCAPE) - sum(DETAIL_FIXED)
    return [*DETAIL_FIXED, *[free * share for share in DETAIL_TEXT_SHARES]]


def detail_section(rows: Sequence[DetailRow]) -> list[Flowable]:
    """Section 7 on landscape pages: one row per petition, in tables of DETAIL_CHUNK rows."""
    flow: list[Flowable] = [NextPageTemplate("landscape"), PageBreak(),
                            markup(f"8. Detalle de las peticiones del mes ({number(len(rows))})", "h2")]
    if not rows:
        return [*flow, markup("Sin peticiones en el periodo.", "left")]
    flow.append(markup("Problemática, respuesta y solución de cada petición (lineamiento 17). Los textos largos se "
                       "recortan con «…»; el archivo CSV que acompaña a este informe contiene el texto completo.",
                       "tiny"))
    flow.append(Spacer(1, 4))
    widths = _detail_widths()
    for start in range(0, len(rows), DETAIL_CHUNK):
        cells = [_detail_cells(row, widths) for row in rows[start:start + DETAIL_CHUNK]]
        flow.append(PlainTable(DETAIL_HEADER, cells, widths, size=DETAIL_FONT, leading=DETAIL_LEADING,
                               padding=DETAIL_PAD))
    return flow


def _detail_cells(row: DetailRow, widths: list[float]) -> list[str]:
    # Folio with date, and tipo with medio, share a cell: two short lines leave more room for the texts.
    def fit(text: str, column: int, lines: int) -> str:
        return wrap_cell(text, widths[column] - 2 * DETAIL_PAD - 1, size=DETAIL_FONT, max_lines=lines)

    return [
        f"{fit(row.folio, 0, 3)}\n{day_text(row.recibida)}",
        f"{fit(row.tipo, 1, 1)}\n{fit(row.canal, 1, 1)}",
        fit(row.area, 2, 3),
        fit(row.estado, 3, 2),
        fit(row.problema or "—", 4, DETAIL_TEXT_LINES),
        fit(row.respuesta or "—", 5, DETAIL_TEXT_LINES),
        fit(row.solucion or "—", 6, DETAIL_TEXT_LINES),
    ]
