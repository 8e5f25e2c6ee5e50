"""The oficio de respuesta: the área's answer, signed by the director, for the petitioner (L12–L14)."""

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from services.dates import long_day
from services.documents.model import AnswerLetterData
from services.documents.page import GUIDE, UAD, build_pdf
from services.documents.signatures import director_signature, signature, signatures_side_by_side
from services.documents.styles import markup, para, styles
from services.documents.text import clean, escape
from services.terms import days_text

HEADER_WIDTH = 270
TITLE = "Oficio de respuesta"


def render_answer_letter(data: AnswerLetterData) -> bytes:
    """The signed answer letter for the petitioner as PDF bytes."""
    return build_pdf(_story(data), unit=data.unit, title=f"{TITLE} — {clean(data.numero)}",
                     label=f"{TITLE}  ·  Oficio {data.numero}  ·  Folio {data.folio}")


def _story(data: AnswerLetterData) -> list[Flowable]:
    story: list[Flowable] = [_heading(data), Spacer(1, 10), *_addressee(data), Spacer(1, 10)]
    story.append(markup(f"En atención a su petición con folio <b>{escape(data.folio)}</b>, recibida en esta {UAD} "
                        f"el {long_day(data.recibida)}, le comunico la respuesta emitida por "
                        f"{escape(data.area)}:"))
    story.append(para(data.texto, "quote"))
    if data.solucion.strip():
        story += [markup("<b>Solución:</b>", "left"), para(data.solucion, "quote")]
    name, cargo, phone = (escape(part) for part in data.emite)
    for part in data.mas_areas:
        other, other_cargo, other_phone = (escape(value) for value in part.emite)
        story.append(markup(f"Emite la respuesta anterior {name}, {cargo}, teléfono {phone}. La respuesta emitida por "
                            f"{escape(part.area)}:"))
        story.append(para(part.texto, "quote"))
        if part.solucion.strip():
            story += [markup("<b>Solución:</b>", "left"), para(part.solucion, "quote")]
        name, cargo, phone = other, other_cargo, other_phone
    story.append(markup(
        f"Emite la respuesta {name}, {cargo}, teléfono {phone} (lineamiento 12 de la <i>{GUIDE}</i>). La presente "
        "ha sido revisada y firmada por el Director o Encargado de la Unidad (lineamiento 13) y se le notifica "
        f"dentro de los {days_text(data.dias_notificacion)} siguientes a la respuesta del área (lineamiento 14)."))
    story.append(markup(f"Para cualquier aclaración, acuda al Módulo de Orientación y Atención al Derechohabiente "
                        f"con su folio {escape(data.folio)}."))
    # The closing, both signatures and the receipt travel together: a signature alone on a page signs nothing.
    width = 460
    story.append(KeepTogether([
        markup("Sin otro particular, reciba un cordial saludo.", "body"),
        Spacer(1, 6),
        signatures_side_by_side([director_signature(data.unit),
                                 signature("Recibí original", data.peticionario, ("Nombre, firma y fecha",),
                                           width=190)], width),
    ]))
    return story


def _heading(data: AnswerLetterData) -> Table:
    cell = styles()["cell"]
    rows = [
        [Paragraph(f"<b>Oficio núm.</b> {escape(data.numero)}", cell)],
        [Paragraph(f"{escape(data.unit.lugar)}, a {long_day(data.fecha)}", cell)],
        [Paragraph(f"<b>Asunto:</b> Respuesta a su petición con folio {escape(data.folio)}", cell)],
    ]
    table = Table(rows, colWidths=[HEADER_WIDTH], hAlign="RIGHT")
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return table


def _addressee(data: AnswerLetterData) -> list[Flowable]:
    lines = [data.peticionario or "Peticionario(a)", *data.domicilio]
    flow: list[Flowable] = [Paragraph(f"<b>{escape(lines[0])}</b>", styles()["left"])]
    flow += [Paragraph(escape(line), styles()["left"]) for line in lines[1:] if line.strip()]
    flow.append(Paragraph("<b>P r e s e n t e</b>", styles()["left"]))
    return flow
