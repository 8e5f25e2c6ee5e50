"""The constancia de notificación / entrega: each attempt to tell the petitioner and who received the answer (L14)."""

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from services.dates import long_day, long_moment, moment_text
from services.documents.model import ConstanciaData, Delivery, NotificationAttempt
from services.documents.page import UAD, build_pdf, content_width
from services.documents.signatures import signature, signatures_side_by_side
from services.documents.styles import markup, para, styles
from services.documents.tables import header_style, key_value_table
from services.documents.text import clean, clip, escape
from services.terms import days_text

ANSWER_LIMIT = 500
WARNING_RED = colors.HexColor("#B00020")
# The desk may pass stored codes instead of labels; both print as Spanish words.
MEDIOS = {"telefono": "Teléfono", "correo": "Correo electrónico", "postal": "Correo postal",
          "presencial": "Presencial"}
# How each medio reads after "fue notificado … ": "por teléfono", "en persona".
MEDIO_PHRASES = {"telefono": "por teléfono", "correo": "por correo electrónico", "postal": "por correo postal",
                 "presencial": "en persona"}
RESULTADOS = {"notificado": "Notificado", "no_localizado": "No localizado",
              "datos_insuficientes": "Datos insuficientes"}


def render_constancia(data: ConstanciaData) -> bytes:
    """The constancia de notificación (and entrega, when the answer was handed over) as PDF bytes."""
    return build_pdf(_story(data), unit=data.unit, title=f"{_title(data).capitalize()} — folio {clean(data.folio)}",
                     label=f"Constancia de notificación  ·  Folio {data.folio}")


def _title(data: ConstanciaData) -> str:
    if data.entrega is not None:
        return "CONSTANCIA DE NOTIFICACIÓN Y ENTREGA DE RESPUESTA"
    return "CONSTANCIA DE NOTIFICACIÓN DE RESPUESTA"


def _story(data: ConstanciaData) -> list[Flowable]:
    width = content_width()
    story: list[Flowable] = [
        markup(_title(data), "title"),
        markup("Notificación de la respuesta al peticionario (lineamiento 14)", "subtitle"),
        markup(f"En {escape(data.unit.lugar)}, a {long_day(data.fecha)}, la {UAD} de "
               f"{escape(data.unit.nombre)} hace constar lo siguiente respecto de la petición con folio "
               f"<b>{escape(data.folio)}</b>:"),
        key_value_table(_facts(data), width),
        markup("Respuesta notificada (extracto)", "h2"),
        para(clip(data.respuesta_resumen, ANSWER_LIMIT) or "Sin texto de respuesta.", "quote"),
        markup("Intentos de notificación", "h2"),
        _attempts_table(data.intentos, width),
        Spacer(1, 6),
        markup(_outcome(data)),
    ]
    closing: list[Flowable] = _delivery(data.entrega, width) if data.entrega is not None else []
    # The last statement stays on the page the signatures are on, so nobody signs a page with nothing above it.
    tail = closing[-1:] if closing else [story.pop()]
    story += closing[:-1]
    story.append(KeepTogether([*tail, Spacer(1, 10), _signatures(data, width)]))
    return story


def _facts(data: ConstanciaData) -> list[tuple[str, str]]:
    signer = data.firmada_por.strip() or "Director o encargado de la unidad"
    return [
        ("Folio", data.folio),
        ("Peticionario", data.peticionario.strip() or "Anónimo"),
        ("Respuesta firmada por", f"{signer}, el {long_moment(data.firmada_en)} (lineamiento 13)"),
    ]


def _label(value: str, labels: dict[str, str]) -> str:
    return labels.get(value.strip().lower(), value)


def _attempts_table(attempts: tuple[NotificationAttempt, ...], width: float) -> Flowable:
    if not attempts:
        return markup("No hay intentos de notificación registrados.", "left")
    cell = styles()["cell"]
    rows: list[list] = [["Núm.", "Fecha y hora", "Medio", "Resultado", "Detalle"]]
    for number, attempt in enumerate(attempts, start=1):
        rows.append([str(number), f"{moment_text(attempt.cuando)} h",
                     Paragraph(escape(_label(attempt.medio, MEDIOS)), cell),
                     Paragraph(escape(_label(attempt.resultado, RESULTADOS)), cell),
                     Paragraph(escape(clip(attempt.detalle, 600)), cell)])
    widths = [32, 84, 90, 90]
    table = Table(rows, colWidths=[*widths, width - sum(widths)], repeatRows=1)
    table.setStyle(header_style([("ALIGN", (0, 0), (0, -1), "CENTER"), ("VALIGN", (0, 1), (-1, -1), "TOP")]))
    return table


def _outcome(data: ConstanciaData) -> str:
    told = next((a for a in data.intentos if a.resultado.strip().lower() in ("notificado", "notificada")), None)
    if told is not None:
        how = MEDIO_PHRASES.get(told.medio.strip().lower(), f"por {_label(told.medio, MEDIOS).lower()}")
        return f"El peticionario fue notificado de la respuesta el <b>{long_moment(told.cuando)}</b> {escape(how)}."
    if data.entrega is not None:
        return f"La respuesta se entregó en forma física el <b>{long_moment(data.entrega.cuando)}</b>."
    if data.resguardo_en is not None:
        return (f"No fue posible localizar al peticionario. Conforme al lineamiento 14, desde el "
                f"<b>{long_moment(data.resguardo_en)}</b> se resguarda una copia de la respuesta, disponible para "
                "cuando la persona interesada acuda por ella.")
    return ("A la fecha no ha sido posible localizar al peticionario. Conforme al lineamiento 14, si no es "
            f"localizado transcurridos {days_text(data.dias_resguardo)} desde la emisión de la respuesta, se "
            "resguarda una copia para entregársela cuando acuda por ella.")


def _delivery(delivery: Delivery, width: float) -> list[Flowable]:
    rows = [
        ("Recibe", delivery.recibe),
        ("Calidad de quien recibe", "Tercero autorizado por el peticionario" if delivery.tercero else "Peticionario"),
        ("Identificación oficial", f"{delivery.identificacion_tipo}, núm. {delivery.identificacion_numero}"),
        ("Fecha y hora de entrega", long_moment(delivery.cuando)),
    ]
    if delivery.tercero:
        rows.append(("Carta poder simple y copia de identificación del peticionario",
                     "Presentadas" if delivery.carta_poder else "No presentadas"))
    flow: list[Flowable] = [markup("Entrega física de la respuesta", "h2"),
                            key_value_table(rows, width, label_width=170)]
    if delivery.tercero and delivery.carta_poder:
        flow += [Spacer(1, 6), markup(
            "Quien recibe lo hace en representación del peticionario y presenta carta poder simple firmada por "
            "quien presentó la petición, junto con copia de la identificación oficial de este (lineamiento 14); "
            "ambas se integran al expediente.")]
    elif delivery.tercero:
        warning = ParagraphStyle("warning", parent=styles()["body"], textColor=WARNING_RED)
        flow += [Spacer(1, 6), Paragraph(
            "<b>Atención:</b> no se presentó carta poder simple. La entrega a un tercero requiere carta poder simple "
            "firmada por el peticionario y copia de su identificación oficial (lineamiento 14).", warning)]
    return flow


def _signatures(data: ConstanciaData, width: float) -> Flowable:
    if data.entrega is not None:
        receiver = data.entrega
        blocks = [
            signature("Entrega", "", ("Nombre, cargo y firma del personal de la Unidad",), width=220),
            signature("Recibe", receiver.recibe, (
                f"{receiver.identificacion_tipo} núm. {receiver.identificacion_numero}", "Firma de recibido"),
                width=220),
        ]
    else:
        unit = data.unit
        blocks = [
            signature("Hace constar", "", ("Nombre, cargo y firma del personal de la Unidad",), width=220),
            signature("Vo. Bo.", unit.director_nombre, (unit.director_cargo,), width=220),
        ]
    return signatures_side_by_side(blocks, width)
