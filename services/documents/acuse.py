"""The acuse de recibo the petitioner takes from the desk: folio (large, QR, barcode), data, terms, privacy."""

from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from services.dates import long_moment
from services.documents.model import AcuseData
from services.documents.page import build_pdf, content_width
from services.documents.signatures import signature, signatures_side_by_side
from services.documents.styles import GUINDA, LINEA, markup, para, styles
from services.documents.tables import key_value_table
from services.documents.text import clean, escape

QR_SIZE = 84
FOLIO_MAX_FONT = 24
URGENT_RED = colors.HexColor("#B00020")


def render_acuse(data: AcuseData) -> bytes:
    """The acuse de recibo of one petition as PDF bytes."""
    return build_pdf(_story(data), unit=data.unit, title=f"Acuse de recibo — folio {clean(data.folio)}",
                     label=f"Acuse de recibo  ·  Folio {data.folio}")


def _story(data: AcuseData) -> list[Flowable]:
    width = content_width()
    story: list[Flowable] = [
        markup("ACUSE DE RECIBO", "title"),
        markup("Petición recibida en el Módulo de Orientación y Atención al Derechohabiente", "subtitle"),
        _folio_block(data, width),
        Spacer(1, 8),
    ]
    if data.urgente:
        story += [_urgent_box(data.urgente, width), Spacer(1, 8)]
    story += [
        key_value_table(_facts(data), width),
        markup("Resumen de la petición", "h2"),
        para(data.resumen.strip() or "Sin descripción.", "quote"),
    ]
    if data.terminos:
        story += [markup("Plazos de atención", "h2"),
                  *[markup(f"•&nbsp;&nbsp;{escape(line)}", "left") for line in data.terminos]]
    if data.como_dar_seguimiento.strip():
        story += [markup("¿Cómo dar seguimiento?", "h2"), para(data.como_dar_seguimiento, "body")]
    story += [
        Spacer(1, 4),
        para(data.aviso_privacidad, "tiny"),
        Spacer(1, 18),
        signatures_side_by_side([
            signature("Recibió", "", ("Nombre y firma del personal del módulo",), width=200),
            signature("Sello de la unidad", "", (), width=160),
        ], width),
    ]
    return story


def _facts(data: AcuseData) -> list[tuple[str, str]]:
    petitioner = (data.peticionario or "").strip() or "Anónimo"
    return [
        ("Folio", data.folio),
        ("Fecha y hora de recepción", long_moment(data.recibida)),
        ("Tipo de petición", data.tipo),
        ("Medio de captación", data.canal),
        ("Peticionario", petitioner),
    ]


def _folio_block(data: AcuseData, width: float) -> Table:
    folio = clean(data.folio)
    left_width = width - QR_SIZE - 16
    size = _folio_font_size(folio, left_width - 12)
    big = ParagraphStyle("folio", fontName="Helvetica-Bold", fontSize=size, leading=size + 4, textColor=GUINDA)
    left = [Paragraph("Folio de su petición", styles()["cell_bold"]), Paragraph(escape(folio), big)]
    if folio.isascii() and folio:
        left.append(_barcode(folio, left_width - 12))
    note = "Conserve este número: con él puede consultar el avance de su petición."
    if data.clave_consulta:
        left.append(Paragraph(f"Clave de consulta: <b>{escape(data.clave_consulta)}</b>", styles()["cell"]))
        note = ("Con su folio y esta clave consulte el avance de su petición"
                + (f" en {escape(data.url_consulta.split('/c/')[0])} o con el código QR." if data.url_consulta else
                   " en el módulo, en persona o por teléfono."))
    left.append(Paragraph(note, styles()["tiny"]))
    table = Table([[left, _qr(data.url_consulta or folio)]], colWidths=[left_width, QR_SIZE + 16])
    table.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 1, GUINDA),
        ("LINEAFTER", (0, 0), (0, 0), 0.5, LINEA),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (1, 0), (1, 0), "CENTER"),
        ("LEFTPADDING", (0, 0), (0, 0), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))
    return table


def _folio_font_size(folio: str, width: float) -> float:
    # A long folio shrinks instead of running past the box.
    size = FOLIO_MAX_FONT
    while size > 10 and stringWidth(folio, "Helvetica-Bold", size) > width:
        size -= 1
    return size


def _barcode(folio: str, max_width: float) -> Flowable:
    bar_width = 0.9
    code = Code128(folio, barHeight=26, barWidth=bar_width, humanReadable=False, quiet=False)
    if code.width > max_width:
        code = Code128(folio, barHeight=26, barWidth=bar_width * max_width / code.width, humanReadable=False,
                       quiet=False)
    holder = Table([[code]], colWidths=[max_width], hAlign="LEFT")
    holder.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 4),
                                ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    return holder


def _qr(folio: str) -> Drawing:
    widget = QrCodeWidget(folio or "-", barLevel="M", barFillColor=colors.black)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(QR_SIZE, QR_SIZE, transform=[QR_SIZE / (x1 - x0), 0, 0, QR_SIZE / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def _urgent_box(text: str, width: float) -> Table:
    style = ParagraphStyle("urgent", parent=styles()["left"], fontSize=9.5, leading=12.5, textColor=URGENT_RED)
    box = Table([[Paragraph(f"<b>ATENCIÓN PRIORITARIA.</b> {escape(text)}", style)]], colWidths=[width])
    box.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 1.4, URGENT_RED),
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#FDECEE")),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))
    return box

