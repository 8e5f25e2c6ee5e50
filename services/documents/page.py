"""The letter page of every document: letterhead, footer, "Hoja X de Y" and the PDF build."""

import io
from collections.abc import Sequence
from contextlib import contextmanager

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from services.documents.model import UnitInfo
from services.documents.styles import DORADO, GRIS, GUINDA
from services.documents.text import clean, fit_line, with_ellipsis

INSTITUTE = "INSTITUTO DE SEGURIDAD Y SERVICIOS SOCIALES DE LOS TRABAJADORES DEL ESTADO"
UAD = "Unidad de Atención al Derechohabiente"
GUIDE = ("Guía operativa para la atención, seguimiento y conclusión de peticiones e inconformidades "
         "de los derechohabientes")

PORTRAIT = LETTER
LANDSCAPE = landscape(LETTER)
MARGIN_X = 60
MARGIN_X_WIDE = 40
HEADER_HEIGHT = 96
FOOTER_HEIGHT = 52
FOOTER_Y = 26


def content_width(pagesize: tuple[float, float] = PORTRAIT) -> float:
    """The usable width of a page of this size."""
    return pagesize[0] - 2 * _margin(pagesize)


def _margin(pagesize: tuple[float, float]) -> float:
    return MARGIN_X_WIDE if pagesize[0] > pagesize[1] else MARGIN_X


def draw_letterhead(canvas: Canvas, unit: UnitInfo, pagesize: tuple[float, float]) -> None:
    """The institute's letterhead: ISSSTE mark, institute line, unit name and clave, UAD line, gold rule."""
    width, height = pagesize
    margin = _margin(pagesize)
    top = height - 30
    canvas.saveState()
    canvas.setFillColor(GUINDA)
    canvas.setFont("Helvetica-Bold", 24)
    canvas.drawString(margin, top - 26, "ISSSTE")
    mark = stringWidth("ISSSTE", "Helvetica-Bold", 24)
    canvas.setStrokeColor(DORADO)
    canvas.setLineWidth(1.2)
    rule_x = margin + mark + 10
    canvas.line(rule_x, top - 42, rule_x, top + 2)
    text_x = rule_x + 10
    room = width - margin - text_x
    canvas.setFillColor(GRIS)
    canvas.setFont("Helvetica-Bold", 7.5)
    canvas.drawString(text_x, top - 6, fit_line(INSTITUTE, room, "Helvetica-Bold", 7.5))
    canvas.setFillColor(colors.black)
    name_lines = simpleSplit(clean(unit.nombre), "Helvetica-Bold", 10, room) or [""]
    if len(name_lines) > 2:
        name_lines = [name_lines[0], with_ellipsis(name_lines[1], room * 100, "Helvetica-Bold")]
    y = top - 19
    canvas.setFont("Helvetica-Bold", 10)
    for line in name_lines:
        canvas.drawString(text_x, y, fit_line(line, room, "Helvetica-Bold", 10))
        y -= 12
    canvas.setFillColor(GUINDA)
    canvas.setFont("Helvetica", 8.5)
    unit_line = f"{UAD}  ·  Clave de la unidad: {clean(unit.clave)}"
    canvas.drawString(text_x, y, fit_line(unit_line, room, "Helvetica", 8.5))
    canvas.setStrokeColor(DORADO)
    canvas.setLineWidth(2)
    rule_y = height - HEADER_HEIGHT + 14
    canvas.line(margin, rule_y, width - margin, rule_y)
    canvas.restoreState()


def draw_footer(canvas: Canvas, unit: UnitInfo, pagesize: tuple[float, float], label: str) -> None:
    """The footer: a thin gold rule, the document label and the unit's address (the page number is added later)."""
    width, _ = pagesize
    margin = _margin(pagesize)
    canvas.saveState()
    canvas.setStrokeColor(DORADO)
    canvas.setLineWidth(0.8)
    canvas.line(margin, FOOTER_Y + 18, width - margin, FOOTER_Y + 18)
    available = width - 2 * margin - 90
    canvas.setFont("Helvetica-Bold", 7)
    canvas.setFillColor(GRIS)
    canvas.drawString(margin, FOOTER_Y + 7, fit_line(clean(label), available, "Helvetica-Bold", 7))
    canvas.setFont("Helvetica", 7)
    canvas.drawString(margin, FOOTER_Y - 2, fit_line(clean(unit.domicilio), available, "Helvetica", 7))
    canvas.restoreState()


class NumberedCanvas(Canvas):
    """A canvas that holds every page until the end so each can say "Hoja X de Y"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict] = []

    def showPage(self):
        """Hold the finished page instead of emitting it."""
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        """Stamp each held page with its number and the total, then write the file."""
        total = len(self._held_pages)
        for state in self._held_pages:
            self.__dict__.update(state)
            self._stamp(total)
            super().showPage()
        super().save()

    def _stamp(self, total: int) -> None:
        width, _ = self._pagesize
        self.saveState()
        self.setFont("Helvetica-Bold", 8)
        self.setFillColor(GRIS)
        self.drawRightString(width - _margin(self._pagesize), FOOTER_Y + 7, f"Hoja {self._pageNumber} de {total}")
        self.restoreState()


def page_template(template_id: str, unit: UnitInfo, label: str, pagesize: tuple[float, float]) -> PageTemplate:
    """A page with the letterhead and footer around one frame."""
    margin = _margin(pagesize)
    frame = Frame(margin, FOOTER_HEIGHT + 4, pagesize[0] - 2 * margin, pagesize[1] - HEADER_HEIGHT - FOOTER_HEIGHT - 4,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=f"{template_id}-frame")

    def decorate(canvas: Canvas, _doc) -> None:
        draw_letterhead(canvas, unit, pagesize)
        draw_footer(canvas, unit, pagesize, label)

    return PageTemplate(id=template_id, frames=[frame], onPage=decorate, pagesize=pagesize)


def build_pdf(story: list[Flowable], *, unit: UnitInfo, title: str, label: str,
              templates: Sequence[tuple[str, tuple[float, float]]] = (("portrait", PORTRAIT),)) -> bytes:
    """Lay out the story on letter pages with letterhead, footer and "Hoja X de Y"; return the PDF bytes."""
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=templates[0][1], title=title, author=clean(unit.nombre),
                          subject=f"{UAD} — {clean(unit.nombre)}", creator="MOAD Desk", lang="es-MX",
                          leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=HEADER_HEIGHT,
                          bottomMargin=FOOTER_HEIGHT)
    doc.addPageTemplates([page_template(name, unit, label, size) for name, size in templates])
    with _binary_streams():
        doc.build(story, canvasmaker=NumberedCanvas)
    return buffer.getvalue()


@contextmanager
def _binary_streams():
    # ASCII85 text encoding of page streams is pure Python without rl_accel and costs a third of a long report;
    # binary zlib streams are equally valid PDF.
    previous = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = previous
