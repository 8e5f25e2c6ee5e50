"""Section 6 of the monthly report: the buzón-weeks of the month short of the two collections L1 asks for."""

from collections.abc import Sequence

from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table

from services.documents.model import MonthlyReportData, ShortBuzonWeek
from services.documents.page import content_width
from services.documents.report_counts import ROJO, number, plural
from services.documents.styles import markup, styles
from services.documents.tables import header_style
from services.documents.text import escape
from services.terms import BUZON_COLLECTIONS_PER_WEEK

TITLE = "6. Buzones de opinión: recolecciones por semana (L1)"


def buzon_section(data: MonthlyReportData) -> list[Flowable]:
    """The count of buzón-weeks owed in the month, and a row for each one short of collections."""
    flow: list[Flowable] = [CondPageBreak(120), markup(escape(TITLE), "h2")]
    if not data.semanas_buzon:
        return [*flow, markup("Ningún buzón de opinión estuvo en servicio una semana completa terminada en el "
                              "periodo.", "left")]
    owed, short = data.semanas_buzon, len(data.semanas_cortas)
    summary = (f"{number(owed)} {plural(owed, 'semana', 'semanas')} de buzón terminadas en el periodo; en "
               f"{'todas' if not short else number(owed - short)} se recolectó al menos "
               f"{BUZON_COLLECTIONS_PER_WEEK} veces.")
    if not short:
        return [*flow, markup(summary, "left")]
    summary += (f" <font color='#B00020'><b>{number(short)} {plural(short, 'semana', 'semanas')} con menos "
                f"recolecciones:</b></font>")
    return [*flow, markup(summary, "left"), Spacer(1, 5), _table(data.semanas_cortas)]


def _table(weeks: Sequence[ShortBuzonWeek]) -> Table:
    cell, head = styles()["cell_small"], styles()["head"]
    rows: list[list] = [[Paragraph(h, head) for h in ("Buzón", "Ubicación", "Semana (lunes a domingo)",
                                                      "Recolecciones")]]
    for week in weeks:
        rows.append([Paragraph(escape(week.clave), cell), Paragraph(escape(week.ubicacion), cell),
                     f"{week.lunes:%d/%m/%Y} al {week.domingo:%d/%m/%Y}",
                     f"{week.recolecciones} de {BUZON_COLLECTIONS_PER_WEEK}"])
    width = content_width()
    table = Table(rows, colWidths=[70, width - 320, 150, 100], repeatRows=1)
    table.setStyle(header_style([("ALIGN", (3, 1), (3, -1), "RIGHT"), ("TEXTCOLOR", (3, 1), (3, -1), ROJO),
                                 ("VALIGN", (0, 1), (-1, -1), "TOP"), ("FONTSIZE", (0, 1), (-1, -1), 7.5)]))
    return table
