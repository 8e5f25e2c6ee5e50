"""Reminders to an área (L6, L7) and the oficio to its superior jerárquico (L8), as signed letters."""

from collections.abc import Callable

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from models.enums import Reloj
from services.dates import long_day
from services.documents.model import OficioData
from services.documents.page import GUIDE, UAD, build_pdf, content_width
from services.documents.signatures import director_signature
from services.documents.styles import markup, styles
from services.documents.tables import header_style
from services.documents.text import clean, clip, escape
from services.labels import DOCUMENT_NAMES
from services.terms import days_text, term_phrase

SUMMARY_LIMIT = 500
HEADER_WIDTH = 270
SAD = "Subdirección de Atención al Derechohabiente"

ASUNTOS = {
    "recordatorio_1": "Primer recordatorio de atención a la petición con folio {folio}",
    "recordatorio_2": "Segundo recordatorio de atención a la petición con folio {folio}",
    "oficio_superior": "Aviso de incumplimiento en la atención de la petición con folio {folio}",
}


def render_oficio(data: OficioData) -> bytes:
    """A first or second reminder, or the oficio to the superior jerárquico, as PDF bytes."""
    if data.kind not in BODIES:
        raise ValueError(f"Tipo de oficio desconocido: {data.kind}")
    label = f"{DOCUMENT_NAMES[data.kind]}  ·  Oficio {data.numero}  ·  Folio {data.folio}"
    return build_pdf(_story(data), unit=data.unit, title=f"{DOCUMENT_NAMES[data.kind]} — {clean(data.numero)}", label=label)


def _story(data: OficioData) -> list[Flowable]:
    story: list[Flowable] = [_heading(data), Spacer(1, 10), *_addressee(data), Spacer(1, 10)]
    story += BODIES[data.kind](data)
    # The closing, the signature and the copies travel together: a signature alone on a page signs nothing.
    story.append(KeepTogether([
        markup("Sin otro particular, aprovecho la ocasión para enviarle un cordial saludo.", "body"),
        Spacer(1, 6),
        director_signature(data.unit),
        Spacer(1, 14),
        _copies(data),
    ]))
    return story


def _heading(data: OficioData) -> Table:
    asunto = ASUNTOS[data.kind].format(folio=data.folio)
    cell = styles()["cell"]
    rows = [
        [Paragraph(f"<b>Oficio núm.</b> {escape(data.numero)}", cell)],
        [Paragraph(f"{escape(data.unit.lugar)}, a {long_day(data.fecha)}", cell)],
        [Paragraph(f"<b>Asunto:</b> {escape(asunto)}", cell)],
    ]
    table = Table(rows, colWidths=[HEADER_WIDTH], hAlign="RIGHT")
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return table


def _addressee(data: OficioData) -> list[Flowable]:
    area = data.area
    if data.kind == "oficio_superior":
        lines = [area.superior_nombre, area.superior_cargo]
    else:
        lines = [area.enlace_nombre, f"Enlace de {area.nombre}"]
    lines = [line for line in lines if line and line.strip()]
    flow: list[Flowable] = [Paragraph(f"<b>{escape(line)}</b>", styles()["left"]) for line in lines]
    flow.append(Paragraph("<b>P r e s e n t e</b>", styles()["left"]))
    return flow


def _reference(data: OficioData) -> str:
    return (f"la petición con folio <b>{escape(data.folio)}</b>, recibida en esta {UAD} el "
            f"{long_day(data.recibida)} y canalizada a {escape(data.area.nombre)} el "
            f"{long_day(data.canalizada)}")


def _summary(data: OficioData) -> list[Flowable]:
    text = clip(data.resumen, SUMMARY_LIMIT) or "Sin descripción."
    return [Paragraph(f"«{escape(text)}»", styles()["quote"])]


def _first_reminder(data: OficioData) -> list[Flowable]:
    return [
        markup(f"Me refiero a {_reference(data)} para su atención. El asunto se resume a continuación:"),
        *_summary(data),
        markup(f"Conforme al lineamiento 5 de la <i>{GUIDE}</i>, el área competente debe dar seguimiento a las "
               f"peticiones en un lapso no mayor a {days_text(data.plazo_anterior)} a partir de su canalización; a "
               "la fecha, esta Unidad no ha recibido su respuesta."),
        markup("Por lo anterior, con fundamento en el lineamiento 6 de la citada Guía, le solicito atentamente "
               f"remitir la respuesta en un plazo de <b>{term_phrase(Reloj.RECORDATORIO_1, data.plazo)}</b>, es "
               f"decir, a más tardar el <b>{long_day(data.vence)}</b>, integrando la información necesaria para el "
               "esclarecimiento de los hechos y las acciones realizadas para su atención."),
    ]


def _second_reminder(data: OficioData) -> list[Flowable]:
    return [
        markup(f"Me refiero a {_reference(data)} para su atención. El asunto se resume a continuación:"),
        *_summary(data),
        markup(f"Mediante {_earlier_text(data)} se le solicitó la respuesta en un plazo de "
               f"{days_text(data.plazo_anterior)} (lineamiento 6 de la <i>{GUIDE}</i>); dicho plazo ha vencido sin "
               "que esta Unidad la haya recibido."),
        markup("Con fundamento en el lineamiento 7 de la citada Guía, le solicito atender el presente segundo "
               f"recordatorio en un plazo no mayor a <b>{term_phrase(Reloj.RECORDATORIO_2, data.plazo)}</b>, es "
               f"decir, a más tardar el <b>{long_day(data.vence)}</b>."),
        markup("De no recibirse la respuesta en dicho plazo, conforme al lineamiento 8 esta Unidad dará aviso del "
               "incumplimiento, mediante oficio, al superior jerárquico del área."),
    ]


def _superior(data: OficioData) -> list[Flowable]:
    enlace = f", a cargo de {escape(data.area.enlace_nombre)}" if data.area.enlace_nombre.strip() else ""
    return [
        markup(f"Con fundamento en el lineamiento 8 de la <i>{GUIDE}</i>, hago de su conocimiento el incumplimiento "
               f"en la atención de {_reference(data)}{enlace}. El asunto se resume a continuación:"),
        *_summary(data),
        markup("No obstante que se emitieron al área el primer y el segundo recordatorio (lineamientos 6 y 7), a "
               "la fecha no se ha recibido respuesta. Las actuaciones realizadas son las siguientes:"),
        _chronology(data),
        Spacer(1, 8),
        markup("Por lo anterior, le solicito atentamente su intervención para que, conforme a sus atribuciones, el "
               f"asunto se resuelva en un plazo no mayor a <b>{days_text(data.plazo)}</b>, es decir, a más tardar el "
               f"<b>{long_day(data.vence)}</b>, y se remita la respuesta a esta Unidad para notificarla al "
               "derechohabiente."),
    ]


def _earlier_text(data: OficioData) -> str:
    if not data.previos:
        return "primer recordatorio"
    parts = [f"{escape(name).lower()} de fecha {long_day(day)}" for name, day in data.previos]
    return ", ".join(parts)


def _chronology(data: OficioData) -> Table:
    cell = styles()["cell"]
    rows = [["Actuación", "Fecha"],
            [Paragraph("Recepción de la petición", cell), long_day(data.recibida)],
            [Paragraph(f"Canalización a {escape(data.area.nombre)}", cell), long_day(data.canalizada)]]
    rows += [[Paragraph(escape(name), cell), long_day(day)] for name, day in data.previos]
    rows.append([Paragraph(f"<b>Plazo para resolver (lineamiento 8, {days_text(data.plazo)})</b>", cell),
                 long_day(data.vence)])
    width = content_width() - 60
    table = Table(rows, colWidths=[width * 0.62, width * 0.38], repeatRows=1)
    table.setStyle(header_style([("FONTSIZE", (0, 1), (-1, -1), 8.5)]))
    return table


def _copies(data: OficioData) -> Table:
    lines = []
    if data.kind == "oficio_superior":
        lines.append(f"{SAD}. Para su conocimiento (lineamiento 8).")
        if data.area.enlace_nombre.strip():
            lines.append(f"{escape(data.area.enlace_nombre)}, Enlace de {escape(data.area.nombre)}. Mismo fin.")
    lines.append(f"Expediente del folio {escape(data.folio)}.")
    tiny = styles()["tiny"]
    rows = [[Paragraph("<b>c.c.p.</b>" if index == 0 else "", tiny), Paragraph(line, tiny)]
            for index, line in enumerate(lines)]
    table = Table(rows, colWidths=[32, content_width() - 32], hAlign="LEFT")
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


BODIES: dict[str, Callable[[OficioData], list[Flowable]]] = {
    "recordatorio_1": _first_reminder,
    "recordatorio_2": _second_reminder,
    "oficio_superior": _superior,
}
