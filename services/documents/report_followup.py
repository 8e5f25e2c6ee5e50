"""Section 4 bis of the monthly report: declinations made after L9's term, per área, and the measures the SAD agreed
with the áreas (L11), so that the SAD sees which enlaces missed their term (L17, L19)."""

from collections import Counter
from collections.abc import Sequence

from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table

from services.documents.model import LateDeclinationRow, MonthlyReportData, SadMeasureRow
from services.documents.page import content_width
from services.documents.report_counts import ROJO, number, plural
from services.documents.styles import markup, styles
from services.documents.tables import header_style
from services.documents.text import escape

TITLE = "4 bis. Declinaciones fuera de plazo (L9) y medidas acordadas con la SAD (L11)"


def followup_section(data: MonthlyReportData) -> list[Flowable]:
    """The late declinations of the month with their áreas and days late, then the measures agreed with the SAD."""
    flow: list[Flowable] = [CondPageBreak(120), markup(escape(TITLE), "h2")]
    late = data.declinaciones_tardias
    if late:
        by_area = Counter(row.area for row in late)
        summary = (f"<font color='#B00020'><b>{number(len(late))} "
                   f"{plural(len(late), 'declinación', 'declinaciones')} fuera del plazo de 2 días hábiles</b></font>: "
                   + ", ".join(f"{escape(area)} {number(n)}" for area, n in sorted(by_area.items())) + ".")
        flow += [markup(summary, "left"), Spacer(1, 5), _late_table(late)]
    else:
        flow.append(markup("Ninguna área declaró su no competencia fuera del plazo de L9 en el periodo.", "left"))
    flow.append(Spacer(1, 8))
    measures = data.medidas_sad
    if measures:
        pending = sum(row.cumplida is None for row in measures)
        flow += [markup(f"{number(len(measures))} {plural(len(measures), 'medida acordada', 'medidas acordadas')} con "
                        f"la SAD en el periodo; {number(pending)} {plural(pending, 'pendiente', 'pendientes')} de "
                        "cumplir.", "left"), Spacer(1, 5), _measure_table(measures)]
    else:
        flow.append(markup("La SAD no acordó medidas con las áreas en el periodo.", "left"))
    return flow


def _late_table(rows: Sequence[LateDeclinationRow]) -> Table:
    cell, head = styles()["cell_small"], styles()["head"]
    table_rows: list[list] = [[Paragraph(h, head) for h in ("Folio", "Área", "Plazo L9", "Declaró",
                                                            "Días hábiles tarde")]]
    for row in rows:
        table_rows.append([Paragraph(escape(row.folio), cell), Paragraph(escape(row.area), cell),
                           f"{row.plazo:%d/%m/%Y}", f"{row.declarada:%d/%m/%Y}", number(row.dias_tarde)])
    width = content_width()
    table = Table(table_rows, colWidths=[120, width - 390, 90, 90, 90], repeatRows=1)
    table.setStyle(header_style([("ALIGN", (4, 1), (4, -1), "RIGHT"), ("TEXTCOLOR", (4, 1), (4, -1), ROJO),
                                 ("VALIGN", (0, 1), (-1, -1), "TOP"), ("FONTSIZE", (0, 1), (-1, -1), 7.5)]))
    return table


def _measure_table(rows: Sequence[SadMeasureRow]) -> Table:
    cell, head = styles()["cell_small"], styles()["head"]
    table_rows: list[list] = [[Paragraph(h, head) for h in ("Folio", "Área", "Medida", "Responsable", "Acordada",
                                                            "Cumplir a más tardar", "Cumplida")]]
    for row in rows:
        table_rows.append([Paragraph(escape(row.folio), cell), Paragraph(escape(row.area), cell),
                           Paragraph(escape(row.medida), cell), Paragraph(escape(row.responsable), cell),
                           f"{row.acordada:%d/%m/%Y}", f"{row.vence:%d/%m/%Y}",
                           f"{row.cumplida:%d/%m/%Y}" if row.cumplida else "pendiente"])
    width = content_width()
    table = Table(table_rows, colWidths=[85, 60, width - 368, 75, 48, 52, 48], repeatRows=1)
    table.setStyle(header_style([("VALIGN", (0, 1), (-1, -1), "TOP"), ("FONTSIZE", (0, 1), (-1, -1), 7.5)]))
    return table
