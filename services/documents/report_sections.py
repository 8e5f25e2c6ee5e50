"""Sections 1 to 7 of the monthly report: summary, tipo and medio, área and estado, compliance, urgent cases, buzones,
rating."""

from collections import defaultdict
from collections.abc import Sequence
from statistics import median

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from services.dates import moment_text, month_year
from services.documents.charts import compliance_chart, tipo_chart, trend_chart
from services.documents.model import AreaCompliance, MonthlyReportData, UrgentCase
from services.documents.page import content_width
from services.documents.report_buzones import buzon_section
from services.documents.report_counts import (
    ROJO,
    compliance_totals,
    grade,
    number,
    percent,
    plural,
    satisfaction_average,
    sum_by,
    total,
)
from services.documents.report_followup import followup_section
from services.documents.styles import DORADO, GRIS_CLARO, GUINDA, LINEA, markup, styles
from services.documents.tables import header_style
from services.documents.text import clean, escape, text_width

TOTALS_SHADE = colors.HexColor("#EADBC8")


def sections(data: MonthlyReportData) -> list[Flowable]:
    """Sections 1 to 7 in order; section 7 only when someone rated the service."""
    return [*_summary_section(data), *_tipo_canal_section(data), *_area_estado_section(data),
            *_compliance_section(data), *followup_section(data), *_urgent_section(data), *buzon_section(data),
            *_satisfaction_section(data)]


def _section(title: str) -> list[Flowable]:
    return [CondPageBreak(120), markup(escape(title), "h2")]


def _summary_section(data: MonthlyReportData) -> list[Flowable]:
    received = total(data)
    by_tipo = sum_by(data.por_tipo_canal, 0)
    compliance = compliance_totals(data.cumplimiento)
    flow = [*_section("1. Resumen del mes"), _stat_cards(_cards(data, by_tipo, compliance), content_width())]
    period = escape(month_year(data.year, data.month))
    if by_tipo:
        verb = "Se recibió" if received == 1 else "Se recibieron"
        lines = [f"{verb} <b>{number(received)}</b> {plural(received, 'petición', 'peticiones')} en {period}: "
                 + ", ".join(f"{escape(t.lower())} {number(n)}" for t, n in by_tipo) + "."]
    else:
        lines = [f"No se recibieron peticiones en {period}."]
    for termino, (in_term, count) in compliance.items():
        lines.append(f"{escape(termino)}: {number(in_term)} de {number(count)} atendidas en plazo "
                     f"({percent(in_term, count)}).")
    if data.satisfaccion:
        answers = sum(n for _, n in data.satisfaccion)
        lines.append(f"Satisfacción promedio: {satisfaction_average(data.satisfaccion)} de 5 "
                     f"({number(answers)} {plural(answers, 'respuesta', 'respuestas')}).")
    flow += [Spacer(1, 6), *[markup(f"•&nbsp;&nbsp;{line}", "left") for line in lines], Spacer(1, 6)]
    flow += [markup("Tendencia de los últimos 12 meses", "bold"), trend_chart(data.tendencia, content_width())]
    return flow


def _cards(data: MonthlyReportData, by_tipo: list[tuple[str, int]],
           compliance: dict[str, tuple[int, int]]) -> list[tuple[str, str]]:
    # Inconformidades are what the unit must fix first, so they get a card even when other tipos outnumber them.
    complaints = next(((t, n) for t, n in by_tipo if t.lower().startswith("inconformidad")), None)
    cards = [("Peticiones recibidas", number(total(data)))]
    cards.append(("Inconformidades", number(complaints[1])) if complaints else ("Inconformidades", "0"))
    if compliance:
        termino, (in_term, count) = next(iter(compliance.items()))
        cards.append((f"En plazo — {termino}", percent(in_term, count)))
    cards.append(("Casos urgentes", number(len(data.urgentes))))
    return cards


def _stat_cards(cards: Sequence[tuple[str, str]], width: float) -> Table:
    big = styles()["title"]
    label = styles()["tiny"]
    row = [[Paragraph(value, big), Paragraph(escape(caption), label)] for caption, value in cards]
    table = Table([row], colWidths=[width / len(cards)] * len(cards))
    table.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 0.8, DORADO),
        ("INNERGRID", (0, 0), (-1, -1), 0.5, LINEA),
        ("BACKGROUND", (0, 0), (-1, -1), GRIS_CLARO),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))
    return table


def _tipo_canal_section(data: MonthlyReportData) -> list[Flowable]:
    flow = _section("2. Peticiones por tipo y medio de captación")
    if not data.por_tipo_canal:
        return [*flow, markup("Sin peticiones en el periodo.", "left")]
    tipos = [t for t, _ in sum_by(data.por_tipo_canal, 0)]
    canales = [c for c, _ in sum_by(data.por_tipo_canal, 1)]
    flow.append(_cross_table(data.por_tipo_canal, tipos, canales, content_width()))
    flow += [Spacer(1, 10), KeepTogether([markup("Peticiones por tipo", "bold"),
                                          tipo_chart(sum_by(data.por_tipo_canal, 0), content_width())])]
    return flow


def _cross_table(counts: dict[tuple[str, str], int], tipos: list[str], canales: list[str], width: float) -> Table:
    first, last = 84, 40
    middle = (width - first - last) / max(len(canales), 1)
    head = _head_fitting(canales, middle - 6)
    rows: list[list] = [[Paragraph("Tipo", head), *[Paragraph(escape(c), head) for c in canales],
                         Paragraph("Total", head)]]
    for tipo in tipos:
        values = [counts.get((tipo, canal), 0) for canal in canales]
        rows.append([Paragraph(escape(tipo), styles()["cell"]), *[number(v) for v in values], number(sum(values))])
    column_totals = [sum(counts.get((t, c), 0) for t in tipos) for c in canales]
    rows.append(["Total", *[number(v) for v in column_totals], number(sum(column_totals))])
    table = Table(rows, colWidths=[first, *[middle] * len(canales), last], repeatRows=1)
    table.setStyle(header_style([
        *_totals_row_style(),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("FONTNAME", (-1, 1), (-1, -1), "Helvetica-Bold"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _head_fitting(labels: Sequence[str], width: float) -> ParagraphStyle:
    # The header shrinks until its longest word fits the column, so no channel name is cut mid-word.
    base = styles()["head"]
    longest = max((text_width(word, "Helvetica-Bold", 1) for label in labels for word in clean(label).split()),
                  default=0)
    size = base.fontSize if longest * base.fontSize <= width else max(5.0, width / longest)
    return base if size == base.fontSize else ParagraphStyle("head_fit", parent=base, fontSize=size,
                                                              leading=size + 1.2)


def _totals_row_style() -> list[tuple]:
    return [("BACKGROUND", (0, -1), (-1, -1), TOTALS_SHADE),
            ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"),
            ("LINEABOVE", (0, -1), (-1, -1), 1, GUINDA)]


def _count_table(title: str, items: Sequence[tuple[str, int]], width: float) -> Table:
    whole = sum(n for _, n in items)
    cell = styles()["cell"]
    rows: list[list] = [[title, "Peticiones", "%"]]
    rows += [[Paragraph(escape(name), cell), number(n), percent(n, whole)] for name, n in items]
    rows.append(["Total", number(whole), percent(whole, whole)])
    table = Table(rows, colWidths=[width - 100, 55, 45], repeatRows=1)
    table.setStyle(header_style([*_totals_row_style(), ("ALIGN", (1, 0), (-1, -1), "RIGHT")]))
    return table


def _area_estado_section(data: MonthlyReportData) -> list[Flowable]:
    flow = _section("3. Peticiones por área y por estado")
    if sum(n for _, n in data.por_area) > sum(n for _, n in data.por_estado):
        flow += [markup("Una petición canalizada a varias áreas (L4) cuenta en cada una de ellas.", "left"), Spacer(1, 4)]
    width = content_width()
    if len(data.por_area) <= 25 and len(data.por_estado) <= 25:
        half = (width - 14) / 2
        pair = Table([[_count_table("Área", data.por_area, half), _count_table("Estado", data.por_estado, half)]],
                     colWidths=[half + 7, half + 7])
        pair.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("ALIGN", (1, 0), (1, 0), "RIGHT")]))
        return [*flow, pair]
    return [*flow, _count_table("Área", data.por_area, width), Spacer(1, 8), _count_table("Estado", data.por_estado, width)]


def _compliance_section(data: MonthlyReportData) -> list[Flowable]:
    flow = _section("4. Cumplimiento de plazos por área y enlace (días hábiles)")
    if not data.cumplimiento:
        return [*flow, markup("Sin peticiones canalizadas en el periodo.", "left")]
    flow.append(_compliance_table(data.cumplimiento, content_width()))
    flow.append(markup("En plazo: atendidas dentro del término. Promedio y peor: días hábiles transcurridos. "
                       "Verde: 90 % o más en plazo; ámbar: 70 % a 89.9 %; rojo: menos de 70 %.", "tiny"))
    by_term: dict[str, list[AreaCompliance]] = defaultdict(list)
    for row in data.cumplimiento:
        if row.total:
            by_term[row.termino].append(row)
    for termino, rows in by_term.items():
        for start in range(0, len(rows), 25):
            chunk = rows[start:start + 25]
            flow += [Spacer(1, 8), KeepTogether([markup(f"Porcentaje en plazo — {escape(termino)}", "bold"),
                                                 compliance_chart(chunk, content_width())])]
    return flow


def _compliance_table(rows: Sequence[AreaCompliance], width: float) -> Table:
    cell = styles()["cell_small"]
    head = styles()["head"]
    data: list[list] = [[Paragraph(h, head) for h in ("Área", "Enlace", "Término", "Total", "En plazo",
                                                       "% en plazo", "Promedio (d.h.)", "Peor (d.h.)")]]
    extra: list[tuple] = []
    for index, row in enumerate(rows, start=1):
        data.append([Paragraph(escape(row.area), cell), Paragraph(escape(row.enlace or "—"), cell),
                     Paragraph(escape(row.termino), cell), number(row.total), number(row.en_plazo),
                     percent(row.en_plazo, row.total),
                     "—" if row.promedio_dias is None else f"{row.promedio_dias:.1f}",
                     "—" if row.peor_dias is None else number(row.peor_dias)])
        if row.total:
            extra.append(("TEXTCOLOR", (5, index), (5, index), grade(row.en_plazo / row.total)))
    for termino, (in_term, count) in compliance_totals(rows).items():
        data.append([Paragraph("<b>Total</b>", cell), "", Paragraph(f"<b>{escape(termino)}</b>", cell),
                     number(count), number(in_term), percent(in_term, count), "", ""])
    fixed = [36, 40, 50, 46, 36]
    free = width - sum(fixed)
    table = Table(data, colWidths=[free * 0.33, free * 0.30, free * 0.37, *fixed], repeatRows=1)
    totals_from = len(rows) + 1
    table.setStyle(header_style([
        *extra,
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("ALIGN", (3, 1), (-1, -1), "RIGHT"),
        ("FONTNAME", (5, 1), (5, -1), "Helvetica-Bold"),
        ("BACKGROUND", (0, totals_from), (-1, -1), TOTALS_SHADE),
        ("LINEABOVE", (0, totals_from), (-1, totals_from), 1, GUINDA),
        ("FONTNAME", (3, totals_from), (-1, -1), "Helvetica-Bold"),
    ]))
    return table


def _urgent_section(data: MonthlyReportData) -> list[Flowable]:
    flow = _section("5. Casos urgentes (código infarto, urgencia médica, traslado grave)")
    if not data.urgentes:
        return [*flow, markup("No se registraron casos urgentes en el periodo.", "left")]
    flow += [markup(_urgent_summary(data.urgentes), "left"), Spacer(1, 5), _urgent_table(data.urgentes)]
    return flow


def _alerted(case: UrgentCase) -> bool:
    return bool(case.alertado) or case.minutos_a_alerta is not None


def _urgent_summary(cases: Sequence[UrgentCase]) -> str:
    alerted = [c for c in cases if _alerted(c)]
    minutes = [c.minutos_a_alerta for c in alerted if c.minutos_a_alerta is not None]
    count = len(cases)
    text = (f"{'Se registró' if count == 1 else 'Se registraron'} <b>{number(count)}</b> "
            f"{plural(count, 'caso urgente', 'casos urgentes')}; se alertó al personal de la unidad en "
            f"{number(len(alerted))}.")
    if minutes:
        text += f" Tiempo hasta la alerta: mediana {median(minutes):.0f} min, máximo {number(max(minutes))} min."
    untimed = len(alerted) - len(minutes)
    if untimed:
        text += f" En {number(untimed)} no se registró la hora de la alerta."
    missing = len(cases) - len(alerted)
    if missing:
        text += f" <font color='#B00020'><b>{number(missing)} sin alerta registrada.</b></font>"
    return text


def _urgent_table(cases: Sequence[UrgentCase]) -> Table:
    cell = styles()["cell_small"]
    missing = ParagraphStyle("cell_missing", parent=cell, textColor=ROJO, fontName="Helvetica-Bold")
    head = styles()["head"]
    rows: list[list] = [[Paragraph(h, head) for h in ("Folio", "Categoría", "Recibida", "Alertado a",
                                                      "Minutos hasta la alerta")]]
    extra: list[tuple] = []
    for index, case in enumerate(cases, start=1):
        minutes = number(case.minutos_a_alerta) if case.minutos_a_alerta is not None else "Sin hora" if _alerted(case) else "—"
        rows.append([Paragraph(escape(case.folio), cell), Paragraph(escape(_capitalized(case.categoria)), cell),
                     f"{moment_text(case.recibida)} h",
                     Paragraph(escape(case.alertado or "Sin alerta registrada"), cell if _alerted(case) else missing),
                     minutes])
        if not _alerted(case):
            extra.append(("TEXTCOLOR", (4, index), (4, index), ROJO))
    width = content_width()
    table = Table(rows, colWidths=[108, 92, 76, width - 332, 56], repeatRows=1)
    table.setStyle(header_style([*extra, ("ALIGN", (4, 1), (4, -1), "RIGHT"), ("VALIGN", (0, 1), (-1, -1), "TOP"),
                                 ("FONTSIZE", (0, 1), (-1, -1), 7.5)]))
    return table


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _satisfaction_section(data: MonthlyReportData) -> list[Flowable]:
    if not data.satisfaccion:
        return []
    flow = _section("7. Satisfacción de los peticionarios")
    answers = sum(n for _, n in data.satisfaccion)
    rows: list[list] = [["Calificación (1 a 5)", "Respuestas", "%"]]
    rows += [[str(rating), number(n), percent(n, answers)] for rating, n in sorted(data.satisfaccion)]
    rows.append([f"Promedio {satisfaction_average(data.satisfaccion)}", number(answers), percent(answers, answers)])
    table = Table(rows, colWidths=[140, 80, 60], hAlign="LEFT", repeatRows=1)
    table.setStyle(header_style([*_totals_row_style(), ("ALIGN", (1, 0), (-1, -1), "RIGHT")]))
    return [*flow, table]
