"""The monthly report's charts: petitions by tipo, the twelve-month trend and compliance by área."""

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.platypus import Flowable

from services.dates import short_month
from services.documents.model import AreaCompliance
from services.documents.report_counts import grade
from services.documents.styles import DORADO, GRIS, GUINDA, LINEA, markup
from services.documents.text import clip


def _axis_titles(drawing: Drawing, x_title: str, y_title: str, chart) -> None:
    drawing.add(String(chart.x + chart.width / 2, 4, x_title, fontName="Helvetica", fontSize=7.5,
                       fillColor=GRIS, textAnchor="middle"))
    vertical = Group(String(0, 0, y_title, fontName="Helvetica", fontSize=7.5, fillColor=GRIS, textAnchor="middle"))
    vertical.transform = (0, 1, -1, 0, 10, chart.y + chart.height / 2)
    drawing.add(vertical)


def _categories(chart, names: list[str], values: list[float]) -> None:
    """One series of values over named categories, labelled as every chart of the report is."""
    chart.data = [values]
    chart.categoryAxis.categoryNames = names
    chart.categoryAxis.labels.fontName = "Helvetica"
    chart.categoryAxis.labels.fontSize = 7


def _value_axis(axis, top: float) -> None:
    axis.valueMin = 0
    axis.valueMax = max(top * 1.18, 4)
    axis.labels.fontName = "Helvetica"
    axis.labels.fontSize = 7
    axis.labelTextFormat = lambda value: f"{value:,.0f}"
    axis.gridStrokeColor = LINEA
    axis.gridStrokeWidth = 0.3
    axis.visibleGrid = True


def tipo_chart(items: Sequence[tuple[str, int]], width: float) -> Drawing:
    """Vertical bars of petitions per tipo."""
    drawing = Drawing(width, 170)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 48, 34, width - 60, 120
    _categories(chart, [clip(name, 24) for name, _ in items], [n for _, n in items])
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
    if year.isdigit() and month.isdigit() and 1 <= int(month) <= 12:
        return short_month(int(year), int(month))
    return key


def trend_chart(points: Sequence[tuple[str, int]], width: float) -> Flowable:
    """A line of petitions received per month («AAAA-MM» keys), or a note when there are no points."""
    if not points:
        return markup("Sin datos de tendencia.", "left")
    drawing = Drawing(width, 160)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 48, 34, width - 60, 110
    _categories(chart, [_trend_label(key) for key, _ in points], [n for _, n in points])
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


def compliance_chart(rows: Sequence[AreaCompliance], width: float) -> Drawing:
    """Horizontal bars of the share answered in term per área, coloured by grade."""
    label_width = 170
    height = 16 * len(rows) + 44
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = label_width, 30, width - label_width - 30, 16 * len(rows)
    ordered = list(reversed(rows))
    shares = [100 * r.en_plazo / r.total for r in ordered]
    _categories(chart, [clip(r.area, 38) for r in ordered], shares)
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda value: f"{value:.0f} %"
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = LINEA
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.barWidth = 9
    chart.bars.strokeColor = None
    for index, share in enumerate(shares):
        chart.bars[(0, index)].fillColor = grade(share / 100)
    chart.barLabelFormat = lambda value: f"{value:.1f} %"
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    drawing.add(String(chart.x + chart.width / 2, 4, "% de peticiones atendidas en plazo", fontName="Helvetica",
                       fontSize=7.5, fillColor=GRIS, textAnchor="middle"))
    drawing.add(String(4, chart.y + chart.height + 6, "Área", fontName="Helvetica-Bold", fontSize=7.5, fillColor=GRIS))
    return drawing
