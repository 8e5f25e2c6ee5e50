"""The monthly report (Anexo 1, L17): counts, compliance, urgent cases, charts and the detail of every petition."""

import calendar
import csv
from collections import defaultdict
from collections.abc import Iterable, Sequence
from os import PathLike
from statistics import median

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, NextPageTemplate, PageBreak, Paragraph, Spacer
from reportlab.platypus import Table, TableStyle

from services.documents.common import (DORADO, GRIS, GRIS_CLARO, GUINDA, LANDSCAPE, LINEA, MONTHS_SHORT, PORTRAIT,
                                       PlainTable, build_pdf, clean, clip, content_width, escape, fecha_corta,
                                       fecha_hora, fecha_hora_corta, fecha_larga, header_style, key_value_table,
                                       markup, mes_anio, styles, text_width, wrap_cell)
from services.documents.model import AreaCompliance, DetailRow, MonthlyReportData, UrgentCase
from services.private_files import private_writer

TITLE = "Informe mensual pormenorizado (Anexo 1)"
CSV_HEADER = ("Folio", "Fecha de recepción", "Tipo", "Medio de captación", "Área", "Estado", "Problemática",
              "Respuesta", "Solución")
VERDE = colors.HexColor("#2E7D32")
AMBAR = colors.HexColor("#B26A00")
ROJO = colors.HexColor("#B00020")

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
CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render_monthly_report(data: MonthlyReportData) -> bytes:
    """The Anexo 1 of one unit and month as PDF bytes."""
    period = mes_anio(data.year, data.month)
    story = [*_cover(data), *_summary_section(data), *_tipo_canal_section(data), *_area_estado_section(data),
             *_compliance_section(data), *_urgent_section(data), *_satisfaction_section(data),
             *_detail_section(data.detalle)]
    return build_pdf(story, unit=data.unit, title=f"{TITLE} — {period}",
                     label=f"{TITLE}  ·  {clean(data.unit.clave)}  ·  {period}",
                     templates=(("portrait", PORTRAIT), ("landscape", LANDSCAPE)))


def write_detail_csv(rows: Iterable[DetailRow], path: str | PathLike) -> int:
    """Write the detail to a UTF-8 CSV with BOM that Excel opens with accents intact; return the rows written."""
    count = 0
    with private_writer(path, encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(CSV_HEADER)
        for row in rows:
            writer.writerow([_csv_safe(value) for value in (
                row.folio, row.recibida.isoformat(), row.tipo, row.canal, row.area, row.estado, row.problema,
                row.respuesta, row.solucion)])
            count += 1
    return count


def _csv_safe(value: str) -> str:
    # A cell that starts like a formula would run in Excel; a leading apostrophe keeps it as text.
    value = value or ""
    return f"'{value}" if value.startswith(CSV_FORMULA_START) else value


def _n(value: int) -> str:
    return f"{value:,}"


def _plural(count: int, singular: str, plural: str) -> str:
    return singular if count == 1 else plural


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "—"


def _total(data: MonthlyReportData) -> int:
    return sum(data.por_tipo_canal.values())


def _cover(data: MonthlyReportData) -> list[Flowable]:
    last_day = calendar.monthrange(data.year, data.month)[1]
    rows = [
        ("Unidad", f"{data.unit.nombre} (clave {data.unit.clave})"),
        ("Periodo", f"1 al {last_day} de {mes_anio(data.year, data.month)}"),
        ("Generado", fecha_hora(data.generado)),
        ("Entrega a la SAD", f"A más tardar el {fecha_larga(data.entrega_limite)} (10.º día hábil; lineamiento 17)"),
        ("Responsable", ", ".join(p for p in (data.unit.director_nombre, data.unit.director_cargo) if p.strip())),
    ]
    if data.ancla_huella:
        rows.append(("Ancla de la bitácora", anchor_text(data.ancla_eventos, data.ancla_huella)))
    return [
        markup(TITLE, "title"),
        markup(f"{escape(data.unit.nombre)}  ·  {escape(mes_anio(data.year, data.month))}", "subtitle"),
        key_value_table(rows, content_width(), label_width=110),
    ]


def anchor_text(eventos: int, huella: str) -> str:
    """The chain head as the cover prints it, with the command that checks it later."""
    grouped = " ".join(huella[i:i + 8] for i in range(0, len(huella), 8))
    return (f"{_n(eventos)} eventos, huella {grouped}. Compruebe que la bitácora no se reescribió con "
            f"«moad auditoria verificar --ancla {eventos}:HUELLA».")


def _section(title: str) -> list[Flowable]:
    return [CondPageBreak(120), markup(escape(title), "h2")]


def _summary_section(data: MonthlyReportData) -> list[Flowable]:
    total = _total(data)
    by_tipo = _sum_by(data.por_tipo_canal, 0)
    compliance = _compliance_totals(data.cumplimiento)
    flow = [*_section("1. Resumen del mes"), _stat_cards(_cards(data, by_tipo, compliance), content_width())]
    period = escape(mes_anio(data.year, data.month))
    if by_tipo:
        verb = "Se recibió" if total == 1 else "Se recibieron"
        lines = [f"{verb} <b>{_n(total)}</b> {_plural(total, 'petición', 'peticiones')} en {period}: "
                 + ", ".join(f"{escape(t.lower())} {_n(n)}" for t, n in by_tipo) + "."]
    else:
        lines = [f"No se recibieron peticiones en {period}."]
    for termino, (in_term, count) in compliance.items():
        lines.append(f"{escape(termino)}: {_n(in_term)} de {_n(count)} atendidas en plazo ({_pct(in_term, count)}).")
    if data.satisfaccion:
        answers = sum(n for _, n in data.satisfaccion)
        lines.append(f"Satisfacción promedio: {_satisfaction_average(data.satisfaccion)} de 5 "
                     f"({_n(answers)} {_plural(answers, 'respuesta', 'respuestas')}).")
    flow += [Spacer(1, 6), *[markup(f"•&nbsp;&nbsp;{line}", "left") for line in lines], Spacer(1, 6)]
    flow += [markup("Tendencia de los últimos 12 meses", "bold"), _trend_chart(data.tendencia, content_width())]
    return flow


def _cards(data: MonthlyReportData, by_tipo: list[tuple[str, int]],
           compliance: dict[str, tuple[int, int]]) -> list[tuple[str, str]]:
    # Inconformidades are what the unit must fix first, so they get a card even when other tipos outnumber them.
    complaints = next(((t, n) for t, n in by_tipo if t.lower().startswith("inconformidad")), None)
    cards = [("Peticiones recibidas", _n(_total(data)))]
    cards.append(("Inconformidades", _n(complaints[1])) if complaints else ("Inconformidades", "0"))
    if compliance:
        termino, (in_term, count) = next(iter(compliance.items()))
        cards.append((f"En plazo — {termino}", _pct(in_term, count)))
    cards.append(("Casos urgentes", _n(len(data.urgentes))))
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


def _sum_by(counts: dict[tuple[str, str], int], index: int) -> list[tuple[str, int]]:
    totals: dict[str, int] = defaultdict(int)
    for key, count in counts.items():
        totals[key[index]] += count
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))


def _compliance_totals(rows: Sequence[AreaCompliance]) -> dict[str, tuple[int, int]]:
    totals: dict[str, list[int]] = {}
    for row in rows:
        bucket = totals.setdefault(row.termino, [0, 0])
        bucket[0] += row.en_plazo
        bucket[1] += row.total
    return {termino: (in_term, count) for termino, (in_term, count) in totals.items()}


def _satisfaction_average(counts: Sequence[tuple[int, int]]) -> str:
    answers = sum(n for _, n in counts)
    return f"{sum(r * n for r, n in counts) / answers:.1f}" if answers else "—"


def _tipo_canal_section(data: MonthlyReportData) -> list[Flowable]:
    flow = _section("2. Peticiones por tipo y medio de captación")
    if not data.por_tipo_canal:
        return flow + [markup("Sin peticiones en el periodo.", "left")]
    tipos = [t for t, _ in _sum_by(data.por_tipo_canal, 0)]
    canales = [c for c, _ in _sum_by(data.por_tipo_canal, 1)]
    flow.append(_cross_table(data.por_tipo_canal, tipos, canales, content_width()))
    flow += [Spacer(1, 10), KeepTogether([markup("Peticiones por tipo", "bold"),
                                          _tipo_chart(_sum_by(data.por_tipo_canal, 0), content_width())])]
    return flow


def _cross_table(counts: dict[tuple[str, str], int], tipos: list[str], canales: list[str], width: float) -> Table:
    first, last = 84, 40
    middle = (width - first - last) / max(len(canales), 1)
    head = _head_fitting(canales, middle - 6)
    rows: list[list] = [[Paragraph("Tipo", head), *[Paragraph(escape(c), head) for c in canales],
                         Paragraph("Total", head)]]
    for tipo in tipos:
        values = [counts.get((tipo, canal), 0) for canal in canales]
        rows.append([Paragraph(escape(tipo), styles()["cell"]), *[_n(v) for v in values], _n(sum(values))])
    column_totals = [sum(counts.get((t, c), 0) for t in tipos) for c in canales]
    rows.append(["Total", *[_n(v) for v in column_totals], _n(sum(column_totals))])
    table = Table(rows, colWidths=[first, *[middle] * len(canales), last], repeatRows=1)
    table.setStyle(header_style(_totals_row_style() + [("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                                                        ("FONTNAME", (-1, 1), (-1, -1), "Helvetica-Bold"),
                                                        ("LEFTPADDING", (0, 0), (-1, -1), 3),
                                                        ("RIGHTPADDING", (0, 0), (-1, -1), 3)]))
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
    return [("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#EADBC8")),
            ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"),
            ("LINEABOVE", (0, -1), (-1, -1), 1, GUINDA)]


def _count_table(title: str, items: Sequence[tuple[str, int]], width: float) -> Table:
    total = sum(n for _, n in items)
    cell = styles()["cell"]
    rows: list[list] = [[title, "Peticiones", "%"]]
    rows += [[Paragraph(escape(name), cell), _n(n), _pct(n, total)] for name, n in items]
    rows.append(["Total", _n(total), _pct(total, total)])
    table = Table(rows, colWidths=[width - 100, 55, 45], repeatRows=1)
    table.setStyle(header_style(_totals_row_style() + [("ALIGN", (1, 0), (-1, -1), "RIGHT")]))
    return table


def _area_estado_section(data: MonthlyReportData) -> list[Flowable]:
    flow = _section("3. Peticiones por área y por estado")
    width = content_width()
    if len(data.por_area) <= 25 and len(data.por_estado) <= 25:
        half = (width - 14) / 2
        pair = Table([[_count_table("Área", data.por_area, half), _count_table("Estado", data.por_estado, half)]],
                     colWidths=[half + 7, half + 7])
        pair.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("ALIGN", (1, 0), (1, 0), "RIGHT")]))
        return flow + [pair]
    return flow + [_count_table("Área", data.por_area, width), Spacer(1, 8),
                   _count_table("Estado", data.por_estado, width)]


def _compliance_section(data: MonthlyReportData) -> list[Flowable]:
    flow = _section("4. Cumplimiento de plazos por área y enlace (días hábiles)")
    if not data.cumplimiento:
        return flow + [markup("Sin peticiones canalizadas en el periodo.", "left")]
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
                                                 _compliance_chart(chunk, content_width())])]
    return flow


def _compliance_table(rows: Sequence[AreaCompliance], width: float) -> Table:
    cell = styles()["cell_small"]
    head = styles()["head"]
    data: list[list] = [[Paragraph(h, head) for h in ("Área", "Enlace", "Término", "Total", "En plazo",
                                                       "% en plazo", "Promedio (d.h.)", "Peor (d.h.)")]]
    extra: list[tuple] = []
    for index, row in enumerate(rows, start=1):
        data.append([Paragraph(escape(row.area), cell), Paragraph(escape(row.enlace or "—"), cell),
                     Paragraph(escape(row.termino), cell), _n(row.total), _n(row.en_plazo),
                     _pct(row.en_plazo, row.total),
                     "—" if row.promedio_dias is None else f"{row.promedio_dias:.1f}",
                     "—" if row.peor_dias is None else _n(row.peor_dias)])
        if row.total:
            extra.append(("TEXTCOLOR", (5, index), (5, index), _grade(row.en_plazo / row.total)))
    for termino, (in_term, count) in _compliance_totals(rows).items():
        data.append([Paragraph("<b>Total</b>", cell), "", Paragraph(f"<b>{escape(termino)}</b>", cell), _n(count),
                     _n(in_term), _pct(in_term, count), "", ""])
    fixed = [36, 40, 50, 46, 36]
    free = width - sum(fixed)
    table = Table(data, colWidths=[free * 0.33, free * 0.30, free * 0.37, *fixed], repeatRows=1)
    totals_from = len(rows) + 1
    table.setStyle(header_style(extra + [
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("ALIGN", (3, 1), (-1, -1), "RIGHT"), ("FONTNAME", (5, 1), (5, -1), "Helvetica-Bold"),
        ("BACKGROUND", (0, totals_from), (-1, -1), colors.HexColor("#EADBC8")),
        ("LINEABOVE", (0, totals_from), (-1, totals_from), 1, GUINDA),
        ("FONTNAME", (3, totals_from), (-1, -1), "Helvetica-Bold")]))
    return table


def _grade(share: float) -> colors.Color:
    if share >= 0.9:
        return VERDE
    return AMBAR if share >= 0.7 else ROJO


def _urgent_section(data: MonthlyReportData) -> list[Flowable]:
    flow = _section("5. Casos urgentes (código infarto, urgencia médica, traslado grave)")
    if not data.urgentes:
        return flow + [markup("No se registraron casos urgentes en el periodo.", "left")]
    flow += [markup(_urgent_summary(data.urgentes), "left"), Spacer(1, 5), _urgent_table(data.urgentes)]
    return flow


def _alerted(case: UrgentCase) -> bool:
    return bool(case.alertado) or case.minutos_a_alerta is not None


def _urgent_summary(cases: Sequence[UrgentCase]) -> str:
    alerted = [c for c in cases if _alerted(c)]
    minutes = [c.minutos_a_alerta for c in alerted if c.minutos_a_alerta is not None]
    count = len(cases)
    text = (f"{'Se registró' if count == 1 else 'Se registraron'} <b>{_n(count)}</b> "
            f"{_plural(count, 'caso urgente', 'casos urgentes')}; se alertó al personal de la unidad en "
            f"{_n(len(alerted))}.")
    if minutes:
        text += f" Tiempo hasta la alerta: mediana {median(minutes):.0f} min, máximo {_n(max(minutes))} min."
    untimed = len(alerted) - len(minutes)
    if untimed:
        text += f" En {_n(untimed)} no se registró la hora de la alerta."
    missing = len(cases) - len(alerted)
    if missing:
        text += f" <font color='#B00020'><b>{_n(missing)} sin alerta registrada.</b></font>"
    return text


def _urgent_table(cases: Sequence[UrgentCase]) -> Table:
    cell = styles()["cell_small"]
    missing = ParagraphStyle("cell_missing", parent=cell, textColor=ROJO, fontName="Helvetica-Bold")
    head = styles()["head"]
    rows: list[list] = [[Paragraph(h, head) for h in ("Folio", "Categoría", "Recibida", "Alertado a",
                                                      "Minutos hasta la alerta")]]
    extra: list[tuple] = []
    for index, case in enumerate(cases, start=1):
        if case.minutos_a_alerta is not None:
            minutes = _n(case.minutos_a_alerta)
        else:
            minutes = "Sin hora" if _alerted(case) else "—"
        rows.append([Paragraph(escape(case.folio), cell), Paragraph(escape(_capitalized(case.categoria)), cell),
                     fecha_hora_corta(case.recibida),
                     Paragraph(escape(case.alertado or "Sin alerta registrada"), cell if _alerted(case) else missing),
                     minutes])
        if not _alerted(case):
            extra.append(("TEXTCOLOR", (4, index), (4, index), ROJO))
    width = content_width()
    table = Table(rows, colWidths=[108, 92, 76, width - 332, 56], repeatRows=1)
    table.setStyle(header_style(extra + [("ALIGN", (4, 1), (4, -1), "RIGHT"), ("VALIGN", (0, 1), (-1, -1), "TOP"),
                                         ("FONTSIZE", (0, 1), (-1, -1), 7.5)]))
    return table


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _satisfaction_section(data: MonthlyReportData) -> list[Flowable]:
    if not data.satisfaccion:
        return []
    flow = _section("6. Satisfacción de los peticionarios")
    answers = sum(n for _, n in data.satisfaccion)
    rows: list[list] = [["Calificación (1 a 5)", "Respuestas", "%"]]
    rows += [[str(rating), _n(n), _pct(n, answers)] for rating, n in sorted(data.satisfaccion)]
    rows.append([f"Promedio {_satisfaction_average(data.satisfaccion)}", _n(answers), _pct(answers, answers)])
    table = Table(rows, colWidths=[140, 80, 60], hAlign="LEFT", repeatRows=1)
    table.setStyle(header_style(_totals_row_style() + [("ALIGN", (1, 0), (-1, -1), "RIGHT")]))
    return flow + [table]


def _axis_titles(drawing: Drawing, x_title: str, y_title: str, chart) -> None:
    drawing.add(String(chart.x + chart.width / 2, 4, x_title, fontName="Helvetica", fontSize=7.5,
                       fillColor=GRIS, textAnchor="middle"))
    vertical = Group(String(0, 0, y_title, fontName="Helvetica", fontSize=7.5, fillColor=GRIS, textAnchor="middle"))
    vertical.transform = (0, 1, -1, 0, 10, chart.y + chart.height / 2)
    drawing.add(vertical)


def _value_axis(axis, top: float) -> None:
    axis.valueMin = 0
    axis.valueMax = max(top * 1.18, 4)
    axis.labels.fontName = "Helvetica"
    axis.labels.fontSize = 7
    axis.labelTextFormat = lambda value: f"{value:,.0f}"
    axis.gridStrokeColor = LINEA
    axis.gridStrokeWidth = 0.3
    axis.visibleGrid = True


def _tipo_chart(items: Sequence[tuple[str, int]], width: float) -> Drawing:
    drawing = Drawing(width, 170)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 48, 34, width - 60, 120
    chart.data = [[n for _, n in items]]
    chart.categoryAxis.categoryNames = [clip(name, 24) for name, _ in items]
    chart.categoryAxis.labels.fontName = "Helvetica"
    chart.categoryAxis.labels.fontSize = 7
    _value_axis(chart.valueAxis, max((n for _, n in items), default=0))
    chart.bars[0].fillColor = GUINDA
    chart.bars[0].strokeColor = None
    chart.barWidth = 10
    chart.groupSpacing = 12
    chart.barLabelFormat = lambda value: f"{value:,.0f}"
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 6
    drawing.add(chart)
    _axis_titles(drawing, "Tipo de petición", "Peticiones", chart)
    return drawing


def _trend_label(key: str) -> str:
    year, _, month = key.partition("-")
    if month.isdigit() and 1 <= int(month) <= 12:
        return f"{MONTHS_SHORT[int(month) - 1]} {year[-2:]}"
    return key


def _trend_chart(points: Sequence[tuple[str, int]], width: float) -> Flowable:
    if not points:
        return markup("Sin datos de tendencia.", "left")
    drawing = Drawing(width, 160)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 48, 34, width - 60, 110
    chart.data = [[n for _, n in points]]
    chart.categoryAxis.categoryNames = [_trend_label(key) for key, _ in points]
    chart.categoryAxis.labels.fontName = "Helvetica"
    chart.categoryAxis.labels.fontSize = 7
    _value_axis(chart.valueAxis, max((n for _, n in points), default=0))
    chart.lines[0].strokeColor = GUINDA
    chart.lines[0].strokeWidth = 1.6
    chart.joinedLines = 1
    chart.lines[0].symbol = makeMarker("FilledCircle", size=3.5, fillColor=DORADO, strokeColor=GUINDA)
    chart.lineLabelFormat = lambda value: f"{value:,.0f}"
    chart.lineLabels.fontSize = 6.5
    chart.lineLabels.dy = 6
    drawing.add(chart)
    _axis_titles(drawing, "Mes", "Peticiones recibidas", chart)
    return drawing


def _compliance_chart(rows: Sequence[AreaCompliance], width: float) -> Drawing:
    label_width = 170
    height = 16 * len(rows) + 44
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = label_width, 30, width - label_width - 30, 16 * len(rows)
    ordered = list(reversed(rows))
    shares = [100 * r.en_plazo / r.total for r in ordered]
    chart.data = [shares]
    chart.categoryAxis.categoryNames = [clip(r.area, 38) for r in ordered]
    chart.categoryAxis.labels.fontName = "Helvetica"
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda value: f"{value:.0f} %"
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = LINEA
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.barWidth = 9
    chart.bars.strokeColor = None
    for index, share in enumerate(shares):
        chart.bars[(0, index)].fillColor = _grade(share / 100)
    chart.barLabelFormat = lambda value: f"{value:.1f} %"
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    drawing.add(String(chart.x + chart.width / 2, 4, "% de peticiones atendidas en plazo", fontName="Helvetica",
                       fontSize=7.5, fillColor=GRIS, textAnchor="middle"))
    drawing.add(String(4, chart.y + chart.height + 6, "Área", fontName="Helvetica-Bold", fontSize=7.5, fillColor=GRIS))
    return drawing


def _detail_widths() -> list[float]:
    free = content_width(LANDSCAPE) - sum(DETAIL_FIXED)
    return [*DETAIL_FIXED, *[free * share for share in DETAIL_TEXT_SHARES]]


def _detail_section(rows: Sequence[DetailRow]) -> list[Flowable]:
    flow: list[Flowable] = [NextPageTemplate("landscape"), PageBreak(),
                            markup(f"7. Detalle de las peticiones del mes ({_n(len(rows))})", "h2")]
    if not rows:
        return flow + [markup("Sin peticiones en el periodo.", "left")]
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
        f"{fit(row.folio, 0, 3)}\n{fecha_corta(row.recibida)}",
        f"{fit(row.tipo, 1, 1)}\n{fit(row.canal, 1, 1)}",
        fit(row.area, 2, 3),
        fit(row.estado, 3, 2),
        fit(row.problema or "—", 4, DETAIL_TEXT_LINES),
        fit(row.respuesta or "—", 5, DETAIL_TEXT_LINES),
        fit(row.solucion or "—", 6, DETAIL_TEXT_LINES),
    ]
