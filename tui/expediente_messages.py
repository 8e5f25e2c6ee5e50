"""What the expediente says once an action is done: one Spanish sentence per action, from the service's result."""

from typing import Any

from models import Area
from services.dates import day_text
from services.labels import DOCUMENT_NAMES, ESCALATION_LETTERS, MEDIO_LABELS, RESULTADO_LABELS
from tui.expediente_panels import code_name


def done_message(name: str, result: Any, areas: list[Area]) -> str:
    """The sentence that confirms an action, naming what the service recorded."""
    names = {area.id: area.nombre for area in areas}
    if name == "canalizar":
        return (f"Canalizada a {names.get(result.area_id, 'el área')}; el área tiene hasta el "
                f"{day_text(result.vence_en)} para dar seguimiento (L5).")
    if name in ESCALATION_LETTERS:
        return (f"{DOCUMENT_NAMES[name]} registrado con el oficio {result.numero}; el área tiene hasta el "
                f"{day_text(result.vence_en)}.")
    if name == "prorroga":
        return f"Prórroga registrada: la nueva fecha es el {day_text(result.vence_en)}."
    if name == "notificar":
        return (f"Notificación registrada: {code_name(MEDIO_LABELS, result.medio)}, "
                f"{code_name(RESULTADO_LABELS, result.resultado).lower()}.")
    if name == "devolver_area":
        return (f"Respuesta devuelta al área; tiene hasta el {day_text(result.vence_en)} para enviar la corregida "
                "(L5).")
    if name == "completar_datos":
        return "Datos actualizados." + (" Aún faltan datos (◐)." if result.datos_incompletos else " Datos completos.")
    if name in ("imprimir_acuse", "imprimir_constancia"):
        return f"{DOCUMENT_NAMES.get(result.tipo, result.tipo)} en PDF: {result.nombre}"
    if name == "adjuntar":
        return f"Archivo adjuntado: {result.nombre} (SHA-256 {result.sha256[:12]}…)."
    if name == "confirmar_urgencia":
        return f"Urgencia confirmada: se alertó a {result.urgencia_alertado_a}."
    return {
        "declinar": "Declinación registrada: la petición vuelve a canalizarse.",
        "respuesta": "Respuesta registrada; pasa a revisión y firma del director (L12, L13).",
        "corregir_respuesta": "Respuesta corregida registrada; pasa a revisión y firma del director (L12, L13).",
        "firmar": "Respuesta firmada; notifique al peticionario (L14).",
        "resguardo": "Respuesta en resguardo para que el peticionario la recoja (L14).",
        "entregar": "Entrega registrada; se genera su constancia.",
        "concluir": "Petición concluida (L15).",
        "concluir_orientacion": "Orientación concluida.",
        "descartar_urgencia": "Urgencia descartada; el motivo queda en el expediente.",
        "marcar_urgente": "Marcada como urgente; registre a quién alertó.",
        "intento_contacto": "Intento de contacto registrado.",
        "sistemas_externos": "Folios SINAPP / SIDAC guardados.",
    }.get(name, "Hecho.")
